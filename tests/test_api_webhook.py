"""The deadline webhook from the running service to a real receiver on loopback: signed with
its timestamp, one delivery id across retries, corrections announced, never loses the document."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from archive import webhook
from core.settings import Settings
from tests.conftest import open_archive, rows
from tests.live import serve
from tests.test_api_archive import PLAN, upload, wait_done

# every test here on the embedded SQLite archive and on PostgreSQL
pytestmark = pytest.mark.usefixtures("database_url")


class Receiver(HTTPServer):
    """Answers 500 to the first ``failures`` requests, then 204; keeps what it got."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[bytes, str]] = []
        self.headers: list[dict[str, str]] = []
        super().__init__(("127.0.0.1", 0), Handler)

    def wait(self, count: int, timeout: float = 10) -> None:
        for _ in range(int(timeout / 0.05)):
            if len(self.received) >= count:
                return
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((body, self.headers.get("X-Vanban-Signature", "")))
        self.server.headers.append(dict(self.headers))
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


def verified(receiver: Receiver, i: int, secret: str) -> dict[str, Any]:
    """The i-th delivery's body, after checking it as the README tells receivers to."""
    body, signature = receiver.received[i]
    headers = receiver.headers[i]
    timestamp = headers["X-Vanban-Timestamp"]
    assert abs(time.time() - int(timestamp)) < 60
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(signature, "sha256=" + mac.hexdigest())
    assert webhook.verify(body, secret, timestamp=timestamp, signature=signature)
    event = dict(json.loads(body))
    assert headers["X-Vanban-Delivery"] == event["id"] == str(uuid.UUID(event["id"]))
    assert headers["X-Vanban-Event"] == event["event"]
    return event


def test_processed_document_with_deadlines_is_announced(tmp_path: Path, receiver: Receiver) -> None:
    settings = Settings(
        data_dir=tmp_path, webhook_url=receiver.url, webhook_secret="k", webhook_attempts=3
    )
    with TestClient(create_app(settings)) as client:
        doc = upload(client, "plan.txt", PLAN.encode()).json()["documents"][0]
        assert wait_done(client, doc["job"]["id"])["state"] == "done"
        receiver.wait(2)
    assert len(receiver.received) == 2  # one failure, then delivered
    first, event = verified(receiver, 0, "k"), verified(receiver, 1, "k")
    assert first["id"] == event["id"]  # a retry is the same delivery
    assert event["event"] == "document.processed"
    assert event["document_id"] == doc["document_id"]
    assert event["deadlines"][0]["end"] == "2023-10-15"
    assert rows(open_archive(tmp_path), "SELECT state, attempts FROM events") == [("sent", 2)]


def test_a_correction_is_announced_as_updated(tmp_path: Path, receiver: Receiver) -> None:
    receiver.failures = 0
    settings = Settings(
        data_dir=tmp_path, webhook_url=receiver.url, webhook_secret="k", api_token="t"
    )
    auth = {"Authorization": "Bearer t"}
    with serve(create_app(settings)) as url:
        res = httpx.post(
            f"{url}/documents", files=[("files", ("plan.txt", PLAN.encode()))], headers=auth
        )
        doc = res.json()["documents"][0]
        for _ in range(200):
            job = httpx.get(f"{url}/jobs/{doc['job']['id']}").json()
            if job["state"] == "done":
                break
            time.sleep(0.05)
        receiver.wait(1)
        title = "Triển khai cải cách hành chính năm 2023 (sửa)"
        patched = httpx.patch(
            f"{url}/documents/{doc['document_id']}",
            json={"fields": {"title": title}},
            headers=auth,
        )
        assert patched.status_code == 200
        receiver.wait(2)
        same = httpx.patch(
            f"{url}/documents/{doc['document_id']}", json={"fields": {"title": title}}, headers=auth
        )
        assert same.status_code == 200  # nothing changed: nothing announced
        time.sleep(0.6)
    processed, updated = (verified(receiver, i, "k") for i in range(2))
    assert len(receiver.received) == 2
    assert processed["event"] == "document.processed"
    assert updated["event"] == "document.updated" and updated["changed"] == ["fields.title"]
    assert updated["title"] == title and updated["document_id"] == doc["document_id"]
    assert updated["id"] != processed["id"]
    assert updated["deadlines"] == processed["deadlines"]


