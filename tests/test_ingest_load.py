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
)
from core.options import Limits
from ingest import load
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
