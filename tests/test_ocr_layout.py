"""Layout and the scan renderer: blocks in reading order, tables cell by cell, truth order."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from PIL import Image, ImageDraw

from benchmarks.scans import Document, Profile, Rendered, from_plain, parse, render
from ocr import recognize
from ocr.layout import regions
from ocr.preprocess import prepare

DOC = parse("""[left]
UBND HUYỆN BẮC HÀ
ỦY BAN NHÂN DÂN
XÃ BẢN LIỀN
[right]
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
[number]
Số: 09/KH-UBND
[place-date]
Bản Liền, ngày 20 tháng 1 năm 2021
[type]
KẾ HOẠCH
[title]
Trồng cây đầu xuân năm 2021
[body]
Ủy ban nhân dân xã ban hành kế hoạch trồng cây đầu xuân như sau:
| TT | Thôn | Số cây | Thời gian |
| 1 | Thôn Đội 1 | 500 | Tháng 2/2021 |
| 2 | Thôn Nậm Khánh | 350 | Tháng 3/2021 |
Các thôn báo cáo kết quả về Ủy ban nhân dân xã trước ngày 31/3/2021.
[signer]
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
~
Vàng Seo Pao
[recipients]
Nơi nhận:
- Các thôn;
- Lưu: VT.
""")


@cache
def scan(profile: str = "clean", dpi: int = 200) -> Rendered:
    prof = Profile(profile, dpi=dpi) if profile == "clean" else profile
    return render(DOC, profile=prof, seed=5)


def test_render_is_deterministic_and_truth_reads_header_columns_in_order() -> None:
    a, b = render(DOC, profile="office", seed=1), render(DOC, profile="office", seed=1)
    assert np.array_equal(np.asarray(a.pages[0]), np.asarray(b.pages[0]))
    assert a.truth[0][:8] == [
        *DOC.left,
        DOC.number,
        *DOC.right,
        DOC.place_date,
        DOC.doc_type,
    ]
    assert a.truth[0][a.truth[0].index("TT") : a.truth[0].index("TT") + 5] == [
        "TT",
        "Thôn",
        "Số cây",
        "Thời gian",
        "1",
    ]
    assert a.truth[0][-1] == "Vàng Seo Pao"


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("Số: 5/KH-UBND\n\nHà Nội, ngày 1 tháng 2 năm 2020\n\nKẾ HOẠCH\n\nTên\n\nA", "number", "Số: 5/KH-UBND"),
        ("Số: 5/KH-UBND\n\nHà Nội, ngày 1 tháng 2 năm 2020\n\nKẾ HOẠCH\n\nTên\n\nA", "place_date", "Hà Nội, ngày 1 tháng 2 năm 2020"),
        ("KẾ HOẠCH\n\nTên\n\nI. MỤC ĐÍCH\n\nNội dung", "body", ("**I. MỤC ĐÍCH", "Nội dung")),
        ("KẾ HOẠCH\n\nTên\n\nA\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê An", "signer", ("CHỦ TỊCH", "~", "Lê An")),
        ("KẾ HOẠCH\n\nTên\n\nA\n\nNơi nhận:\n- Lưu: VT.\n\nCHỦ TỊCH\n\nLê An", "recipients", ("Nơi nhận:", "- Lưu: VT.")),
        ("Không có loại văn bản\n\nB", "body", ("Không có loại văn bản", "B")),
    ],
)  # fmt: skip
def test_from_plain_splits_the_parts(text: str, field: str, expected: object) -> None:
    assert getattr(from_plain(text), field) == expected


def test_parse_reads_every_section() -> None:
    assert isinstance(DOC, Document)
    assert DOC.doc_type == "KẾ HOẠCH" and DOC.title == ("Trồng cây đầu xuân năm 2021",)
    assert len(DOC.body) == 5 and DOC.recipients[0] == "Nơi nhận:"


def test_regions_split_header_table_and_closing() -> None:
    binary = prepare(scan().pages[0]).binary
    names = [r.name for r in regions(binary)]
    assert names[:3] == ["header-left", "header-right", "body"]
    assert names.count("cell") == 12
    assert names[-2:] == ["closing-left", "closing-right"]
    left, right = regions(binary)[:2]
    assert left.box[2] == right.box[0] and left.box[3] == right.box[3]


def test_regions_of_a_page_without_header_is_one_block() -> None:
    page = np.full((1200, 900), 255, np.uint8)
    for y in range(100, 1000, 60):
        page[y : y + 25, 100:800] = 0  # full-width lines of "text"
    assert [r.name for r in regions(page)] == ["body"]


def test_blank_page_is_one_block() -> None:
    assert [r.name for r in regions(np.full((400, 300), 255, np.uint8))] == ["body"]


@pytest.mark.tesseract
def test_table_is_read_cell_by_cell_a_row_a_line() -> None:
    page = recognize(scan().pages[0])
    lines = [ln for ln in page.text.splitlines() if ln.strip()]
    start = lines.index("| TT | Thôn | Số cây | Thời gian |")
    assert lines[start + 1] == "| 1 | Thôn Đội 1 | 500 | Tháng 2/2021 |"
    assert lines.index("Nơi nhận:") < lines.index("TM. ỦY BAN NHÂN DÂN")
    row = page.text.split("\n").index(lines[start + 1])
    assert [w.text for w in page.words if w.line == row] == [
        "1",
        "Thôn",
        "Đội",
        "1",
        "500",
        "Tháng",
        "2/2021",
    ]


@pytest.mark.tesseract
def test_poor_scan_with_border_and_holes_keeps_reading_order() -> None:
    rendered = scan("poor")
    page = recognize(rendered.pages[0])
    lines = [ln for ln in page.text.splitlines() if ln.strip()]
    assert lines[0] == "UBND HUYỆN BẮC HÀ"
    assert lines.index("Số: 09/KH-UBND") < lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert abs(page.skew_degrees - rendered.angles[0]) <= 0.2


def test_punch_holes_and_border_leave_no_ink() -> None:
    from ocr.preprocess import remove_borders

    page = Image.new("L", (1654, 2339), 255)
    grey = np.asarray(page).copy()
    grey[:, :40] = 40  # scanner bed beyond the paper's edge
    yy, xx = np.mgrid[:2339, :1654]
    for cy in (900, 1400):
        grey[(yy - cy) ** 2 + (xx - 95) ** 2 < 24**2] = 45  # 6 mm holes at 200 dpi
    grey[1000:1030, 300:318] = 0  # a letter stays
    clean = remove_borders(grey)
    assert clean[:, :200].min() == 255 and clean[1010, 310] == 0


def _band_page(bands: list[tuple[int, int, int]], *, width: int = 1200) -> np.ndarray:
    """An ink mask with a filled band (top, bottom, right end) for each line's ink."""
    ink = np.zeros((400, width), dtype=bool)
    for top, bottom, right in bands:
        ink[top:bottom, 100:right] = True
    return ink


