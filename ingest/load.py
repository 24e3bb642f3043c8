"""Validate the bytes of an upload and describe them as a Source."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import warnings

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError

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
from core.record import Source
from ingest import sniff as media
from ingest.raster import DECODE_FACTOR


def load(
    data: bytes,
    *,
    filename: str,
    limits: Limits | None = None,
    use_text_layer: bool = False,
) -> Source:
    """Check ``data`` against the limits and return it as a Source, or raise InputError."""
    limits = limits or Limits()
    if not data:
        raise EmptyDocument(f"{filename} is empty (0 bytes).")
    if len(data) > limits.max_bytes:
        raise FileTooLarge(
            f"{filename} is {len(data) / 2**20:.1f} MiB; the limit is "
            f"{limits.max_bytes / 2**20:.0f} MiB, so it was not kept. Split the document and "
            "upload the parts.",
        )
    media_type = media.sniff(data)
    sha = hashlib.sha256(data).hexdigest()
    pages, text = _inspect(data, media_type, filename, limits, use_text_layer)
    if pages > limits.max_pages:
        raise TooManyPages(
            f"{filename} has {pages} pages; the limit is {limits.max_pages}. "
            "Split the document and upload the parts.",
        )
    return Source(sha, filename, media_type, data, pages, text)


def _inspect(
    data: bytes, media_type: str, filename: str, limits: Limits, use_text_layer: bool
) -> tuple[int, str | None]:
    if media_type == media.TEXT:
        text = decode_text(data, filename=filename)
        return text.count("\f") + 1, text
    if media_type == media.PDF:
        return _inspect_pdf(data, filename, use_text_layer)
    return _inspect_image(data, filename, limits), None


def decode_text(data: bytes, *, filename: str) -> str:
    """UTF-8 (with or without BOM) to NFC text; anything else is a clear error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidText(
            f"{filename} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}). "
            "Save the text as UTF-8 and upload again.",
            offset=exc.start,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(f"{filename} contains no text.")
    return unicodedata.normalize("NFC", text)


def _inspect_pdf(data: bytes, filename: str, use_text_layer: bool) -> tuple[int, str | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _opens_without_password(reader):
                raise _encrypted(filename)
            pages = len(reader.pages)
            text = _text_layer(reader) if use_text_layer and pages else None
    except DependencyError:  # AES encryption, which needs a crypto library to even open
        raise _encrypted(filename) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise CorruptFile(
            f"{filename} is not a readable PDF ({type(exc).__name__}: {exc}). "
            "Check the file opens in a PDF viewer, or scan the paper again.",
        ) from None
    if pages == 0:
        raise EmptyDocument(f"{filename} is a PDF with no pages.")
    return pages, text


def _encrypted(filename: str) -> EncryptedPdf:
    return EncryptedPdf(
        f"{filename} is encrypted with a password. Remove the password "
        "(e.g. print to a new PDF or `qpdf --decrypt`) and upload again.",
    )


def _opens_without_password(reader: PdfReader) -> bool:
    """True when an encrypted PDF has no user password (only restrictions on copying)."""
    try:
        return bool(reader.decrypt(""))
    except DependencyError:  # AES needs a crypto library: such a file is treated as locked
        return False


def _text_layer(reader: PdfReader) -> str | None:
    text = "\f".join((page.extract_text() or "").strip("\n") for page in reader.pages)
    return unicodedata.normalize("NFC", text) if text.strip("\f \n") else None


def _inspect_image(data: bytes, filename: str, limits: Limits) -> int:
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            frames = getattr(img, "n_frames", 1)
            _check_size(width, height, filename, limits)
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile(
            f"{filename} is not a readable image ({exc}). Scan or export it again.",
        ) from None
    except Image.DecompressionBombError:
        raise ImageTooLarge(f"{filename} is too large an image to process safely.") from None
    return int(frames)


def _check_size(width: int, height: int, filename: str, limits: Limits) -> None:
    if min(width, height) < limits.min_side:
        raise ImageTooSmall(
            f"{filename} is only {width}x{height} pixels; a readable page needs at least "
            f"{limits.min_side} pixels on each side (scan at 200-300 dpi).",
        )
    # larger images are reduced to the limit when read (a large-format scan); beyond what
    # may be decoded at all, refused
    if width * height > limits.max_pixels * DECODE_FACTOR:
        raise ImageTooLarge(
            f"{filename} is {width}x{height} = {width * height / 1e6:.0f} megapixels; at most "
            f"{limits.max_pixels * DECODE_FACTOR / 1e6:.0f} can be read. Scan at 300 dpi or "
            "reduce the image.",
        )
