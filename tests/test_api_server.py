"""The real service on loopback: a job cut short by a kill resumes when it starts again."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ingest import legacy
from tests.conftest import render_lines, to_bytes

pytestmark = [pytest.mark.server, pytest.mark.tesseract, pytest.mark.slow]

LINES = ["ỦY BAN NHÂN DÂN XÃ AN BÌNH", "Số: 30/KH-UBND", "KẾ HOẠCH", "Phòng chống thiên tai"] * 6


def start(
    data_dir: Path, *, port: int = 0, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    if not port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port), "--data-dir", str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its page workers share its process group
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise AssertionError(f"the server exited ({proc.returncode})") from None
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the server did not start")


def state(url: str, job_id: str) -> str:
    return str(httpx.get(f"{url}/jobs/{job_id}", timeout=10).json()["state"])


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_killed_while_running_resumes_after_restart(tmp_path: Path) -> None:
    pages = [render_lines(LINES, dpi=200).convert("RGB") for _ in range(3)]
    pdf = to_bytes(pages[0], "PDF", resolution=200, save_all=True, append_images=pages[1:])
    proc, url = start(tmp_path)
    try:
        res = httpx.post(f"{url}/documents", files=[("files", ("scan.pdf", pdf))], timeout=30)
        job_id = res.json()["documents"][0]["job"]["id"]
        while state(url, job_id) == "queued":
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the service and its page workers, as a crash would
        proc.wait(timeout=10)
    with sqlite3.connect(tmp_path / "archive.sqlite3") as db:
        left = db.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()[0]
    assert left == "running"  # killed in the middle of the work
    proc, url = start(tmp_path)
    try:
        for _ in range(600):
            if state(url, job_id) in ("done", "failed"):
                break
            time.sleep(0.2)
        job = httpx.get(f"{url}/jobs/{job_id}").json()
        assert job["state"] == "done", job
        assert job["progress"] == {"pages_done": 3, "pages_total": 3}
        hits = httpx.get(f"{url}/search", params={"q": "phong chong thien tai"}).json()
        assert hits["total"] == 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _descendants_of_session(sid: int) -> list[int]:
    """Processes still in the server's session (its page workers and Tesseracts)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":  # field 6 of stat: session id
                out.append(int(entry.name))
    return out


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_sigkill_of_the_server_alone_leaves_no_worker_and_frees_the_port(tmp_path: Path) -> None:
    pages = [render_lines(LINES, dpi=200).convert("RGB") for _ in range(4)]
    pdf = to_bytes(pages[0], "PDF", resolution=200, save_all=True, append_images=pages[1:])
    proc, url = start(tmp_path)
    port = int(url.rsplit(":", 1)[1])
    try:
        res = httpx.post(f"{url}/documents", files=[("files", ("scan.pdf", pdf))], timeout=30)
        job_id = res.json()["documents"][0]["job"]["id"]
        while state(url, job_id) == "queued":
            time.sleep(0.05)
        time.sleep(1.0)  # page workers and their Tesseracts are at work
        assert len(_descendants_of_session(proc.pid)) > 1
    finally:
        proc.send_signal(signal.SIGKILL)  # the server only: its workers must follow by themselves
        proc.wait(timeout=10)
    for _ in range(100):
        left = _descendants_of_session(proc.pid)
        if not left:
            break
        time.sleep(0.1)
    assert left == []
    proc, url = start(tmp_path, port=port)
    try:
        for _ in range(600):
            if state(url, job_id) in ("done", "failed"):
                break
            time.sleep(0.2)
        job = httpx.get(f"{url}/jobs/{job_id}").json()
        assert job["state"] == "done", job
        assert job["progress"] == {"pages_done": 4, "pages_total": 4}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# TCVN3 has codes of its own for no accented capital but Ă Â Ê Ô Ơ Ư Đ: none others here
NOTICE = "Xã Hòa Phú thông báo lịch tiếp công dân của ủy ban tháng 9 năm 2023.\n" * 3


def _wait(url: str, job_id: str) -> dict[str, object]:
    for _ in range(300):
        job = httpx.get(f"{url}/jobs/{job_id}", timeout=10).json()
        if job["state"] in ("done", "failed"):
            return dict(job)
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data = tmp_path_factory.mktemp("archive")
    proc, url = start(data, env={"VANBAN_MAX_UPLOAD_BYTES": "200000"})
    try:
        yield url, data
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize(
    ("name", "data", "mime", "status", "code"),
    [
        ("scan.pdf", NOTICE.encode(), "application/pdf", 415, "type_mismatch"),
        ("scan.jpg", NOTICE.encode(), "image/jpeg", 415, "type_mismatch"),
        ("scan", NOTICE.encode(), "application/pdf", 415, "type_mismatch"),
        ("big.txt", NOTICE.encode() * 1000, "text/plain", 413, "file_too_large"),
        ("empty.txt", b"", "text/plain", 422, "empty_document"),
        ("cut.pdf", b"%PDF-1.4\n%truncated", "application/pdf", 422, "corrupt_file"),
        ("notes.txt", b"\x81\x8d\x8f\x90\x9d" * 40, "text/plain", 422, "invalid_text"),
    ],
)
def test_refused_inputs_over_http_have_their_code(
    server: tuple[str, Path], name: str, data: bytes, mime: str, status: int, code: str
) -> None:
    url, archive = server
    res = httpx.post(f"{url}/documents", files=[("files", (name, data, mime))], timeout=30)
    assert res.status_code == status, res.text
    assert res.json()["error"]["code"] == code
    document = res.json()["documents"][0]
    if code == "file_too_large":  # the one refusal that is not kept
        assert "not kept" in res.json()["error"]["message"]
        assert "document_id" not in document
    else:  # kept, with a failed job saying why
        assert document["job"]["state"] == "failed" and document["job"]["error"]["code"] == code
        stored = httpx.get(f"{url}/documents/{document['document_id']}/original", timeout=10)
        assert stored.content == data


@pytest.mark.parametrize(
    ("name", "data", "converted"),
    [
        ("utf16le.txt", "\ufeff".encode("utf-16-le") + NOTICE.encode("utf-16-le"), False),
        ("utf16be.txt", "\ufeff".encode("utf-16-be") + NOTICE.encode("utf-16-be"), False),
        ("tcvn3.txt", legacy.encode(NOTICE, "tcvn3"), True),
        ("vni.txt", legacy.encode(NOTICE, "vni"), True),
        ("cp1258.txt", legacy.encode(NOTICE, "cp1258"), True),
    ],
)
def test_unicode_and_legacy_texts_over_http_are_read(
    server: tuple[str, Path], name: str, data: bytes, converted: bool
) -> None:
    url, _ = server
    res = httpx.post(f"{url}/documents", files=[("files", (name, data, "text/plain"))], timeout=30)
    assert res.status_code == 202, res.text
    document = res.json()["documents"][0]
    assert _wait(url, document["job"]["id"])["state"] == "done"
    record = httpx.get(f"{url}/documents/{document['document_id']}", timeout=10).json()
    assert record["text"] == NOTICE
    codes = [w["code"] for w in record["warnings"]]
    assert ("text_converted" in codes) == converted
