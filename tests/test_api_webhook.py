"""The deadline webhook from the running service: signed, retried, never loses the document."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from archive import Archive, webhook
from core.settings import Settings
from tests.test_api_archive import PLAN, upload, wait_done


class Receiver(HTTPServer):
    """Answers 500 to the first ``failures`` requests, then 204; keeps what it got."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[bytes, str]] = []
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((body, self.headers.get("X-Vanban-Signature", "")))
        failing = len(self.server.received) <= self.server.failures
        self.send_response(500 if failing else 204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(failures=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_processed_document_with_deadlines_is_announced(tmp_path: Path, receiver: Receiver) -> None:
    settings = Settings(
        data_dir=tmp_path, webhook_url=receiver.url, webhook_secret="k", webhook_attempts=3
    )
    with TestClient(create_app(settings)) as client:
        doc = upload(client, "plan.txt", PLAN.encode()).json()["documents"][0]
        assert wait_done(client, doc["job"]["id"])["state"] == "done"
        for _ in range(100):
            if len(receiver.received) >= 2:
                break
            time.sleep(0.05)
    assert len(receiver.received) == 2  # one failure, then delivered
    body, signature = receiver.received[-1]
    assert signature == webhook.sign(body, "k")
    event = json.loads(body)
    assert event["event"] == "document.processed"
    assert event["document_id"] == doc["document_id"]
    assert event["deadlines"][0]["end"] == "2023-10-15"
    (row,) = Archive(tmp_path).connection().execute("SELECT state, attempts FROM events")
    assert tuple(row) == ("sent", 2)


def test_events_left_by_a_stopped_service_are_sent_at_start(
    tmp_path: Path, receiver: Receiver
) -> None:
    receiver.failures = 0
    Archive(tmp_path).add_event("a" * 64, {"event": "document.processed", "document_id": "a"})
    settings = Settings(data_dir=tmp_path, webhook_url=receiver.url, webhook_secret="k")
    with TestClient(create_app(settings)):
        for _ in range(100):
            if receiver.received:
                break
            time.sleep(0.05)
    assert [json.loads(body)["document_id"] for body, _ in receiver.received] == ["a"]


def test_receiver_that_keeps_failing_is_given_up(tmp_path: Path, receiver: Receiver) -> None:
    receiver.failures = 99
    archive = Archive(tmp_path)
    event_id = archive.add_event("a" * 64, {"event": "document.processed"})
    outbox = webhook.Outbox(archive, receiver.url, secret=None, attempts=3, pause=0.01)
    outbox.start()
    try:
        for _ in range(200):
            row = (
                archive.connection()
                .execute("SELECT state, attempts FROM events WHERE id = ?", (event_id,))
                .fetchone()
            )
            if row["state"] != "pending":
                break
            time.sleep(0.05)
    finally:
        outbox.stop()
    assert tuple(row) == ("failed", 3) and len(receiver.received) == 3


def test_unreachable_receiver_gives_up_and_keeps_the_document(tmp_path: Path) -> None:
    assert not webhook.send("http://127.0.0.1:9/hook", {"x": 1}, secret=None, attempts=2, pause=0)
    settings = Settings(data_dir=tmp_path, webhook_url="http://127.0.0.1:9/hook")
    with TestClient(create_app(settings)) as client:
        doc = upload(client, "plan.txt", PLAN.encode()).json()["documents"][0]
        assert wait_done(client, doc["job"]["id"])["state"] == "done"
        assert client.get(f"/documents/{doc['document_id']}").status_code == 200
