"""Archival values in the PDF/A copies' XMP (read back with pikepdf), a fresh copy when an
archival value changes, and BagIt bags that carry the copies (checked with bagit)."""

from __future__ import annotations

import copy
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bagit
import pikepdf
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from archive import Archive
from archive.preservation import metadata, preserve
from core.settings import Settings
from tests.test_archive_archival import DECISION
from tests.test_archive_preservation import GARBLED, GOLD, jpeg, needs_poppler, record_for, scan

pytestmark = needs_poppler

SET = {
    "fonds_code": "G09",
    "dossier_code": "HS-2024-07",
    "order": 3,
    "retention": "Vĩnh viễn",
    "access": "Hạn chế",
    "keywords": "hội nghị; tổng kết",
    "title": "Hội nghị tổng kết năm 2024 của xã Bình Minh",
    "reliability": "Bản chính",
}


@pytest.fixture(scope="module")
def page() -> Any:
    return scan(GOLD)


def xmp(data: bytes) -> dict[str, Any]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        return {k: meta.get(k) for k in ("dc:title", "dc:creator", "dc:rights", "dc:subject")} | {
            k: meta.get(k) for k in ("dc:identifier", "dc:date", "pdfaid:conformance")
        }


def test_copy_xmp_carries_the_archivists_values(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GARBLED, GOLD, image.size)
    record["archival"] = {**SET, "issuer": ""}  # "" hides the extracted issuer
    made = preserve(jpeg(image), "image/jpeg", record)
    assert made.valid and made.conformance == "2u", made.report
    dc = xmp(made.data)
    assert dc["dc:title"] == SET["title"]
    assert dc["dc:rights"] == "Hạn chế"
    assert dc["dc:subject"] == {"hội nghị", "tổng kết"}
    with pikepdf.open(io.BytesIO(made.data)) as pdf:
        assert str(pdf.docinfo["/Keywords"]) == "hội nghị; tổng kết"
        assert str(pdf.docinfo["/Title"]) == SET["title"]
    assert dc["dc:identifier"] == "45/KH-UBND" and dc["dc:date"] == ["2024-09-12"]
    assert dc["dc:creator"] is None and dc["pdfaid:conformance"] == "U"
    ours = metadata(made.data)
    assert {k: ours[k] for k in ("fonds_code", "dossier_code", "order")} == {
        "fonds_code": "G09",
        "dossier_code": "HS-2024-07",
        "order": "3",
    }
    assert (ours["retention"], ours["access"], ours["reliability"]) == (
        "Vĩnh viễn",
        "Hạn chế",
        "Bản chính",
    )
    # extracted values stay where the archivist set nothing; the record's own names too
    assert ours["signer_name"] == "Nguyễn Văn An" and ours["signer"] == "Nguyễn Văn An"
    assert ours["doc_type"] == "Kế hoạch" and ours["page_count"] == "1"
    assert "issuer" not in ours
    # every property is described by the extension schema, with the standard's name
    with pikepdf.open(io.BytesIO(made.data)) as pdf:
        packet = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert "Retention period (Thời hạn bảo quản)" in packet
    assert packet.count("<pdfaProperty:name>") == len(ours)


def test_copy_without_archival_values_keeps_the_extracted_ones(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GARBLED, GOLD, image.size)
    made = preserve(jpeg(image), "image/jpeg", record)
    dc = xmp(made.data)
    assert dc["dc:title"] == record["fields"]["title"]
    assert dc["dc:creator"] == ["Ủy ban nhân dân xã Bình Minh"] and dc["dc:rights"] is None
    ours = metadata(made.data)
    assert "retention" not in ours and ours["issuer"] == "Ủy ban nhân dân xã Bình Minh"


# --------------------------------------------------------------------------- the archive


@pytest.fixture
def stored(tmp_path: Path, page: Any) -> tuple[Archive, str, str]:
    """A scan (with its record) and a text document in one archive."""
    from api.pipeline import PipelineOptions, process

    image, boxes = page
    original = jpeg(image)
    record = record_for(boxes, GARBLED, GOLD, image.size)
    scan_id = record["id"] = hashlib.sha256(original).hexdigest()
    archive = Archive(tmp_path / "data")
    archive.store_original(scan_id, original, filename="plan.jpg", media_type="image/jpeg")
    archive.save_record(scan_id, copy.deepcopy(record))
    options = PipelineOptions.from_settings(Settings())
    text = process(DECISION.encode(), filename="decision.txt", options=options).to_dict()
    archive.store_original(
        text["id"], DECISION.encode(), filename="decision.txt", media_type="text/plain"
    )
    archive.save_record(text["id"], text)
    return archive, scan_id, text["id"]


@pytest.fixture
def client(stored: tuple[Archive, str, str]) -> Iterator[TestClient]:
    archive = stored[0]
    settings = Settings(data_dir=archive.data_dir, api_token="secret", workers=1)
    app = create_app(settings, start_worker=False)
    with TestClient(app, headers={"Authorization": "Bearer secret"}) as c:
        yield c


