"""Vietnamese spelling: NFC, tone-mark placement, skeletons and case patterns.

Shared by the corpus build and the restorer (``diacritics.normalize`` re-exports it), so the
data files and the code reading them agree on one form of each syllable.

A syllable's *tone* is one of six (0 level, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng); its
*skeleton* is what is left without any diacritic, lower case, đ read as d ("Đường" ->
"duong"). Two conventions place the tone of "oa, oe, uy" without a final consonant; this
project calls them (as ``RestoreOptions.tone_style`` does) "new" (hòa, khỏe, thủy: on the
first vowel) and "old" (hoà, khoẻ, thuỷ: on the second). Both are accepted on input.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

ToneStyle = Literal["new", "old"]

_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_TONE_OF = {mark: i for i, mark in enumerate(_TONE_MARKS) if mark}
_MARKED_VOWELS = "ăâêôơư"
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn
VOWELS = "aăâeêioôơuưy"
ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "i", "o", "u", "y")
_LETTERS = re.compile(r"[^\W\d_]+")


def _char_tables() -> tuple[dict[str, tuple[str, int]], dict[int, str]]:
    """Vietnamese letters with a tone mark: (letter without it, tone); and a strip table for
    every precomposed Latin letter."""
    tones: dict[str, tuple[str, int]] = {}
    strip: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) < 2 or not parts[0].isalpha():
            continue
        strip[code] = parts[0]
        marks = [m for m in parts[1:] if m in _TONE_OF]
        shape = [m for m in parts[1:] if m not in _TONE_OF]
        if len(marks) == 1 and len(shape) <= 1 and set(shape) <= _SHAPE_MARKS:
            bare = unicodedata.normalize("NFC", parts[0] + "".join(shape))
            if bare.lower() in VOWELS:
                tones[ch] = (bare, _TONE_OF[marks[0]])
    return tones, strip


_TONE_TABLE, _STRIP_TABLE = _char_tables()
_WITH_TONE = {(bare, tone): ch for ch, (bare, tone) in _TONE_TABLE.items() if tone}


_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})  # Icelandic eth typed for Vietnamese đ


def nfc(text: str) -> str:
    """NFC, with look-alike letters of other alphabets read as the Vietnamese ones."""
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES)


def strip_marks(text: str) -> str:
    """'Đường' -> 'Duong': every diacritic removed, đ folded to d (text must be NFC)."""
    return text.translate(_STRIP_TABLE)


def skeleton(word: str) -> str:
    return strip_marks(word).lower()


def has_marks(text: str) -> bool:
    return strip_marks(text) != text


def split_tone(syllable: str) -> tuple[str, int]:
    """('hoa', 2) from 'hòa' or 'hoà': the syllable without its tone mark, and the tone."""
    tone = 0
    out = []
    for ch in syllable:
        bare, t = _TONE_TABLE.get(ch, (ch, 0))
        if t:
            tone = t
        out.append(bare)
    return "".join(out), tone


def split_onset(bare: str) -> tuple[str, str]:
    """('ngh', 'iêng') from 'nghiêng'; gi- and qu- count as onsets before a vowel."""
    low = bare.lower()
    for onset in ONSETS:
        if low.startswith(onset):
            rest = low[len(onset) :]
            if onset == "gi" and (not rest or rest[0] not in VOWELS):
                return "g", low[1:]  # "gì", "gìn": the i is the vowel
            return onset, rest
    return "", low


def tone_position(bare: str, *, style: ToneStyle = "new") -> int | None:
    """Index in ``bare`` of the vowel that carries the tone mark (None: no vowel)."""
    onset, rhyme = split_onset(bare)
    start = len(onset)
    vowels = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    if not vowels:
        return None
    nucleus: list[int] = []  # the first run of vowels
    for i in vowels:
        if nucleus and i != nucleus[-1] + 1:
            break
        nucleus.append(i)
    marked = [i for i in nucleus if rhyme[i] in _MARKED_VOWELS]
    if marked:
        return start + marked[-1]
    closed = nucleus[-1] < len(rhyme) - 1
    if len(nucleus) == 1:
        return start + nucleus[0]
    if closed:
        return start + nucleus[-1]
    if len(nucleus) >= 3:
        return start + nucleus[1]
    pair = rhyme[nucleus[0]] + rhyme[nucleus[1]]
    if pair in ("oa", "oe", "uy"):
        return start + (nucleus[0] if style == "new" else nucleus[1])
    return start + nucleus[0]


def place_tone(bare: str, tone: int, *, style: ToneStyle = "new") -> str:
    """Put ``tone`` on the right vowel of the toneless syllable ``bare`` (case kept)."""
    if not tone:
        return bare
    pos = tone_position(bare, style=style)
    if pos is None:
        return bare
    ch = bare[pos]
    marked = _WITH_TONE.get((ch, tone))
    if marked is None:
        return bare
    return bare[:pos] + marked + bare[pos + 1 :]


@functools.lru_cache(maxsize=100_000)
def normalize_tone(syllable: str, *, style: ToneStyle = "new") -> str:
    """One tone placement convention for a syllable; non-syllables are returned as they are."""
    bare, tone = split_tone(syllable)
    if not tone or not is_syllable_shape(syllable):
        return syllable
    return place_tone(bare, tone, style=style)


def normalize_text(text: str, *, style: ToneStyle = "new") -> str:
    """NFC, and every syllable's tone mark placed by ``style``."""
    return _LETTERS.sub(lambda m: normalize_tone(m.group(0), style=style), nfc(text))


def case_pattern(token: str) -> str:
    """'upper' (two or more capitals, at most one small letter: "HQI", "PiCH"), 'title' or
    'lower'."""
    if token.islower():
        return "lower"
    if token.istitle() and token.isalpha():
        return "title"
    letters = [c for c in token if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if upper > 1 and upper >= len(letters) - (len(letters) > 2):
        return "upper"
    if letters and letters[0].isupper():
        return "title"
    return "lower"


def apply_case(word: str, pattern: str) -> str:
    if pattern == "upper":
        return word.upper()
    if pattern == "title":
        return word[:1].upper() + word[1:]
    return word


_ONSET_RE = "|".join(ONSETS)
_SHAPE = re.compile(rf"^(?:{_ONSET_RE})?[{VOWELS}]{{1,3}}(?:ng|nh|ch|[cmnpt])?$")


@functools.lru_cache(maxsize=100_000)
def is_syllable_shape(word: str) -> bool:
    """Could ``word`` be a Vietnamese syllable (tone ignored, hats and horns kept)?"""
    bare = split_tone(word.lower())[0]
    return bool(_SHAPE.match(bare) or _SHAPE.match(strip_marks(bare)))
