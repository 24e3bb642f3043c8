"""A record's doubt: how much it needs a person's eye (0 to 1), why, and its doubtful words.

It weighs the key fields the record lacks, how sure the OCR was of the page and how many
words restoration changed without being sure. Its doubtful words come from both: words
restoration changed with low confidence and words OCR read with low confidence. The archive
keeps each record's summary beside it when it is saved, so the review queue is one ordered
query however large the archive.
"""

from __future__ import annotations

import heapq
import json
from typing import Any

from core.record import PAGE_BREAK

KEY_FIELDS = ("doc_type", "symbol", "date", "issuer", "title")
RESTORED_DOUBT = 0.9  # restoration confidence (0..1) below which a changed word is doubtful
OCR_DOUBT = 0.75  # OCR confidence (as 0..1) below which a read word is doubtful
WORDS = 12  # doubtful words listed per document


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


def summary(record: dict[str, Any]) -> dict[str, Any]:
    """What the review queue shows of a record, kept beside it by the archive."""
    fields = record.get("fields") or {}
    mark = record.get("review") or {}
    return {
        "doc_type": fields.get("doc_type"),
        "symbol": fields.get("symbol"),
        "title": fields.get("title"),
        "reviewed_by": mark.get("reviewed_by"),
        "reviewed_at": mark.get("reviewed_at"),
        **doubt(record),
    }


def columns(record: dict[str, Any]) -> tuple[float, int, str]:
    """The archive's review columns of a record: doubt, reviewed (0/1), summary as JSON."""
    item = summary(record)
    return item["doubt"], int(bool(item["reviewed_by"])), json.dumps(item, ensure_ascii=False)


def queue_where(reviewed: bool) -> str:
    """The archive's condition for the documents in the review queue (processed ones; the
    reviewed ones too only when ``reviewed``)."""
    return "review IS NOT NULL" + ("" if reviewed else " AND reviewed = 0")


def queue_item(row: Any) -> dict[str, Any]:
    """A queue entry from an archive row holding ``id``, ``filename`` and ``review``."""
    return {"id": row["id"], "filename": row["filename"], **json.loads(row["review"])}


def _has(fields: dict[str, Any], name: str) -> bool:
    if name == "date":
        return bool((fields.get("date") or {}).get("year"))
    return bool(fields.get(name))
