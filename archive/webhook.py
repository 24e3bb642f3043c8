"""Signed webhook events for documents with deadlines."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from typing import Any

import httpx

from archive.store import Archive

log = logging.getLogger("vanban.webhook")


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def event(doc_id: str, record: dict[str, Any]) -> dict[str, Any]:
    fields = record.get("fields", {})
    return {
        "event": "document.processed",
        "document_id": doc_id,
        "symbol": fields.get("symbol"),
        "title": fields.get("title"),
        "deadlines": fields.get("deadlines", []),
    }


def post(url: str, payload: dict[str, Any], *, secret: str | None) -> bool:
    """One signed POST; True when the receiver answered 2xx. Failures are logged."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": "vanban-webhook"}
    if secret:
        headers["X-Vanban-Signature"] = sign(body, secret)
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
    """POST ``payload`` now, retried with back-off; never raises."""
    for attempt in range(1, attempts + 1):
        if post(url, payload, secret=secret):
            return True
        if attempt < attempts:
            time.sleep(pause * 2 ** (attempt - 1))
    return False


class Outbox:
    """Delivers events kept in the archive, with retries; pending ones survive a restart.

    Processing only adds a row (``on_done``); a thread sends it. A slow or failing receiver
    never delays processing, and the document is saved before its event exists.
    """

    def __init__(
        self,
        archive: Archive,
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

    def on_done(self, doc_id: str, record: dict[str, Any]) -> None:
        if record.get("fields", {}).get("deadlines"):
            self.archive.add_event(doc_id, event(doc_id, record))
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
            for item in self.archive.due_events():
                self._deliver(item)
            self._wake.wait(0.5)
            self._wake.clear()

    def _deliver(self, item: dict[str, Any]) -> None:
        attempts = item["attempts"] + 1
        if post(self.url, item["payload"], secret=self.secret):
            state, next_at = "sent", time.time()
        elif attempts >= self.attempts:
            log.error(
                "webhook %s gave up on event %s after %d attempts", self.url, item["id"], attempts
            )
            state, next_at = "failed", time.time()
        else:
            state, next_at = "pending", time.time() + self.pause * 2 ** (attempts - 1)
        self.archive.event_state(item["id"], state=state, attempts=attempts, next_at=next_at)
