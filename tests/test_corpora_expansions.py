"""Build pieces added for restoration in context: abbreviation expansions counted from their
definitions, short words paired by their place, learning styles in several serif fonts.

The sentences are invented for the test.
"""

from __future__ import annotations

from collections import Counter

import pytest

from corpora.build import garble
from corpora.build.confusions import word_pairs
from corpora.build.main import count_expansions, expansion


@pytest.mark.parametrize(
    ("words", "abbreviation", "expected"),
    [
        ("Theo ý kiến của Hội đồng nhân dân", "HĐND", "hội đồng nhân dân"),
        ("gửi Sở Giáo dục và Đào tạo", "GDĐT", "giáo dục và đào tạo"),
        ("do Ủy ban nhân dân", "UBND", "ủy ban nhân dân"),
        ("theo Tờ trình", "TTr", "tờ trình"),
        ("một nhóm người", "HĐND", None),
    ],
)
def test_expansion_by_initials(words: str, abbreviation: str, expected: str | None) -> None:
    assert expansion(words.split(), abbreviation) == expected


def test_count_expansions_keeps_definitions_in_parentheses() -> None:
    text = (
        "Ban Quản lý dự án (BQLDA) họp; Ban Quản lý dự án (BQLDA) báo cáo. "
        "Nước Austria (Austria) và Tổ chức Y tế Thế giới (WHO)."
    )
    found = count_expansions([text])
    assert found["BQLDA"] == Counter({"ban quản lý dự án": 2})
    assert "Austria" not in found  # one capital: a name, not an abbreviation
    assert "WHO" not in found  # its words do not spell it


def test_short_word_read_unlike_itself_paired_by_its_place() -> None:
    pairs = word_pairs("họ sống ở làng bên", "ho séng 6 lang bén")
    assert ("ở", "6") in pairs
    assert word_pairs("họ sống ở làng", "ho xyz 6 lang")[-1] == ("làng", "lang")
    assert ("sống", "xyz") not in word_pairs("họ sống ở làng", "ho xyz 6 lang")


def test_learning_styles_keep_liberation_first_and_add_other_serifs() -> None:
    base = garble.styles_for_learning(24)
    more = garble.styles_for_learning(24, others=6)
    assert more[:24] == base
    assert all(s.font == "LiberationSerif" for s in base)
    if garble.available_fonts() != ["LiberationSerif"]:
        assert {s.font for s in more[24:]} and all(s.font != "LiberationSerif" for s in more[24:])
        assert all(s.key.startswith(s.font) for s in more[24:])
    assert garble.Style().key == "Regular-13.0-0.0-0.0-0"  # cached renders keep their keys


def test_poor_scans_are_read_at_low_resolution_with_faded_or_thick_strokes() -> None:
    import numpy as np

    styles = garble.styles_for_poor_scans(12)
    assert styles == garble.styles_for_poor_scans(12)  # the same renders, cached, on a rerun
    assert {s.stroke for s in styles} == {-1, 0, 1}
    assert all(0.5 <= s.scale < 1 for s in styles)
    assert len({s.key for s in styles}) == len(styles)
    assert not {s.key for s in styles} & {s.key for s in garble.styles_for_learning(24)}

    lines = ["Kế hoạch tổ chức Hội nghị tổng kết"]
    full = garble.render(lines, garble.Style())
    assert garble.render(lines, garble.Style(scale=0.5)).width == round(full.width * 0.5)

    def ink(stroke: int) -> int:
        return int((np.asarray(garble.render(lines, garble.Style(stroke=stroke))) < 128).sum())

    assert ink(-1) < ink(0) < ink(1)
