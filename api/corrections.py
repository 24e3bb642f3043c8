"""An archivist's corrections applied to a stored record (the JSON form of ``core.record``).

``apply`` is the one function that changes a record on request. Fields are corrected in
part (the date as "YYYY-MM-DD" or its parts, the signer's name or title, one recipient, one
deadline by its uid) and each path corrected by hand is remembered in ``review.manual``. A
corrected line re-extracts the fields from the corrected text, then puts back every field
corrected by hand. Warnings about missing fields are recomputed from what the record now
says. Each change comes back as (field, before, after) for the history.
"""

from __future__ import annotations

import datetime
from typing import Any

import extraction
from api.pipeline import _TEXT_STAGES
from api.schemas import (
    DatePatch,
    DeadlineEdit,
    DeadlinePatch,
    DocumentPatch,
    FieldsPatch,
    RecipientPatch,
    with_uids,
)
from core.errors import InvalidCorrection, InvalidDate, WarningCode
from core.record import PAGE_BREAK, OcrPage, Review, Word, fields_to_dict

Change = tuple[str, Any, Any]  # (field, before, after)

# warnings extraction gives, replaced when the fields are extracted again
EXTRACTION_CODES = frozenset(
    {
        WarningCode.EXTRACTION_FAILED,
        WarningCode.NO_SYMBOL,
        WarningCode.NO_NUMBER,
        WarningCode.NO_DATE,
        WarningCode.NO_DAY,
        WarningCode.NO_TYPE,
        WarningCode.NO_ISSUER,
        WarningCode.NO_TITLE,
        WarningCode.FIELD_INFERRED,
    }
)
SIMPLE = (
    "doc_type",
    "type_code",
    "number",
    "symbol",
    "issuer",
    "issuer_parent",
    "place",
    "title",
    "urgency",
    "secrecy",
)


def apply(record: dict[str, Any], patch: DocumentPatch, *, who: str, now: float) -> list[Change]:
    """Apply ``patch`` to ``record`` in place; the changes made, in order, for the history."""
    review = Review.from_dict(record.get("review"))
    manual = set(review.manual)
    record["fields"]["deadlines"] = with_uids(record["fields"].get("deadlines") or [])
    changes = _correct_text(record, patch)
    if changes:
        changes += _reextract(record, manual)
    if patch.fields is not None:
        changes += _correct_fields(record["fields"], patch.fields, manual)
    if patch.recipient is not None:
        changes += _correct_recipient(record["fields"], patch.recipient, manual)
    if patch.deadline is not None:
        changes += _correct_deadline(record["fields"], patch.deadline, manual)
    if changes:
        settle_warnings(record)
    reviewed_by, reviewed_at = review.reviewed_by, review.reviewed_at
    if patch.reviewed is not None and patch.reviewed != bool(reviewed_by):
        before = {"reviewed_by": reviewed_by, "reviewed_at": reviewed_at}
        reviewed_by, reviewed_at = (who, now) if patch.reviewed else (None, None)
        changes.append(
            ("reviewed", before, {"reviewed_by": reviewed_by, "reviewed_at": reviewed_at})
        )
    record["review"] = Review(reviewed_by, reviewed_at, tuple(sorted(manual))).to_dict()
    return changes


# --------------------------------------------------------------------------- text


def _correct_text(record: dict[str, Any], patch: DocumentPatch) -> list[Change]:
    changes: list[Change] = []
    if patch.text is not None:
        _check_lines(record["text"], patch.text)
        if patch.text != record["text"]:
            old = record["text"].split("\n")
            edited = {i for i, line in enumerate(patch.text.split("\n")) if line != old[i]}
            changes.append(("text", record["text"], patch.text))
            record["text"] = patch.text
            _forget_restorations(record, edited)
    for number, new in sorted((patch.lines or {}).items()):
        lines = record["text"].split("\n")
        if not 1 <= number <= len(lines) or "\n" in new:
            raise InvalidCorrection(
                f"line {number} does not exist or the new text has a line break "
                f"(the text has {len(lines)} lines; send one line without line breaks)"
            )
        if lines[number - 1] != new:
            changes.append((f"line {number}", lines[number - 1], new))
            lines[number - 1] = new
            record["text"] = "\n".join(lines)
            _forget_restorations(record, {number - 1})
    return changes


