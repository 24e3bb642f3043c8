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


def send(url: str, payload: dict[str, Any], *, secret: str | None, attempts: int = 3) -> bool:
    """POST ``payload``; retried with back-off; a failure is logged, never raised."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Vanban-Signature"] = sign(body, secret)
    for attempt in range(attempts):
        try:
            response = httpx.post(url, content=body, headers=headers, timeout=10)
            if response.status_code < 300:
                return True
            log.warning("webhook %s answered %s", url, response.status_code)
        except httpx.HTTPError as exc:
            log.warning("webhook %s failed: %s", url, exc)
        time.sleep(0.5 * 2**attempt)
    return False


def notifier(url: str | None, secret: str | None):  # type: ignore[no-untyped-def]
    """A job listener that sends an event for each processed document with deadlines."""

    def on_done(doc_id: str, record: dict[str, Any]) -> None:
        if url and record.get("fields", {}).get("deadlines"):
            threading.Thread(
                target=send,
                args=(url, event(doc_id, record)),
                kwargs={"secret": secret},
                daemon=True,
            ).start()

    return on_done
