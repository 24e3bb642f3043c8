"""Vietnamese-aware normalisation: NFC, tone-mark placement, skeletons and case patterns."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

ToneStyle = Literal["new", "old"]

# Tone marks as combining characters, and the vowels that carry them.
TONES = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
TONE_MARKS = {v: k for k, v in TONES.items()}
_VOWEL_BASES = set("aăâeêioôơuưy")
_LETTER = re.compile(r"[^\W\d_]+")

# "oa, oe, uy" without a final consonant: old style marks the second vowel (hoà, thuỷ),
# new style the first (hòa, thủy). With a final consonant both put it on the second (hoàng).
_OLD_NEW_PAIRS = ("oa", "oe", "uy")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def split_tone(syllable: str) -> tuple[str, int]:
    """('hoa', 2) from 'hòa' or 'hoà': the toneless syllable and its tone (0 = level)."""
    tone = 0
    out = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONES:
            tone = TONES[ch]
        else:
            out.append(ch)
    return nfc("".join(out)), tone


def place_tone(bare: str, tone: int, *, style: ToneStyle = "new") -> str:
    """Put ``tone`` on the right vowel of the toneless syllable ``bare``."""
    if tone == 0:
        return bare
    low = bare.lower()
    positions = [i for i, ch in enumerate(low) if ch in _VOWEL_BASES]
    if not positions:
        return bare
    if low.startswith("gi") and len(positions) > 1 and positions[0] == 1:
        positions = positions[1:]
    if low.startswith("qu") and len(positions) > 1 and positions[0] == 1:
        positions = positions[1:]
    target = _tone_position(low, positions, style)
    chars = list(bare)
    chars[target] = nfc(chars[target] + TONE_MARKS[tone])
    return "".join(chars)


def _tone_position(low: str, positions: list[int], style: ToneStyle) -> int:
    if len(positions) == 1:
        return positions[0]
    for i in positions:  # a vowel with a hat or horn takes the mark (ươ: on ơ)
        if low[i] in "ăâêôơư":
            special = [j for j in positions if low[j] in "ăâêôơư"]
            return special[-1]
    ends_with_vowel = positions[-1] == len(low) - 1
    if not ends_with_vowel:
        return positions[-1]
    if len(positions) == 2 and low[positions[0] : positions[1] + 1] in _OLD_NEW_PAIRS:
        return positions[1] if style == "old" else positions[0]
    return positions[-2] if len(positions) >= 2 else positions[0]


def normalize_tone(syllable: str, *, style: ToneStyle = "new") -> str:
    """One tone placement convention for a syllable (case kept)."""
    bare, tone = split_tone(nfc(syllable))
    return place_tone(bare, tone, style=style) if tone else bare


def normalize_text(text: str, *, style: ToneStyle = "new") -> str:
    """NFC, and every syllable's tone mark placed by ``style``."""
    return _LETTER.sub(lambda m: _normalize_word(m.group(0), style), nfc(text))


def _normalize_word(word: str, style: ToneStyle) -> str:
    # only real syllables are re-marked: garble such as "phéan" keeps its marks where they are
    return normalize_tone(word, style=style) if is_syllable_shape(word) else word


def strip_marks(text: str) -> str:
    """'Đường' -> 'Duong': every diacritic removed, đ folded to d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_marks(text: str) -> bool:
    return strip_marks(text) != text


def case_pattern(token: str) -> str:
    letters = [c for c in token if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
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


_ONSET = r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx]{1,2})?"
_SHAPE = re.compile(rf"^{_ONSET}[aeiouy]{{1,3}}(ng|nh|ch|[cmnptk])?$")


def is_syllable_shape(word: str) -> bool:
    """Could ``word`` be a Vietnamese syllable (ignoring diacritics)?"""
    return bool(_SHAPE.match(strip_marks(word.lower())))
