"""Candidate syllables for an observed token: its diacritic variants and OCR confusions."""

from __future__ import annotations

import functools
import unicodedata

from diacritics.model import Model
from diacritics.normalize import has_marks, strip_marks

# Characters an OCR engine without Vietnamese support reads for letters, in skeleton space
# (the letter without diacritics; the language model supplies the marks).
CONFUSIONS: dict[str, tuple[str, ...]] = {
    "6": ("o",),
    "4": ("a",),
    "1": ("l", "i"),
    "0": ("o",),
    "@": ("d",),
    "&": ("a", "o"),
    "¢": ("e",),
    "3": ("e",),
    "8": ("a",),
    "b": ("o", "d"),
    "d": ("a", "o"),
    "q": ("o",),
    "p": ("d",),
    "i": ("u", "a", "e"),
    "e": ("a", "o"),
    "y": ("u",),
    "t": ("u",),
    "w": ("u",),
    "c": ("e",),
    "a": ("e",),
    "o": ("a",),
    "u": ("a",),
    "é": ("e",),
}
MULTI: dict[str, tuple[str, ...]] = {
    "ir": ("u",),
    "it": ("u",),
    "ti": ("u",),
    "ur": ("u",),
    "dp": ("d",),
    "db": ("d",),
    "rn": ("m",),
}
MAX_OPTIONS = 8
SUBSTITUTION_COST = 2.5
# An engine without Vietnamese prints one accented Latin letter for many Vietnamese vowels
# ("sé" for "số", "cép" for "cấp"): a marked vowel may stand for another vowel, cheaply.
MARKED_VOWEL_COST = 1.0
_SWAP_VOWELS = "aeo"
MARK_COST = 0.4


def skeleton(token: str) -> str:
    return strip_marks(token.lower())


@functools.lru_cache(maxsize=200_000)
def candidates(
    token: str, model: Model, *, mode: str, capitalised: bool = False, upper: bool = False
) -> tuple[tuple[str, float], ...]:
    """(syllable, channel log-score) for a lower-case token; best first.

    ``mode``: "clean" (good Vietnamese: known syllables are kept, others get their diacritic
    variants), "stripped" (no diacritics at all: diacritic variants only) or "garbled"
    (OCR without Vietnamese: diacritic variants and OCR confusions).
    """
    if mode == "clean" and (model.is_known(token) or capitalised or not has_marks(token)):
        return ((token, 0.0),)  # good Vietnamese, a name or a foreign word: kept
    out: dict[str, float] = {}
    for word in model.by_skeleton.get(skeleton(token), ()):
        out[word] = channel(token, word)
    garble_signs = any(not c.isalpha() for c in token)
    if len(token) < 2 or (mode != "garbled" and not garble_signs):
        return _best(out, model)
    # P never starts a Vietnamese syllable but "ph": a P (or "DP", "DB") there is a misread Đ
    read_d = token[0] == "p" and not token.startswith("ph") or token[:2] in ("dp", "db")
    for variant in _marked_vowel_swaps(token):
        for word in model.by_skeleton.get(variant, ())[:12]:
            score = channel(token, word) - MARKED_VOWEL_COST
            if score > out.get(word, -1e9):
                out[word] = score
    # foreign names are capitalised, abbreviations upper-case: neither loses letters
    deletions = not out and not capitalised and not upper
    for variant, subs in _variants(skeleton(token), deletions=deletions):
        for word in model.by_skeleton.get(variant, ())[:12]:
            score = channel(token, word) - SUBSTITUTION_COST * subs
            if read_d and variant[0] == "d":
                score += 2.0 if word[0] == "đ" else -2.0
            if score > out.get(word, -1e9):
                out[word] = score
    return _best(out, model)


def _best(scored: dict[str, float], model: Model) -> tuple[tuple[str, float], ...]:
    """The most plausible options by channel score and frequency, at most MAX_OPTIONS."""
    uni, ids = model.unigram, model.ids
    ranked = sorted(scored.items(), key=lambda kv: -(kv[1] + 0.3 * uni[ids[kv[0]]]))
    return tuple(ranked[:MAX_OPTIONS])


def channel(observed: str, word: str) -> float:
    """How well ``word`` explains ``observed`` beyond their shared skeleton (0 is perfect)."""
    if observed == word:
        return 0.5 if has_marks(observed) else 0.0
    if not has_marks(observed):
        return 0.0
    a = unicodedata.normalize("NFD", observed)
    b = unicodedata.normalize("NFD", word)
    shared = sum(1 for ch in set(a) if unicodedata.combining(ch) and ch in b)
    missing = sum(1 for ch in a if unicodedata.combining(ch) and ch not in b)
    return MARK_COST * (0.5 * shared - missing)


def _marked_vowel_swaps(token: str) -> list[str]:
    base = skeleton(token)
    if len(base) != len(token):
        return []
    out = []
    for i, ch in enumerate(token):
        if ch != base[i] and base[i] in _SWAP_VOWELS:
            out += [base[:i] + v + base[i + 1 :] for v in _SWAP_VOWELS if v != base[i]]
    return out


@functools.lru_cache(maxsize=100_000)
def _variants(word: str, *, deletions: bool) -> tuple[tuple[str, int], ...]:
    """Spellings one or two OCR confusions away from ``word``."""
    seen: dict[str, int] = {}
    frontier = {word: 0}
    for depth in (1, 2):
        nxt: dict[str, int] = {}
        for form in frontier:
            for variant in _one_step(form, deletions=deletions):
                if variant != word and variant not in seen:
                    seen[variant] = depth
                    nxt[variant] = depth
        frontier = nxt
    return tuple(seen.items())


def _one_step(form: str, *, deletions: bool) -> set[str]:
    out: set[str] = set()
    for i, ch in enumerate(form):
        for rep in CONFUSIONS.get(ch, ()):
            if ch in "pb" and rep == "d" and i != 0:
                continue
            out.add(form[:i] + rep + form[i + 1 :])
        pair = form[i : i + 2]
        for rep in MULTI.get(pair, ()):
            out.add(form[:i] + rep + form[i + 2 :])
        if (
            deletions and len(form) >= 4
        ):  # a stray mark or letter read into the word: "phéan", "trudong"
            out.add(form[:i] + form[i + 1 :])
    return out
