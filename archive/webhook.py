"""Signed webhook events for documents with deadlines."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

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


def send(
    url: str, payload: dict[str, Any], *, secret: str | None, attempts: int = 4, pause: float = 0.5
) -> bool:
    """POST ``payload``; retried with back-off; a failure is logged, never raised."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": "vanban-webhook"}
    if secret:
        headers["X-Vanban-Signature"] = sign(body, secret)
    for attempt in range(1, attempts + 1):
        try:
            response = httpx.post(url, content=body, headers=headers, timeout=10)
            if response.status_code < 300:
                return True
            log.warning("webhook %s answered %s (attempt %d)", url, response.status_code, attempt)
        except httpx.HTTPError as exc:
            log.warning("webhook %s failed: %s (attempt %d)", url, exc, attempt)
        if attempt < attempts:
            time.sleep(pause * 2 ** (attempt - 1))
    log.error(
        "webhook %s gave up after %d attempts for %s", url, attempts, payload.get("document_id")
    )
    return False


Listener = Callable[[str, dict[str, Any]], None]


def notifier(url: str | None, secret: str | None, *, attempts: int = 4) -> Listener:
    """A job listener that sends an event for each processed document with deadlines.

    It runs after the record is saved, in its own thread: a slow or failing receiver
    never delays processing nor loses the document.
    """

    def on_done(doc_id: str, record: dict[str, Any]) -> None:
        if url and record.get("fields", {}).get("deadlines"):
            threading.Thread(
                target=send,
                args=(url, event(doc_id, record)),
                kwargs={"secret": secret, "attempts": attempts},
                name="vanban-webhook",
                daemon=True,
            ).start()

    return on_done
