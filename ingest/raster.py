"""Page images from a stored original: PDF pages rasterised by poppler, image frames."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pdf2image import convert_from_path, pdfinfo_from_path
from pdf2image.exceptions import (
    PDFInfoNotInstalledError,
    PDFPageCountError,
    PDFPopplerTimeoutError,
    PDFSyntaxError,
)
from PIL import Image, ImageOps

from core.errors import CorruptFile, PageTimeout, ResourceMissing
from ingest.sniff import PDF

# An image is decoded whole before it can be reduced: images up to this many times the
# pixel limit are reduced to fit it (a large-format scan); larger ones are refused by load().
DECODE_FACTOR = 4
# Pillow's own guard would stop large-format pages; load() checks sizes before decoding.
Image.MAX_IMAGE_PIXELS = None
RENDER_TIMEOUT = 300.0  # seconds poppler may take on one page


@dataclass(frozen=True, slots=True)
class Rendered:
    image: Image.Image
    dpi: int | None  # the resolution a PDF page was rendered at (None for an image)
    reduced: bool  # brought under the pixel limit: below the asked dpi, or an image shrunk


def render_page(
    path: Path, media_type: str, number: int, *, dpi: int = 300, max_pixels: int = 60_000_000
) -> Image.Image:
    """Page ``number`` (1-based) of the file at ``path`` as an RGB or grey image."""
    return render(path, media_type, number, dpi=dpi, max_pixels=max_pixels).image


def render(
    path: Path,
    media_type: str,
    number: int,
    *,
    dpi: int = 300,
    max_pixels: int = 60_000_000,
    timeout: float = RENDER_TIMEOUT,
) -> Rendered:
    """Page ``number`` rendered within ``max_pixels``: a large-format PDF page (A0 plans,
    maps) at the resolution that fits, a large image reduced; never more pixels. poppler
    is stopped after ``timeout`` seconds (PageTimeout)."""
    if media_type == PDF:
        return _render_pdf_page(path, number, dpi=dpi, max_pixels=max_pixels, timeout=timeout)
    with Image.open(path) as img:
        img.seek(number - 1)
        reduced = img.width * img.height > max_pixels
        if reduced and img.format == "JPEG":  # decoded at 1/2, 1/4 or 1/8 scale directly
            img.draft("RGB", _fit_size(img.size, max_pixels))
        frame = ImageOps.exif_transpose(img.copy())
    if frame.width * frame.height > max_pixels:
        frame = frame.resize(_fit_size(frame.size, max_pixels), Image.Resampling.BOX)
    if frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGB")
    return Rendered(frame, None, reduced)


def _fit_size(size: tuple[int, int], max_pixels: int) -> tuple[int, int]:
    factor = min(1.0, math.sqrt(max_pixels / (size[0] * size[1])))
    return max(1, int(size[0] * factor)), max(1, int(size[1] * factor))


def _render_pdf_page(
    path: Path, number: int, *, dpi: int, max_pixels: int, timeout: float
) -> Rendered:
    asked, seconds = dpi, max(1, int(timeout))
    try:
        info = pdfinfo_from_path(str(path), first_page=number, last_page=number, timeout=seconds)
        dpi = _fit_dpi(info, dpi=dpi, max_pixels=max_pixels)
        images = convert_from_path(
            str(path),
            dpi=dpi,
            first_page=number,
            last_page=number,
            thread_count=1,
            timeout=seconds,
        )
    except PDFPopplerTimeoutError:
        raise PageTimeout(
            f"page {number} of the PDF could not be rendered within {seconds} s."
        ) from None
    except PDFInfoNotInstalledError:
        raise ResourceMissing(
            "poppler is not installed; run `apt-get install poppler-utils`."
        ) from None
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise CorruptFile(f"page {number} of the PDF cannot be rendered: {exc}") from None
    if not images:
        raise CorruptFile(f"page {number} of the PDF rendered to nothing.")
    image = images[0]
    if image.width * image.height > max_pixels:  # a page size pdfinfo did not tell
        image = image.resize(_fit_size(image.size, max_pixels), Image.Resampling.BOX)
        return Rendered(image, dpi, True)
    return Rendered(image, dpi, dpi < asked)


def _fit_dpi(info: dict[str, object], *, dpi: int, max_pixels: int) -> int:
    """Lower the resolution for oversized pages (maps, A0 plans) to stay under max_pixels.

    pdfinfo names the size "Page size" for a whole file and "Page    N size" for one page."""
    sizes = [str(v) for k, v in info.items() if k.startswith("Page") and k.endswith("size")]
    try:
        parts = sizes[0].split()
        width_pt, height_pt = float(parts[0]), float(parts[2])
    except (IndexError, ValueError):
        return dpi
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    if pixels <= max_pixels:
        return dpi
    return max(1, int(dpi * math.sqrt(max_pixels / pixels)))
