from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfWriter

from core.errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedPdf,
    FileTooLarge,
    ImageTooLarge,
    ImageTooSmall,
    InvalidText,
    TooManyPages,
    TypeMismatch,
)
from core.options import Limits
from ingest import legacy, load
from ingest.load import DecodedText, decode_text, decode_text_with_encoding
from ingest.sniff import TEXT, sniff
from tests.conftest import render_lines, to_bytes


def _pdf(pages: int, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_load_text_is_nfc_and_counts_pages() -> None:
    decomposed = "Ke\u0302\u0301 hoa\u0323ch\fTrang hai\n"
    source = load(decomposed.encode(), filename="a.txt")
    assert source.media_type == "text/plain"
    assert source.text == "Kế hoạch\fTrang hai\n"
    assert source.pages == 2
    assert len(source.id) == 64


def test_load_text_strips_bom_and_crlf() -> None:
    source = load(b"\xef\xbb\xbfdong 1\r\ndong 2\r\n", filename="a.txt")
    assert source.text == "dong 1\ndong 2\n"


def test_load_pdf_counts_pages() -> None:
    source = load(_pdf(3), filename="plan.pdf")
    assert (source.media_type, source.pages, source.text) == ("application/pdf", 3, None)


def test_load_tiff_counts_frames() -> None:
    frames = [render_lines([f"Trang {n}"], dpi=100) for n in (1, 2, 3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    source = load(buf.getvalue(), filename="scan.tif")
    assert (source.media_type, source.pages) == ("image/tiff", 3)


@pytest.mark.parametrize(
    ("data", "error", "code"),
    [
        (b"%PDF-1.4\nthis is not really a pdf\n%%EOF", CorruptFile, "corrupt_file"),
        (_pdf(0), EmptyDocument, "empty_document"),
        (_pdf(1, password="secret"), EncryptedPdf, "encrypted_pdf"),
        (b"", EmptyDocument, "empty_document"),
        (b"Ke hoach \xff\xfe nam 2024", InvalidText, "invalid_text"),
        (b"   \n\n  ", EmptyDocument, "empty_document"),
        (b"\x89PNG\r\n\x1a\ntruncated", CorruptFile, "corrupt_file"),
    ],
)
def test_load_bad_input_raises_clear_error(data: bytes, error: type, code: str) -> None:
    with pytest.raises(error) as info:
        load(data, filename="upload.bin")
    assert info.value.code == code
    assert "upload.bin" in info.value.message


def test_load_one_pixel_image_is_too_small() -> None:
    with pytest.raises(ImageTooSmall) as info:
        load(to_bytes(Image.new("L", (1, 1), 255), "PNG"), filename="dot.png")
    assert "1x1" in info.value.message


def test_load_80_megapixel_image_is_read_reduced_or_refused_past_four_times_the_limit() -> None:
    huge = to_bytes(Image.new("1", (8000, 10000), 1), "PNG")  # 80 MP, a few KB as PNG
    assert load(huge, filename="plan.png").pages == 1  # over 60 MP: reduced when read
    with pytest.raises(ImageTooLarge) as info:
        load(huge, filename="huge.png", limits=Limits(max_pixels=10_000_000))
    assert "80 megapixels" in info.value.message and "at most 40" in info.value.message


def test_load_enforces_size_and_page_limits() -> None:
    with pytest.raises(FileTooLarge):
        load(b"x" * 2048, filename="a.txt", limits=Limits(max_bytes=1024))
    with pytest.raises(TooManyPages):
        load(_pdf(3), filename="a.pdf", limits=Limits(max_pages=2))


_PLAN = "Kế hoạch số 12/KH-UBND của Ủy ban nhân dân xã về việc tổ chức Ngày hội Đại đoàn kết.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_load_utf16_with_a_byte_order_mark(codec: str) -> None:
    mark = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    data = mark + _PLAN.encode(codec)
    assert sniff(data) == TEXT
    source = load(data, filename="plan.txt")
    assert (source.media_type, source.text) == ("text/plain", _PLAN)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258", "viqr"])
def test_load_legacy_text_converts_it_and_says_so(encoding: str) -> None:
    plan = _PLAN.replace("Ủy", "UBND")  # TCVN3 has one code for "Ủ" and "ủ"
    data = legacy.encode(plan, encoding)
    assert load(data, filename="plan.txt").text == plan
    assert decode_text_with_encoding(data, filename="plan.txt") == DecodedText(plan, encoding)
    assert decode_text_with_encoding(data, filename="plan.txt").converted


def test_decode_text_keeps_utf8_as_it_is() -> None:
    decoded = decode_text_with_encoding(_PLAN.encode(), filename="plan.txt")
    assert (decoded.text, decoded.encoding, decoded.converted) == (_PLAN, "utf-8", False)
    assert decode_text(b"Ke hoach\r\nso 12", filename="a.txt") == "Ke hoach\nso 12"


def test_load_text_nobody_can_read_names_the_closest_encoding() -> None:
    damaged = legacy.encode(_PLAN.replace("Ủy", "UBND"), "tcvn3") + b" \xc0\xc1" * 20
    with pytest.raises(InvalidText) as info:
        load(damaged, filename="old.txt")
    assert "old.txt is not valid UTF-8" in info.value.message
    assert "TCVN3 (ABC)" in info.value.message
    assert info.value.details["encoding"] == "tcvn3"


@pytest.mark.parametrize("name", ["scan.pdf", "page.PNG", "photo.jpg", "photo.jpeg", "fax.tif"])
def test_load_text_named_as_a_pdf_or_an_image_is_a_type_mismatch(name: str) -> None:
    with pytest.raises(TypeMismatch) as info:
        load(_PLAN.encode(), filename=name)
    assert (info.value.code, info.value.http_status) == ("type_mismatch", 415)
    assert name in info.value.message
    assert "its bytes are text" in info.value.message
    assert "rename it to .txt" in info.value.message


@pytest.mark.parametrize("name", ["plan.txt", "plan.md", "plan", "plan.TXT"])
def test_load_text_with_a_text_name_or_none_is_text(name: str) -> None:
    assert load(_PLAN.encode(), filename=name).text == _PLAN
