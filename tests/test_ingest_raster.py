"""Rasterising for reading: a scanned page's own image, other pages rendered in grey."""

from __future__ import annotations

import io
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pytest
from PIL import Image

from ingest.raster import render
from ingest.sniff import PDF
from tests.conftest import render_lines, to_bytes

LINES = ["ỦY BAN NHÂN DÂN XÃ BÌNH AN", "Số: 41/KH-UBND", "Kế hoạch kiểm tra cuối năm"]


def scanned_pdf(tmp_path: Path, image: Image.Image | bytes, *, dpi: int) -> Path:
    """A one-page PDF that is ``image`` as it is stored (img2pdf embeds it unchanged)."""
    path = tmp_path / "scan.pdf"
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    stored = image if isinstance(image, bytes) else to_bytes(image, "PNG")
    path.write_bytes(img2pdf.convert(stored, layout_fun=layout))
    return path


def with_text_over(path: Path) -> Path:
    """The same PDF with a line of text drawn over its image."""
    pdf = pikepdf.open(path)
    page = pdf.pages[0]
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.Resources.Font = pikepdf.Dictionary(F1=font)
    page.contents_add(pdf.make_stream(b"BT /F1 40 Tf 72 72 Td (Da ky) Tj ET"), prepend=False)
    out = path.with_name("text-over.pdf")
    pdf.save(out)
    return out


def test_scanned_page_comes_as_its_own_pixels(tmp_path: Path) -> None:
    image = render_lines(LINES, dpi=200)
    page = render(scanned_pdf(tmp_path, image, dpi=200), PDF, 1, dpi=300, scanned=True)
    assert page.dpi == 200 and not page.reduced
    assert page.image.mode == "L" and page.image.size == image.size
    assert np.array_equal(np.asarray(page.image), np.asarray(image))


def test_jpeg_scan_is_decoded_as_stored(tmp_path: Path) -> None:
    image = render_lines(LINES, dpi=150).convert("RGB")
    stored = to_bytes(image, "JPEG", quality=80)
    page = render(scanned_pdf(tmp_path, stored, dpi=150), PDF, 1, scanned=True)
    with Image.open(io.BytesIO(stored)) as decoded:
        expected = np.asarray(decoded.convert("RGB"))
    assert page.image.size == image.size and page.dpi == 150
    assert np.array_equal(np.asarray(page.image), expected)  # the JPEG itself, decoded once


def test_scan_finer_than_asked_is_brought_to_the_asked_resolution(tmp_path: Path) -> None:
    image = render_lines(LINES, dpi=600)
    page = render(scanned_pdf(tmp_path, image, dpi=600), PDF, 1, dpi=300, scanned=True)
    assert page.dpi == 300 and not page.reduced
    assert abs(page.image.width - image.width / 2) <= 1


def test_text_drawn_over_a_scan_is_rendered_with_it(tmp_path: Path) -> None:
    image = render_lines(LINES, dpi=200)
    plain = scanned_pdf(tmp_path, image, dpi=200)
    page = render(with_text_over(plain), PDF, 1, dpi=300, scanned=True)
    assert page.dpi == 300 and page.image.mode == "L"
    assert abs(page.image.width - image.width * 3 / 2) <= 2
    # the drawn words are on the page read: ink the scan alone does not have
    scan_alone = np.asarray(render(plain, PDF, 1, dpi=300).image.convert("L"))
    added = (np.asarray(page.image) < 128) & (scan_alone > 200)
    assert added.sum() > 500


def test_turned_scan_is_rendered_as_shown(tmp_path: Path) -> None:
    image = render_lines(LINES, dpi=200)
    path = scanned_pdf(tmp_path, image, dpi=200)
    pdf = pikepdf.open(path)
    pdf.pages[0].Rotate = 90
    turned = tmp_path / "turned.pdf"
    pdf.save(turned)
    page = render(turned, PDF, 1, dpi=200, scanned=True)
    assert abs(page.image.width - image.height) <= 2
    assert abs(page.image.height - image.width) <= 2


@pytest.mark.parametrize("scanned", [True, False])
def test_page_without_a_scan_is_rendered_at_the_asked_resolution(
    tmp_path: Path, scanned: bool
) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    path = tmp_path / "blank.pdf"
    pdf.save(path)
    page = render(path, PDF, 1, dpi=100, scanned=scanned)
    assert abs(page.image.width - 827) <= 1 and abs(page.image.height - 1169) <= 1
    assert page.image.mode == ("L" if scanned else "RGB")


def test_scan_far_over_the_pixel_limit_is_rendered_to_fit(tmp_path: Path) -> None:
    image = render_lines(LINES, dpi=300)
    page = render(
        scanned_pdf(tmp_path, image, dpi=300), PDF, 1, dpi=300, max_pixels=100_000, scanned=True
    )
    assert page.reduced and page.image.width * page.image.height <= 100_000
