"""Page clean-up: pure functions on rendered pages, and the real engine on a skewed scan."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from benchmarks.scans import Profile, parse, render
from core.options import OcrOptions
from ocr import recognize
from ocr.preprocess import (
    binarize,
    components,
    estimate_skew,
    keep_ink,
    looks_sideways,
    remove_specks,
    suppress_colour,
    suppress_grey_marks,
    text_height,
)

DOC = parse("""[left]
ỦY BAN NHÂN DÂN
HUYỆN SÌN HỒ
[number]
Số: 21/QĐ-UBND
[type]
QUYẾT ĐỊNH
[title]
Về việc phê duyệt kế hoạch phòng chống thiên tai năm 2021
[body]
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; xét đề nghị của Trưởng phòng Nông nghiệp và Phát triển nông thôn huyện về việc phê duyệt kế hoạch phòng chống thiên tai trên địa bàn huyện.
Các cơ quan, đơn vị căn cứ Quyết định này tổ chức thực hiện, báo cáo kết quả trước ngày 15/12/2021.
""")


@pytest.mark.parametrize("angle", [-2.5, -1.0, 0.6, 2.0])
def test_estimate_skew_recovers_known_rotation(angle: float) -> None:
    page = render(DOC, profile=Profile("t", dpi=150), seed=1).pages[0]
    grey = np.asarray(page.convert("L").rotate(angle, fillcolor=255))
    assert abs(-estimate_skew(grey) - angle) <= 0.2


def test_suppress_colour_removes_red_and_blue_ink_keeps_black() -> None:
    rgb = np.full((60, 90, 3), 255, np.uint8)
    rgb[10:20, 10:20] = (210, 30, 40)  # stamp red
    rgb[10:20, 40:50] = (30, 50, 180)  # pen blue
    rgb[10:20, 70:80] = (20, 20, 20)  # printed black
    grey = suppress_colour(rgb)
    assert grey[15, 15] == 255 and grey[15, 45] == 255 and grey[15, 75] < 60


def test_remove_specks_keeps_marks_next_to_letters() -> None:
    page = np.full((400, 400), 255, np.uint8)
    page[100:130, 100:118] = 0  # a letter
    page[92:96, 106:110] = 0  # its diacritic, just above
    rng = np.random.default_rng(0)
    for y, x in rng.integers(200, 390, size=(60, 2)):
        page[y : y + 3, x : x + 3] = 0  # dust far from any letter
    clean = remove_specks(page, letter_height=30)
    assert clean[94, 108] == 0 and clean[110, 110] == 0
    assert (clean[200:, :] == 0).sum() == 0


def _letters(page: np.ndarray, level: int) -> None:
    for k in range(40):  # a few lines of letter-sized blobs
        y, x = 40 + (k // 10) * 50, 40 + (k % 10) * 30
        page[y : y + 24, x : x + 14] = level


def test_suppress_grey_marks_lifts_a_light_stamp_keeps_the_print_over_it() -> None:
    grey = np.full((400, 400), 255, np.uint8)
    _letters(grey, 10)
    yy, xx = np.mgrid[:400, :400]
    ring = np.abs(np.hypot(yy - 300, xx - 200) - 70) < 6
    grey[ring] = 90  # a red stamp on a black-and-white scan: mid grey
    grey[280:304, 120:280] = 10  # a line of print across it
    binary = np.where(grey < 160, 0, 255).astype(np.uint8)
    out = suppress_grey_marks(grey, binary, letter_height=24)
    assert (out[ring & (grey == 90)] == 255).all()
    assert (out[280:304, 120:280] == 0).all() and (out[40:64, 40:54] == 0).all()


def test_suppress_grey_marks_keeps_a_table_as_dark_as_the_print() -> None:
    grey = np.full((400, 400), 255, np.uint8)
    _letters(grey, 10)
    grey[250:380:40, 20:380] = 15  # ruled table
    grey[250:370, 20:380:120] = 15
    binary = np.where(grey < 160, 0, 255).astype(np.uint8)
    assert (suppress_grey_marks(grey, binary, letter_height=24) == binary).all()


@pytest.mark.tesseract
def test_recognize_reads_a_skewed_noisy_scan() -> None:
    rendered = render(DOC, profile="poor", seed=2)
    page = recognize(rendered.pages[0], options=OcrOptions())
    assert "QUYẾT ĐỊNH" in page.text
    assert "phòng chống thiên tai" in page.text
    assert abs(page.skew_degrees - rendered.angles[0]) <= 0.2
    assert page.words and all(w.bbox[2] <= page.width for w in page.words)


@pytest.mark.tesseract
def test_recognize_turns_an_upside_down_page() -> None:
    page = render(DOC, profile="clean", seed=0).pages[0].rotate(180)
    result = recognize(page, options=OcrOptions())
    assert result.orientation == 180
    assert "QUYẾT ĐỊNH" in result.text


@pytest.mark.tesseract
def test_blank_page_gives_a_warning() -> None:
    result = recognize(Image.new("L", (1240, 1754), 255), number=3)
    assert result.text.strip() == ""
    assert [w.code for w in result.warnings] == ["blank_page"]
    assert "page 3" in result.warnings[0].message


@pytest.mark.parametrize(("turn", "sideways"), [(0, False), (90, True), (180, False), (270, True)])
def test_looks_sideways_by_line_direction(turn: int, sideways: bool) -> None:
    page = render(DOC, profile=Profile("t", dpi=100), seed=1).pages[0]
    grey = np.asarray(page.convert("L").rotate(turn, expand=True))
    binary = np.where(grey < 128, 0, 255).astype(np.uint8)
    assert looks_sideways(binary) is sideways


def test_text_height_is_not_fooled_by_dust() -> None:
    page = render(DOC, profile=Profile("t", dpi=200), seed=1).pages[0]
    grey = np.asarray(page.convert("L")).copy()
    clean = text_height(grey)
    rng = np.random.default_rng(1)
    for y, x in rng.integers(0, min(grey.shape) - 4, size=(3000, 2)):
        grey[y : y + 3, x : x + 3] = 0
    assert clean is not None and text_height(grey) == pytest.approx(clean, rel=0.15)


@pytest.mark.parametrize("depth", [0.0, 0.4])
def test_binarize_keeps_letters_and_paper_on_uneven_light(depth: float) -> None:
    grey = np.full((512, 768), 235, np.float32)
    grey *= np.linspace(1.0, 1.0 - depth, 768, dtype=np.float32)[None, :]
    for x in range(40, 740, 60):
        grey[200:240, x : x + 8] = 30 * (1.0 - depth * x / 768)  # letter stems
    binary = binarize(grey.astype(np.uint8))
    assert (binary[200:240, 40:48] == 0).all() and (binary[200:240, 700:708] == 0).all()
    assert (binary[350:, :] == 255).mean() > 0.99


def test_keep_ink_blanks_everything_the_mask_dropped() -> None:
    grey = np.full((50, 50), 200, np.uint8)
    binary = np.full((50, 50), 255, np.uint8)
    binary[20:25, 20:25] = 0
    out = keep_ink(grey, binary, margin=2)
    assert out[22, 22] == 200 and out[19, 19] == 200 and out[5, 5] == 255


def test_remove_specks_drops_dust_between_words_keeps_punctuation() -> None:
    page = np.full((600, 900), 255, np.uint8)
    for x in (100, 130, 160, 260, 290, 320):
        page[100:130, x : x + 18] = 0  # letters standing on the baseline y=130
    page[124:130, 180:186] = 0  # a full stop right after a letter
    page[108:114, 340:346] = 0  # a colon: upper dot ...
    page[124:130, 340:346] = 0  # ... and lower dot
    page[92:96, 136:142] = 0  # a diacritic over a letter
    page[110:115, 220:225] = 0  # dust at mid-height between the words
    rng = np.random.default_rng(0)
    for y, x in rng.integers(300, 590, size=(60, 2)):
        page[y : y + 3, x : x + 3] = 0  # dust on the paper makes the page dusty
    clean = remove_specks(page, letter_height=30)
    kept = {"stop": (126, 182), "colon": (110, 342), "colon-low": (126, 342), "mark": (93, 138)}
    assert all(clean[y, x] == 0 for y, x in kept.values())
    assert clean[112, 222] == 255


@pytest.mark.parametrize("step", [40, 4])  # some hundreds of components; over 65,535
def test_components_the_same_whether_labels_fit_16_bits_or_not(step: int) -> None:
    mask = np.zeros((1200, 1100), np.uint8)
    mask[::step, ::step] = 255
    mask[100:298, 200:203] = 255  # a rule joining a column of dots
    count, labels, stats = components(mask)
    expected = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)
    dots = -(-1200 // step) * -(-1100 // step)
    joined = len([y for y in range(0, 1200, step) if 100 <= y < 298])  # dots on the rule
    assert count == expected[0] == 1 + dots - joined + 1
    assert np.array_equal(labels, expected[1])
    assert np.array_equal(stats, expected[2])
