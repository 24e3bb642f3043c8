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
    "d": ("a",),
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
MULTI: dict[str, tuple[str, ...]] = {"ir": ("u",), "it": ("u",), "dp": ("d",), "rn": ("m",)}
SUBSTITUTION_COST = 2.5
MARK_COST = 0.8


def skeleton(token: str) -> str:
    return strip_marks(token.lower())


@functools.lru_cache(maxsize=200_000)
def candidates(token: str, model: Model, *, strict: bool) -> tuple[tuple[str, float], ...]:
    """(syllable, channel log-score) for a lower-case token; best first.

    ``strict``: the text is good Vietnamese, so a known syllable is kept as it is.
    """
    if strict and model.is_known(token):
        return ((token, 0.0),)
    out: dict[str, float] = {}
    for word in model.by_skeleton.get(skeleton(token), ()):
        out[word] = channel(token, word)
    for variant, subs in _variants(skeleton(token)):
        for word in model.by_skeleton.get(variant, ())[:12]:
            score = channel(token, word) - SUBSTITUTION_COST * subs
            if score > out.get(word, -1e9):
                out[word] = score
    return tuple(sorted(out.items(), key=lambda kv: -kv[1]))


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


@functools.lru_cache(maxsize=100_000)
def _variants(word: str) -> tuple[tuple[str, int], ...]:
    """Spellings one or two OCR confusions away from ``word``."""
    seen: dict[str, int] = {}
    frontier = {word: 0}
    for depth in (1, 2):
        nxt: dict[str, int] = {}
        for form in frontier:
            for variant in _one_step(form):
                if variant != word and variant not in seen:
                    seen[variant] = depth
                    nxt[variant] = depth
        frontier = nxt
    return tuple(seen.items())


def _one_step(form: str) -> set[str]:
    out: set[str] = set()
    for i, ch in enumerate(form):
        for rep in CONFUSIONS.get(ch, ()):
            if ch in "pb" and rep == "d" and i != 0:
                continue
            out.add(form[:i] + rep + form[i + 1 :])
        pair = form[i : i + 2]
        for rep in MULTI.get(pair, ()):
            out.add(form[:i] + rep + form[i + 2 :])
    return out
