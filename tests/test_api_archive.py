"""The archive service over HTTP (FastAPI app with its real worker and SQLite archive)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.settings import Settings
from tests.conftest import open_archive

# every test here on the embedded SQLite archive and on PostgreSQL
pytestmark = pytest.mark.usefixtures("database_url")

PLAN = """UBND TỈNH ĐẮK LẮK
ỦY BAN NHÂN DÂN
HUYỆN KRÔNG PẮC
Số: 112/KH-UBND
Krông Pắc, ngày 03 tháng 4 năm 2023
KẾ HOẠCH
Triển khai công tác cải cách hành chính năm 2023
Căn cứ Quyết định số 1234/QĐ-UBND ngày 15/8/2022 của UBND tỉnh Đắk Lắk về việc ban hành Kế hoạch cải cách hành chính;
1. Rà soát thủ tục hành chính.
- Chủ trì: Phòng Nội vụ; phối hợp: Phòng Tư pháp.
- Thời gian: trước ngày 15/10/2023.
"""


def wait_done(client: TestClient, job_id: str, *, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return dict(job)
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=tmp_path, api_token="secret", workers=1))
    with TestClient(app, headers={"Authorization": "Bearer secret"}) as c:
        yield c


def upload(client: TestClient, name: str, data: bytes) -> Any:
    return client.post("/documents", files=[("files", (name, data, "application/octet-stream"))])


def test_upload_stores_original_and_processes(client: TestClient, tmp_path: Path) -> None:
    res = upload(client, "plan.txt", PLAN.encode())
    assert res.status_code == 202
    doc = res.json()["documents"][0]
    assert (tmp_path / "originals" / doc["document_id"][:2] / doc["document_id"]).exists()
    assert wait_done(client, doc["job"]["id"])["state"] == "done"
    record = client.get(f"/documents/{doc['document_id']}").json()
    assert record["fields"]["symbol"] == "112/KH-UBND"
    assert client.get(f"/documents/{doc['document_id']}/original").content == PLAN.encode()
    assert client.get(f"/documents/{doc['document_id']}/text").text.startswith("UBND TỈNH")


def test_same_bytes_twice_are_one_document(client: TestClient) -> None:
    first = upload(client, "a.txt", PLAN.encode()).json()["documents"][0]
    wait_done(client, first["job"]["id"])
    second = upload(client, "b.txt", PLAN.encode()).json()["documents"][0]
    assert second["document_id"] == first["document_id"] and second["duplicate"]
    assert len(client.get("/documents").json()["documents"]) == 1


def test_search_without_diacritics_with_filters_and_snippets(client: TestClient) -> None:
    doc = upload(client, "plan.txt", PLAN.encode()).json()["documents"][0]
    wait_done(client, doc["job"]["id"])
    hits = client.get("/search", params={"q": "cai cach hanh chinh"}).json()
    assert hits["total"] == 1
    assert "<mark>cải</mark>" in hits["hits"][0]["snippet_html"]
    assert client.get("/search", params={"q": "krong pac", "year": 2023}).json()["total"] == 1
    assert client.get("/search", params={"q": "dak lak", "year": 2021}).json()["total"] == 0
    cites = client.get("/search", params={"cites": "1234/qd-ubnd"}).json()
    assert cites["total"] == 1
    assert client.get("/search", params={"q": "duong sat"}).json()["total"] == 0


def test_deadline_feeds(client: TestClient) -> None:
    doc = upload(client, "plan.txt", PLAN.encode()).json()["documents"][0]
    wait_done(client, doc["job"]["id"])
    items = client.get("/deadlines").json()["deadlines"]
    assert [(d["end"], d["kind"], d["lead"]) for d in items] == [
        ("2023-10-15", "before", "Phòng Nội vụ")
    ]
    csv = client.get("/deadlines", params={"format": "csv"})
    assert csv.content.startswith(b"\xef\xbb\xbf") and "Phòng Nội vụ".encode() in csv.content
    ics = client.get("/deadlines", params={"format": "ics"}).content.decode()
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    ics = ics.replace("\r\n ", "")  # unfold (RFC 5545 3.1)
    assert "BEGIN:VTODO" in ics and "DUE;VALUE=DATE:20231015" in ics
    assert "BEGIN:VEVENT" not in ics  # one entry per deadline; events with component=vevent
    assert f"RELATED-TO:{doc['document_id']}@vanban" in ics
    again = client.get("/deadlines", params={"format": "ics"}).content.decode()
    uids = [ln for ln in ics.split("\r\n") if ln.startswith("UID:")]
    assert uids == [ln for ln in again.split("\r\n") if ln.startswith("UID:")]
    assert client.get("/deadlines", params={"from": "2024-01-01"}).json()["deadlines"] == []
    by_agency = client.get("/deadlines", params={"agency": "phong noi vu"}).json()
    assert len(by_agency["deadlines"]) == 1


def test_patch_keeps_history(client: TestClient) -> None:
    doc = upload(client, "plan.txt", PLAN.encode()).json()["documents"][0]
    wait_done(client, doc["job"]["id"])
    url = f"/documents/{doc['document_id']}"
    res = client.patch(url, json={"fields": {"title": "Tiêu đề đã sửa"}, "lines": {"1": "UBND"}})
    assert res.status_code == 200
    assert res.json()["fields"]["title"] == "Tiêu đề đã sửa"
    history = client.get(f"{url}/history").json()["history"]
    fields = [h["field"] for h in history]  # the line first, then what was extracted from it
    assert fields[0] == "line 1" and fields[-1] == "fields.title"
    assert history[-1]["before"] == "Triển khai công tác cải cách hành chính năm 2023"
    bad = client.patch(url, json={"text": "only one line"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_correction"


@pytest.mark.parametrize(
    ("name", "data", "status", "code"),
    [
        ("doc.docx", b"PK\x03\x04\x14\x00\x06\x00rest", 415, "unsupported_type"),
        ("bad.pdf", b"%PDF-1.4\nnot a pdf\n%%EOF", 422, "corrupt_file"),
        ("bad.txt", b"Ke hoach \xff\xfa nam 2024", 422, "invalid_text"),
    ],
)
def test_bad_uploads_get_clear_errors_and_are_kept(
    client: TestClient, tmp_path: Path, name: str, data: bytes, status: int, code: str
) -> None:
    res = upload(client, name, data)
    assert res.status_code == status
    assert res.json()["error"]["code"] == code
    assert list((tmp_path / "originals").rglob("*")), "the original must be stored"


def test_upload_too_large_is_413(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, max_upload_bytes=100))
    with TestClient(app) as c:
        res = upload(c, "big.txt", b"x" * 200)
    assert res.status_code == 413 and res.json()["error"]["code"] == "file_too_large"
    assert "not kept" in res.json()["error"]["message"]
    assert not (tmp_path / "originals").exists() or not list((tmp_path / "originals").rglob("*.*"))


def test_writes_need_the_token(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, api_token="secret"))
    with TestClient(app) as c:
        res = upload(c, "a.txt", b"KE HOACH")
        assert res.status_code == 401 and res.json()["error"]["code"] == "unauthorized"
        assert c.get("/search").status_code == 200


def test_interrupted_job_resumes_at_start(tmp_path: Path) -> None:
    archive = open_archive(tmp_path)
    archive.store_original("f" * 64, PLAN.encode(), filename="plan.txt", media_type="text/plain")
    job = archive.create_job("f" * 64)
    archive.update_job(job.id, state="running")  # as if the process had been killed
    with TestClient(create_app(Settings(data_dir=tmp_path))) as c:
        assert wait_done(c, job.id)["state"] == "done"


def test_openapi_docs_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/documents", "/search", "/deadlines", "/jobs/{job_id}"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200
    assert "vanban" in client.get("/").text


def test_history_names_the_token(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, api_token="t0", api_tokens={"lan": "t1"})
    with TestClient(create_app(settings)) as c:
        doc = c.post(
            "/documents",
            files=[("files", ("p.txt", PLAN.encode()))],
            headers={"Authorization": "Bearer t1"},
        ).json()["documents"][0]
        wait_done(c, doc["job"]["id"])
        url = f"/documents/{doc['document_id']}"
        c.patch(url, json={"fields": {"place": "Buôn Hồ"}}, headers={"Authorization": "Bearer t1"})
        c.patch(
            url, json={"fields": {"place": "Krông Pắc"}}, headers={"Authorization": "Bearer t0"}
        )
        bad = c.patch(url, json={"fields": {"place": "x"}}, headers={"Authorization": "Bearer no"})
        assert bad.status_code == 401
        history = c.get(f"{url}/history").json()["history"]
    assert [(h["who"], h["after"]) for h in history] == [("lan", "Buôn Hồ"), ("api", "Krông Pắc")]


def test_reads_can_require_the_token(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, api_token="t", read_requires_token=True)
    with TestClient(create_app(settings)) as c:
        assert c.get("/search").status_code == 401
        assert c.get("/documents", headers={"Authorization": "Bearer t"}).status_code == 200
        assert c.get("/health").status_code == 200


def test_several_files_each_get_their_outcome(client: TestClient) -> None:
    res = client.post(
        "/documents",
        files=[
            ("files", ("plan.txt", PLAN.encode())),
            ("files", ("word.docx", b"PK\x03\x04\x14\x00\x06\x00rest")),
        ],
    )
    assert res.status_code == 202
    good, bad = res.json()["documents"]
    assert good["job"]["state"] in ("queued", "running", "done")
    assert bad["error"]["code"] == "unsupported_type" and bad["job"]["state"] == "failed"
    listing = client.get("/documents").json()
    assert listing["total"] == 2
    assert {d["filename"]: d["state"] for d in listing["documents"]}["word.docx"] == "failed"


def test_failed_upload_gets_a_new_job_when_sent_again(client: TestClient) -> None:
    data = b"%PDF-1.4\nnot a pdf\n%%EOF"
    first = upload(client, "bad.pdf", data).json()["documents"][0]
    again = upload(client, "bad.pdf", data).json()["documents"][0]
    assert first["document_id"] == again["document_id"]
    assert first["job"]["id"] != again["job"]["id"]


def test_every_error_has_the_same_body(client: TestClient) -> None:
    cases = [
        client.get("/documents/nope"),
        client.get("/jobs/nope"),
        client.get("/no/such/route"),
        client.get("/deadlines", params={"format": "xml"}),
        client.get("/search", params={"page": 0}),
        client.post("/documents"),
    ]
    assert [r.status_code for r in cases] == [404, 404, 404, 422, 422, 422]
    for r in cases:
        assert set(r.json()["error"]) >= {"code", "message"}


def test_patch_checks_field_types(client: TestClient) -> None:
    doc = upload(client, "plan.txt", PLAN.encode()).json()["documents"][0]
    wait_done(client, doc["job"]["id"])
    url = f"/documents/{doc['document_id']}"
    bad = client.patch(url, json={"fields": {"date": "hôm qua"}})
    assert bad.status_code == 422 and "date" in bad.json()["error"]["message"]
    assert client.patch(url, json={"fields": {"nope": 1}}).status_code == 422
    assert client.get(f"{url}/history").json()["history"] == []
    ok = client.patch(url, json={"fields": {"date": {"raw": "ngày 3/4/2023", "year": 2023}}})
    assert ok.status_code == 200 and ok.json()["fields"]["date"]["year"] == 2023


def _pdf(pages: int) -> bytes:
    from PIL import Image

    from tests.conftest import to_bytes

    frames = [Image.new("RGB", (200, 280), "white") for _ in range(pages)]
    return to_bytes(frames[0], "PDF", save_all=True, append_images=frames[1:])


def test_page_and_pixel_limits_are_422(tmp_path: Path) -> None:
    from PIL import Image

    from tests.conftest import to_bytes

    settings = Settings(data_dir=tmp_path, max_pages=2, max_pixels=100_000)
    with TestClient(create_app(settings)) as c:
        pages = upload(c, "long.pdf", _pdf(3))
        # up to four times the pixel limit an image is reduced when read; beyond, refused
        reduced = upload(c, "large.png", to_bytes(Image.new("L", (600, 600), 255), "PNG"))
        pixels = upload(c, "big.png", to_bytes(Image.new("L", (700, 700), 255), "PNG"))
    assert pages.status_code == 422 and pages.json()["error"]["code"] == "too_many_pages"
    assert "Split the document" in pages.json()["error"]["message"]
    assert reduced.status_code == 202
    assert pixels.status_code == 422 and pixels.json()["error"]["code"] == "image_too_large"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
@pytest.mark.parametrize(
    "encryption",
    [
        ["128", "--use-aes=n", "--allow-weak-crypto"],  # RC4: what old scanners wrote
        ["256"],  # AES-256
    ],
)
def test_encrypted_pdf_says_what_to_do(
    client: TestClient, tmp_path: Path, encryption: list[str]
) -> None:
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    plain.write_bytes(_pdf(1))
    command = ["qpdf", *encryption[2:], "--encrypt", "u", "o", *encryption[:2], "--"]
    command += [str(plain), str(locked)]
    subprocess.run(command, check=True)
    res = upload(client, "locked.pdf", locked.read_bytes())
    assert res.status_code == 422
    error = res.json()["error"]
    assert error["code"] == "encrypted_pdf" and "password" in error["message"]


def test_the_service_opens_the_archive_configured(tmp_path: Path, database_url: str | None) -> None:
    from archive import migrate

    app = create_app(Settings(data_dir=tmp_path), start_worker=False)
    kind = "postgres" if database_url else "sqlite"
    assert type(app.state.archive).__name__ == ("PostgresArchive" if database_url else "Archive")
    assert app.state.archive.schema_version() == migrate.latest(kind)
