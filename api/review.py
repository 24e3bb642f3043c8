"""The review queue: processed documents ordered by how much they need a person's eye.

A record's doubt (0 to 1) weighs the key fields it lacks, how sure the OCR was of the page
and how many words restoration changed without being sure. Its doubtful words come from
both: words restoration changed with low confidence and words OCR read with low confidence.
"""

from __future__ import annotations

from typing import Any

from api.pipeline import PAGE_BREAK
from archive import Archive
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
    words = doubtful_words(record)
    restored = [w for w in words if w["source"] == "restoration"]
    read = [w for w in words if w["source"] == "ocr"]
    mean = (record.get("ocr") or {}).get("mean_confidence")
    ocr_part = min(1.0, max(0.0, (90.0 - mean) / 50.0)) if mean is not None else 0.0
    word_part = min(1.0, (len(restored) + len(read)) / 20.0)
    score = 0.45 * len(absent) / len(KEY_FIELDS) + 0.3 * ocr_part + 0.25 * word_part
    reasons: list[dict[str, Any]] = [{"code": "missing_field", "field": f} for f in absent]
    if mean is not None and ocr_part > 0:
        reasons.append({"code": "low_ocr_confidence", "value": mean})
    if restored:
        reasons.append({"code": "doubtful_restorations", "value": len(restored)})
    if read:
        reasons.append({"code": "doubtful_ocr_words", "value": len(read)})
    return {"doubt": round(score, 3), "reasons": reasons, "words": words[:WORDS]}


def doubtful_words(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Words restoration changed unsure, and words OCR read unsure, least sure first.
    ``line`` is 1-based in the text; ``confidence`` 0..1 for both."""
    out: list[dict[str, Any]] = []
    for c in record.get("changes") or []:
        if c.get("status", "changed") == "changed" and c["confidence"] < RESTORED_DOUBT:
            out.append(
                {
                    "line": c["line"] + 1,
                    "text": c["restored"],
                    "original": c["original"],
                    "confidence": round(float(c["confidence"]), 3),
                    "source": "restoration",
                }
            )
    pages = (record.get("ocr") or {}).get("pages") or []
    texts = str(record.get("text", "")).split(PAGE_BREAK)
    if len(texts) == len(pages):
        offset = 0
        for page, text in zip(pages, texts, strict=True):
            for w in page.get("words") or []:
                confidence = float(w["confidence"]) / 100.0
                if 0 <= confidence < OCR_DOUBT and w["text"].strip():
                    out.append(
                        {
                            "line": offset + w["line"] + 1,
                            "text": w["text"],
                            "original": w["text"],
                            "confidence": round(confidence, 3),
                            "source": "ocr",
                            "page": page["number"],
                            "bbox": w["bbox"],
                        }
                    )
            offset += text.count("\n") + 1
    out.sort(key=lambda w: (w["confidence"], w["line"]))
    return out


def queue(
    archive: Archive, *, page: int = 1, page_size: int = 50, reviewed: bool = False
) -> dict[str, Any]:
    """One page of the processed documents, most doubtful first; those marked reviewed
    only when ``reviewed`` is true (then all of them)."""
    items: list[dict[str, Any]] = []
    offset = 0
    while rows := archive.documents(limit=BATCH, offset=offset):
        offset += len(rows)
        for row in rows:
            if row["state"] != "done":
                continue
            try:
                record = archive.record(row["id"])
            except NotFound:
                continue
            mark = record.get("review") or {}
            if mark.get("reviewed_by") and not reviewed:
                continue
            fields = record.get("fields") or {}
            items.append(
                {
                    "id": row["id"],
                    "filename": row["filename"],
                    "doc_type": fields.get("doc_type"),
                    "symbol": fields.get("symbol"),
                    "title": fields.get("title"),
                    "reviewed_by": mark.get("reviewed_by"),
                    "reviewed_at": mark.get("reviewed_at"),
                    **doubt(record),
                }
            )
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
