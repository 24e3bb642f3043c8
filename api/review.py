"""The review queue: processed documents ordered by how much they need a person's eye.

A record's doubt (0 to 1) weighs the key fields it lacks, how sure the OCR was of the page
and how many words restoration changed without being sure. Its doubtful words come from
both: words restoration changed with low confidence and words OCR read with low confidence.
"""

from __future__ import annotations

import heapq
import threading
from typing import Any

from api.pipeline import PAGE_BREAK
from archive import Store
from core.errors import NotFound

KEY_FIELDS = ("doc_type", "symbol", "date", "issuer", "title")
RESTORED_DOUBT = 0.9  # restoration confidence (0..1) below which a changed word is doubtful
OCR_DOUBT = 0.75  # OCR confidence (as 0..1) below which a read word is doubtful
WORDS = 12  # doubtful words listed per document
BATCH = 200


def doubt(record: dict[str, Any]) -> dict[str, Any]:
    """The doubt of one record, its reasons (coded, for the page to say) and its words."""
    fields = record.get("fields") or {}
    absent = [name for name in KEY_FIELDS if not _has(fields, name)]
    words, restored, read = _doubtful(record, limit=WORDS)
    mean = (record.get("ocr") or {}).get("mean_confidence")
    ocr_part = min(1.0, max(0.0, (90.0 - mean) / 50.0)) if mean is not None else 0.0
    word_part = min(1.0, (restored + read) / 20.0)
    score = 0.45 * len(absent) / len(KEY_FIELDS) + 0.3 * ocr_part + 0.25 * word_part
    reasons: list[dict[str, Any]] = [{"code": "missing_field", "field": f} for f in absent]
    if mean is not None and ocr_part > 0:
        reasons.append({"code": "low_ocr_confidence", "value": mean})
    if restored:
        reasons.append({"code": "doubtful_restorations", "value": restored})
    if read:
        reasons.append({"code": "doubtful_ocr_words", "value": read})
    return {"doubt": round(score, 3), "reasons": reasons, "words": words}


def doubtful_words(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Words restoration changed unsure, and words OCR read unsure, least sure first.
    ``line`` is 1-based in the text; ``confidence`` 0..1 for both."""
    return _doubtful(record, limit=None)[0]


def _doubtful(
    record: dict[str, Any], *, limit: int | None
) -> tuple[list[dict[str, Any]], int, int]:
    """The ``limit`` least sure words (all with None), and how many restoration and OCR
    words are in doubt. Only the words listed are built (a page has hundreds)."""
    found: list[tuple[float, int, int, Any, Any]] = []  # confidence, line, order, word, page
    for c in record.get("changes") or []:
        if c.get("status", "changed") == "changed" and c["confidence"] < RESTORED_DOUBT:
            found.append((float(c["confidence"]), c["line"] + 1, len(found), c, None))
    restored = len(found)
    pages = (record.get("ocr") or {}).get("pages") or []
    texts = str(record.get("text", "")).split(PAGE_BREAK)
    if len(texts) == len(pages):
        offset, cut = 0, OCR_DOUBT * 100.0
        for page, text in zip(pages, texts, strict=True):
            for w in page.get("words") or ():
                if 0 <= w["confidence"] < cut and w["text"].strip():
                    found.append(
                        (w["confidence"] / 100.0, offset + w["line"] + 1, len(found), w, page)
                    )
            offset += text.count("\n") + 1
    chosen = sorted(found) if limit is None else heapq.nsmallest(limit, found)
    return [_word(*item) for item in chosen], restored, len(found) - restored


def _word(confidence: float, line: int, _: int, word: Any, page: Any) -> dict[str, Any]:
    if page is None:  # a restoration
        return {
            "line": line,
            "text": word["restored"],
            "original": word["original"],
            "confidence": round(confidence, 3),
            "source": "restoration",
        }
    return {
        "line": line,
        "text": word["text"],
        "original": word["text"],
        "confidence": round(confidence, 3),
        "source": "ocr",
        "page": page["number"],
        "bbox": word["bbox"],
    }


class Summaries:
    """Each processed document's place in the queue, computed once from its record and kept
    until the record is corrected (``forget``): a done record changes only by correction,
    and reading every record again (OCR words and all) for each request does not scale."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._items: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, archive: Store, row: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            item = self._items.get(row["id"])
        if item is not None:
            return item
        try:
            record = archive.record(row["id"])
        except NotFound:
            return None
        item = summary(row, record)
        with self._lock:
            if len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))
            self._items[row["id"]] = item
        return item

    def forget(self, doc_id: str) -> None:
        with self._lock:
            self._items.pop(doc_id, None)


def summary(row: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    fields = record.get("fields") or {}
    mark = record.get("review") or {}
    return {
        "id": row["id"],
        "filename": row["filename"],
        "doc_type": fields.get("doc_type"),
        "symbol": fields.get("symbol"),
        "title": fields.get("title"),
        "reviewed_by": mark.get("reviewed_by"),
        "reviewed_at": mark.get("reviewed_at"),
        **doubt(record),
    }


def queue(
    archive: Store,
    *,
    page: int = 1,
    page_size: int = 50,
    reviewed: bool = False,
    summaries: Summaries | None = None,
) -> dict[str, Any]:
    """One page of the processed documents, most doubtful first; those marked reviewed
    only when ``reviewed`` is true (then all of them)."""
    summaries = summaries or Summaries()
    items: list[dict[str, Any]] = []
    offset = 0
    while rows := archive.documents(limit=BATCH, offset=offset):
        offset += len(rows)
        for row in rows:
            if row["state"] != "done":
                continue
            item = summaries.get(archive, row)
            if item is not None and (reviewed or not item["reviewed_by"]):
                items.append(item)
    items.sort(key=lambda d: (-d["doubt"], d["filename"]))
    start = (page - 1) * page_size
    return {
        "documents": items[start : start + page_size],
        "page": page,
        "page_size": page_size,
        "total": len(items),
    }


def _has(fields: dict[str, Any], name: str) -> bool:
    if name == "date":
        return bool((fields.get("date") or {}).get("year"))
    return bool(fields.get(name))
