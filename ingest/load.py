"""Validate the bytes of an upload and describe them as a Source."""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import warnings
from dataclasses import dataclass

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
    TypeMismatch,
)
from core.options import Limits
from core.record import Source
from ingest import legacy
from ingest import sniff as media
from ingest.raster import DECODE_FACTOR


def load(
    data: bytes,
    *,
    filename: str,
    limits: Limits | None = None,
    use_text_layer: bool = False,
    declared_type: str | None = None,
) -> Source:
    """Check ``data`` against the limits and return it as a Source, or raise InputError.

    ``declared_type`` is the media type the sender gave (an upload's Content-Type), if any."""
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
    _check_name(filename, media_type, declared_type)
    sha = hashlib.sha256(data).hexdigest()
    pages, text, encoding = _inspect(data, media_type, filename, limits, use_text_layer)
    if pages > limits.max_pages:
        raise TooManyPages(
            f"{filename} has {pages} pages; the limit is {limits.max_pages}. "
            "Split the document and upload the parts.",
        )
    return Source(sha, filename, media_type, data, pages, text, encoding)


def _inspect(
    data: bytes, media_type: str, filename: str, limits: Limits, use_text_layer: bool
) -> tuple[int, str | None, str | None]:
    """(pages, text if any, the legacy encoding the text was converted from if any)."""
    if media_type == media.TEXT:
        decoded = decode_text_with_encoding(data, filename=filename)
        converted = decoded.encoding if decoded.converted else None
        return decoded.text.count("\f") + 1, decoded.text, converted
    if media_type == media.PDF:
        return _inspect_pdf(data, filename, use_text_layer)
    return _inspect_image(data, filename, limits), None, None


# What a name promises, for files whose bytes turn out to be text.
_NAMED_AS = {".pdf": "a PDF", ".png": "a PNG image", ".jpg": "a JPEG image"}
_NAMED_AS |= {".jpeg": "a JPEG image", ".tif": "a TIFF image", ".tiff": "a TIFF image"}


_SENT_AS = ("application/pdf", "image/")


def _check_name(filename: str, media_type: str, declared_type: str | None = None) -> None:
    """Refuse text bytes named or sent as a PDF or an image.

    Such a file is a failed export or the wrong file picked; reading it as text would hide
    that and archive a "scan" with no pages to show.
    """
    if media_type != media.TEXT:
        return
    named = _NAMED_AS.get(os.path.splitext(filename)[1].lower())
    if named:
        raise TypeMismatch(
            f"{filename} is named as {named} but its bytes are text; rename it to .txt if it "
            "is text, or export it again.",
        )
    if declared_type and declared_type.lower().startswith(_SENT_AS):
        raise TypeMismatch(
            f"{filename} was sent as {declared_type} but its bytes are text; send it as text "
            "(.txt) if it is text, or export it again.",
        )


@dataclass(frozen=True)
class DecodedText:
    """Text read from bytes and the encoding it was read from.

    Lets a caller tell the user that legacy text (TCVN3, VNI, VIQR, Windows-1258) was
    converted, since a wrong guess would otherwise go unnoticed.
    """

    text: str
    encoding: str  # "utf-8", "utf-16", "cp1258", "tcvn3", "vni", "viqr" or "utf-8-as-cp1252"

    @property
    def converted(self) -> bool:
        """True when the text came from a legacy Vietnamese encoding."""
        return self.encoding not in ("utf-8", "utf-16")


def decode_text(data: bytes, *, filename: str) -> str:
    """Text bytes to NFC text (see decode_text_with_encoding); a clear error otherwise."""
    return decode_text_with_encoding(data, filename=filename).text


def decode_text_with_encoding(data: bytes, *, filename: str) -> DecodedText:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or legacy Vietnamese text, to NFC.

    Legacy encodings carry no mark of their own, so ingest.legacy recognises them by how
    Vietnamese their reading is; when none reads well, the error names the closest.
    """
    try:
        text, encoding = legacy.decode(data)
    except legacy.UndecodableText as exc:
        raise _invalid_text(data, filename, exc.guess) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(f"{filename} contains no text.")
    return DecodedText(unicodedata.normalize("NFC", text), encoding)


def _invalid_text(data: bytes, filename: str, guess: str | None) -> InvalidText:
    if guess == "utf-16":
        return InvalidText(
            f"{filename} starts with a UTF-16 byte order mark but is not valid UTF-16. "
            "Save the text as UTF-8 and upload again.",
            encoding=guess,
        )
    offset = _first_bad_utf8_byte(data)
    where = f"{filename} is not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset})"
    if guess is None:
        return InvalidText(f"{where}. Save the text as UTF-8 and upload again.", offset=offset)
    return InvalidText(
        f"{where}. It looks like {legacy.describe(guess)} text, but too little of it reads "
        "as Vietnamese in that encoding to convert it safely. Convert it to Unicode (UTF-8), "
        "e.g. with UniKey's converter, and upload again.",
        offset=offset,
        encoding=guess,
    )


def _first_bad_utf8_byte(data: bytes) -> int:
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        return start + exc.start
    return 0


def _inspect_pdf(
    data: bytes, filename: str, use_text_layer: bool
) -> tuple[int, str | None, str | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _opens_without_password(reader):
                raise _encrypted(filename)
            pages = len(reader.pages)
            text, encoding = _text_layer(reader) if use_text_layer and pages else (None, None)
    except DependencyError:  # AES encryption, which needs a crypto library to even open
        raise _encrypted(filename) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise CorruptFile(
            f"{filename} is not a readable PDF ({type(exc).__name__}: {exc}). "
            "Check the file opens in a PDF viewer, or scan the paper again.",
        ) from None
    if pages == 0:
        raise EmptyDocument(f"{filename} is a PDF with no pages.")
    return pages, text, encoding


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


def _text_layer(reader: PdfReader) -> tuple[str | None, str | None]:
    """The PDF's own text, and the legacy font encoding (TCVN3, VNI) it was typed in, if it
    copies out as one ("KÕ ho¹ch"): then converted to Unicode."""
    text = "\f".join((page.extract_text() or "").strip("\n") for page in reader.pages)
    if not text.strip("\f \n"):
        return None, None
    encoding = legacy.detect_text(text)
    if encoding:
        text = legacy.convert_text(text, encoding)
    return unicodedata.normalize("NFC", text), encoding


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
