"""Signed webhook events: ``document.processed`` for documents with deadlines, and
``document.updated`` when a person corrects one.

Every delivery carries an id (a UUID, the same on every retry of that delivery, so a receiver
can drop repeats) and the time it was sent. With a secret, the signature covers both:
``X-Vanban-Signature: sha256=HMAC-SHA256(secret, f"{timestamp}.{body}")``, where the body
holds the id; a receiver checks it and refuses timestamps too old (replays).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
from collections.abc import Iterable
from typing import Any

import httpx

from archive.base import Store
from core.record import with_uids

log = logging.getLogger("vanban.webhook")

PROCESSED = "document.processed"
BATCH = 5  # events claimed at once by one sending process
LEASE_EACH = 30.0  # seconds a claimed event is held per event of the batch (post times out at 10)
UPDATED = "document.updated"
# a namespace for ids of events stored before they carried one (stable per stored row)
_LEGACY_IDS = uuid.UUID("6c3b1f2e-5d1a-4a44-9d0e-0b8f5f0a7c11")


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``{timestamp}.{body}`` with ``secret``."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    body: bytes,
    secret: str,
    *,
    timestamp: str,
    signature: str,
    tolerance: float = 300,
    now: float | None = None,
) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    return hmac.compare_digest(sign(body, secret, sent), signature)


def event(doc_id: str, record: dict[str, Any]) -> dict[str, Any]:
    """The ``document.processed`` event of a record, with a new delivery id."""
    return _payload(PROCESSED, doc_id, record)


def updated_event(doc_id: str, record: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The ``document.updated`` event: the corrected record's deadlines and what changed
    ("fields.title", "fields.deadlines", "text", "line 12", ...: the names the history uses)."""
    return {**_payload(UPDATED, doc_id, record), "changed": list(dict.fromkeys(fields))}


def _payload(name: str, doc_id: str, record: dict[str, Any]) -> dict[str, Any]:
    fields = record.get("fields", {})
    return {
        "id": str(uuid.uuid4()),
        "event": name,
        "created": int(time.time()),
        "document_id": doc_id,
        "symbol": fields.get("symbol"),
        "title": fields.get("title"),
        "deadlines": with_uids(fields.get("deadlines") or []),
    }


def delivery_id(payload: dict[str, Any], *, row: Any = None) -> str:
    """The payload's id; for an event stored without one, an id derived from its row."""
    if payload.get("id"):
        return str(payload["id"])
    return str(uuid.uuid5(_LEGACY_IDS, repr(row)))


def post(url: str, payload: dict[str, Any], *, secret: str | None) -> bool:
    """One POST, signed now; True when the receiver answered 2xx. Failures are logged."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "vanban-webhook",
        "X-Vanban-Event": str(payload.get("event") or ""),
        "X-Vanban-Delivery": delivery_id(payload),
        "X-Vanban-Timestamp": str(timestamp),
    }
    if secret:
        headers["X-Vanban-Signature"] = sign(body, secret, timestamp)
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=10)
    except httpx.HTTPError as exc:
        log.warning("webhook %s failed: %s", url, exc)
        return False
    if response.status_code >= 300:
        log.warning("webhook %s answered %s", url, response.status_code)
        return False
    return True


def send(
    url: str, payload: dict[str, Any], *, secret: str | None, attempts: int = 4, pause: float = 0.5
) -> bool:
    """POST ``payload`` now, retried with back-off (same delivery id); never raises."""
    if not payload.get("id"):
        payload = {**payload, "id": str(uuid.uuid4())}
    for attempt in range(1, attempts + 1):
        if post(url, payload, secret=secret):
            return True
        if attempt < attempts:
            time.sleep(pause * 2 ** (attempt - 1))
    return False


class Outbox:
    """Delivers events kept in the archive, with retries; pending ones survive a restart.

    Processing only adds a row (``api.intake.run``, ``on_updated``), on this machine or on a
    worker's; a thread sends it. A slow or
    failing receiver never delays processing, and the document is saved before its event
    exists.
    """

    def __init__(
        self,
        archive: Store,
        url: str,
        *,
        secret: str | None,
        attempts: int = 4,
        pause: float = 1.0,
    ) -> None:
        self.archive, self.url, self.secret = archive, url, secret
        self.attempts, self.pause = attempts, pause
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def notify(self) -> None:
        """An event was just kept (``api.intake.run``): send it now, not at the next poll."""
        self._wake.set()

    def on_updated(self, doc_id: str, record: dict[str, Any], fields: Iterable[str]) -> None:
        """A person corrected the record: announced when it has deadlines or had them."""
        changed = list(fields)
        if changed and (record.get("fields", {}).get("deadlines") or "fields.deadlines" in changed):
            self.archive.add_event(doc_id, updated_event(doc_id, record, changed))
            self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="vanban-webhook", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            # claimed for this process alone: other web processes sending from the same archive
            # never send these, and a batch left by a process that died comes back after a lease
            due = self.archive.due_events(limit=BATCH, lease=BATCH * LEASE_EACH)
            for item in due:
                self._deliver(item)
            if len(due) < BATCH:
                self._wake.wait(0.5)
                self._wake.clear()

    def _deliver(self, item: dict[str, Any]) -> None:
        attempts = item["attempts"] + 1
        payload = item["payload"]
        if not payload.get("id"):  # stored by an older version: an id stable across retries
            payload = {**payload, "id": delivery_id(payload, row=(item["id"], item["created"]))}
        if post(self.url, payload, secret=self.secret):
            state, next_at = "sent", time.time()
        elif attempts >= self.attempts:
            log.error(
                "webhook %s gave up on event %s after %d attempts", self.url, item["id"], attempts
            )
            state, next_at = "failed", time.time()
        else:
            state, next_at = "pending", time.time() + self.pause * 2 ** (attempts - 1)
        self.archive.event_state(item["id"], state=state, attempts=attempts, next_at=next_at)
