from __future__ import annotations

import pytest

from core.errors import UnsupportedType
from ingest.sniff import JPEG, PDF, PNG, TEXT, TIFF, sniff


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", PDF),
        (b"\n\n%PDF-1.4 junk before the header", PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"II*\x00\x08\x00\x00\x00", TIFF),
        (b"MM\x00*\x00\x00\x00\x08", TIFF),
        ("Kế hoạch tổ chức hội nghị".encode(), TEXT),
        (b"Ke hoach to chuc hoi nghi\n", TEXT),
    ],
)
def test_sniff_reads_type_from_bytes(head: bytes, expected: str) -> None:
    assert sniff(head) == expected


@pytest.mark.parametrize(
    ("head", "named"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "not a PDF"),
    ],
)
def test_sniff_rejects_binary_formats_with_a_clear_message(head: bytes, named: str) -> None:
    with pytest.raises(UnsupportedType) as info:
        sniff(head)
    assert named in info.value.message
    assert info.value.http_status == 415
