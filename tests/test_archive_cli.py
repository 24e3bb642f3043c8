"""Archive commands of the CLI on one data directory, and the signed webhook."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import httpx
import icalendar
import pytest

from archive import webhook

PLAN = """ỦY BAN NHÂN DÂN
XÃ HÒA BÌNH
Số: 07/KH-UBND
Hòa Bình, ngày 02 tháng 2 năm 2021
KẾ HOẠCH
Phòng chống dịch bệnh trên địa bàn xã năm 2021
1. Tuyên truyền phòng chống dịch bệnh.
- Chủ trì: Trạm Y tế xã; phối hợp: Đoàn Thanh niên xã.
- Thời gian: trong quý I/2021.
"""

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "ke-hoach-xa-an-binh.pdf"


def vanban(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", *args], capture_output=True, text=True, timeout=300
    )


def test_import_is_resumable_then_search_and_deadlines(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN, encoding="utf-8")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4 broken")
    data = str(tmp_path / "data")
    first = vanban("import", str(folder), "--data-dir", data)
    assert first.returncode == 2  # one file could not be read: reported, the rest imported
    assert "[corrupt_file]" in first.stderr and '"imported": 1' in first.stderr
    again = vanban("import", str(folder), "--data-dir", data)
    assert '"imported": 0' in again.stderr and '"skipped": 1' in again.stderr

    found = vanban("search", "phong chong dich benh", "--data-dir", data)
    assert "07/KH-UBND" in found.stdout and "1 result" in found.stderr
    none = vanban("search", "phong chong dich benh", "--year", "2020", "--data-dir", data)
    assert "0 result" in none.stderr

    ics = vanban("deadlines", "--format", "ics", "--data-dir", data).stdout
    assert "DUE;VALUE=DATE:20210331" in ics
    rows = list(
        csv.DictReader(
            io.StringIO(
                vanban("deadlines", "--format", "csv", "--data-dir", data).stdout.lstrip("\ufeff")
            )
        )
    )
    assert rows[0]["lead"] == "Trạm Y tế xã" and rows[0]["start"] == "2021-01-01"
    items = json.loads(vanban("deadlines", "--from", "2021-04-01", "--data-dir", data).stdout)
    assert items["deadlines"] == []


def test_webhook_posts_a_signed_event() -> None:
    received: list[tuple[bytes, str]] = []
    stamps: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, self.headers["X-Vanban-Signature"]))
            stamps.append(self.headers["X-Vanban-Timestamp"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.handle_request, daemon=True).start()
    record = {"fields": {"symbol": "07/KH-UBND", "deadlines": [{"end": "2021-03-31"}]}}
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    assert webhook.send(url, webhook.event("abc", record), secret="s3cret")
    server.server_close()
    body, signature = received[0]
    assert signature == webhook.sign(body, "s3cret", int(stamps[0]))
    (deadline,) = json.loads(body)["deadlines"]
    assert deadline["end"] == "2021-03-31" and deadline["uid"]  # the record's uid for it


def test_import_finishes_the_job_an_interrupted_import_left(tmp_path: Path) -> None:
    import hashlib

    from archive import Archive

    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN, encoding="utf-8")
    data = tmp_path / "data"
    doc_id = hashlib.sha256(PLAN.encode()).hexdigest()
    archive = Archive(data)  # as a killed import leaves it: original stored, job running
    archive.store_original(doc_id, PLAN.encode(), filename="a.txt", media_type="text/plain")
    archive.update_job(archive.create_job(doc_id).id, state="running")
    missing = vanban(
        "import", str(folder / "a.txt"), str(tmp_path / "nowhere"), "--data-dir", str(data)
    )
    assert missing.returncode == 4 and "[not_found]" in missing.stderr  # checked before any work
    run = vanban("import", str(folder / "a.txt"), str(folder), "--data-dir", str(data))
    assert run.returncode == 0 and '"imported": 1' in run.stderr  # one file, given twice
    assert "import: 100%" in run.stderr  # the progress bar
    assert [j.state for j in Archive(data).jobs_for(doc_id)] == ["done"]


def test_search_json_feeds_options_and_dates_refused(tmp_path: Path) -> None:
    from archive.search import HIT_KEYS

    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN, encoding="utf-8")
    data = str(tmp_path / "data")
    assert vanban("import", str(folder), "--data-dir", data).returncode == 0

    lines = vanban("search", "dich benh", "--json", "--data-dir", data)
    (hit,) = [json.loads(line) for line in lines.stdout.splitlines()]
    assert tuple(hit) == HIT_KEYS and hit["symbol"] == "07/KH-UBND"
    assert hit["issuer_normalized"] == "Ủy ban nhân dân xã Hòa Bình"
    array = vanban("search", "--type", "kế hoạch", "--json-array", "--data-dir", data)
    assert [(tuple(h), h["id"]) for h in json.loads(array.stdout)] == [(HIT_KEYS, hit["id"])]
    assert (
        json.loads(vanban("search", "--type", "CV", "--json-array", "--data-dir", data).stdout)
        == []
    )

    for args in (["search", "--year", "21"], ["deadlines", "--from", "2021-02-30"]):
        refused = vanban(*args, "--data-dir", data)
        assert refused.returncode == 2 and "[invalid_date]" in refused.stderr, args
        assert refused.stdout == ""

    url = "http://archive.local:8000"
    ics = vanban(
        "deadlines",
        "--format",
        "ics",
        "--component",
        "vevent",
        "--base-url",
        url,
        "--data-dir",
        data,
    )
    (entry,) = icalendar.Calendar.from_ical(ics.stdout).walk("VEVENT")
    assert entry.decoded("dtstart") == dt.date(2021, 1, 1)
    assert entry.decoded("dtend") == dt.date(2021, 4, 1)
    assert str(entry["url"]).startswith(f"{url}/documents/")
    excel = vanban("deadlines", "--format", "csv", "--excel", "--data-dir", data).stdout
    (row,) = csv.DictReader(io.StringIO(excel.lstrip("\ufeff")), delimiter=";")
    assert row["lead"] == "Trạm Y tế xã" and row["url"] == ""

    helps = vanban("search", "--help").stdout + vanban("deadlines", "--help").stdout
    for shown in ("--year YYYY", "--from YYYY-MM-DD", "--type NAME|CODE", "{vtodo,vevent}"):
        assert shown in helps


@pytest.mark.slow
@pytest.mark.server
@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_run_script_puts_the_example_in_the_archive_once(tmp_path: Path) -> None:
    """scripts/run.sh as a user runs it (setup already done): the first page lists the example,
    and running it again adds nothing."""
    root = Path(__file__).resolve().parent.parent
    copy = tmp_path / "vanban"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(root / "scripts" / "run.sh", copy / "scripts" / "run.sh")
    (copy / "scripts" / "setup.sh").write_text("#!/bin/sh\nexit 0\n")  # installed already
    (copy / "examples").mkdir()
    (copy / "examples" / EXAMPLE.name).symlink_to(root / "examples" / EXAMPLE.name)
    (copy / ".venv" / "bin").mkdir(parents=True)
    wrapper = copy / ".venv" / "bin" / "vanban"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m api "$@"\n')
    for script in (wrapper, copy / "scripts" / "setup.sh", copy / "scripts" / "run.sh"):
        script.chmod(0o755)
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(root)}

    def run_once() -> list[dict[str, Any]]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen(
            [
                "bash",
                str(copy / "scripts" / "run.sh"),
                "--port",
                str(port),
                "--data-dir",
                str(data),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(1500):
                try:
                    listed = httpx.get(f"{url}/documents", timeout=2).json()["documents"]
                    assert httpx.get(f"{url}/search", timeout=5).json()["total"] == len(listed)
                    return list(listed)
                except httpx.HTTPError:
                    assert proc.poll() is None, "run.sh stopped"
                    time.sleep(0.2)
            raise AssertionError("the service did not start")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)

    (first,) = run_once()
    assert first["filename"] == EXAMPLE.name and first["state"] == "done"
    assert first["symbol"] and first["title"]
    assert run_once() == [first]  # the second run skipped it
