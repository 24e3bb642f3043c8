"""Vietnamese-aware normalisation for the restorer: the spelling rules of ``corpora.spelling``
(NFC, tone-mark placement, skeletons, case patterns), which the corpus build shares."""

from __future__ import annotations

from corpora.spelling import (
    CODAS,
    ONSETS,
    VOWELS,
    ToneStyle,
    apply_case,
    case_pattern,
    has_marks,
    is_syllable_shape,
    nfc,
    normalize_text,
    normalize_tone,
    place_tone,
    skeleton,
    split_onset,
    split_tone,
    strip_marks,
    tone_position,
)

__all__ = [
    "CODAS",
    "ONSETS",
    "VOWELS",
    "ToneStyle",
    "apply_case",
    "case_pattern",
    "has_marks",
    "is_syllable_shape",
    "nfc",
    "normalize_text",
    "normalize_tone",
    "place_tone",
    "skeleton",
    "split_onset",
    "split_tone",
    "strip_marks",
    "tone_position",
]
