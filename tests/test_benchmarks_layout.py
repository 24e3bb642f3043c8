"""benchmarks.layout: a test document's text split into the columns of the Decree 30 layout."""

from __future__ import annotations

import pytest

from benchmarks.extraction import strip_marks
from benchmarks.layout import lay_out, missing_words, paragraphs

TEXT = """UBND TỈNH PHÚ YÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ Độc lập - Tự do - Hạnh phúc

Số: 3175 /SYT-NVY Phú Yên, ngày 17 tháng 9 năm 2021
V/v triển khai tiêm vắc xin phòng
COVID-19 đợt 5 trên địa bàn tỉnh
HỎA TỐC

Kính gửi: Bệnh viện Đa khoa tỉnh.

Thực hiện Công văn số 4521/UBND-KGVX ngày 15/9/2021 của UBND tỉnh Phú Yên về
việc phân bổ vắc xin, Sở Y tế đề nghị:
1. Bệnh viện tiếp nhận vắc xin trước ngày 20/9/2021.

Nơi nhận: KT. GIÁM ĐỐC
- Như trên; PHÓ GIÁM ĐỐC
- Lưu: VT, NVY.

Trần Thị Minh Hạnh
Email: soyte@phuyen.gov.vn
"""


def test_lay_out_splits_the_shared_lines_into_columns() -> None:
    doc = lay_out(TEXT)
    assert doc.left == ("UBND TỈNH PHÚ YÊN", "SỞ Y TẾ")
    assert doc.right == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert doc.number == "Số: 3175 /SYT-NVY"
    assert doc.place_date == "Phú Yên, ngày 17 tháng 9 năm 2021"
    assert doc.under_number == (
        "V/v triển khai tiêm vắc xin phòng",
        "COVID-19 đợt 5 trên địa bàn tỉnh",
        "HỎA TỐC",
    )
    assert doc.recipients == ("Nơi nhận:", "- Như trên;", "- Lưu: VT, NVY.")
    assert doc.signer == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "~",
        "Trần Thị Minh Hạnh",
        "Email: soyte@phuyen.gov.vn",
    )
    assert missing_words(doc, TEXT) == []


def test_lay_out_reads_columns_laid_out_with_spaces() -> None:
    text = TEXT.replace("SỞ Y TẾ Độc lập", "SỞ Y TẾ" + " " * 20 + "Độc lập").replace(
        "- Như trên; PHÓ GIÁM ĐỐC", "- Như trên;" + " " * 30 + "PHÓ GIÁM ĐỐC"
    )
    doc = lay_out(text)
    assert doc.left == ("UBND TỈNH PHÚ YÊN", "SỞ Y TẾ")
    assert doc.signer[:2] == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_lay_out_refuses_a_second_number_in_the_header() -> None:
    text = TEXT.replace("Kính gửi:", "CÔNG VĂN ĐẾN\nSố: 1523\n\nKính gửi:")
    with pytest.raises(ValueError, match="second number"):
        lay_out(text)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng",
                "6 năm 2015;",
                "Căn cứ Luật B;",
            ],
            (
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                "Căn cứ Luật B;",
            ),
        ),
        (
            [
                "I. MỤC ĐÍCH",
                "Nâng cao nhận thức",
                "1. Một việc mà các cơ quan, đơn vị của huyện phải làm xong",
                "trước ngày 30/9/2023.",
            ],
            (
                "**I. MỤC ĐÍCH",
                "Nâng cao nhận thức",
                "1. Một việc mà các cơ quan, đơn vị của huyện phải làm xong trước ngày 30/9/2023.",
            ),
        ),
        (
            ["STT | Việc | Thời gian", "1 | Một | Quý II/2023"],
            ("| STT | Việc | Thời gian |", "| 1 | Một | Quý II/2023 |"),
        ),
        (
            [
                "| TT | Việc | Thời gian |",
                "|---|---|---|",
                "| 1 | Một | Từ ngày 05/3 đến |",
                "| | việc | ngày 09/3 |",
            ],
            ("| TT | Việc | Thời gian |", "| 1 | Một việc | Từ ngày 05/3 đến ngày 09/3 |"),
        ),
        (
            [
                "STT  Việc      Chủ trì     Thời gian",
                "1    Một việc  Công an xã  Quý IV",
                "     nữa",
            ],
            ("| STT | Việc | Chủ trì | Thời gian |", "| 1 | Một việc nữa | Công an xã | Quý IV |"),
        ),
    ],
)
def test_paragraphs_join_wrapped_lines_and_tables(
    lines: list[str], expected: tuple[str, ...]
) -> None:
    assert paragraphs(lines) == expected


def test_strip_marks_keeps_the_lines() -> None:
    assert strip_marks("Số: 12/QĐ-UBND\n\nĐắk Lắk") == "So: 12/QD-UBND\n\nDak Lak"


ATTACHED = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ TÂN PHONG Độc lập - Tự do - Hạnh phúc

Số: 41/QĐ-UBND Tân Phong, ngày 12 tháng 9 năm 2024

QUYẾT ĐỊNH
Phê duyệt danh mục việc cần làm năm 2024

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

Điều 1. Phê duyệt danh mục kèm theo Quyết định này.

Nơi nhận: CHỦ TỊCH
- Như Điều 1;
- Lưu: VT.

Hà Văn Sơn

DANH MỤC VIỆC CẦN LÀM
(Kèm theo Quyết định số 41/QĐ-UBND ngày 12/9/2024)

| TT | Việc | Chủ trì | Thời hạn |
| 1 | Sửa đường liên thôn | Công chức Địa chính | Quý IV/2024 |
"""


def test_an_attachment_after_the_signature_is_the_appendix_not_the_signer_block() -> None:
    doc = lay_out(ATTACHED)
    assert doc.signer == ("CHỦ TỊCH", "~", "Hà Văn Sơn")
    assert doc.appendix == (
        "DANH MỤC VIỆC CẦN LÀM",
        "(Kèm theo Quyết định số 41/QĐ-UBND ngày 12/9/2024)",
        "| TT | Việc | Chủ trì | Thời hạn |",
        "| 1 | Sửa đường liên thôn | Công chức Địa chính | Quý IV/2024 |",
    )
    assert not missing_words(doc, ATTACHED)


def test_the_attachment_is_drawn_on_a_page_of_its_own() -> None:
    from benchmarks.scans import render

    rendered = render(lay_out(ATTACHED), profile="clean")
    assert len(rendered.pages) == 2
    assert rendered.truth[1][0] == "DANH MỤC VIỆC CẦN LÀM"
    assert "Sửa đường liên thôn" in rendered.truth[1]


def test_an_issuer_too_wide_for_its_column_breaks_before_its_unit_word() -> None:
    from benchmarks.documents import Document
    from benchmarks.scans import render

    doc = Document(
        left=("UBND THÀNH PHỐ PHAN RANG - THÁP CHÀM", "ỦY BAN NHÂN DÂN PHƯỜNG ĐÔ VINH"),
        right=("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        number="Số: 5/KH-UBND",
        place_date="Đô Vinh, ngày 2 tháng 3 năm 2024",
        doc_type="KẾ HOẠCH",
        title=("Trồng cây năm 2024",),
    )
    truth = render(doc, profile="clean").truth[0]
    parent = truth[: truth.index("ỦY BAN NHÂN DÂN")]
    assert len(parent) == 2  # too wide with no unit word to break before: word by word
    assert " ".join(parent) == "UBND THÀNH PHỐ PHAN RANG - THÁP CHÀM"
    assert truth[len(parent) : len(parent) + 2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐÔ VINH"]
