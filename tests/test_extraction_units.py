"""Table-driven tests of the extraction units, and the never-raises property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.record import Extraction, OcrPage, Word
from extraction import extract
from extraction.agencies import find_agencies
from extraction.dates import DATE, parse_date
from extraction.deadlines import find_deadlines
from extraction.header import find_marks
from extraction.lines import NUMBERED, SECTION, fold, proper_case, split_lines
from extraction.numbering import find_symbol, parse_symbol
from extraction.places import repair_places
from extraction.signature import find_signer
from extraction.timex import find_spans


@pytest.mark.parametrize(
    ("line", "number", "symbol", "code"),
    [
        ("Số: 775 /KH-UBND Tam Đường, ngày 2/ tháng 5 năm 2024", "775", "775/KH-UBND", "KH"),
        ("Số: /KH-UBND", None, "/KH-UBND", "KH"),
        ("Số: 12/UBND-VX", "12", "12/UBND-VX", None),
        ("Số: 05/2023/QĐ-UBND", "05", "05/2023/QĐ-UBND", "QĐ"),
        ("Số: 1180/CAT-PC04", "1180", "1180/CAT-PC04", None),
        ("Sô: 152/GM-SNV Quảng Ninh, ngày 03 tháng 10 năm 2018", "152", "152/GM-SNV", "GM"),
        ("Số: 27/QĐĐ-UBND", "27", "27/QĐ-UBND", "QĐ"),  # a letter OCR read twice
        ("Số: 52/2004/QĐ.UB", "52", "52/2004/QĐ.UB", "QĐ"),  # a dot for the hyphen
    ],
)
def test_symbol_parts(line: str, number: str | None, symbol: str, code: str | None) -> None:
    hit = find_symbol(split_lines(line))
    assert hit is not None
    assert parse_symbol(hit[0]) == (number, symbol, code)


@pytest.mark.parametrize(
    ("text", "day", "month", "year"),
    [
        ("Hà Nội, ngày 21 tháng 5 năm 2024", 21, 5, 2024),
        ("Tam Đường, ngày 2/ tháng 5 năm 2024", None, 5, 2024),
        ("Tam Đường, ngày 2? tháng 5 năm 2024", None, 5, 2024),
        ("Hòa Tân Tây, ngày  tháng 4 năm 2024", None, 4, 2024),
        ("Buôn Ma Thuột, ngày 05 tháng 13 năm 2019", 5, None, 2019),
        ("Tiên Yên, ngay 08 thắng 6 nằm 2022", 8, 6, 2022),
    ],
)
def test_partial_dates_are_null_not_guessed(
    text: str, day: int | None, month: int | None, year: int
) -> None:
    match = DATE.search(text)
    assert match is not None
    date = parse_date(match)
    assert (date.day, date.month, date.year) == (day, month, year)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("Thời gian: Tháng 8/2022", "month", "2022-08-01", "2022-08-31"),
        ("Tháng 9, 10/2021", "range", "2021-09-01", "2021-10-31"),
        ("Trước ngày 15/10/2022", "before", None, "2022-10-15"),
        ("Trong quý 2/2025", "quarter", "2025-04-01", "2025-06-30"),
        ("hoàn thành trong quý III/2024", "quarter", "2024-07-01", "2024-09-30"),
        ("dự kiến trong tháng 6/2024", "tentative", "2024-06-01", "2024-06-30"),
        ("chậm nhất ngày 31 tháng 12 năm 2023", "before", None, "2023-12-31"),
        ("từ ngày 01/4/2025 đến ngày 30/4/2025", "range", "2025-04-01", "2025-04-30"),
        ("báo cáo hằng tháng", "recurring", None, None),
        ("trong 15 ngày kể từ ngày 01/3/2024", "before", None, "2024-03-16"),
        ("trong tháng 11", "month", "2020-11-01", "2020-11-30"),
        ("trong quỹ III/2022", "quarter", "2022-07-01", "2022-09-30"),
        ("gửi Sở Tài chính chăm nhật ngày 20/8/2020", "before", None, "2020-08-20"),
        ("Dữ kiện tháng 10/2025", "tentative", "2025-10-01", "2025-10-31"),
        ("báo cáo kết quả định kỳ 6 tháng", "recurring", None, None),
        ("Thời gian thực hiện: từ năm 2007 đến hết năm 2010", "range", "2007-01-01", "2010-12-31"),
        ("từ tháng 3/2023 đến tháng 12/2023", "range", "2023-03-01", "2023-12-31"),
        ("Từ tháng 11/2024 đến tháng 02/2025", "range", "2024-11-01", "2025-02-28"),
        ("báo cáo trước ngày 15/12 hằng năm", "recurring", None, None),
        ("gửi chậm nhất 05 ngày làm việc kể từ ngày nhận được văn bản", "before", None, None),
        ("Năm 2020", "range", "2020-01-01", "2020-12-31"),
    ],
)
def test_time_expressions(text: str, kind: str, start: str | None, end: str | None) -> None:
    spans = find_spans(text, year=2020)
    assert [(s.kind, s.start, s.end) for s in spans] == [(kind, start, end)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp, Sở Thông tin và Truyền thông thành lập",
            ["Sở Nội vụ", "Sở Tư pháp", "Sở Thông tin và Truyền thông"],
        ),
        ("Công an tỉnh Bình Dương tổng hợp", ["Công an tỉnh Bình Dương"]),
        ("Phối hợp với Văn phòng HĐND-UBND huyện chuẩn bị", ["Văn phòng HĐND-UBND huyện"]),
        ("UBND các xã, thị trấn báo cáo", ["UBND các xã, thị trấn"]),
        ("Hội nghị diễn ra tại phòng họp", []),
        ("Phối hợp với Vian phòng HĐND-UBND huyền chuẩn bị", ["Văn phòng HĐND-UBND huyện"]),
        ("Đoàn Thanh niên và UBND các phương tham gia", ["Đoàn Thanh niên", "UBND các phường"]),
        (
            "Cục Hải quan tỉnh và Chi cục Hải quan kiểm tra",
            ["Cục Hải quan tỉnh", "Chi cục Hải quan"],
        ),
        ("Trung tá Nguyễn Văn An báo cáo", []),
        ("Giao Uỷ ban nhân dân tỉnh phê duyệt", ["Uỷ ban nhân dân tỉnh"]),
        ("Trung tâm Công báo - Tin học chủ trì", ["Trung tâm Công báo - Tin học"]),
        ("Đội An ninh tham mưu, Tổ Ngữ văn ôn tập", ["Đội An ninh", "Tổ Ngữ văn"]),
    ],
)
def test_agencies_named_in_text(text: str, names: list[str]) -> None:
    assert [a.text for a in find_agencies(text)] == names


@pytest.mark.parametrize(
    ("line", "label", "section"),
    [
        ("III. TỔ CHỨC THỰC HIỆN", "III.", True),
        ("III TỔ CHỨC THỰC HIỆN", "III", True),
        ("2 NHIỆM VỤ CỤ THỂ", "2", False),
        ("2.1. Phòng Nội vụ", "2.1.", False),
        ("a) Sở Tư pháp", "a)", False),
        ("2023 (tổ chức khen thưởng tại Hội nghị).", None, False),
        ("1 Phòng Nội vụ", None, False),
        ("VĂN PHÒNG", None, False),
    ],
)
def test_headings_with_or_without_the_period(line: str, label: str | None, section: bool) -> None:
    numbered = NUMBERED.match(line)
    assert (numbered.group("label") if numbered else None) == label
    assert bool(SECTION.match(line)) is section


def test_fold_keeps_length_and_drops_marks() -> None:
    text = "Quỹ II/2024, chăm nhật ĐẮK LẮK"
    assert fold(text) == "Quy II/2024, cham nhat DAK LAK"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("Hội đồng nhân dân huyện Krong Pắc", "Hội đồng nhân dân huyện Krông Pắc"),
        ("ỦY BAN NHÂN DÂN TÍNH DAK LAK", "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"),
        ("UBND huyện Tam Dương", "UBND huyện Tam Dương"),  # a name of the gazetteer stays
        ("HUYỆN TAM ĐƯỜNG", "HUYỆN TAM ĐƯỜNG"),
        ("QUÂN KHU 7", "QUÂN KHU 7"),  # no unit of that name: not a garbled 'QUẬN'
        ("BAN QUẢN LÝ DỰ ÁN", "BAN QUẢN LÝ DỰ ÁN"),
    ],
)
def test_places_repaired_from_the_gazetteer(text: str, repaired: str) -> None:
    assert repair_places(text) == repaired


@pytest.mark.parametrize(
    ("lines", "marks"),
    [
        ("KHẨN\nSố: 1/GM-SNV", ("KHẨN", None)),
        ("KHĂN\nSố: 1/GM-SNV", ("KHẨN", None)),
        ("MẶT\nSố: 1/BC-UBND", (None, "MẬT")),
        ("MẬT :\nSố: 1/BC-UBND", (None, "MẬT")),  # a speck OCR read beside the mark
        ("V/v khắc phục khó khăn", (None, None)),
    ],
)
def test_marks_also_with_wrong_diacritics(lines: str, marks: tuple[str | None, ...]) -> None:
    assert find_marks(split_lines(lines)) == marks


def test_table_row_wrapped_onto_the_next_line_is_one_duty() -> None:
    text = (
        "| TT | Nội dung | Cơ quan chủ trì | Thời gian |\n"
        "| 1 | Tập huấn báo cáo viên cấp | Sở Tư pháp | Từ ngày 05/3/2018 đến |\n"
        "| | huyện, cấp xã | | ngày 09/3/2018 |"
    )
    (deadline,) = find_deadlines(split_lines(text), year=2018, title=None)
    assert deadline.task == "Tập huấn báo cáo viên cấp huyện, cấp xã"
    assert (deadline.kind, deadline.start, deadline.end) == ("range", "2018-03-05", "2018-03-09")


def test_table_laid_out_with_spaces_is_read_by_its_columns() -> None:
    text = (
        "STT  Nội dung nhiệm vụ            Chủ trì      Phối hợp           Thời gian\n"
        "1    Rà soát dữ liệu dân cư trên   Công an xã   Các ấp; Văn phòng  Tháng 9, 10/2025\n"
        "     địa bàn xã"
    )
    (deadline,) = find_deadlines(split_lines(text), year=2025, title=None)
    assert deadline.task == "Rà soát dữ liệu dân cư trên địa bàn xã"
    assert (deadline.lead, deadline.support) == ("Công an xã", ("Các ấp", "Văn phòng"))
    assert (deadline.kind, deadline.start, deadline.end) == ("range", "2025-09-01", "2025-10-31")


@pytest.mark.parametrize(
    ("text", "lead", "support", "kinds"),
    [
        (
            "1. Đội Cảnh sát điều tra tội phạm về ma túy chủ trì, phối hợp với Công an các xã "
            "mở đợt cao điểm từ ngày 01/7/2011 đến ngày 30/9/2011.",
            "Đội Cảnh sát điều tra tội phạm về ma túy",
            ("Công an các xã",),
            ["range"],
        ),
        (
            "2. Báo cáo về Văn phòng UBND tỉnh định kỳ 6 tháng (trước ngày 15/6 và 15/12).",
            None,
            (),
            ["recurring"],
        ),
        (
            "3. Phó Hiệu trưởng phụ trách chuyên môn tổng hợp kết quả chậm nhất ngày 31/7/2011.",
            "Phó Hiệu trưởng phụ trách chuyên môn",
            (),
            ["before"],
        ),
        ("4. Kiểm tra lại: dự kiến ngày 25/7/2011.", None, (), ["tentative"]),
        (
            "5. Công tác tuyên truyền Giao Phòng Văn hóa và Thông tin chủ trì, phối hợp với "
            "Trung tâm Y tế huyện và UBND các xã, thị trấn tổ chức tuyên truyền; hoàn thành "
            "trước ngày 30/6/2011.",
            "Phòng Văn hóa và Thông tin",
            ("Trung tâm Y tế huyện", "UBND các xã, thị trấn"),
            ["before"],
        ),
        (
            "6. Chỉnh trang cây xanh\n- Cơ quan chủ trì: Ban Quản lý dự án thành phố.\n"
            "- Cơ quan phối hợp: Phòng Quản lý đô thị; Phòng Tài chính - Kế hoạch.\n"
            "- Thời gian hoàn thành: Quý III/2011.",
            "Ban Quản lý dự án thành phố",
            ("Phòng Quản lý đô thị", "Phòng Tài chính - Kế hoạch"),
            ["quarter"],
        ),
    ],
)
def test_duty_lead_support_and_kind(
    text: str, lead: str | None, support: tuple[str, ...], kinds: list[str]
) -> None:
    found = find_deadlines(split_lines(text), year=2011, title=None)
    assert [d.kind for d in found] == kinds
    assert (found[0].lead, found[0].support) == (lead, support)


@pytest.mark.parametrize(
    ("block", "name", "title", "authority"),
    [
        ("Q. GIÁM ĐỐC\n\nNguyễn Hữu Phước", "Nguyễn Hữu Phước", "Q. Giám đốc", "Q. Giám đốc"),
        (
            "KT. TRƯỞNG CÔNG AN HUYỆN\nPHÓ TRƯỞNG CÔNG AN HUYỆN\n\nThượng tá Lò Văn Pấng",
            "Lò Văn Pấng",
            "Phó Trưởng Công an huyện",
            "KT. Trưởng Công an huyện",
        ),
        (
            "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\n\nLê Thị Hà",
            "Lê Thị Hà",
            "Phó Trưởng phòng",
            "KT. Trưởng phòng",
        ),
        ("HIỆU TRƯỞNG\n\nTrần Thị Thủy", "Trần Thị Thủy", "Hiệu trưởng", None),
    ],
)
def test_signer_blocks(block: str, name: str, title: str, authority: str | None) -> None:
    signer, _ = find_signer(split_lines(block))
    assert (signer.name, signer.title, signer.authority) == (name, title, authority)


@pytest.mark.parametrize(
    ("caps", "proper"),
    [
        ("UỶ BAN NHÂN DÂN TỈNH LẠNG SƠN", "Uỷ ban nhân dân tỉnh Lạng Sơn"),
        ("TRƯỜNG THPT NGŨ HÀNH SƠN", "Trường THPT Ngũ Hành Sơn"),
        ("SỞ GD&ĐT TP ĐÀ NẴNG", "Sở GD&ĐT TP Đà Nẵng"),
        ("BỆNH VIỆN ĐA KHOA KHU VỰC BẢO LỘC", "Bệnh viện Đa khoa khu vực Bảo Lộc"),
        ("SỞ NỘI VỤ - SỞ VĂN HÓA VÀ THỂ THAO", "Sở Nội vụ - Sở Văn hóa và Thể thao"),  # joint
    ],
)
def test_header_names_in_proper_case(caps: str, proper: str) -> None:
    assert proper_case(caps) == proper


def test_evidence_carries_the_box_of_the_line() -> None:
    text = "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\nSố: 45/KH-UBND\n\fKẾ HOẠCH"
    words = (
        Word("Số:", (100, 300, 160, 330), 95.0, 2),
        Word("45/KH-UBND", (170, 302, 400, 334), 93.0, 2),
    )
    pages = (
        OcrPage(1, 2480, 3508, "ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\nSố: 45/KH-UBND", words),
        OcrPage(2, 2480, 3508, "KẾ HOẠCH"),
    )
    found = extract(text, pages=pages)
    assert found.fields.symbol == "45/KH-UBND"
    evidence = found.evidence["symbol"]
    assert (evidence.line, evidence.page, evidence.bbox) == (3, 1, (100, 300, 400, 334))


def test_empty_text_gives_empty_fields_and_warnings() -> None:
    found = extract("")
    assert found.fields.symbol is None and found.fields.deadlines == ()
    assert any("Số" in w.message for w in found.warnings)
    assert {"no_symbol", "no_date", "no_type", "no_issuer"} <= {w.code for w in found.warnings}


def test_a_header_without_issuer_says_so_and_guesses_nothing() -> None:
    text = "Số: 12/TB\nHòa Phú, ngày 3 tháng 5 năm 2021\nTHÔNG BÁO\n\nVề lịch họp giao ban\n"
    found = extract(text)
    assert found.fields.issuer is None and found.fields.title
    codes = {w.code for w in found.warnings}
    assert "no_issuer" in codes and "no_title" not in codes


_PIECES = st.sampled_from(
    [
        "Số: 12/KH-UBND",
        "ngày 2? tháng  năm 2024",
        "Nơi nhận:",
        "- Lưu: VT.",
        "KT. CHỦ TỊCH",
        "| STT | Nội dung | Chủ trì | Thời gian |",
        "| 1 | x | Sở | Quý V/2024 |",
        "Trước ngày 31/02/2024",
        "Căn cứ Luật ngày 1 tháng 1 năm 2020",
        "Thời gian ký: 2024-13-45T99:00:00+07:00",
        "Phối hợp với , và",
        "\f",
        "\n",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=25))
def test_extract_never_raises(parts: list[str]) -> None:
    found = extract("\n".join(parts))
    assert isinstance(found, Extraction)
    assert not any(w.code == "extraction_failed" for w in found.warnings)


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("- Lưu: VE, CCVTLT.", "Lưu: VT, CCVTLT"),
        ("- Lưu: VI, CA.", "Lưu: VT, CA"),
        ("- Lưu: VT, VX.", "Lưu: VT, VX"),  # a unit code after VT is left alone
        ("- Lưu: VP, NV.", "Lưu: VP, NV"),  # so is another first code
        ("- Lưu: VL. TH, NN.", "Lưu: VT, TH, NN"),  # a stop read for the comma
        ("- Lưu: VT KTHT-QH.", "Lưu: VT, KTHT-QH"),  # the comma lost before a code with a dash
        ("- Công an tỉnh (b/C);", "Công an tỉnh (b/c)"),
        ("- Sở Nội vụ (b/€);", "Sở Nội vụ (b/c)"),
    ],
)
def test_recipients_read_through_small_print_slips(read: str, expected: str) -> None:
    from extraction.lines import split_lines
    from extraction.recipients import find_recipients

    items, _ = find_recipients(split_lines(f"Nơi nhận:\n{read}"))
    assert items == [expected]


# ---------------------------------------------------------------- header zones (invented texts)
# Each document below is made up (agencies, numbers, places, titles) and reproduces one way
# real headers come out of web pages, PDF text layers and OCR.

_COLUMN_BLOCKS_WRAPPED = """ỦY
BAN NHÂN DÂN
HUYỆN ĐÔNG KHÊ
-------
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số:
418/QĐ-UBND
Tân
Vĩnh, ngày 12
tháng 9 năm 2024
QUYẾT ĐỊNH
VỀ VIỆC THÀNH LẬP TỔ CÔNG TÁC RÀ SOÁT HỒ SƠ ĐẤT ĐAI TRÊN ĐỊA BÀN
HUYỆN ĐÔNG KHÊ GIAI ĐOẠN
2024 - 2026
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐÔNG KHÊ
Căn cứ Kế hoạch số 77/KH-UBND ngày 02 tháng 3 năm 2024 của Ủy ban nhân dân huyện Đông Khê;
"""


def test_header_wrapped_anywhere_in_column_blocks() -> None:
    """'ỦY' / 'BAN NHÂN DÂN', 'CỘNG' / 'HÒA ...', 'Số:' / symbol, 'Tân' / 'Vĩnh, ngày 12' /
    'tháng 9 năm 2024', a title over three lines up to the line naming the deciding head."""
    fields = extract(_COLUMN_BLOCKS_WRAPPED).fields
    assert fields.issuer == "Ủy ban nhân dân huyện Đông Khê"
    assert (fields.number, fields.symbol, fields.doc_type) == ("418", "418/QĐ-UBND", "Quyết định")
    assert (fields.place, fields.date.iso) == ("Tân Vĩnh", "2024-09-12")
    assert fields.title == (
        "VỀ VIỆC THÀNH LẬP TỔ CÔNG TÁC RÀ SOÁT HỒ SƠ ĐẤT ĐAI TRÊN ĐỊA BÀN "
        "HUYỆN ĐÔNG KHÊ GIAI ĐOẠN 2024 - 2026"
    )


@pytest.mark.parametrize(
    ("issuer_lines", "issuer", "parent"),
    [
        ("HỘI\nĐỒNG NHÂN DÂN\nTỈNH HẠ LAM", "Hội đồng nhân dân tỉnh Hạ Lam", None),
        ("UỶ BAN NHÂN\nDÂN\nTHÀNH PHỐ BẮC SA", "Uỷ ban nhân dân thành phố Bắc Sa", None),
        ("THƯỜNG TRỰC\nHĐND - UBND TỈNH HẠ LAM", "Thường trực HĐND - UBND tỉnh Hạ Lam", None),
        (
            "ỦY BAN MẶT TRẬN\nTỔ QUỐC VIỆT NAM HUYỆN ĐÔNG KHÊ",
            "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Đông Khê",
            None,
        ),
        ("UBND TỈNH HẠ LAM\nSỞ GIÁO DỤC\nVÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo", "UBND tỉnh Hạ Lam"),
        # a unit's own name broken by the column's width: the gazetteer knows it only whole
        ("ỦY BAN NHÂN DÂN THỊ XÃ BUÔN\nHỒ", "Ủy ban nhân dân thị xã Buôn Hồ", None),
        (
            "UBND HUYỆN KRÔNG\nBÔNG\nỦY BAN NHÂN DÂN XÃ CƯ\nPUI",
            "Ủy ban nhân dân xã Cư Pui",
            "UBND huyện Krông Bông",
        ),
        ("UBND TỈNH HÀ\nGIANG\nSỞ TƯ PHÁP", "Sở Tư pháp", "UBND tỉnh Hà Giang"),
        # a name broken where the column ran out: after its opener, or its last word alone
        (
            "SỞ GD&ĐT TỈNH HẠ LAM\nTRƯỜNG THCS\nBẮC SA ĐÔNG",
            "Trường THCS Bắc Sa Đông",
            "Sở GD&ĐT tỉnh Hạ Lam",
        ),
        (
            "UBND HUYỆN BẮC SA\nPHÒNG TÀI NGUYÊN VÀ MÔI\nTRƯỜNG",
            "Phòng Tài nguyên và Môi trường",
            "UBND huyện Bắc Sa",
        ),
    ],
)
def test_issuer_names_broken_over_lines(issuer_lines: str, issuer: str, parent: str | None) -> None:
    text = (
        f"{issuer_lines}\n-------\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập -\n"
        "Tự do - Hạnh phúc\nSố: 7/KH-UBND\nHạ Lam, ngày 3 tháng 4 năm 2023\nKẾ HOẠCH\n"
        "Kiểm tra công tác văn thư năm 2023\nCăn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;"
    )
    fields = extract(text).fields
    assert (fields.issuer or "").casefold() == issuer.casefold()  # the casing aside
    assert fields.issuer_parent == parent


def test_columns_sharing_lines_of_a_table_row() -> None:
    """A legal portal's table: both cells on one line, joined by two spaces; no heading."""
    text = (
        "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 56/KH-UBND  Bắc Sa, ngày 30 tháng 6 năm 2022\n"
        "TĂNG CƯỜNG KIỂM TRA AN TOÀN THỰC PHẨM TẠI CÁC CHỢ ĐẦU MỐI NĂM 2022\n"
        "Thực hiện Chỉ thị số 12/CT-UBND ngày 02/3/2022 của UBND tỉnh, UBND thành phố ban hành "
        "Kế hoạch như sau:"
    )
    fields = extract(text).fields
    assert (fields.issuer, fields.symbol) == ("Ủy ban nhân dân", "56/KH-UBND")
    assert (fields.place, fields.date.iso, fields.doc_type) == ("Bắc Sa", "2022-06-30", "Kế hoạch")
    assert fields.title == "TĂNG CƯỜNG KIỂM TRA AN TOÀN THỰC PHẨM TẠI CÁC CHỢ ĐẦU MỐI NĂM 2022"


