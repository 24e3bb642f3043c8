"""The page reader and the Tesseract engine: word grouping, errors, orientation, boxes in
page pixels, and the recorded engine that replays Tesseract for fast tests."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytesseract
import pytest
from PIL import Image

from benchmarks.scans import Profile, parse, render
from core.engine import Area, EngineWord
from core.errors import InputError, OcrFailed, ResourceMissing
from core.options import OcrOptions
from ocr import engine_for, recognize, tesseract
from ocr.reader import words_and_lines
from ocr.recorded import RecordedEngine
from ocr.tesseract import TesseractEngine, engine_version

DOC = parse("""[left]
ỦY BAN NHÂN DÂN
XÃ HƯNG THỊNH
[right]
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
[number]
Số: 17/TB-UBND
[place-date]
Hưng Thịnh, ngày 08 tháng 3 năm 2022
[type]
THÔNG BÁO
[title]
Lịch tiếp công dân tháng 3 năm 2022
[body]
Chủ tịch Ủy ban nhân dân xã tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở Ủy ban nhân dân xã; trường hợp đột xuất, Phó Chủ tịch tiếp thay.
Công dân đến trình bày mang theo giấy tờ tùy thân và các tài liệu liên quan đến nội dung khiếu nại, tố cáo, kiến nghị, phản ánh.
""")


@cache
def page(dpi: int = 200) -> Image.Image:
    return render(DOC, profile=Profile("t", dpi=dpi), seed=3).pages[0]


def _words(rows: list[tuple[str, int, int, int, int]]) -> list[EngineWord]:
    """An engine's words from (text, block, paragraph, line, left) rows."""
    return [
        EngineWord(text, (left, 10 * line, left + 30, 10 * line + 10), 90, block, par, line)
        for text, block, par, line, left in rows
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("b", 1, 1, 1, 50), ("a", 1, 1, 1, 0)], ["a b"]),
        ([("x", 1, 1, 1, 0), ("y", 1, 1, 2, 0)], ["x", "y"]),
        ([("x", 1, 1, 1, 0), ("y", 2, 1, 1, 0)], ["x", "", "y"]),
        ([("x", 1, 1, 1, 0), ("  ", 1, 1, 2, 0), ("y", 1, 2, 1, 0)], ["x", "", "y"]),
    ],
)
def test_words_and_lines_groups_words_into_lines(rows: list, expected: list[str]) -> None:
    lines, words = words_and_lines(_words(rows))
    assert lines == expected
    assert all(lines[w.line].split().count(w.text) >= 1 for w in words)


def test_words_and_lines_drops_unsure_punctuation_only() -> None:
    found = _words([("Lưu:", 1, 1, 1, 0), ("VT.", 1, 1, 1, 40), ("|", 1, 1, 1, 80)])
    found = [replace(w, confidence=c) for w, c in zip(found, (95, 45, 30), strict=True)]
    lines, words = words_and_lines(found)
    assert lines == ["Lưu: VT."] and len(words) == 2


@pytest.mark.parametrize(
    ("height", "confidence", "kept"), [(6, 0, False), (6, 80, True), (25, 0, True)]
)
def test_a_rule_read_as_letters_is_dropped_from_its_line(
    height: int, confidence: float, kept: bool
) -> None:
    """An underline under a heading read as a word of no confidence, flat beside the letters."""
    letters = [
        EngineWord(t, (x, 100, x + 60, 127), 93, 1, 1, 1)
        for t, x in (("Phê", 200), ("chuẩn", 280), ("kết", 380))
    ]
    rule = EngineWord("wÃqĐk", (90, 120, 190, 120 + height), confidence, 1, 1, 1)
    lines, words = words_and_lines([rule, *letters])
    assert lines == ["wÃqĐk Phê chuẩn kết" if kept else "Phê chuẩn kết"]
    assert len(words) == 3 + kept


@pytest.mark.parametrize(
    ("read", "meant"),
    [("l6", "16"), ("l1", "11"), ("2I", "21"), ("l0.", "10."), ("2026", "2026"), ("II", "II")]
    + [("lI", "lI"), ("KTNI1", "KTNI1"), ("l", "l"), ("Il6a", "Il6a")],
)
def test_the_figure_one_read_as_a_letter_inside_a_number(read: str, meant: str) -> None:
    assert tesseract.figures(read) == meant


