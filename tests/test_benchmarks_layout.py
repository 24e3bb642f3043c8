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