def test_header_flattened_into_one_line() -> None:
    """A PDF text layer: both columns interleaved on one line, single spaces."""
    text = (
        "UBND TỈNH HẠ LAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM SỞ NÔNG NGHIỆP Độc lập - Tự do - "
        "Hạnh phúc Số : 905 /SNN-KH Thành phố Bắc Sa, ngày 09 tháng 10 năm 2021 V/v báo cáo "
        "thiệt hại do mưa lớn Kính gửi: Ủy ban nhân dân tỉnh Hạ Lam"
    )
    fields = extract(text).fields
    assert (fields.issuer, fields.issuer_parent) == ("Sở Nông nghiệp", "UBND tỉnh Hạ Lam")
    assert (fields.symbol, fields.place, fields.date.iso) == (
        "905/SNN-KH",
        "Thành phố Bắc Sa",
        "2021-10-09",
    )
    assert (fields.doc_type, fields.title) == ("Công văn", "báo cáo thiệt hại do mưa lớn")


def test_rows_interleaved_with_the_subject_under_the_number() -> None:
    text = (
        "BỘ KHOA HỌC VÀ NGHỆ THUẬT\n---------\nSố: 311/BKHNT-VP\n"
        "V/v: góp ý dự thảo quy chế phối hợp\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n-----------\nHà Lam, ngày 5 tháng 5 năm 2015\n\n"
        "Kính gửi: Các đơn vị trực thuộc Bộ."
    )
    fields = extract(text).fields
    assert (fields.issuer, fields.symbol, fields.place) == (
        "Bộ Khoa học và Nghệ thuật",
        "311/BKHNT-VP",
        "Hà Lam",
    )
    assert (fields.doc_type, fields.title) == ("Công văn", "góp ý dự thảo quy chế phối hợp")