def _check_lines(old: str, new: str) -> None:
    if old.count("\n") != new.count("\n"):
        raise InvalidCorrection(
            "the corrected text must keep the same lines as the original "
            f"({old.count(chr(10)) + 1} lines, got {new.count(chr(10)) + 1})"
        )


def _forget_restorations(record: dict[str, Any], lines: set[int]) -> None:
    """A person's correction of a line supersedes what restoration did on it."""
    record["changes"] = [c for c in record.get("changes", []) if c.get("line") not in lines]


def _reextract(record: dict[str, Any], manual: set[str]) -> list[Change]:
    """The fields extracted again from the corrected text; those corrected by hand kept."""
    with _TEXT_STAGES:  # extraction shares the text stages' caches with the job threads
        found = extraction.extract(record["text"], pages=_pages(record))
    fields = record["fields"]
    fresh = fields_to_dict(found.fields)
    fresh["deadlines"] = _keep_manual_deadlines(
        with_uids(fresh["deadlines"]), fields["deadlines"], manual
    )
    if "date" in manual:
        fresh["date"] = fields["date"]
    for part in ("name", "title", "authority"):
        if f"signer.{part}" in manual:
            fresh["signer"][part] = fields["signer"].get(part)
    changes: list[Change] = []
    for name, value in fresh.items():
        if name in manual:
            continue
        if fields.get(name) != value:
            changes.append((f"fields.{name} (re-extracted)", fields.get(name), value))
            fields[name] = value
    evidence = {k: v for k, v in record.get("evidence", {}).items() if k in manual}
    record["evidence"] = {**fields_to_dict_evidence(found.evidence), **evidence}
    kept = [w for w in record.get("warnings", []) if _code(w) not in EXTRACTION_CODES]
    record["warnings"] = kept + [{"code": w.code, "message": w.message} for w in found.warnings]
    return changes


def fields_to_dict_evidence(evidence: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"line": e.line, "text": e.text, "page": e.page, "bbox": e.bbox}
        for name, e in evidence.items()
    }


def _keep_manual_deadlines(
    fresh: list[dict[str, Any]], old: list[dict[str, Any]], manual: set[str]
) -> list[dict[str, Any]]:
    """The re-extracted deadlines with the parts corrected by hand put back (matched by
    uid), those removed by hand left out; one corrected by hand that the text no longer
    gives stays, after the others. A list replaced whole stays as it was."""
    if "deadlines" in manual:
        return old
    parts: dict[str, set[str]] = {}
    for path in manual:
        if path.startswith("deadlines."):
            uid, _, part = path.removeprefix("deadlines.").partition(".")
            parts.setdefault(uid, set()).add(part)
    before = {d["uid"]: d for d in old}
    out = []
    for d in fresh:
        mine = parts.pop(d["uid"], set())
        if "deleted" in mine:
            continue
        out.append({**d, **{p: before[d["uid"]].get(p) for p in mine if d["uid"] in before}})
    return out + [
        before[uid] for uid, mine in parts.items() if uid in before and "deleted" not in mine
    ]


def _pages(record: dict[str, Any]) -> tuple[OcrPage, ...]:
    """The OCR pages of a stored record, with their words when they were stored."""
    stored = (record.get("ocr") or {}).get("pages") or []
    texts = record["text"].split(PAGE_BREAK)
    if not stored or len(texts) != len(stored):
        return ()
    return tuple(
        OcrPage(
            number=p["number"],
            width=p["width"],
            height=p["height"],
            text=text,
            words=tuple(
                Word(w["text"], _box(w["bbox"]), w["confidence"], w["line"])
                for w in p.get("words", [])
            ),
            confidence=p.get("confidence"),
        )
        for p, text in zip(stored, texts, strict=True)
    )


