"""Page images from a stored original: PDF pages rasterised by poppler, image frames.

For reading, a PDF page that is one scanned image and nothing else gives that image as
it is stored (pdfimages), not rendered again: no resampling, no colour conversion, a
fraction of the time. Other pages are rendered by pdftoppm at the asked resolution, in
grey unless the page holds a colour image (a stamp's colour is taken off by the OCR).
"""

from __future__ import annotations

import math
import subprocess
import tempfile
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
    scanned: bool = False,
) -> Rendered:
    """Page ``number`` rendered within ``max_pixels``: a large-format PDF page (A0 plans,
    maps) at the resolution that fits, a large image reduced; never more pixels. poppler
    is stopped after ``timeout`` seconds (PageTimeout). ``scanned``: for reading, a PDF
    page that is one image comes as the image itself (up to ``dpi``), others in grey
    unless they hold a colour image."""
    if media_type == PDF:
        if scanned:
            return _pdf_page_for_reading(
                path, number, dpi=dpi, max_pixels=max_pixels, timeout=timeout
            )
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


def _pdf_page_for_reading(
    path: Path, number: int, *, dpi: int, max_pixels: int, timeout: float
) -> Rendered:
    info = _page_info(path, number, timeout=timeout)
    images = _page_images(path, number, timeout=timeout)
    if _one_scan(images, info, max_pixels=max_pixels) and not _has_text(path, number, timeout):
        found = _extract(path, number, images[0], dpi=dpi, max_pixels=max_pixels, timeout=timeout)
        if found is not None:
            return found
    colour = any(image.colour for image in images)
    return _render_pdf_page(
        path, number, dpi=dpi, max_pixels=max_pixels, timeout=timeout, grey=not colour, info=info
    )


@dataclass(frozen=True, slots=True)
class _Listed:
    """One row of ``pdfimages -list``: an image drawn on the page."""

    kind: str  # image, mask, smask, stencil
    width: int
    height: int
    colour: bool
    components: int
    bits: int
    encoding: str
    ppi: tuple[float, float]


def _page_images(path: Path, number: int, *, timeout: float) -> list[_Listed]:
    listing = _poppler(
        ["pdfimages", "-f", str(number), "-l", str(number), "-list", str(path)], timeout
    )
    out = []
    for line in listing.splitlines()[2:]:
        cells = line.split()
        if len(cells) < 14:
            continue
        try:
            out.append(
                _Listed(
                    kind=cells[2],
                    width=int(cells[3]),
                    height=int(cells[4]),
                    colour=cells[5] not in ("gray", "-") and cells[6] != "1",
                    components=int(cells[6]),
                    bits=int(cells[7]),
                    encoding=cells[8],
                    ppi=(float(cells[12]), float(cells[13])),
                )
            )
        except ValueError:
            continue
    return out


def _page_info(path: Path, number: int, *, timeout: float) -> dict[str, object]:
    try:
        return dict(
            pdfinfo_from_path(
                str(path), first_page=number, last_page=number, timeout=max(1, int(timeout))
            )
        )
    except PDFPopplerTimeoutError:
        raise PageTimeout(
            f"page {number} of the PDF could not be rendered within {timeout:.0f} s."
        ) from None
    except PDFInfoNotInstalledError:
        raise ResourceMissing(
            "poppler is not installed; run `apt-get install poppler-utils`."
        ) from None
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise CorruptFile(f"page {number} of the PDF cannot be rendered: {exc}") from None


def _one_scan(images: list[_Listed], info: dict[str, object], *, max_pixels: int) -> bool:
    """Whether the page shows one image that fills it, small enough to decode whole (one far
    over the pixel limit is rendered to fit instead)."""
    if len(images) != 1 or images[0].width * images[0].height > max_pixels * DECODE_FACTOR:
        return False
    return _covers(images[0], info)


