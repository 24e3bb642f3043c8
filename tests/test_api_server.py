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
from pathlib import Path

import httpx
import pytest

from tests.conftest import render_lines, to_bytes

pytestmark = [pytest.mark.server, pytest.mark.tesseract, pytest.mark.slow]

LINES = ["ỦY BAN NHÂN DÂN XÃ AN BÌNH", "Số: 30/KH-UBND", "KẾ HOẠCH", "Phòng chống thiên tai"] * 6


def start(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port), "--data-dir", str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its page workers share its process group
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
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
