"""The syllable lexicon (build side): what a well-formed Vietnamese syllable is, and which
syllables the lexicon sources hold.

Sources: Debian hunspell-vi (``/usr/share/hunspell/vi_VN.dic``), wordfreq ``small_vi``,
Tesseract's ``vie.wordlist``, underthesea's ``Viet74K.txt``, and the names of administrative
units (which may be syllables of minority languages: "Krông", "Pắc").
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

from corpora.spelling import VOWELS, normalize_tone, place_tone, split_onset, split_tone

HUNSPELL = Path("/usr/share/hunspell/vi_VN.dic")

_STOPS = ("c", "ch", "p", "t")
_RHYME = re.compile(rf"^([{VOWELS}]{{1,3}})(ng|nh|ch|[cmnpt])?$")


_LETTERS = set("bcdđghklmnpqrstvx") | {place_tone(v, t) for v in VOWELS for t in range(6)}
_NAME_SYLLABLE = re.compile(rf"^[a-zđ]*[{VOWELS}][a-zđ{VOWELS}]*$")


@functools.cache
def rhymes() -> frozenset[str]:
    """The rhymes (vowels and final, no tone) of the syllables of hunspell-vi's curated list."""
    out = set()
    for word in _lines(HUNSPELL, skip=1):
        onset, rhyme = split_onset(split_tone(word.lower())[0])
        if _RHYME.match(rhyme) and (onset or word[:1].lower() in VOWELS):
            out.add(rhyme)
    return frozenset(out)


def valid_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable (lower case): onset, a rhyme of hunspell-vi's
    syllables, and no tone but sắc and nặng on a final stop."""
    if not set(word) <= _LETTERS:
        return False
    bare, tone = split_tone(word)
    onset, rhyme = split_onset(bare)
    if onset == "" and bare[:1] not in VOWELS:
        return False
    m = _RHYME.match(rhyme)
    if not m or rhyme not in rhymes():
        return False
    vowels, coda = m.group(1), m.group(2) or ""
    if coda in _STOPS and tone not in (0, 1, 5):
        return False
    if coda in _STOPS and tone == 0:
        return False  # "cac" is a skeleton, never a syllable
    return not (onset in ("k", "gh", "ngh") and vowels[0] not in "eêiy")


def name_syllable(word: str) -> bool:
    """A syllable of a place name, which may be of a minority language ("krông", "djrăng")."""
    bare = split_tone(word)[0]
    return len(word) > 1 and bool(_NAME_SYLLABLE.match(bare)) and word == normalize_tone(word)


def lexicon_sources(shared: Path) -> dict[str, list[str]]:
    import wordfreq

    return {
        "hunspell-vi": _lines(HUNSPELL, skip=1),
        "wordfreq-small-vi": list(wordfreq.get_frequency_dict("vi", wordlist="small")),
        "tesseract-vie-wordlist": _lines(shared / "corpora/tesseract-langdata-vie/vie.wordlist"),
        "viet74k": viet74k(),
    }


def viet74k() -> list[str]:
    import underthesea

    return _lines(Path(underthesea.__file__).parent / "corpus/data/Viet74K.txt")


def _lines(path: Path, *, skip: int = 0) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()[skip:]
    return [line.split("/")[0].strip() for line in text if line.strip()]


def norm(word: str) -> str:
    """Lower case, tone mark placed "new" style: the form of the lexicon and the model."""
    return normalize_tone(word.lower())


def build_lexicon(shared: Path, names: list[str]) -> dict[str, set[str]]:
    """Syllable -> the lexicon sources it is in."""
    lexicon: dict[str, set[str]] = {}
    sources = lexicon_sources(shared)
    sources["gazetteer"] = names
    for name, words in sources.items():
        before = len(lexicon)
        for word in words:
            for syl in word.split():
                syl = norm(syl)
                if valid_syllable(syl) or name == "gazetteer" and name_syllable(syl):
                    lexicon.setdefault(syl, set()).add(name)
        print(f"lexicon: {name}: +{len(lexicon) - before} syllables", file=sys.stderr)
    return lexicon