def test_two_full_lines_set_close_stay_two_rows() -> None:
    """Bold title lines with marks between them leave a gap of a few pixels only."""
    from ocr.layout import text_rows

    ink = _band_page([(40, 80, 1000), (84, 124, 1000), (128, 168, 900), (230, 270, 800)])
    assert text_rows(ink) == [(40, 80), (84, 124), (128, 168), (230, 270)]


def test_accents_just_above_a_line_join_it() -> None:
    from ocr.layout import text_rows

    ink = _band_page([(40, 80, 1000), (100, 108, 700), (110, 150, 1000), (200, 240, 900)])
    assert text_rows(ink) == [(40, 80), (100, 150), (200, 240)]


def test_a_stamps_arcs_between_lines_do_not_join_them() -> None:
    """A dashed stamp beside the text puts a little ink in every row between the lines."""
    from ocr.layout import text_rows

    ink = _band_page([(40, 80, 1000), (110, 150, 1000), (180, 220, 1000)])
    ink[30:230, 20:30] = True  # a stamp's edge running down beside the lines
    assert text_rows(ink) == [(40, 80), (110, 150), (180, 220)]


def _sealed_closing_mask() -> np.ndarray:
    """Body lines, then a Nơi nhận list on the left and on the right a seal whose ring runs
    down every row of the signer's block (a bitonal scan: the seal is as black as print)."""
    page = np.full((1400, 1654), 255, np.uint8)
    for y in range(100, 700, 60):
        page[y : y + 30, 150:1500] = 0  # full-width body lines
    for y in range(820, 1120, 50):
        page[y : y + 30, 150:600] = 0  # the list of recipients
    yy, xx = np.mgrid[:1400, :1654]
    distance = np.hypot(yy - 980, xx - 1050)
    page[(np.abs(distance - 190) < 14) | (distance < 110)] = 0  # the ring and the emblem
    page[830:862, 1000:1400] = 0  # the signer's title, over the ring
    page[1090:1122, 1020:1380] = 0  # the signer's name
    return page