def _box(values: list[int]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = values
    return (x0, y0, x1, y1)


# --------------------------------------------------------------------------- fields


def _correct_fields(fields: dict[str, Any], patch: FieldsPatch, manual: set[str]) -> list[Change]:
    changes: list[Change] = []

    def put(name: str, value: Any, path: str | None = None) -> None:
        manual.add(path or name)
        if fields.get(name) != value:
            changes.append((f"fields.{path or name}", fields.get(name), value))
            fields[name] = value

    sent = patch.model_fields_set
    for name in SIMPLE:
        if name in sent:
            put(name, _clean(getattr(patch, name)))
    if "date" in sent:
        put("date", corrected_date(fields.get("date") or {}, patch.date))
    if "signer" in sent:
        signer = dict(fields.get("signer") or {})
        parts = patch.signer.model_fields_set if patch.signer else {"name", "title", "authority"}
        for part in sorted(parts):
            before = signer.get(part)
            value = _clean(getattr(patch.signer, part)) if patch.signer else None
            manual.add(f"signer.{part}")
            if before != value:
                changes.append((f"fields.signer.{part}", before, value))
                signer[part] = value
        fields["signer"] = signer
    if "cited_documents" in sent:
        cited = [
            _plain_patch(c, fields=set(type(c).model_fields)) for c in patch.cited_documents or []
        ]
        for c in cited:
            if c.get("date"):
                c["date"] = _iso(c["date"], what="cited document's date")
        put("cited_documents", cited)
    if "recipients" in sent:
        put("recipients", [r for r in (_clean(x) for x in patch.recipients or []) if r])
    if "deadlines" in sent:
        put("deadlines", with_uids([_deadline({}, d) for d in patch.deadlines or []]))
    return changes


def corrected_date(before: dict[str, Any], value: str | DatePatch | None) -> dict[str, Any]:
    """The date after a correction: "YYYY-MM-DD", or the parts sent over the parts it had;
    a date that cannot be is refused (``invalid_date``)."""
    if value is None or value == "":
        return {"raw": None, "year": None, "month": None, "day": None, "iso": None}
    if isinstance(value, str):
        text = _iso(value, what="date")
        y, m, d = (int(x) for x in text.split("-"))
        return {"raw": before.get("raw"), "year": y, "month": m, "day": d, "iso": text}
    date: dict[str, Any] = {k: before.get(k) for k in ("raw", "year", "month", "day")}
    date.update({k: getattr(value, k) for k in value.model_fields_set})
    year, month, day = date["year"], date["month"], date["day"]
    if year is not None and not 1800 <= year <= 2200:
        raise InvalidDate(f"date: year {year} is not a year of a document (1800-2200)")
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate(f"date: month {month} is not a month (1-12)")
    if day is not None and not 1 <= day <= 31:
        raise InvalidDate(f"date: day {day} is not a day of a month (1-31)")
    iso: str | None = None
    if year and month and day:
        try:
            iso = datetime.date(year, month, day).isoformat()
        except ValueError:
            raise InvalidDate(f"date: {day}/{month}/{year} does not exist") from None
    return {**date, "iso": iso}


def _iso(text: str, *, what: str) -> str:
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InvalidDate(f"{what}: {text!r} is not a date; send YYYY-MM-DD") from None


def _correct_recipient(
    fields: dict[str, Any], patch: RecipientPatch, manual: set[str]
) -> list[Change]:
    recipients = list(fields.get("recipients") or [])
    value = _clean(patch.value)
    if patch.index > len(recipients) or (patch.index == len(recipients) and value is None):
        raise InvalidCorrection(
            f"recipient {patch.index} does not exist (the record has {len(recipients)})"
        )
    before = recipients[patch.index] if patch.index < len(recipients) else None
    if value is None:
        del recipients[patch.index]
    elif patch.index == len(recipients):
        recipients.append(value)
    else:
        recipients[patch.index] = value
    manual.add("recipients")
    if before == value:
        return []
    fields["recipients"] = recipients
    return [(f"fields.recipients[{patch.index}]", before, value)]


def _correct_deadline(
    fields: dict[str, Any], patch: DeadlineEdit, manual: set[str]
) -> list[Change]:
    deadlines = fields["deadlines"]
    at = next((i for i, d in enumerate(deadlines) if d["uid"] == patch.uid), None)
    if at is None:
        raise InvalidCorrection(f"the record has no deadline {patch.uid!r}; reload it")
    before = deadlines[at]
    path = f"deadlines.{patch.uid}"
    if patch.delete:
        manual.add(f"{path}.deleted")
        fields["deadlines"] = deadlines[:at] + deadlines[at + 1 :]
        return [(f"fields.{path}", before, None)]
    after = _deadline(before, patch)
    sent = patch.model_fields_set - {"uid", "delete", "due"}
    changed = {k for k in after if after[k] != before.get(k)}
    manual.update(f"{path}.{part}" for part in sent | changed)
    if after == before:
        return []
    fields["deadlines"] = [*deadlines[:at], after, *deadlines[at + 1 :]]
    return [(f"fields.{path}", before, after)]


def _deadline(before: dict[str, Any], patch: DeadlinePatch) -> dict[str, Any]:
    """``before`` with the parts of ``patch`` that were sent; ``due`` sets the end date
    (and the start too for a deadline on one day)."""
    after = {
        "task": None,
        "raw": None,
        "start": None,
        "end": None,
        "kind": None,
        "lead": None,
        "support": [],
        **before,
    }
    sent = patch.model_fields_set - {"uid", "delete", "due"}
    for name in sent:
        value = getattr(patch, name)
        if name == "support":
            after[name] = [s for s in (_clean(x) for x in value or []) if s]
        elif name in ("start", "end"):
            after[name] = _iso(value, what=f"deadline {name}") if value else None
        else:
            after[name] = _clean(value)
    if "due" in patch.model_fields_set:
        due = _iso(patch.due, what="due date") if patch.due else None
        after["end"] = due
        if after.get("kind") in (None, "date"):
            after["start"], after["kind"] = due, "date" if due else None
    if after["start"] and after["end"] and after["start"] > after["end"]:
        raise InvalidDate(f"deadline: starts {after['start']} after it ends {after['end']}")
    return after


def _plain_patch(patch: Any, *, fields: set[str]) -> dict[str, Any]:
    return {name: _clean(getattr(patch, name)) for name in sorted(fields)}


def _clean(value: Any) -> Any:
    """Text as a person typed it, trimmed; empty text is no value."""
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return value


# --------------------------------------------------------------------------- warnings

FIELD_WARNINGS: tuple[tuple[str, str], ...] = (
    (WarningCode.NO_SYMBOL, "no number and symbol (Số: .../...) found"),
    (WarningCode.NO_NUMBER, "the number of the symbol is blank or unreadable"),
    (WarningCode.NO_DATE, "no place and date line found"),
    (WarningCode.NO_DAY, "the day of the document's date is blank or unreadable"),
    (WarningCode.NO_TYPE, "no document type found"),
    (WarningCode.NO_ISSUER, "no issuing body found or inferred"),
    (WarningCode.NO_TITLE, "no title (trích yếu) found"),
)


def missing(fields: dict[str, Any]) -> set[str]:
    """The codes of the warnings about missing fields that ``fields`` deserve."""
    date = fields.get("date") or {}
    symbol = fields.get("symbol")
    out = set()
    if not symbol:
        out.add(WarningCode.NO_SYMBOL)
    elif not fields.get("number") and symbol.startswith("/"):
        out.add(WarningCode.NO_NUMBER)
    if not date.get("year"):
        out.add(WarningCode.NO_DATE)
    elif not date.get("day"):
        out.add(WarningCode.NO_DAY)
    if not fields.get("doc_type"):
        out.add(WarningCode.NO_TYPE)
    if not fields.get("issuer"):
        out.add(WarningCode.NO_ISSUER)
    if not fields.get("title") and fields.get("doc_type"):
        out.add(WarningCode.NO_TITLE)
    return {str(c) for c in out}


def settle_warnings(record: dict[str, Any]) -> None:
    """The warnings about missing fields made true to the fields as they now are: gone when
    the field was filled in, added when it was emptied; others unchanged."""
    due = missing(record["fields"])
    codes = {str(code) for code, _ in FIELD_WARNINGS}
    kept = [w for w in record.get("warnings", []) if _code(w) not in codes or _code(w) in due]
    have = {_code(w) for w in kept}
    added = [{"code": str(c), "message": m} for c, m in FIELD_WARNINGS if c in due - have]
    record["warnings"] = kept + added


def _code(warning: Any) -> str:
    return str(warning.get("code")) if isinstance(warning, dict) else "note"
