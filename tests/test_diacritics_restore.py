"""Restoration: table-driven cases and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.options import RestoreOptions
from diacritics import restore
from diacritics.normalize import normalize_tone, strip_marks


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("ke hoach to chuc hoi nghi", "kế hoạch tổ chức hội nghị"),
        ("cai cach hanh chinh", "cải cách hành chính"),
        ("Uy ban nhan dan huyen", "Ủy ban nhân dân huyện"),
        ("KE HOACH", "KẾ HOẠCH"),
        ("Phan tich cac Chi so cai cach hanh chinh", "Phân tích các Chỉ số cải cách hành chính"),
    ],
)
def test_restore_stripped_text(garbled: str, expected: str) -> None:
    assert restore(garbled).text == expected


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        (
            "Sb: 775 IKH-UBND\nT6 chirc Hoi nghi cong bé chi sé cai cach\ncac x4, thi tran",
            "Số: 775 /KH-UBND\nTổ chức Hội nghị công bố chỉ số cải cách\ncác xã, thị trấn",
        ),
        ("Van phong HDND-UBND huyen", "Văn phòng HĐND-UBND huyện"),
        ("Quyet dinh so 1234/QD-UBND", "Quyết định số 1234/QĐ-UBND"),
    ],
)
def test_restore_repairs_codes_ocr_broke(garbled: str, expected: str) -> None:
    assert restore(garbled).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Xem https://chinhphu.vn/van-ban va gui ve vanthu@laichau.gov.vn",
        "So lieu nam 2023: 15/10/2022, 1.234.567 dong",
        "Chi so PAR INDEX cua UBND, CCHC",
    ],
)
def test_restore_leaves_codes_numbers_urls(text: str) -> None:
    out = restore(text).text
    for keep in (
        "https://chinhphu.vn/van-ban",
        "vanthu@laichau.gov.vn",
        "15/10/2022",
        "1.234.567",
        "PAR INDEX",
        "UBND",
        "CCHC",
        "2023",
    ):
        if keep in text:
            assert keep in out


def test_restore_keeps_correct_vietnamese_unchanged() -> None:
    text = (
        "Ủy ban nhân dân huyện ban hành Kế hoạch tổ chức Hội nghị công bố Chỉ số cải cách\n"
        "hành chính năm 2023; các cơ quan, đơn vị nghiêm túc triển khai thực hiện./."
    )
    result = restore(text)
    assert result.text == text
    assert not result.changes


def test_restore_tone_style_setting() -> None:
    assert (
        restore("hòa thủy khỏe", options=RestoreOptions(tone_style="old")).text == "hoà thuỷ khoẻ"
    )
    assert (
        restore("hoà thuỷ khoẻ", options=RestoreOptions(tone_style="new")).text == "hòa thủy khỏe"
    )


def test_restore_reports_changed_tokens_with_positions() -> None:
    result = restore("ke hoach\nto chuc hoi nghi")
    changed = {(t.line, t.original, t.restored) for t in result.changes}
    assert (0, "ke", "kế") in changed and (1, "chuc", "chức") in changed
    for token in result.tokens:
        assert 0.0 <= token.confidence <= 1.0


def test_restore_leaves_unreadable_token_and_reports_it() -> None:
    result = restore("ke hoach xqzvw to chuc")
    assert "xqzvw" in result.text
    assert any(t.original == "xqzvw" and t.status == "unreadable" for t in result.tokens)


_words = st.sampled_from(
    ["ke", "hoach", "to", "chuc", "hoi", "nghi", "cong", "bo", "nam", "2024", "UBND", ",", "."]
)
_lines = st.lists(st.lists(_words, max_size=8).map(" ".join), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(_lines)
def test_restore_keeps_line_count_and_letters(lines: list[str]) -> None:
    text = "\n".join(lines)
    out = restore(text).text
    assert out.count("\n") == text.count("\n")
    assert strip_marks(out).lower() == text.lower()


def test_normalize_tone_both_conventions() -> None:
    assert normalize_tone("hoà") == normalize_tone("hòa") == "hòa"
    assert normalize_tone("thủy", style="old") == "thuỷ"