def test_closing_block_run_together_by_a_seal_is_found() -> None:
    """The seal joins the whole closing block into one band of rows: one band is enough."""
    parts = regions(_sealed_closing_mask())
    names = [r.name for r in parts]
    assert names == ["body", "closing-left", "closing-right"]
    left, right = parts[1:]
    assert 600 <= left.box[2] == right.box[0] <= 790


@pytest.mark.tesseract
def test_signer_under_a_seal_is_read_after_the_recipients() -> None:
    from tests.conftest import serif_font

    font = serif_font(36)  # 13 pt at 200 dpi
    page = Image.new("L", (1654, 1500), 255)
    draw = ImageDraw.Draw(page)
    body = [
        "Điều 3. Chánh Văn phòng, Giám đốc các sở, ngành và Chủ tịch",
        "Ủy ban nhân dân các xã chịu trách nhiệm thi hành Quyết định này.",
    ]
    for k, line in enumerate(body):
        draw.text((160, 150 + 60 * k), line, font=font, fill=0)
    recipients = ["Nơi nhận:", "- Như Điều 3;", "- Các sở, ngành;", "- Lưu: Văn thư."]
    for k, line in enumerate(recipients):
        draw.text((160, 420 + 50 * k), line, font=font, fill=0)
    draw.text((1150, 420), "KT. CHỦ TỊCH", font=font, fill=0)
    draw.text((1150, 470), "PHÓ CHỦ TỊCH", font=font, fill=0)
    draw.text((1170, 720), "Trần Văn Bình", font=font, fill=0)
    draw.ellipse((800, 380, 1180, 760), outline=0, width=12)  # the seal's ring
    draw.ellipse((870, 450, 1110, 690), outline=0, width=5)
    draw.ellipse((920, 500, 1060, 640), fill=0)  # the emblem
    draw.line((900, 600, 1450, 560), fill=0, width=6)  # the signature's stroke
    lines = [ln for ln in recognize(page).text.splitlines() if ln.strip()]
    assert "- Lưu: Văn thư." in lines and "Trần Văn Bình" in lines, lines
    assert lines.index("- Lưu: Văn thư.") < lines.index("Trần Văn Bình")
    assert "KT. CHỦ TỊCH" in lines


class _ColumnBlindEngine:
    """An engine that reads nothing in a column and one word in a block, as Tesseract does
    in a signer's block run together by a seal (beside the real test above)."""

    name, slips = "column-blind", False

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def version(self) -> str:
        return "column-blind 1"

    def languages(self) -> tuple[str, ...]:
        return ("vie",)

    def recognize(self, image: Image.Image, areas: list, options: object) -> list:
        from core.engine import EngineWord

        self.asked.append([a.mode for a in areas])
        return [
            (
                EngineWord(
                    "Lưu", (a.box[0] + 5, a.box[1] + 5, a.box[0] + 60, a.box[1] + 35), 90.0, 1, 1, 1
                ),
            )
            if a.mode == "block"
            else ()
            for a in areas
        ]

    def orientation(self, image: Image.Image) -> int:
        return 0


def test_signer_block_read_as_nothing_in_a_column_is_read_again_as_a_block() -> None:
    from core.options import OcrOptions
    from ocr.reader import read_regions

    mask = _sealed_closing_mask()
    engine = _ColumnBlindEngine()
    page = Image.fromarray(mask)
    lines, words = read_regions(page, mask, engine, OcrOptions(), scale=1.0)
    assert engine.asked[:2] == [["column", "block", "column"], ["block"]]
    assert [w.bbox[0] for w in words] == [5, 728]  # the recipients, then the signer


