"""The slip channel of good Vietnamese OCR, and clean restoration fixing slips in context."""

from __future__ import annotations

import math

import pytest

from core.options import RestoreOptions
from diacritics import restore
from diacritics.candidates import candidates
from diacritics.model import load_model
from diacritics.restore import _names_as_written, _segments
from diacritics.slips import (
    SMOOTHING,
    Slips,
    least_score,
    letter_scores,
    load_slips,
    read_rows,
    syllable_scores,
)

OCR = RestoreOptions(ocr_slips=True)  # text read by Tesseract with Vietnamese
ROWS = [  # read, truth, count, times read, times in the text
    ("nhần", "nhân", 20, 20, 400),
    ("phần", "phân", 10, 300, 120),
    ("phân", "phần", 2, 110, 350),
]


def test_syllable_scores_give_the_truths_their_channel_score() -> None:
    scores = syllable_scores(ROWS, min_count=3)
    assert scores["nhần"] == (("nhần", 0.0), ("nhân", math.log(20 / (400 + SMOOTHING))))
    read, own = scores["phần"][0]
    assert read == "phần" and own == pytest.approx(math.log((350 - 2 + SMOOTHING) / 355))
    assert scores["phần"][1] == ("phân", math.log(10 / (120 + SMOOTHING)))


def test_syllable_scores_leave_out_slips_seen_too_few_times() -> None:
    assert "phân" not in syllable_scores(ROWS, min_count=3)
    assert "phân" in syllable_scores(ROWS, min_count=2)


def test_readings_back_off_to_letters_for_syllables_without_slips() -> None:
    letters = letter_scores([("ầ", "â", 100, 2000), ("ố", "ổ", 3, 1000)], min_count=6)
    slips = Slips(syllable_scores(ROWS, min_count=3), letters)
    assert slips.readings("ngần") == (("ngần", 0.0), ("ngân", math.log(100 / 2005)))
    assert slips.readings("tống") == (("tống", 0.0),)  # too few letter slips
    assert slips.readings("nhần") == syllable_scores(ROWS, min_count=3)["nhần"]


def test_read_rows_skip_the_header() -> None:
    text = "# read\ttruth\tcount\treads\ttruths\nnhần\tnhân\t20\t20\t400\n"
    assert read_rows(text) == [("nhần", "nhân", "20", "20", "400")]


def test_learned_slips_hold_the_classic_ones() -> None:
    slips = load_slips()
    assert "nhân" in dict(slips.readings("nhần"))
    assert "dân" in dict(slips.readings("dần"))
    assert "â" in dict(slips.letters["ầ"])  # "ngần" may be "ngân" too
    assert "ngân" in dict(slips.readings("ngần"))


def test_clean_candidates_of_a_slip_prone_syllable() -> None:
    model = load_model()
    cands = candidates("Nhần", "clean", slips=True)
    assert model.words[cands[0][0]] == "nhần"  # its own reading first
    assert "nhân" in {model.words[i] for i, _ in cands}
    # a syllable never seen slipping: the others of its letters at the floor of the slips
    huyen = candidates("huyện", "clean", slips=True)
    assert huyen[0] == (model.ids["huyện"], 0.0)
    assert len(huyen) > 1 and {s for _, s in huyen[1:]} == {load_slips().unseen}
    assert len(candidates("Nhần", "clean")) == 1  # typed text: no slips to look for


def test_unseen_slips_are_as_likely_as_the_least_likely_seen() -> None:
    letters = letter_scores([("ầ", "â", 100, 2000)], min_count=6)
    syllables = syllable_scores(ROWS, min_count=3)
    assert least_score(syllables, letters) == math.log(20 / (400 + SMOOTHING))  # "nhần"
    assert least_score({}, {}) == -math.inf
    slips = load_slips()
    assert slips.unseen == least_score(slips.syllables, slips.letters) > -math.inf


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("Ủy ban nhần dân huyện", "Ủy ban nhân dân huyện"),
        ("ỦY BAN NHẦN DÂN TỈNH", "ỦY BAN NHÂN DÂN TỈNH"),
        ("Ủy ban nhân dần xã tổ chức", "Ủy ban nhân dân xã tổ chức"),
        ("khen thưởng các cá nhần có thành tích", "khen thưởng các cá nhân có thành tích"),
        ("tiếp tục nầng cao chất lượng", "tiếp tục nâng cao chất lượng"),
        ("theo quy định về ngần sách nhà nước", "theo quy định về ngân sách nhà nước"),
        ("đánh giá, phần tích và đề xuất", "đánh giá, phân tích và đề xuất"),
        ("có thế thực hiện được", "có thể thực hiện được"),
        # slips of real scans the renders never showed: the words around them decide
        ("các quận của thành phó Hải Phòng", "các quận của thành phố Hải Phòng"),
        (
            "Nghị định sửa đỗi, bỗ sung Điều 5 và một só khoản",
            "Nghị định sửa đổi, bổ sung Điều 5 và một số khoản",
        ),
        # ... as far as the model's contexts reach: "đồng" wins by the words after "nhân"
        (
            "công bố kết quả Hội đông nhân dân bầu chức danh",
            "công bố kết quả Hội đồng nhân dân bầu chức danh",
        ),
        ("Quyết định được sửa đôi, bổ sung năm 2021", "Quyết định được sửa đổi, bổ sung năm 2021"),
    ],
)
def test_restore_fixes_slips_of_good_ocr(read: str, expected: str) -> None:
    assert restore(read, options=OCR).text == expected


@pytest.mark.parametrize(
    "typed", ["Ủy ban nhần dân huyện", "có thế thực hiện được", "đánh giá, phần tích và đề xuất"]
)
def test_typed_text_is_not_taken_for_ocr_slips(typed: str) -> None:
    assert restore(typed).text == typed  # real syllables, typed: nothing says they slipped


@pytest.mark.parametrize(
    "text",
    [
        "Ủy ban nhân dân huyện",
        "thành phần tham dự gồm đại diện các phòng",
        "Thành phần: lãnh đạo Ủy ban nhân dân xã",
        "góp phần nâng cao chất lượng",
        "một phần kinh phí",
        "số lượng giảm dần qua các năm",
        "như thế nào",
        "tổng số hồ sơ",
        "Phó Chủ tịch thường trực thành phố",
        "Đồng chí Phó Giám đốc Sở Tài chính",
        # places of the gazetteer as it spells them, whatever the likelier syllables
        "các huyện Hoài Nhơn, Phù Mỹ, Phù Cát, Vân Canh",
        # a name no syllable spells
        "Sau những cuộc tuần hành rộng khắp, René Leclerc được bầu làm thị trưởng.",
    ],
)
def test_restore_keeps_clean_text(text: str) -> None:
    assert restore(text, options=OCR).text == text


def test_names_in_good_ocr_text_keep_their_reading_alone() -> None:
    # a person's name (from a family name) and places as the gazetteer spells them: their
    # syllables keep only the reading written; the words around them keep their slips
    line = "Ông Phạm Mạnh Cường về huyện Phù Mỹ và Phù Cát, có thế làm được"
    segments = _segments([line], "clean", slips=True)
    _names_as_written(segments, before_reform=False)
    kept = {t.text for s in segments for t in s if len(t.slot) == 1}
    assert kept == {"Phạm", "Mạnh", "Cường", "Phù", "Mỹ", "Cát"}