@pytest.mark.parametrize(
    "date_lines",
    [
        "Hạ Lam, ngày\n23 tháng 6 năm 2017",
        "Hạ Lam, ngày 23\ntháng 6 năm 2017",
        "Hạ Lam, ngày 23 tháng\n6 năm 2017",
        "Hạ Lam, ngày 23 tháng 6 năm\n2017",
        "Hạ\nLam, ngày 23 tháng 6\nnăm 2017",
    ],
)
def test_place_and_date_split_over_lines(date_lines: str) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HẠ LAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\nSố: 14/CT-UBND\n{date_lines}\nCHỈ THỊ\n"
        "VỀ TĂNG CƯỜNG PHÒNG CHÁY RỪNG MÙA KHÔ\nTrong những năm qua, ..."
    )
    fields = extract(text).fields
    assert (fields.place, fields.date.iso) == ("Hạ Lam", "2017-06-23")
    assert fields.title == "VỀ TĂNG CƯỜNG PHÒNG CHÁY RỪNG MÙA KHÔ"


_MOTTO_WORDS = ["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"]


@pytest.mark.parametrize("cut", range(1, len(_MOTTO_WORDS)))
@pytest.mark.parametrize("layout", ["blocks", "cells"])
def test_the_motto_in_any_split_never_becomes_a_field(cut: int, layout: str) -> None:
    first, second = " ".join(_MOTTO_WORDS[:cut]), " ".join(_MOTTO_WORDS[cut:])
    if layout == "blocks":
        head = f"ỦY BAN NHÂN DÂN\nXÃ VÂN THƯỢNG\n{first}\n{second}\nĐộc lập -\nTự do - Hạnh phúc"
    else:  # the two columns' rows side by side, each broken where the motto is
        head = f"ỦY BAN NHÂN DÂN  {first}\nXÃ VÂN THƯỢNG  {second}\nĐộc lập - Tự do - Hạnh phúc"
    text = f"{head}\nSố: 21/TB-UBND\nVân Thượng, ngày 2 tháng 1 năm 2020\nTHÔNG BÁO\nLịch tiếp dân"
    fields = extract(text).fields
    assert fields.issuer == "Ủy ban nhân dân xã Vân Thượng"
    assert (fields.place, fields.symbol, fields.title) == (
        "Vân Thượng",
        "21/TB-UBND",
        "Lịch tiếp dân",
    )


