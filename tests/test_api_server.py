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


def start(data_dir: Path, *, port: int = 0) -> tuple[subprocess.Popen[bytes], str]:
    if not port:
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