def test_a_changed_archival_value_gives_a_fresh_copy(
    stored: tuple[Archive, str, str], client: TestClient
) -> None:
    archive, doc, _ = stored
    before = client.get(f"/documents/{doc}/pdf").content
    assert "retention" not in metadata(before)
    cached = list((archive.data_dir / "pdfa").rglob("*.pdf"))
    assert len(cached) == 1 and client.get(f"/documents/{doc}/pdf").content == before
    res = client.patch(f"/documents/{doc}/archival", json={"fields": {"retention": "70 năm"}})
    assert res.status_code == 200
    after = client.get(f"/documents/{doc}/pdf").content
    assert metadata(after)["retention"] == "70 năm"
    now = list((archive.data_dir / "pdfa").rglob("*.pdf"))
    assert len(now) == 1 and now != cached  # the copy of the earlier state is gone
    client.patch(f"/documents/{doc}/archival", json={"fields": {"retention": None}})
    assert "retention" not in metadata(client.get(f"/documents/{doc}/pdf").content)


def test_bag_holds_originals_copies_and_metadata(
    stored: tuple[Archive, str, str], tmp_path: Path
) -> None:
    archive, scan_id, text_id = stored
    data = ["--data-dir", str(archive.data_dir)]
    assert main(["archival", "set", scan_id, *[f"{k}={v}" for k, v in SET.items()], *data]) == 0
    assert (
        main(["archival", "set", text_id, "fonds_code=G09", "dossier_code=HS-2024-07", *data]) == 0
    )
    target = tmp_path / "bag"
    args = ["archival", "bag", str(target), "--fonds", "G09", "--dossier", "HS-2024-07"]
    assert main([*args, "--organization", "Lưu trữ xã Bình Minh", *data]) == 0

    bag = bagit.Bag(str(target))
    bag.validate()  # every file's SHA-256 and SHA-512, the payload oxum, the tag files
    assert set(bag.algorithms) == {"sha256", "sha512"}
    copy_path = f"data/preservation/{scan_id}/plan.pdfa.pdf"
    assert copy_path in bag.payload_entries()
    pdfa = (target / copy_path).read_bytes()
    assert bag.entries[copy_path]["sha256"] == hashlib.sha256(pdfa).hexdigest()
    ours = metadata(pdfa)
    assert (ours["fonds_code"], ours["retention"], ours["order"]) == ("G09", "Vĩnh viễn", "3")
    assert (target / f"data/originals/{scan_id}/plan.jpg").read_bytes() == archive.read_original(
        scan_id
    )
    assert (target / f"data/originals/{text_id}/decision.txt").read_text() == DECISION
    # the copy is the one the service gives for the record as it is now
    cached = list((archive.data_dir / "pdfa").rglob(f"{scan_id}-*.pdf"))
    assert [p.read_bytes() for p in cached] == [pdfa]
    listing = json.loads((target / "data/metadata/preservation.json").read_text())["copies"]
    by_id = {e["id"]: e for e in listing}
    assert by_id[scan_id]["file"] == copy_path
    assert by_id[text_id]["file"] is None and "text" in by_id[text_id]["reason"]
    exported = json.loads((target / "data/metadata/archival.json").read_text())["documents"]
    assert [d["order"] for d in exported] == [3, None]
    assert "1 PDF/A" in bag.info["External-Description"]

    (target / copy_path).write_bytes(pdfa[:-10])
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(target)).validate()


def test_bag_without_copies(stored: tuple[Archive, str, str], tmp_path: Path) -> None:
    archive, scan_id, _ = stored
    target = tmp_path / "bag"
    data = ["--data-dir", str(archive.data_dir)]
    assert main(["archival", "bag", str(target), "--ids", scan_id, "--no-copies", *data]) == 0
    bagit.Bag(str(target)).validate()
    assert not (target / "data" / "preservation").exists()
    assert not (target / "data" / "metadata" / "preservation.json").exists()


def test_bag_says_why_a_scan_has_no_copy(
    stored: tuple[Archive, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive, scan_id, _ = stored
    record = archive.record(scan_id)
    for page in record["ocr"]["pages"]:
        page.pop("words")  # as records stored before the word boxes were kept
    archive.save_record(scan_id, record)
    target = tmp_path / "bag"
    data = ["--data-dir", str(archive.data_dir)]
    assert main(["archival", "bag", str(target), "--ids", scan_id, *data]) == 0
    bagit.Bag(str(target)).validate()
    (entry,) = json.loads((target / "data/metadata/preservation.json").read_text())["copies"]
    assert entry["file"] is None and entry["code"] == "preservation_failed"
    assert "process the document again" in capsys.readouterr().err
    assert (target / f"data/originals/{scan_id}/plan.jpg").exists()
