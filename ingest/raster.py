"""Page images from a stored original: PDF pages rasterised by poppler, image frames."""

from __future__ import annotations

import math
from pathlib import Path

from pdf2image import convert_from_path, pdfinfo_from_path
from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError
from PIL import Image, ImageOps

from core.errors import CorruptFile, ResourceMissing
from ingest.sniff import PDF


def render_page(
    path: Path, media_type: str, number: int, *, dpi: int = 300, max_pixels: int = 60_000_000
) -> Image.Image:
    """Page ``number`` (1-based) of the file at ``path`` as an RGB or grey image."""
    if media_type == PDF:
        return _render_pdf_page(path, number, dpi=dpi, max_pixels=max_pixels)
    with Image.open(path) as img:
        img.seek(number - 1)
        frame = ImageOps.exif_transpose(img.copy())
    if frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGB")
    return frame


def _render_pdf_page(path: Path, number: int, *, dpi: int, max_pixels: int) -> Image.Image:
    try:
        info = pdfinfo_from_path(str(path), first_page=number, last_page=number)
        dpi = _fit_dpi(info, dpi=dpi, max_pixels=max_pixels)
        images = convert_from_path(
            str(path), dpi=dpi, first_page=number, last_page=number, thread_count=1
        )
    except PDFInfoNotInstalledError:
        raise ResourceMissing(
            "poppler is not installed; run `apt-get install poppler-utils`."
        ) from None
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise CorruptFile(f"page {number} of the PDF cannot be rendered: {exc}") from None
    if not images:
        raise CorruptFile(f"page {number} of the PDF rendered to nothing.")
    return images[0]


def _fit_dpi(info: dict[str, object], *, dpi: int, max_pixels: int) -> int:
    """Lower the resolution for oversized pages (maps, A0 plans) to stay under max_pixels."""
    size = str(info.get("Page size", ""))
    try:
        parts = size.split()
        width_pt, height_pt = float(parts[0]), float(parts[2])
    except (IndexError, ValueError):
        return dpi
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    if pixels <= max_pixels:
        return dpi
    return max(72, int(dpi * math.sqrt(max_pixels / pixels)))