@pytest.mark.parametrize(
    ("read", "meant"),
    [("HI.", "III."), ("v.", "V."), ("lI.", "II."), ("II.", "II."), ("1.", "1."), ("11.", "11.")],
)
def test_a_sections_roman_numeral_read_through_its_strokes(read: str, meant: str) -> None:
    heading = [(read, 100), ("TỔ", 200), ("CHỨC", 300)]
    found = [EngineWord(t, (x, 100, x + 60, 127), 90, 1, 1, 1) for t, x in heading]
    lines, _ = words_and_lines(found)
    assert lines == [f"{meant} TỔ CHỨC"]
    sentence = [
        EngineWord(t, (x, 100, x + 60, 127), 90, 1, 1, 1) for t, x in [(read, 100), ("tổ", 200)]
    ]
    assert words_and_lines(sentence)[0] == [f"{read} tổ"]  # not a section's heading


def test_missing_language_data_says_how_to_install() -> None:
    with pytest.raises(ResourceMissing, match="apt-get install tesseract-ocr-xyz"):
        recognize(Image.new("L", (200, 200), 255), options=OcrOptions(languages="xyz"))


def test_tesseract_failure_becomes_ocr_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tesseract, "TESSERACT", "false")  # a program that exits with status 1
    monkeypatch.setattr(tesseract, "require_tesseract", lambda languages="": None)
    with pytest.raises(OcrFailed):
        recognize(page(), options=OcrOptions(preprocess=False))