def _receipt_stamp(draw: ImageDraw.ImageDraw, x: int, y: int, font: object) -> None:
    """A framed receipt stamp, its rule broken at one corner and pressed a little askew."""
    draw.line((x + 60, y, x + 420, y - 6), fill=0, width=4)  # top, the first part not inked
    draw.line((x, y + 150, x + 420, y + 144), fill=0, width=4)
    draw.line((x, y + 4, x, y + 150), fill=0, width=4)
    draw.line((x + 420, y - 6, x + 420, y + 144), fill=0, width=4)
    draw.line((x, y + 50, x + 420, y + 44), fill=0, width=2)  # under the stamp's heading
    draw.text((x + 30, y + 10), "VĂN THƯ SỞ NỘI VỤ", font=font, fill=0)
    draw.text((x + 20, y + 60), "ĐẾN Số: 45", font=font, fill=0)
    draw.text((x + 20, y + 100), "Ngày: 12/5/2024", font=font, fill=0)


def _stamped_page() -> Image.Image:
    from tests.conftest import serif_font

    font, small = serif_font(36), serif_font(26)
    page = Image.new("L", (1654, 1400), 255)
    draw = ImageDraw.Draw(page)
    for k, line in enumerate(["ỦY BAN NHÂN DÂN", "HUYỆN HẠ LAM", "Số: 17/KH-UBND"]):
        draw.text((150, 120 + 55 * k), line, font=font, fill=0)
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    right.append("Hạ Lam, ngày 8 tháng 5 năm 2024")
    for k, line in enumerate(right):
        draw.text((830, 120 + 55 * k), line, font=font, fill=0)
    _receipt_stamp(draw, 110, 330, small)
    draw.text((690, 360), "KẾ HOẠCH", font=font, fill=0)  # centred on the body's lines
    draw.text((560, 415), "Tổ chức hội nghị tổng kết năm 2024", font=font, fill=0)
    body = [  # justified across the page, as a body is
        "Thực hiện chương trình công tác năm 2024, Ủy ban nhân dân huyện Hạ Lam ban hành",
        "kế hoạch tổ chức hội nghị tổng kết năm như sau: các phòng chuyên môn, các xã gửi",
        "báo cáo về Văn phòng Ủy ban nhân dân huyện trước ngày 20 tháng 5 năm 2024 để tổng",
    ]
    for k, line in enumerate(body):
        draw.text((150, 600 + 55 * k), line, font=font, fill=0)
    return page


def test_a_framed_stamp_is_found_and_tables_and_rules_are_not() -> None:
    from ocr.layout import stamp_boxes

    prepared = prepare(_stamped_page())
    binary, scale = prepared.binary, prepared.scale
    (box,) = stamp_boxes(binary < 128, letter=30 * scale)
    x0, y0, x1, y1 = (round(v / scale) for v in box)  # in the page's pixels
    assert abs(x0 - 110) < 20 and abs(x1 - 530) < 20 and abs(y0 - 324) < 20 and abs(y1 - 480) < 20
    assert "stamp" in [r.name for r in regions(binary)]
    table = np.full((1400, 1654), False)
    table[300:304, 100:600] = table[400:404, 100:600] = table[500:504, 100:600] = True
    table[300:504, 100:104] = table[300:504, 350:354] = table[300:504, 596:600] = True
    table[100:104, 100:600] = True  # an underline
    assert stamp_boxes(table, letter=30) == []


@pytest.mark.tesseract
def test_a_receipt_stamp_beside_the_title_is_read_apart_after_the_header() -> None:
    lines = [ln for ln in recognize(_stamped_page()).text.splitlines() if ln.strip()]
    assert "Tổ chức hội nghị tổng kết năm 2024" in lines, lines
    assert "KẾ HOẠCH" in lines and "Số: 17/KH-UBND" in lines
    stamp = lines.index("VĂN THƯ SỞ NỘI VỤ")
    assert lines.index("Hạ Lam, ngày 8 tháng 5 năm 2024") < stamp < lines.index("KẾ HOẠCH")
    assert lines[stamp + 1 : stamp + 3] == ["ĐẾN Số: 45", "Ngày: 12/5/2024"]