def test_signature_checks_refuse_tampering_and_replays() -> None:
    body, now = b'{"id": "x"}', 1_700_000_000
    signature = webhook.sign(body, "k", now)
    assert webhook.verify(body, "k", timestamp=str(now), signature=signature, now=now + 10)
    assert not webhook.verify(body, "other", timestamp=str(now), signature=signature, now=now)
    assert not webhook.verify(b'{"id": "y"}', "k", timestamp=str(now), signature=signature, now=now)
    later = str(now + 1)  # the timestamp is signed too
    assert not webhook.verify(body, "k", timestamp=later, signature=signature, now=now)
    assert not webhook.verify(body, "k", timestamp=str(now), signature=signature, now=now + 3600)
    assert not webhook.verify(body, "k", timestamp="soon", signature=signature, now=now)


def test_event_stored_without_an_id_keeps_one_across_retries(
    tmp_path: Path, receiver: Receiver
) -> None:
    receiver.failures = 1
    archive = open_archive(tmp_path)
    archive.add_event("a" * 64, {"event": "document.processed", "document_id": "a"})
    outbox = webhook.Outbox(archive, receiver.url, secret="k", attempts=3, pause=0.01)
    outbox.start()
    try:
        receiver.wait(2)
    finally:
        outbox.stop()
    first, second = (verified(receiver, i, "k") for i in range(2))
    assert first["id"] == second["id"]


def test_events_left_by_a_stopped_service_are_sent_at_start(
    tmp_path: Path, receiver: Receiver
) -> None:
    receiver.failures = 0
    open_archive(tmp_path).add_event("a" * 64, {"event": "document.processed", "document_id": "a"})
    settings = Settings(data_dir=tmp_path, webhook_url=receiver.url, webhook_secret="k")
    with TestClient(create_app(settings)):
        for _ in range(100):
            if receiver.received:
                break
            time.sleep(0.05)
    assert [json.loads(body)["document_id"] for body, _ in receiver.received] == ["a"]


def test_receiver_that_keeps_failing_is_given_up(tmp_path: Path, receiver: Receiver) -> None:
    receiver.failures = 99
    archive = open_archive(tmp_path)
    event_id = archive.add_event("a" * 64, {"event": "document.processed"})
    outbox = webhook.Outbox(archive, receiver.url, secret=None, attempts=3, pause=0.01)
    outbox.start()
    try:
        for _ in range(200):
            (row,) = rows(archive, "SELECT state, attempts FROM events WHERE id = ?", (event_id,))
            if row[0] != "pending":
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


def test_two_web_processes_send_each_event_once(tmp_path: Path, receiver: Receiver) -> None:
    receiver.failures = 0
    archive = open_archive(tmp_path)
    sent = [archive.add_event(f"{i:064x}", {"event": "document.processed"}) for i in range(23)]
    outboxes = [
        webhook.Outbox(open_archive(tmp_path), receiver.url, secret=None, pause=0.01)
        for _ in range(2)
    ]
    for outbox in outboxes:
        outbox.start()
    try:
        receiver.wait(len(sent))
        time.sleep(1.2)  # both senders polled again: a second copy would have come by now
    finally:
        for outbox in outboxes:
            outbox.stop()
    ids = [json.loads(body)["id"] for body, _ in receiver.received]
    assert len(ids) == len(set(ids)) == len(sent)
    assert rows(archive, "SELECT DISTINCT state FROM events") == [("sent",)]


def test_events_claimed_by_a_sender_that_died_come_back_after_the_lease(tmp_path: Path) -> None:
    archive = open_archive(tmp_path)
    first = archive.add_event("a" * 64, {"event": "document.processed", "id": "x"})
    archive.add_event("b" * 64, {"event": "document.processed", "id": "y"})
    claimed = archive.due_events(limit=1, lease=0.5)
    assert [item["id"] for item in claimed] == [first]
    other = open_archive(tmp_path)  # another web process: the claimed event is not its to send
    assert [item["payload"]["id"] for item in other.due_events(lease=0.5)] == ["y"]
    assert other.due_events() == []
    time.sleep(0.6)  # neither sender reported: both leases ran out
    assert [item["payload"]["id"] for item in other.due_events()] == ["x", "y"]