def _covers(image: _Listed, info: dict[str, object]) -> bool:
    """Whether ``image`` is an 8-bit grey or RGB (or a 1-bit) image that fills an unturned
    page: its size at its own resolution is the page's size."""
    size, turned = _page_size(info), _page_rotation(info)
    if size is None or turned or image.kind != "image" or min(image.ppi) <= 0:
        return False
    if image.components not in (1, 3) or image.bits not in (1, 8):
        return False
    shown = (image.width * 72 / image.ppi[0], image.height * 72 / image.ppi[1])
    return all(abs(a - b) <= 0.02 * b for a, b in zip(shown, size, strict=True))


def _has_text(path: Path, number: int, timeout: float) -> bool:
    """Whether the page draws text: over the image, or an invisible OCR layer."""
    command = ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"]
    return bool(_poppler(command, timeout).strip())


def _extract(
    path: Path, number: int, listed: _Listed, *, dpi: int, max_pixels: int, timeout: float
) -> Rendered | None:
    """The page's one image as stored (a JPEG as it is), brought down to ``dpi`` and
    ``max_pixels`` when above them; None when it cannot be read back."""
    with tempfile.TemporaryDirectory(prefix="vanban-page-") as tmp:
        root = Path(tmp) / "image"
        _poppler(
            ["pdfimages", "-j", "-f", str(number), "-l", str(number), str(path), str(root)], timeout
        )
        files = sorted(Path(tmp).iterdir())
        if len(files) != 1:
            return None
        try:
            with Image.open(files[0]) as img:
                img.load()
                # a grey image may come back as RGB (pdfimages writes it as a PPM)
                mode = "L" if listed.components == 1 else "RGB"
                image = img if img.mode == mode else img.convert(mode)
        except (OSError, SyntaxError):
            return None
    if (image.width, image.height) != (listed.width, listed.height):
        return None
    ppi = min(listed.ppi)
    factor = min(1.0, dpi / ppi, math.sqrt(max_pixels / (image.width * image.height)))
    if factor < 0.95:
        size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
        image = image.resize(size, Image.Resampling.BOX)
    reduced = ppi * factor < min(dpi, ppi) * 0.95
    return Rendered(image, round(ppi * min(1.0, factor)), reduced)


def _poppler(command: list[str], timeout: float) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=max(1.0, timeout), check=False)
    except FileNotFoundError:
        raise ResourceMissing(
            "poppler is not installed; run `apt-get install poppler-utils`."
        ) from None
    except subprocess.TimeoutExpired:
        raise PageTimeout(f"the PDF page could not be read within {timeout:.0f} s.") from None
    return done.stdout.decode("utf-8", "replace")


def _render_pdf_page(
    path: Path,
    number: int,
    *,
    dpi: int,
    max_pixels: int,
    timeout: float,
    grey: bool = False,
    info: dict[str, object] | None = None,
) -> Rendered:
    asked, seconds = dpi, max(1, int(timeout))
    try:
        if info is None:
            info = pdfinfo_from_path(
                str(path), first_page=number, last_page=number, timeout=seconds
            )
        dpi = _fit_dpi(info, dpi=dpi, max_pixels=max_pixels)
        images = convert_from_path(
            str(path),
            dpi=dpi,
            first_page=number,
            last_page=number,
            thread_count=1,
            timeout=seconds,
            grayscale=grey,
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


def _page_size(info: dict[str, object]) -> tuple[float, float] | None:
    """The page's width and height in points. pdfinfo names the size "Page size" for a
    whole file and "Page    N size" for one page."""
    sizes = [str(v) for k, v in info.items() if k.startswith("Page") and k.endswith("size")]
    try:
        parts = sizes[0].split()
        return float(parts[0]), float(parts[2])
    except (IndexError, ValueError):
        return None


def _page_rotation(info: dict[str, object]) -> int:
    turns = [str(v) for k, v in info.items() if k.startswith("Page") and k.endswith("rot")]
    try:
        return int(float(turns[0])) % 360 if turns else 0
    except ValueError:
        return 0


def _fit_dpi(info: dict[str, object], *, dpi: int, max_pixels: int) -> int:
    """Lower the resolution for oversized pages (maps, A0 plans) to stay under max_pixels."""
    size = _page_size(info)
    if size is None:
        return dpi
    width_pt, height_pt = size
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    if pixels <= max_pixels:
        return dpi
    return max(1, int(dpi * math.sqrt(max_pixels / pixels)))