def test_an_unreadable_issuer_is_null_never_the_motto() -> None:
    text = (
        "CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 3/BC-ĐKT\nVân Thượng, ngày 2 tháng 1 năm 2020\nBÁO CÁO\nKết quả kiểm tra"
    )
    fields = extract(text).fields
    assert fields.issuer is None and fields.issuer_parent is None
    assert (fields.symbol, fields.place, fields.title) == (
        "3/BC-ĐKT",
        "Vân Thượng",
        "Kết quả kiểm tra",
    )


@pytest.mark.parametrize(
    ("line", "symbol"),
    [
        ("Nghị quyết số: 88/2020/UBTVQH15", "88/2020/UBTVQH15"),
        ("Số: 41/2001/QĐ.UB", "41/2001/QĐ.UB"),
        ("Số:27 /2016/QĐ-UBND", "27/2016/QĐ-UBND"),
        # the label as OCR reads it: capitals, a mark fused into a digit or letter, a semicolon
        ("SỐ: 12/NQ-HĐND", "12/NQ-HĐND"),
        ("S6: 12/NQ-HĐND", "12/NQ-HĐND"),
        ("Sb: 12/NQ-HĐND", "12/NQ-HĐND"),
        ("Sé: 12/NQ-HĐND", "12/NQ-HĐND"),
        ("Số; 12/NQ-HĐND", "12/NQ-HĐND"),
    ],
)
def test_symbol_variants_in_the_header(line: str, symbol: str) -> None:
    text = f"ỦY BAN NHÂN DÂN\nTỈNH HẠ LAM\n{line}\nHạ Lam, ngày 1 tháng 2 năm 2020\nNGHỊ QUYẾT"
    assert extract(text).fields.symbol == symbol


def test_a_word_like_the_label_without_its_colon_is_no_number() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HẠ LAM\nSb 12/NQ-HĐND\nHạ Lam, ngày 1 tháng 2 năm 2020\nNGHỊ QUYẾT"
    )
    fields = extract(text).fields
    assert fields.symbol is None
    assert "no_symbol" in {w.code for w in extract(text).warnings}


@pytest.mark.parametrize(
    ("issuer_lines", "place_line", "place"),
    [
        # OCR slips in the place: the unit the issuer's own lines name, a slip or two away
        ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI", "Lào Cũơi, ngày 8 tháng 10 năm 2019", "Lào Cai"),
        ("UBND HUYỆN TAM ĐƯỜNG\nPHÒNG NỘI VỤ", "Tam Dương, ngày 8 tháng 10 năm 2019", "Tam Đường"),
        # a name the gazetteer knows is left as written; a name it does not know, too
        ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", "Vinh, ngày 8 tháng 10 năm 2019", "Vinh"),
        ("ỦY BAN NHÂN DÂN\nTỈNH HẠ LAM", "Hạ Lam, ngày 8 tháng 10 năm 2019", "Hạ Lam"),
    ],
)
def test_place_read_through_slips_from_the_issuer_and_the_gazetteer(
    issuer_lines: str, place_line: str, place: str
) -> None:
    text = (
        f"{issuer_lines}\nSố: 9/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\n{place_line}\nKẾ HOẠCH\nTrồng cây đầu xuân"
    )
    result = extract(text)
    assert result.fields.place == place
    inferred = [w for w in result.warnings if w.code == "field_inferred"]
    assert bool(inferred) == (place not in place_line)


def test_old_heading_of_the_body_with_the_title_after_vv() -> None:
    """'QUYẾT ĐỊNH CỦA ỦY BAN ... V/V <title>' and a subject line with no heading above."""
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HẠ LAM\nSố: 77/2001/QĐ-UB\nHạ Lam, ngày 4 tháng 5 năm 2001\n"
        "QUYẾT ĐỊNH\nCỦA ỦY BAN NHÂN DÂN TỈNH V/V PHÊ DUYỆT ĐỀ ÁN TRỒNG RỪNG\n"
        "PHÒNG HỘ VEN SÔNG\nỦY BAN NHÂN DÂN TỈNH HẠ LAM\nCăn cứ Luật Đất đai;"
    )
    assert extract(text).fields.title == "PHÊ DUYỆT ĐỀ ÁN TRỒNG RỪNG PHÒNG HỘ VEN SÔNG"
    headless = text.replace("QUYẾT ĐỊNH\nCỦA ỦY BAN NHÂN DÂN TỈNH ", "")
    fields = extract(headless).fields
    assert (fields.doc_type, fields.title) == (
        "Quyết định",
        "PHÊ DUYỆT ĐỀ ÁN TRỒNG RỪNG PHÒNG HỘ VEN SÔNG",
    )


def test_attached_rules_with_a_heading_broken_word_by_word() -> None:
    """No number of its own: the one in '(Ban hành kèm theo Quyết định số ...)' below the
    heading is not the document's."""
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ VÂN THƯỢNG\nCỘNG HOÀ XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập -\n"
        "Tự do - Hạnh phúc\nQUY CHẾ HOẠT\nĐỘNG\nCỦA TỔ\nHÒA GIẢI THÔN BA\n(Ban hành\n"
        "kèm theo Quyết định số: 12/QĐ-UBND\nngày 3 tháng 3 năm 2022 của UBND xã)\nChương I"
    )
    fields = extract(text).fields
    assert (fields.doc_type, fields.symbol, fields.date.year) == ("Quy chế", None, None)
    assert fields.issuer == "Ủy ban nhân dân xã Vân Thượng"
    assert fields.title == "HOẠT ĐỘNG CỦA TỔ HÒA GIẢI THÔN BA"


def test_title_in_small_letters_across_blank_lines() -> None:
    text = (
        "BỘ KHOA HỌC VÀ NGHỆ THUẬT\nSố: 09/2005/TT-BKHNT\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHà Lam, ngày 19 tháng 2 năm 2005\n\nTHÔNG TƯ\n\n"
        "Hướng dẫn chế độ tập sự\n\ncủa viên chức ngành nghệ thuật\n\n________\n\n"
        "Thi hành Nghị định số 11/2004/NĐ-CP ngày 1/1/2004,"
    )
    fields = extract(text).fields
    assert (fields.doc_type, fields.issuer) == ("Thông tư", "Bộ Khoa học và Nghệ thuật")
    assert fields.title == "Hướng dẫn chế độ tập sự của viên chức ngành nghệ thuật"


def test_cited_symbols_without_a_type_before_each() -> None:
    """A list of one type under one heading, a number without 'số', a party symbol, and a
    symbol first met in a title in capitals."""
    text = (
        "KẾ HOẠCH\nTHỰC HIỆN CHỈ THỊ SỐ 05/CT-TTG CỦA THỦ TƯỚNG\n"
        "Căn cứ các Nghị định của Chính phủ: Số 11/2005/NĐ-CP ngày 02/3/2005 về quản lý chợ; "
        "số 22/2007/NĐ-CP ngày 04/5/2007 về an toàn thực phẩm;\n"
        "Căn cứ Nghị định 33/2010/NĐ-CP ngày 06/7/2010 của Chính phủ;\n"
        "Căn cứ Nghị quyết số 07-NQ/TU ngày 08/9/2021 của Tỉnh ủy;\n"
        "Thực hiện Chỉ thị số 05/CT-TTg ngày 10/01/2022 của Thủ tướng Chính phủ,"
    )
    cited = extract(text).fields.cited_documents
    assert [(c.doc_type, c.symbol) for c in cited] == [
        ("Chỉ thị", "05/CT-TTg"),
        ("Nghị định", "11/2005/NĐ-CP"),
        ("Nghị định", "22/2007/NĐ-CP"),
        ("Nghị định", "33/2010/NĐ-CP"),
        ("Nghị quyết", "07-NQ/TU"),
    ]


def test_header_read_through_ocr_specks() -> None:
    """Specks OCR reads beside header lines ('ˆ', '_', '.'), a heading whose spaces it lost,
    and a title line opening with 'ngày' that goes on the line above."""
    text = (
        "ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG KHÊ ˆ\n\nSố: 52/BC-UBND\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Đông Khê, ngày 18 tháng 11 năm 2025\n\nBÁOCÁO _\n"
        "- Kết quả kiểm tra công tác văn thư, lưu trữ (từ ngày 01/7/2025 đến\n"
        "ngày 15/11/2025); phương hướng nhiệm vụ\n. đến tháng 6 năm 2026\n\n"
        "Thực hiện Kế hoạch số 45/KH-UBND ngày 10/7/2025 của UBND huyện,"
    )
    fields = extract(text).fields
    assert (fields.issuer, fields.doc_type) == ("Ủy ban nhân dân huyện Đông Khê", "Báo cáo")
    assert fields.title == (
        "Kết quả kiểm tra công tác văn thư, lưu trữ (từ ngày 01/7/2025 đến ngày 15/11/2025); "
        "phương hướng nhiệm vụ đến tháng 6 năm 2026"
    )


