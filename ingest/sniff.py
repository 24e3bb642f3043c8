"""Tell what a file really is from its first bytes, never from its name."""

from __future__ import annotations

from core.errors import UnsupportedType

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
TEXT = "text/plain"

SUPPORTED = (PDF, PNG, JPEG, TIFF, TEXT)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)

# Formats people upload by mistake, named in the error so they know what to do.
_KNOWN_OTHER: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive or Office document (DOCX/XLSX)"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document (DOC/XLS)"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP/AVI/WAV)"),
    (b"BM", "a BMP image"),
    (b"\x1f\x8b", "a gzip archive"),
)


def sniff(data: bytes) -> str:
    """The media type of ``data``, judged from its bytes.

    Raises UnsupportedType for binary formats vanban does not read. Anything without a
    binary signature is taken as text, UTF-16 with a byte order mark included (its encoding
    is checked by the loader).
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    for magic, name in _KNOWN_OTHER:
        if head.startswith(magic):
            raise UnsupportedType(
                f"This file is {name}; vanban reads PDF, PNG, JPEG, TIFF and text files. "
                "Export or scan it to PDF and upload again.",
            )
    if _looks_binary(head):
        raise UnsupportedType(
            "This file is not a PDF, PNG, JPEG, TIFF or text file; vanban cannot read it.",
        )
    return TEXT


def _looks_binary(head: bytes) -> bool:
    """True when ``head`` is too full of control codes (or NULs) to be text.

    UTF-16 text with a byte order mark is judged on its characters: half of its bytes are
    NULs when the text is mostly ASCII, which would otherwise read as binary.
    """
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            body = head[2 : len(head) - len(head) % 2]
            return _mostly_controls([ord(ch) for ch in body.decode(codec, errors="replace")])
    return b"\x00" in head or _mostly_controls(list(head))


def _mostly_controls(codes: list[int]) -> bool:
    controls = sum(1 for c in codes if c < 9 or 13 < c < 32)
    return bool(codes) and controls / len(codes) > 0.1
