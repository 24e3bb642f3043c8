"""The Tesseract engine: word grouping, errors, orientation, and boxes in page pixels."""

from __future__ import annotations

import subprocess
from functools import cache
from typing import Any

import pytesseract
import pytest
from PIL import Image

from benchmarks.scans import Profile, parse, render
from core.errors import OcrFailed, ResourceMissing
from core.options import OcrOptions
from ocr import engine, engine_version, recognize
from ocr.engine import words_and_lines

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


def _table(rows: list[tuple[str, int, int, int, int]]) -> dict[str, list]:
    """A Tesseract word table from (text, block, paragraph, line, left) rows."""
    return {
        "text": [r[0] for r in rows],
        "block_num": [r[1] for r in rows],
        "par_num": [r[2] for r in rows],
        "line_num": [r[3] for r in rows],
        "left": [r[4] for r in rows],
        "top": [10 * r[3] for r in rows],
        "width": [30] * len(rows),
        "height": [10] * len(rows),
        "conf": [90] * len(rows),
    }


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
    lines, words = words_and_lines(_table(rows))
    assert lines == expected
    assert all(lines[w.line].split().count(w.text) >= 1 for w in words)


def test_words_and_lines_drops_unsure_punctuation_only() -> None:
    table = _table([("Lưu:", 1, 1, 1, 0), ("VT.", 1, 1, 1, 40), ("|", 1, 1, 1, 80)])
    table["conf"] = [95, 45, 30]
    lines, words = words_and_lines(table)
    assert lines == ["Lưu: VT."] and len(words) == 2


def test_missing_language_data_says_how_to_install() -> None:
    with pytest.raises(ResourceMissing, match="apt-get install tesseract-ocr-xyz"):
        recognize(Image.new("L", (200, 200), 255), options=OcrOptions(languages="xyz"))


def test_tesseract_failure_becomes_ocr_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "TESSERACT", "false")  # a program that exits with status 1
    monkeypatch.setattr(engine, "_require_tesseract", lambda languages="": None)
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