def test_subject_of_a_cong_van_under_its_number_without_vv() -> None:
    text = (
        "SỞ VĂN HÓA TỈNH HẠ LAM             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
        "                                   Độc lập - Tự do - Hạnh phúc\n\n"
        "Số : 615 /SVH - VP                 Hạ Lam, ngày 2 tháng 12 năm 2019\n\n"
        "Về lịch nghỉ Tết của cơ quan\n\n   KHẨN\n\nKính gửi: Các phòng, ban thuộc Sở."
    )
    fields = extract(text).fields
    assert (fields.issuer, fields.symbol, fields.place) == (
        "Sở Văn hóa tỉnh Hạ Lam",
        "615/SVH-VP",
        "Hạ Lam",
    )
    assert (fields.doc_type, fields.title, fields.urgency) == (
        "Công văn",
        "Về lịch nghỉ Tết của cơ quan",
        "KHẨN",
    )


def test_place_with_a_capital_read_too_many() -> None:
    text = "ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG KHÊ\nSố: 8/TB-UBND\nVỊ Thượng, ngày 2 tháng 3 năm 2012"
    assert extract(text).fields.place == "Vị Thượng"
    text = text.replace("VỊ Thượng", "TP Bắc Sa")
    assert extract(text).fields.place == "TP Bắc Sa"  # an abbreviation stays


def test_date_line_without_its_comma_and_symbol_without_its_label() -> None:
    text = (
        "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN ĐÔNG KHÊ  "
        "Độc lập - Tự do - Hạnh phúc\n318/KH-UBND  Đông Khê ngày 4 tháng 8 năm 2021\n"
        "KẾ HOẠCH\nPhòng chống lụt bão năm 2021\nCăn cứ ..."
    )
    fields = extract(text).fields
    assert (fields.symbol, fields.place, fields.date.iso) == (
        "318/KH-UBND",
        "Đông Khê",
        "2021-08-04",
    )
    assert fields.issuer == "Ủy ban nhân dân huyện Đông Khê"


def test_a_date_opening_its_line_takes_no_place_from_the_line_above() -> None:
    text = "ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG KHÊ\nngày 4 tháng 8 năm 2021\nTHÔNG BÁO\nLịch họp"
    fields = extract(text).fields
    assert (fields.place, fields.date.iso) == (None, "2021-08-04")
    assert fields.issuer == "Ủy ban nhân dân huyện Đông Khê"


def test_title_in_capitals_wrapped_before_a_word_that_opens_body_lines() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG KHÊ\nSố: 1/KH-UBND\nĐông Khê, ngày 2 tháng 3 năm 2020\n"
        "KẾ HOẠCH\nTỔ CHỨC KỶ NIỆM 75 NĂM\nNGÀY THÀNH LẬP LỰC LƯỢNG DÂN QUÂN TỰ VỆ\n"
        "Để thực hiện tốt công tác tuyên truyền, UBND huyện ban hành kế hoạch."
    )
    title = extract(text).fields.title
    assert title == "TỔ CHỨC KỶ NIỆM 75 NĂM NGÀY THÀNH LẬP LỰC LƯỢNG DÂN QUÂN TỰ VỆ"


# --- scans: what OCR does to a plan's body, closing and blanks (invented documents) ---


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("hoàn thành trong quý H/2024", "2024-04-01", "2024-06-30"),  # 'H' for 'II'
        ("thời hạn: Quý 11/2023", "2023-04-01", "2023-06-30"),  # '11' for 'II'
        ("thời hạn: Quý II1/2023", "2023-07-01", "2023-09-30"),
        ("thời hạn: Quý 4/2023", "2023-10-01", "2023-12-31"),
        ("hoàn thành trong quý TIII/2024", "2024-07-01", "2024-09-30"),
        ("Thời gian thực hiện: năm 2024 - 2025", "2024-01-01", "2025-12-31"),
        ("từ ngày O1/11 đến ngày 3O/11/2O24", "2024-11-01", "2024-11-30"),
        ("Tháng 11/2024 và tháng 12/2024", "2024-11-01", "2024-12-31"),
        ("từ tháng 11/2024 đến cuối tháng 01/2025", "2024-11-01", "2025-01-31"),
    ],
)
def test_time_spans_as_ocr_reads_them(text: str, start: str, end: str) -> None:
    spans = find_spans(text, year=2024)
    assert [(s.start, s.end) for s in spans] == [(start, end)]


def test_quarter_numeral_that_is_no_quarter_gives_no_span() -> None:
    assert find_spans("thời hạn: Quý 7/2023", year=2023) == []


def test_hang_nam_inside_a_name_is_no_deadline() -> None:
    text = """II. NHIỆM VỤ

1. Phòng Văn hóa và Thông tin chủ trì xét chọn hồ sơ đề nghị Giải thưởng Sáng tạo trẻ hằng năm của huyện.

2. Hội Nông dân huyện vận động hội viên đăng ký danh hiệu "Nông dân sản xuất giỏi hằng năm" trong tháng 11/2024.

3. Các xã báo cáo kết quả về UBND huyện hằng quý.
"""
    found = find_deadlines(split_lines(text), year=2024, title=None)
    assert [(d.raw, d.kind) for d in found] == [
        ("trong tháng 11/2024", "month"),
        ("hằng quý", "recurring"),
    ]


def test_task_joined_across_a_wrapped_heading_and_a_blank_line() -> None:
    text = """II. NHIỆM VỤ

1. Rà soát danh sách hộ nghèo, hộ cận nghèo, hộ có mức sống trung bình trên
địa bàn xã

Chủ trì: Công chức Lao động - Thương binh và Xã hội; phối hợp: Trưởng các
thôn. Thời gian: trong tháng 10/2024.

2. Tuyên truyền chính sách giảm nghèo

Chủ trì: Đài Truyền thanh xã. Thời gian: thường xuyên.
"""
    found = find_deadlines(split_lines(text), year=2024, title=None)
    assert [(d.task, d.lead, d.kind) for d in found] == [
        (
            "Rà soát danh sách hộ nghèo, hộ cận nghèo, hộ có mức sống trung bình trên địa bàn xã",
            "Công chức Lao động - Thương binh và Xã hội",
            "month",
        ),
        ("Tuyên truyền chính sách giảm nghèo", "Đài Truyền thanh xã", "recurring"),
    ]


def test_garbled_heading_numbers_open_their_own_task() -> None:
    text = """II. NHIỆM VỤ

1. Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí; hoàn thành trước ngày 30/9/2024.

.2. Phòng Nội vụ tổng hợp danh sách khen thưởng trước ngày 15/10/2024.

3, Thời gian tổ chức Hội nghị tổng kết: dự kiến trong tháng 12/2024.
"""
    assert NUMBERED.match(".2. Phòng Nội vụ") and NUMBERED.match("3, Thời gian")
    assert not NUMBERED.match("3, 4 và 5")
    title = "Tổ chức Hội nghị tổng kết công tác năm 2024"
    found = find_deadlines(split_lines(text), year=2024, title=title)
    assert [(d.lead, d.end) for d in found][:2] == [
        ("Phòng Tài chính - Kế hoạch", "2024-09-30"),
        ("Phòng Nội vụ", "2024-10-15"),
    ]
    assert (found[2].task, found[2].kind) == (title, "tentative")


def test_task_table_whose_header_ocr_ran_together() -> None:
    text = """| TT | Nội dung | Cơ quanchủ ' trì | Cơ quanphối ' hợp | Thời gỉan |
| 1 | Tập huấn nghiệp vụ văn thư | Văn phòng UBND xã | Công chức Tư pháp | Quý III/2024 |
"""
    found = find_deadlines(split_lines(text), year=2024, title=None)
    assert [(d.task, d.lead, d.support, d.kind) for d in found] == [
        ("Tập huấn nghiệp vụ văn thư", "Văn phòng UBND xã", ("Công chức Tư pháp",), "quarter")
    ]


def test_recurring_time_whose_space_ocr_lost_and_a_speck_after_the_cell() -> None:
    text = """| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
| 1 | Đưa tin về cải cách hành chính | Đài Truyền thanh xã | Công chức Văn hóa | Hằngtuần . |
"""
    found = find_deadlines(split_lines(text), year=2024, title=None)
    assert [(d.task, d.raw, d.kind) for d in found] == [
        ("Đưa tin về cải cách hành chính", "Hằngtuần", "recurring")
    ]


_CLOSING_READ_FIRST = """Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./.

Nơi nhận:

- UBND huyện (b/c);

TT. Đảng ủy xã;

- CT; các PCT UBND xã;

- Các thôn, bản; Lò Văn Pấng

- Lưu: VI; VP.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
"""


def test_closing_whose_signer_column_ocr_read_first() -> None:
    fields = extract(_CLOSING_READ_FIRST).fields
    assert fields.signer.name == "Lò Văn Pấng"
    assert fields.signer.title == "Phó Chủ tịch"
    assert fields.recipients == (
        "UBND huyện (b/c)",
        "TT. Đảng ủy xã",  # its dash lost
        "CT, các PCT UBND xã",  # ';' read for the comma
        "Các thôn, bản",
        "Lưu: VT, VP",
    )


def test_signer_name_at_the_end_of_a_recipient_line_and_a_speck_in_it() -> None:
    text = """Nơi nhận: TM. ỦY BAN NHÂN DÂN
- UBND huyện; CHỦ TỊCH
- Các ban, ngành xã
- Các thôn, bản Hoàng Thị 'Lan
- Lưu VP.
"""
    fields = extract(text).fields
    assert fields.signer.name == "Hoàng Thị Lan"


