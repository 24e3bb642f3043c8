"""Vietnamese-aware normalisation: tone placement in both styles, skeletons, case."""

from __future__ import annotations

import pytest

from diacritics.normalize import (
    apply_case,
    case_pattern,
    is_syllable_shape,
    nfc,
    normalize_text,
    normalize_tone,
    skeleton,
    split_tone,
    strip_marks,
)


@pytest.mark.parametrize(
    ("word", "new", "old"),
    [
        ("hòa", "hòa", "hoà"),
        ("hoà", "hòa", "hoà"),
        ("thủy", "thủy", "thuỷ"),
        ("thuỷ", "thủy", "thuỷ"),
        ("khỏe", "khỏe", "khoẻ"),
        ("Ủy", "Ủy", "Uỷ"),
        ("HOÀ", "HÒA", "HOÀ"),
        ("hoàng", "hoàng", "hoàng"),  # with a final consonant both put it on the second vowel
        ("hòang", "hoàng", "hoàng"),
        ("quý", "quý", "quý"),  # qu- is the onset
        ("giữa", "giữa", "giữa"),  # gi- is the onset
        ("gì", "gì", "gì"),
        ("người", "người", "người"),  # ươ: on ơ
        ("thuở", "thuở", "thuở"),
        ("khuỷu", "khuỷu", "khuỷu"),
        ("mùa", "mùa", "mùa"),
        ("ngoài", "ngoài", "ngoài"),
        ("khuya", "khuya", "khuya"),
    ],
)
def test_normalize_tone_both_styles(word: str, new: str, old: str) -> None:
    assert normalize_tone(word) == new
    assert normalize_tone(word, style="old") == old


def test_normalize_text_keeps_non_syllables_and_spacing() -> None:
    text = "Uỷ ban, hoà giải:  PAR INDEX 2023\n"
    assert normalize_text(text) == "Ủy ban, hòa giải:  PAR INDEX 2023\n"
    assert normalize_text(text, style="old") == "Uỷ ban, hoà giải:  PAR INDEX 2023\n"


def test_input_is_read_in_any_unicode_form() -> None:
    decomposed = "Vie\u0302\u0323t Nam"
    assert normalize_text(decomposed) == nfc(decomposed) == "Việt Nam"


@pytest.mark.parametrize(
    ("text", "stripped"),
    [("Đường", "Duong"), ("nghiêng", "nghieng"), ("Ủy ban", "Uy ban"), ("é ñ", "e n")],
)
def test_strip_marks(text: str, stripped: str) -> None:
    assert strip_marks(text) == stripped
    assert skeleton(text) == stripped.lower()


def test_split_tone() -> None:
    assert split_tone("hòa") == split_tone("hoà") == ("hoa", 2)
    assert split_tone("trường") == ("trương", 2)
    assert split_tone("ban") == ("ban", 0)


@pytest.mark.parametrize(
    ("token", "pattern"),
    [("kế", "lower"), ("Kế", "title"), ("KẾ", "upper"), ("HQI", "upper"), ("PiCH", "upper"),
     ("DPwong", "title"), ("T6", "title"), ("x4", "lower"), ("A", "title")],
)  # fmt: skip
def test_case_pattern(token: str, pattern: str) -> None:
    assert case_pattern(token) == pattern


def test_apply_case() -> None:
    assert apply_case("đường", "upper") == "ĐƯỜNG"
    assert apply_case("đường", "title") == "Đường"
    assert apply_case("đường", "lower") == "đường"


@pytest.mark.parametrize(
    ("word", "shape"),
    [("nghiêng", True), ("Đường", True), ("hoach", True), ("UBND", False), ("CCHC", False),
     ("PAR", False), ("index", False), ("xqzvw", False)],
)  # fmt: skip
def test_is_syllable_shape(word: str, shape: bool) -> None:
    assert is_syllable_shape(word) is shape
