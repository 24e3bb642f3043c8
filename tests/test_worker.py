"""Jobs over a real Redis to real `vanban worker` processes, the archive on a real
PostgreSQL: a worker killed mid-job loses nothing, the job finishes on the other worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.app import create_app
from archive import open_store
from core.settings import Settings
from tests.conftest import to_bytes
from tests.test_api_webhook import Receiver, verified

ROOT = Path(__file__).resolve().parent.parent
LINES = [
    "ỦY BAN NHÂN DÂN XÃ TÂN LẬP",
    "Số: 15/KH-UBND",
    "KẾ HOẠCH",
    "Tổ chức tiêm chủng cho trẻ em trên địa bàn xã",
    "Trạm Y tế xã hoàn thành trước ngày 30/6/2025.",
]


def settings_for(
    tmp_path: Path, database_url: str, broker_url: str, webhook_url: str | None = None
) -> Settings:
    return Settings(
        webhook_url=webhook_url,
        webhook_secret="k" if webhook_url else None,
        data_dir=tmp_path / "web",  # each machine its own data folder ...
        storage_dir=tmp_path / "storage",  # ... and the storage folder they all mount
        database_url=database_url,
        broker_url=broker_url,
        workers=1,
        job_timeout=30,
    )


def start_worker(name: str, tmp_path: Path, settings: Settings) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OMP_THREAD_LIMIT": "1",
        "VANBAN_DATA_DIR": str(tmp_path / name),
        "VANBAN_STORAGE_DIR": str(settings.storage_dir),
        "VANBAN_DATABASE_URL": str(settings.database_url),
        "VANBAN_BROKER_URL": str(settings.broker_url),
        "VANBAN_WORKERS": "1",
        "VANBAN_JOB_TIMEOUT": str(settings.job_timeout),
        "VANBAN_WEBHOOK_URL": settings.webhook_url or "",
    }
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-m", "api", "worker", "--name", f"{name}@test", "--loglevel", "INFO"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killed whole, pool and page workers
    )


@pytest.fixture
def hook() -> Iterator[Receiver]:
    """A webhook receiver that fails once, then takes the events."""
    server = Receiver(failures=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def workers() -> Iterator[dict[str, subprocess.Popen[bytes]]]:
    started: dict[str, subprocess.Popen[bytes]] = {}
    yield started
    for proc in started.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in started.values():
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.server
def test_a_worker_killed_mid_job_loses_nothing(
    tmp_path: Path,
    postgres_server: Any,
    redis_url: str,
    render: Callable[..., Image.Image],
    workers: dict[str, subprocess.Popen[bytes]],
    hook: Receiver,
) -> None:
    settings = settings_for(tmp_path, postgres_server.database(), redis_url, hook.url)
    archive = open_store(
        settings.data_dir, database_url=settings.database_url, storage_dir=settings.storage_dir
    )
    scan = to_bytes(render(LINES, dpi=200), "PNG")
    with TestClient(create_app(settings)) as client:
        answer = client.post("/documents", files=[("files", ("plan.png", scan, "image/png"))])
        assert answer.status_code == 202, answer.text
        (doc,) = answer.json()["documents"]
        job_id = doc["job"]["id"]
        assert doc["job"]["state"] == "queued"  # nothing runs in the web process
        for name in ("one", "two"):
            workers[name] = start_worker(name, tmp_path, settings)
        taken = wait_for(
            lambda: (job := archive.job(job_id)).state == "running" and job.worker and job,
            120,
            "a worker to take the job",
        )
        victim = taken.worker.split("@")[0]
        os.killpg(workers[victim].pid, signal.SIGKILL)  # mid-job: no ack, no clean-up
        workers[victim].wait(10)
        done = wait_for(
            lambda: (job := archive.job(job_id)).state in ("done", "failed") and job,
            240,
            "the job to finish on the other worker",
        )
        assert done.state == "done", done
        assert done.attempts == 2 and done.worker and not done.worker.startswith(victim)
        record = client.get(f"/documents/{doc['document_id']}").json()
        assert "15/KH-UBND" in record["text"]
        assert client.get("/search", params={"q": "tiem chung"}).json()["total"] == 1
        hook.wait(2, timeout=30)  # kept by the worker, sent by the web process (a retry)
        event = verified(hook, 1, "k")
        assert event["document_id"] == doc["document_id"] and event["deadlines"]
    assert (settings.storage_dir / "originals" / doc["document_id"][:2]).is_dir()


def test_worker_needs_a_broker(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VANBAN_DATA_DIR": str(tmp_path)}
    env.pop("VANBAN_BROKER_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "api", "worker"], env=env, capture_output=True, text=True
    )
    assert run.returncode == 2 and "[invalid_configuration]" in run.stderr
    assert "VANBAN_BROKER_URL" in run.stderr


def test_an_unreachable_broker_keeps_the_upload_and_says_so(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, broker_url="redis://127.0.0.1:9/0")
    with TestClient(create_app(settings)) as client:
        answer = client.post("/documents", files=[("files", ("a.txt", b"Ke hoach", "text/plain"))])
        assert answer.status_code == 503
        (doc,) = answer.json()["documents"]
        assert doc["job"]["state"] == "failed"
        assert doc["job"]["error"]["code"] == "service_unavailable"
    assert (tmp_path / "originals" / doc["document_id"][:2] / doc["document_id"]).exists()