def test_recipients_found_by_the_shape_of_the_list_when_the_label_is_garbled() -> None:
    text = """Nội dung kế hoạch./.

N0i nhẵn:
- UBND huyện (b/c);
- Đảng ủy xã;
- Các thôn, xóm;
- Lưu: VT.                                  TM. ỦY BAN NHÂN DÂN
                                             CHỦ TỊCH

                                             Hà Văn Sơn
"""
    fields = extract(text).fields
    assert fields.recipients == ("UBND huyện (b/c)", "Đảng ủy xã", "Các thôn, xóm", "Lưu: VT")
    assert fields.signer.name == "Hà Văn Sơn"


def test_digital_signature_lines_fill_a_missing_date_issuer_and_signer() -> None:
    text = """KẾ HOẠCH
Tổ chức ngày hội đọc sách năm 2024

Nội dung kế hoạch.

Ủy ban nhân dân xã Tân Hòa<ubndtanhoa@thainguyen.gov.vn> đã ký lên văn bản này!
2024-09-18T08:12:45+07:00
Trần Thị Mai<ttmai@thainguyen.gov.vn> đã ký lên văn bản này! 2024-09-18T09:00:01+07:00
"""
    found = extract(text)
    signed = found.fields.digital_signatures
    assert [(s.signer, s.email, s.timestamp) for s in signed] == [
        ("Ủy ban nhân dân xã Tân Hòa", "ubndtanhoa@thainguyen.gov.vn", "2024-09-18T08:12:45+07:00"),
        ("Trần Thị Mai", "ttmai@thainguyen.gov.vn", "2024-09-18T09:00:01+07:00"),
    ]
    fields = found.fields
    assert (fields.date.year, fields.date.month, fields.date.day) == (2024, 9, 18)
    assert fields.issuer == "Ủy ban nhân dân xã Tân Hòa"
    assert fields.signer.name == "Trần Thị Mai"
    inferred = [w for w in found.warnings if w.code == "field_inferred"]
    assert len(inferred) == 3


def test_signed_pdf_stamp_with_a_speck_in_the_email_and_the_day_unread() -> None:
    text = """ỦY BAN NHÂN DÂN
XÃ TÂN HÒA
Số: 45/KH-UBND
Tân Hòa, ngày 3? tháng 9 năm 2024

KẾ HOẠCH
Tổ chức ngày hội đọc sách năm 2024

Nội dung kế hoạch.

Ký bởi: Ủy ban nhân dân xã Tân Hòa
Email: ubndtanhoa(@thainguyen.gov.vn
Thời gian ký: 23.09.2024 10:15:32 +07:00
"""
    found = extract(text)
    (signed,) = found.fields.digital_signatures
    assert signed.email == "ubndtanhoa@thainguyen.gov.vn"
    assert signed.timestamp == "2024-09-23T10:15:32+07:00"
    assert found.fields.date.day == 23  # read from the stamp, and said so
    assert "field_inferred" in {w.code for w in found.warnings}
    assert found.fields.issuer == "Ủy ban nhân dân xã Tân Hòa"  # the header's own


def test_no_date_taken_from_a_signature_when_the_header_has_one() -> None:
    text = """ỦY BAN NHÂN DÂN
XÃ TÂN HÒA
Số: 45/KH-UBND
Tân Hòa, ngày 20 tháng 9 năm 2024

KẾ HOẠCH
Tổ chức ngày hội đọc sách năm 2024

Trần Thị Mai<ttmai@thainguyen.gov.vn> đã ký lên văn bản này! 2024-09-23T09:00:01+07:00
"""
    found = extract(text)
    assert (found.fields.date.day, found.fields.issuer) == (20, "Ủy ban nhân dân xã Tân Hòa")
    inferred = [w.message for w in found.warnings if w.code == "field_inferred"]
    assert inferred == ["signer's name taken from the digital signature: Trần Thị Mai"]


@pytest.mark.parametrize(
    ("number_line", "date_line"),
    [
        ("Số:      /KH-UBND", "Tân Hòa, ngày      tháng 9 năm 2024"),
        ("Số: .../KH-UBND", "Tân Hòa, ngày … tháng 9 năm 2024"),
        ("Số: ____/KH-UBND", "Tân Hòa, ngày ..... tháng 9 năm 2024"),
    ],
)
def test_blanks_left_for_a_hand_are_null_with_a_warning(number_line: str, date_line: str) -> None:
    text = f"""ỦY BAN NHÂN DÂN
XÃ TÂN HÒA
{number_line}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
{date_line}

KẾ HOẠCH
Tổ chức ngày hội đọc sách năm 2024

Để phát triển văn hóa đọc, UBND xã ban hành kế hoạch như sau.
"""
    found = extract(text)
    fields = found.fields
    assert fields.number is None and fields.symbol == "/KH-UBND"
    assert (fields.date.year, fields.date.month, fields.date.day) == (2024, 9, None)
    assert fields.date.raw == "ngày tháng 9 năm 2024"
    assert {"no_number", "no_day"} <= {w.code for w in found.warnings}


def test_speck_after_a_comma_is_dropped() -> None:
    (line,) = split_lines("- Các phòng,.ban chuyên môn thuộc UBND xã")
    assert line.text == "- Các phòng, ban chuyên môn thuộc UBND xã"
    (line,) = split_lines("về Cơ quan thường trực Ban. Chỉ đạo xã; gửi về Sở. Sau đó")
    assert line.text == "về Cơ quan thường trực Ban Chỉ đạo xã; gửi về Sở. Sau đó"


def test_signer_titles_with_a_wrong_mark_left_by_restoration() -> None:
    text = """Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHU TỊCH
PHÓ CHU TỊCH

Nguyễn Văn Bình
"""
    signer = extract(text).fields.signer
    assert (signer.authority, signer.title, signer.name) == (
        "KT. Chủ tịch",
        "Phó Chủ tịch",
        "Nguyễn Văn Bình",
    )


def test_recipient_items_tidied_of_ocr_slips() -> None:
    text = """Nơi nhận:
- TT. Huyện Ủy (b/c);
- Các đơn vị có tên tại mục lI;
- Các xã thuộc mục 1;
- Lưu: VT CA.
"""
    assert extract(text).fields.recipients == (
        "TT. Huyện ủy (b/c)",
        "Các đơn vị có tên tại mục II",
        "Các xã thuộc mục 1",
        "Lưu: VT, CA",
    )


def test_a_name_dash_ocr_read_twice_across_a_blank_line() -> None:
    text = """II. NHIỆM VỤ

3. Phòng Văn hóa và Thông tin chủ trì, phối hợp với Trung tâm Văn hóa -

- Thể thao huyện tuyên truyền về ngày hội; thời gian thực hiện từ ngày 01/9/2024 đến ngày 15/9/2024.
"""
    (found,) = find_deadlines(split_lines(text), year=2024, title=None)
    assert found.lead == "Phòng Văn hóa và Thông tin"
    assert found.support == ("Trung tâm Văn hóa - Thể thao huyện",)


@pytest.mark.parametrize(
    ("name", "tidy"),
    [
        # a unit word with the wrong marks where a name ends
        ("Trung tâm Y tế tinh", "Trung tâm Y tế tỉnh"),
        ("Các sở, ban, ngành tĩnh; UBND các huyện", "Các sở, ban, ngành tỉnh; UBND các huyện"),
        ("Đội Kiểm tra quan", "Đội Kiểm tra quận"),
        # 'Số' for the department 'Sở'
        ("Số Xây dựng", "Sở Xây dựng"),
        ("Văn phòng Số", "Văn phòng Sở"),
        # a head written in full whose marks OCR lost
        ("Uy ban nhân dân huyện Bắc Sa", "Ủy ban nhân dân huyện Bắc Sa"),
        ("Thủ tưởng Chính phủ", "Thủ tướng Chính phủ"),
        # spaces OCR lost or specks it read, an abbreviation a letter off
        ("SởXây dựng", "Sở Xây dựng"),
        ("Đài Truyền thanh xãtỉnh", "Đài Truyền thanh xã tỉnh"),
        ("Sở Nông . nghiệp và PINT -", "Sở Nông nghiệp và PTNT"),
        # a branch a department is named after, its marks got wrong
        ("Sở Thông tin và Truyền thống", "Sở Thông tin và Truyền thông"),
        ("Phòng Tài nguyên và Mội trường huyện", "Phòng Tài nguyên và Môi trường huyện"),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hoá, Thể thao và Du lịch"),
        # names that end with the letters of a unit word, and right names, left alone
        ("Chi cục Hải quan", "Chi cục Hải quan"),
        ("Các sở, ngành, địa phương", "Các sở, ngành, địa phương"),
        ("Tổ dân phố số 2", "Tổ dân phố số 2"),
        ("Uỷ ban nhân dân xã Tân Phong", "Uỷ ban nhân dân xã Tân Phong"),
    ],
)
def test_agency_names_read_through_slips(name: str, tidy: str) -> None:
    from extraction.agencies import tidy_name

    assert tidy_name(name) == tidy