@pytest.mark.tesseract
def test_tesseract_runs_with_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict[str, str]] = []
    real = subprocess.run

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("env") or {})
        return real(*args, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    recognize(page(), options=OcrOptions(preprocess=False))
    assert seen and all(env.get("OMP_THREAD_LIMIT") == "1" for env in seen if env)


@pytest.mark.tesseract
def test_engine_version_names_tesseract() -> None:
    assert engine_version().startswith("tesseract ")


@pytest.mark.tesseract
def test_header_columns_are_read_as_blocks_in_order() -> None:
    lines = [ln for ln in recognize(page()).text.splitlines() if ln.strip()]
    order = ["ỦY BAN NHÂN DÂN", "Số: 17/TB-UBND", "CỘNG HÒA", "Hưng Thịnh, ngày", "THÔNG BÁO"]
    found = [next(i for i, ln in enumerate(lines) if ln.startswith(o)) for o in order]
    assert found == sorted(found)
    assert "Độc lập - Tự do - Hạnh phúc" in lines


@pytest.mark.tesseract
@pytest.mark.parametrize("turn", [90, 270])
def test_sideways_page_is_turned_upright(turn: int) -> None:
    result = recognize(page().rotate(turn, expand=True))
    assert result.orientation == turn
    assert "THÔNG BÁO" in result.text.splitlines()


@pytest.mark.tesseract
def test_word_boxes_are_in_original_page_pixels() -> None:
    """A low-dpi page is upscaled inside; the boxes must still point at the original words."""
    original = page()
    result = recognize(original)
    assert result.width == original.width and result.confidence and result.confidence > 80
    long_words = sorted((w for w in result.words if len(w.text) >= 6), key=lambda w: -len(w.text))
    for word in long_words[:3]:
        x0, y0, x1, y1 = word.bbox
        crop = original.crop((x0 - 8, y0 - 8, x1 + 8, y1 + 8))
        assert str(pytesseract.image_to_string(crop, lang="vie", config="--psm 7")).strip() == (
            word.text
        )
    lines = result.text.split("\n")
    assert all(word.text in lines[word.line] for word in result.words)


def test_engines_by_name_and_what_they_say_of_themselves() -> None:
    vie = engine_for(OcrOptions())
    assert isinstance(vie, TesseractEngine) and vie.languages() == ("vie",) and vie.slips
    assert not engine_for(OcrOptions(languages="eng")).slips  # old engines' garble, not slips
    with pytest.raises(InputError, match="tesseract, recorded"):
        engine_for(OcrOptions(engine="abbyy"))


@pytest.mark.tesseract
def test_a_recording_replays_tesseract_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = str(tmp_path / "page.jsonl")
    real = recognize(page(), engine=RecordedEngine(recording, record=TesseractEngine("vie")))
    monkeypatch.setenv("PATH", str(tmp_path))  # no Tesseract from here on
    options = OcrOptions(engine="recorded", recording=recording)
    replayed = recognize(page(), options=options)
    assert replayed.text == real.text and replayed.words == real.words
    with pytest.raises(OcrFailed, match="no answer"):
        recognize(page(300), options=options)


def test_the_reader_asks_the_engine_for_areas_in_reading_order() -> None:
    """A fake engine sees the areas the layout found: header columns, then the body."""
    asked: list[list[Area]] = []

    class Listening:
        name, slips = "listening", False

        def version(self) -> str:
            return "listening 1"

        def languages(self) -> tuple[str, ...]:
            return ("vie",)

        def recognize(self, image: Image.Image, areas: Any, options: OcrOptions) -> Any:
            asked.append(list(areas))
            return [(EngineWord(f"w{i}", a.box, 95.0, 1, 1, 1),) for i, a in enumerate(areas)]

        def orientation(self, image: Image.Image) -> int:
            return 0

    result = recognize(page(), engine=Listening())
    modes = [a.mode for a in asked[0]]
    assert modes[:2] == ["column", "column"] and asked[0][0].box[0] < asked[0][1].box[0]
    assert result.text.split("\n")[0] == "w0"


def test_a_line_the_engine_lost_is_read_again_and_put_back_in_order() -> None:
    """Three rows of print in a column; the engine's first reading drops the middle one."""
    import numpy as np

    from ocr import lost

    binary = np.full((300, 1000), 255, dtype=np.uint8)
    for top in (40, 120, 200):
        binary[top : top + 40, 100:900] = 0
    area = Area((0, 0, 1000, 300), "column")

    def word(text: str, top: int, line: int) -> EngineWord:
        return EngineWord(text, (100, top, 900, top + 40), 95.0, 1, 1, line)

    first = [(word("một", 40, 1), word("ba", 200, 2))]
    asked: list[Area] = []

    class Again:
        def recognize(self, image: Any, areas: Any, options: OcrOptions) -> Any:
            asked.extend(areas)
            return [(EngineWord("hai", (100, 120, 900, 160), 91.0, 1, 1, 1),)]

    found = lost.recover(None, binary, [area], first, Again(), OcrOptions(), letter=40.0)  # type: ignore[arg-type]
    assert [a.mode for a in asked] == ["line"] and asked[0].box[1] < 120 < asked[0].box[3]
    lines, _ = words_and_lines(found[0])
    assert lines == ["một", "hai", "ba"]


def test_a_row_already_read_is_not_read_twice() -> None:
    import numpy as np

    from ocr import lost

    binary = np.full((200, 1000), 255, dtype=np.uint8)
    binary[40:80, 100:900] = 0
    first = [(EngineWord("một", (100, 40, 900, 80), 95.0, 1, 1, 1),)]

    class Never:
        def recognize(self, image: Any, areas: Any, options: OcrOptions) -> Any:
            raise AssertionError("nothing was lost")

    area = Area((0, 0, 1000, 200), "column")
    assert lost.recover(None, binary, [area], first, Never(), OcrOptions(), letter=40.0) == first  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("read", "vietnamese", "expected"),
    [
        ("QÐ-UBND", True, "QĐ-UBND"),  # the Icelandic eth for the Vietnamese Đ
        ("ðồng", True, "đồng"),
        ("Ðiều", False, "Ðiều"),  # another language's text is left as it was read
    ],
)
def test_eth_read_for_d_with_stroke_becomes_it_in_vietnamese(
    read: str, vietnamese: bool, expected: str
) -> None:
    table = {
        "text": [read],
        "left": [10],
        "top": [20],
        "width": [90],
        "height": [30],
        "conf": [91.0],
        "block_num": [1],
        "par_num": [1],
        "line_num": [1],
    }
    words = tesseract._words(table, (5, 5), vietnamese=vietnamese)
    assert [(w.text, w.box) for w in words] == [(expected, (15, 25, 105, 55))]