def test_digital_signature_read_through_slips_in_the_head_and_the_domain() -> None:
    text = (
        "Nguyễn Văn An\nKý bởi: Uy ban nhân dân huyện Bắc Sa\nEmail: ubnd@bacsa.øov.vn\n"
        "Thời gian ký: 2024-03-05T09:15:42+07:00"
    )
    signed = extract(text).fields.digital_signatures
    assert [(s.signer, s.email) for s in signed] == [
        ("Ủy ban nhân dân huyện Bắc Sa", "ubnd@bacsa.gov.vn")
    ]


@pytest.mark.parametrize("about", ["về", "vệ", "Về"])
def test_cited_issuer_ends_before_about_whatever_its_mark(about: str) -> None:
    from extraction.citations import find_citations

    text = f"Căn cứ Kế hoạch số 8/KH-UBND ngày 02/7/2020 của UBND tỉnh Hạ Lam {about} trồng cây;"
    cited = find_citations(text)
    assert [(c.issuer, c.subject) for c in cited] == [("UBND tỉnh Hạ Lam", "trồng cây")]


def test_signer_holding_two_offices_with_a_signed_mark_before_the_name() -> None:
    text = (
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, TH (2b).\nBỘ TRƯỞNG, CHỦ NHIỆM\n(Đã ký)\nTrần Văn Bình"
    )
    signer = extract(text).fields.signer
    assert (signer.name, signer.title) == ("Trần Văn Bình", "Bộ trưởng, Chủ nhiệm")


@pytest.mark.parametrize(
    ("unit_line", "symbol", "issuer", "warned"),
    [
        ("TỈNH HÀ GIANG", "7/QĐ-UBND", "Ủy ban nhân dân tỉnh Hà Giang", True),
        ("HUYỆN VỊ XUYÊN", "7/NQ-HĐND", "Hội đồng nhân dân huyện Vị Xuyên", True),
        # a code that names no body: the line as printed, nothing added
        ("XÃ TÂN PHONG", "7/QĐ-CAX", "xã Tân Phong", False),
    ],
)
def test_issuer_whose_first_line_was_lost_completed_from_the_symbol(
    unit_line: str, symbol: str, issuer: str, warned: bool
) -> None:
    text = (
        f"{unit_line}\nSố: {symbol}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHà Giang, ngày 3 tháng 4 năm 2023\nQUYẾT ĐỊNH\n"
        "Về việc kiểm tra công tác văn thư\nCăn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;"
    )
    result = extract(text)
    assert result.fields.issuer == issuer
    completed = [w for w in result.warnings if "symbol's code" in w.message]
    assert bool(completed) == warned


# A text layer that lost every letter outside its legacy font's range, flattened to one line.
_LOST_LETTERS = (
    "U BAN NHÂN DÂN T NH H LAM C NG HOÀ XÃ H I CH NGHĨA VI T NAM Đ c l p – T do – H nh phúc "
    "S 45/QĐ-UBND Bắc Sa, ngày 3 tháng 4 năm 2021 QUY T Đ NH V vi c ki m tra công tác văn thư "
    "CH T CH U BAN NHÂN DÂN T NH H LAM Căn c Lu t Lưu tr ngày 11 tháng 11 năm 2011;"
)


def test_header_of_a_text_layer_that_lost_letters() -> None:
    result = extract(_LOST_LETTERS)
    fields = result.fields
    assert (fields.number, fields.symbol, fields.doc_type) == ("45", "45/QĐ-UBND", "Quyết định")
    assert (fields.place, fields.date.iso) == ("Bắc Sa", "2021-04-03")
    assert (fields.issuer or "").casefold() == "u ban nhân dân t nh h lam"
    assert fields.title is None  # what is left of it is not read as a title: null, warned
    assert "no_title" in {w.code for w in result.warnings}


def test_a_lone_s_before_a_symbol_is_no_label_in_a_text_that_kept_its_letters() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HẠ LAM\nS 45/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nBắc Sa, ngày 3 tháng 4 năm 2021\nQUYẾT ĐỊNH\n"
        "Về việc kiểm tra công tác văn thư"
    )
    assert extract(text).fields.symbol is None


@pytest.mark.parametrize(
    "date_line",
    [
        "Bắc Sa, ngày 3 tháng 4 nărn 2023",  # 'rn' read for 'm'
        "Bắc Sa. ngày 3 tháng 4 năm 2023",  # a stop read for the comma
        "Bắc Sa; ngày 3 tháng 4 năm 2023",
    ],
)
def test_place_and_date_through_ocr_slips_of_the_date_line(date_line: str) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nHUYỆN BẮC SA\nSố: 7/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\n{date_line}\nKẾ HOẠCH\nKiểm tra công tác văn thư"
    )
    fields = extract(text).fields
    assert (fields.place, fields.date.iso) == ("Bắc Sa", "2023-04-03")


@pytest.mark.parametrize(
    ("issuer_lines", "issuer"),
    [
        ("ỦY BAN NHẢN DÂN\nHUYỆN BẮC SA", "Ủy ban nhân dân huyện Bắc Sa"),
        ("HỘI ĐỒNG NHÂN DẢN\nHUYỆN BẮC SA", "Hội đồng nhân dân huyện Bắc Sa"),
        ("UỶ BAN NHÂN DÂN\nHUYỆN BẮC SA", "Uỷ ban nhân dân huyện Bắc Sa"),  # old spelling kept
    ],
)
def test_issuer_head_whose_marks_ocr_changed(issuer_lines: str, issuer: str) -> None:
    text = (
        f"{issuer_lines}\nSố: 7/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nBắc Sa, ngày 3 tháng 4 năm 2023\nKẾ HOẠCH\nKiểm tra"
    )
    assert extract(text).fields.issuer == issuer


@pytest.mark.parametrize("label", ["Ký bởi", "Được ký bởi", "Ký số bởi", "Người ký"])
def test_signed_pdf_stamp_labels(label: str) -> None:
    text = f"{label}: Sở Tư pháp tỉnh Hạ Lam\nNgày ký: 05.03.2024 09:15:42 +07:00"
    signed = extract(text).fields.digital_signatures
    assert [(s.signer, s.timestamp) for s in signed] == [
        ("Sở Tư pháp tỉnh Hạ Lam", "2024-03-05T09:15:42+07:00")
    ]


def test_recipients_read_through_wrong_marks() -> None:
    text = (
        "Đề nghị các cơ quan thực hiện./.\n\nNơi nhận:\n- Như thành phần mới;\n"
        "- UBND huyện Bắc Sa (de b/c);\n- TT Quân ủy, TT HĐND quận (thầy b/c);\n"
        "- Công an tịnh (PA03) (b/c);\n- Các cơ quan, đơn vị quân;\n- TT. Thị uỷ;\n- Lưu: VT.\n\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLò Văn Sáng"
    )
    assert extract(text).fields.recipients == (
        "Như thành phần mời",
        "UBND huyện Bắc Sa (để b/c)",
        "TT Quận ủy, TT HĐND quận (thay b/c)",
        "Công an tỉnh (PA03) (b/c)",
        "Các cơ quan, đơn vị quận",
        "TT. Thị uỷ",  # the old placement of the mark is no slip
        "Lưu: VT",
    )


def test_cited_type_code_read_without_its_d_stroke() -> None:
    from extraction.citations import find_citations

    text = "Thực hiện Công điện số 15/CD-TTg ngày 5/10/2020 của Thủ tướng Chính phủ về phòng lũ;"
    assert [c.symbol for c in find_citations(text)] == ["15/CĐ-TTg"]


def test_signed_pdf_stamp_label_with_a_wrong_mark() -> None:
    text = "Kỳ bởi: Sở Tư pháp tỉnh Hạ Lam\nThời gian ký: 05.03.2024 09:15:42 +07:00"
    assert [s.signer for s in extract(text).fields.digital_signatures] == ["Sở Tư pháp tỉnh Hạ Lam"]


@pytest.mark.parametrize(
    ("marks", "urgency", "secrecy"),
    [
        ("HỎA\nTỐC", "HỎA TỐC", None),  # broken over two lines
        ("KHẨN  MẬT", "KHẨN", "MẬT"),  # two cells of one line
        ("HỎA TỐC - MẬT", "HỎA TỐC", "MẬT"),
        ("TỐI MẬT", None, "TỐI MẬT"),
    ],
)
def test_urgency_and_secrecy_marks_however_laid_out(
    marks: str, urgency: str | None, secrecy: str | None
) -> None:
    text = (
        "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN BẮC SA  Độc lập - Tự do - Hạnh phúc\n"
        "Số: 7/UBND-VX  Bắc Sa, ngày 3 tháng 4 năm 2023\n"
        f"V/v kiểm tra công tác văn thư\n{marks}\nKính gửi: Các cơ quan, đơn vị.\nNội dung."
    )
    fields = extract(text).fields
    assert (fields.urgency, fields.secrecy) == (urgency, secrecy)
    assert fields.title == "kiểm tra công tác văn thư"


@pytest.mark.parametrize(
    ("title_lines", "title"),
    [
        # a blank line OCR put inside a title in capitals
        ("TRIỂN KHAI CÔNG TÁC\n\nVĂN THƯ NĂM 2024", "TRIỂN KHAI CÔNG TÁC VĂN THƯ NĂM 2024"),
        # a blank line before the line naming the deciding body, or a section, ends it
        ("VỀ VIỆC KIỂM TRA\n\nỦY BAN NHÂN DÂN HUYỆN BẮC SA", "VỀ VIỆC KIỂM TRA"),
        ("TRIỂN KHAI CÔNG TÁC VĂN THƯ\n\nI. MỤC ĐÍCH", "TRIỂN KHAI CÔNG TÁC VĂN THƯ"),
    ],
)
def test_title_in_capitals_across_a_blank_line(title_lines: str, title: str) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nHUYỆN BẮC SA\nSố: 7/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nBắc Sa, ngày 3 tháng 4 năm 2024\nKẾ HOẠCH\n"
        f"{title_lines}\nCăn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;"
    )
    assert extract(text).fields.title == title


@pytest.mark.parametrize(
    ("cited", "symbol"),
    [
        ("Nghị quyết số 18NQ/TW ngày 25/10/2017", "18NQ/TW"),  # the hyphen a PDF lost
        ("Chỉ thị số 07/1999/CT/UB ngày 01/7/1999", "07/1999/CT/UB"),  # agency after a slash
        ("Tờ trình số 41TTr-SNV ngày 02/3/2004", "41TTr-SNV"),  # the slash lost
    ],
)
def test_cited_symbols_of_old_and_damaged_forms(cited: str, symbol: str) -> None:
    from extraction.citations import find_citations

    assert [c.symbol for c in find_citations(f"Căn cứ {cited} của Ban Thường vụ;")] == [symbol]


@pytest.mark.parametrize("dash", ["~", "–", "—", "=", "*"])
def test_recipient_whose_dash_ocr_misread_keeps_the_list_going(dash: str) -> None:
    text = f"""Các đơn vị báo cáo kết quả về Ủy ban nhân dân xã./.

Nơi nhận:
- Phòng Nội vụ huyện (b/c);
{dash}TT Đảng ủy, HĐND xã;
- Các đoàn thể xã;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lò Văn Thắng
"""
    fields = extract(text).fields
    assert fields.recipients == (
        "Phòng Nội vụ huyện (b/c)",
        "TT Đảng ủy, HĐND xã",
        "Các đoàn thể xã",
        "Lưu: VT",
    )


# --------------------------------------------------------------------------- written by hand

HAND_HEADER = (
    "BỘ NÔNG NGHIỆP\nSố: {number} /2024/TT-BNN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày {day} tháng 5 năm 2024\nTHÔNG TƯ\n"
    "Quy định về giống cây trồng\nCăn cứ Luật Trồng trọt số 31/2018/QH14 ngày 19/11/2018;\n"
    "Điều 1. Giống được công nhận trong các năm 2019, 2020 và 2021 giữ nguyên tên."
)


@pytest.mark.parametrize("marks", ["g7", "5 ‡", "#8", "3 4"])
def test_a_number_ocr_made_marks_of_is_left_unread(marks: str) -> None:
    result = extract(HAND_HEADER.format(number=marks, day="14"))
    assert (result.fields.number, result.fields.symbol) == (None, "/2024/TT-BNN")
    assert "no_number" in {w.code for w in result.warnings}


@pytest.mark.parametrize("marks", ["#8", "' ,"])
def test_a_day_ocr_made_marks_of_leaves_the_year(marks: str) -> None:
    date = extract(HAND_HEADER.format(number="12", day=marks).replace(" 5 năm", " năm")).fields.date
    assert (date.year, date.month, date.day) == (2024, None, None)


def test_a_document_cited_in_the_header_zone_is_not_its_number() -> None:
    """The heading lost to a stamp, so the title sentence is still in the header zone."""
    text = (
        "BỘ NÔNG NGHIỆP\nSố: #1 /2024/TT-BNN\nHà Nội, ngày) th@y\nN \\ mông TƯ\n"
        "Bãi bỏ khoản 3 Điều 2 của Thông tư số 07/2022/TT-BNN ngày 2 tháng 6 năm 2022\n"
        "Căn cứ Luật Trồng trọt;"
    )
    fields = extract(text).fields
    assert fields.symbol == "/2024/TT-BNN" and fields.date.year is None


def _page(text: str, tall: dict[str, int]) -> OcrPage:
    """A page of ``text`` whose words are 27 px high (the typed figures too), except those
    given a height in ``tall``."""
    words = []
    for index, line in enumerate(text.split("\n")):
        x = 100
        for word in line.split():
            height = tall.get(word, 27)
            words.append(
                Word(
                    word,
                    (x, 100 + 40 * index, x + 20 * len(word), 100 + 40 * index + height),
                    91.0,
                    index,
                )
            )
            x += 20 * len(word) + 15
    return OcrPage(number=1, width=1700, height=2400, text=text, words=tuple(words))


def test_figures_written_by_hand_are_reported_not_guessed() -> None:
    text = HAND_HEADER.format(number="245", day="14")
    typed = extract(text, pages=(_page(text, {}),))
    assert (typed.fields.symbol, typed.fields.date.day) == ("245/2024/TT-BNN", 14)
    written = extract(text, pages=(_page(text, {"245": 37, "14": 36}),))
    assert (written.fields.number, written.fields.symbol) == (None, "/2024/TT-BNN")
    assert (written.fields.date.year, written.fields.date.month, written.fields.date.day) == (
        2024,
        5,
        None,
    )
    messages = [w.message for w in written.warnings if w.code in ("no_number", "no_day")]
    assert len(messages) == 2 and "'245'" in messages[0] and "'14'" in messages[1]


@pytest.mark.parametrize(
    ("line", "symbol"),
    [
        ("Số: 12/QĐ UBND", "12/QĐ-UBND"),
        ("Số: /2024/TT BNN", "/2024/TT-BNN"),
        ("Số: 12/QĐ-UBND", "12/QĐ-UBND"),
        ("Số: 12/QĐ UBND huyện Tam Lâm", "12/QĐ"),  # words going on: no code of the symbol
    ],
)
def test_the_dash_before_the_issuing_code_lost_at_the_end_of_the_line(
    line: str, symbol: str
) -> None:
    text = f"BỘ NÔNG NGHIỆP\n{line}\nHà Nội, ngày 3 tháng 5 năm 2024\nQUYẾT ĐỊNH\nVề giống"
    assert extract(text).fields.symbol == symbol


@pytest.mark.parametrize(
    ("lines", "issuer"),
    [
        ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
        ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội"),
        ("SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH", "Sở Văn hoá, Thể thao và Du lịch"),  # as printed
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        ("UBND TỈNH HẠ LAM\nSỞ CÔNG THƯƠNG", "Sở Công Thương"),
    ],
)
def test_issuers_named_after_a_branch_keep_its_capitals(lines: str, issuer: str) -> None:
    text = f"{lines}\nSố: 21/2026/TT-BCT\nHà Nội, ngày 28 tháng 4 năm 2026\nTHÔNG TƯ\nQuy định"
    assert extract(text).fields.issuer == issuer


def test_a_cited_number_parted_by_a_broken_stroke_is_one_number() -> None:
    from extraction.citations import find_citations

    text = (
        "Căn cứ Nghị định số 3 0/2023/NĐ-CP của Chính phủ, được sửa đổi bởi Nghị định số "
        "1 57/2024/NĐ-CP; Luật Thủy lợi số 0 8/2017/QH14 ngày 19/6/2017;"
    )
    found = [c.symbol for c in find_citations(text)]
    assert found == ["30/2023/NĐ-CP", "157/2024/NĐ-CP", "08/2017/QH14"]


def test_an_expression_in_brackets_after_another_is_found_from_the_bracket() -> None:
    # ``_explains`` looks back from the last bracket, where a block may hold thousands of
    # expressions; it answers as reading the text after each earlier one would
    import random
    import re

    from extraction.deadlines import _CUE, _cue_from, _explains
    from extraction.timex import TimeSpan

    rng = random.Random(3)
    for _ in range(300):
        text = "".join(rng.choice("ab (). ;:\n") for _ in range(60))
        spans = sorted(rng.sample(range(61), 8))
        earlier = [TimeSpan("day", None, None, b, b) for b in spans[:-1]]
        span = TimeSpan("day", None, None, spans[-1], spans[-1] + 1)
        read = any(re.fullmatch(r"\s*\([^()]*", text[e.stop : span.begin]) for e in earlier)
        assert _explains(text, span, earlier) == read
        # a cue ending where the expression starts is found from near it, as from the start
        words = "".join(rng.choice(["trước ", "hạn ", "x ", ": ", ". ", "  "]) for _ in range(12))
        end = rng.randrange(len(words) + 1)
        near, whole = _CUE.search(words, _cue_from(words, end), end), _CUE.search(words, 0, end)
        assert (near and near.span()) == (whole and whole.span())


def test_the_sentence_of_a_time_is_read_only_as_far_as_it() -> None:
    import random

    from extraction.deadlines import _SENTENCE, _sentence_of

    rng = random.Random(5)
    for _ in range(300):
        item = "Giao " + "".join(
            rng.choice(["Giao ", "xa ", "30/6. ", "Ba. ", "a", ". ", "  "]) for _ in range(70)
        )
        item += rng.choice(["", ". Ba zz"])  # a time in the last sentence only
        when = rng.choice(["30/6", "Ba", "xa", "zz"])
        first = next((s for s in _SENTENCE.split(item) if when in s), item)
        if len(item) >= 200 or _SENTENCE.search(item):
            assert _sentence_of(item, when) == first
