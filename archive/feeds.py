"""Deadline feeds across the archive: JSON, CSV (UTF-8 with BOM) and iCalendar (RFC 5545)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from archive.fold import words
from archive.store import Archive

CSV_COLUMNS = (
    "document_id",
    "symbol",
    "title",
    "task",
    "raw",
    "kind",
    "start",
    "end",
    "lead",
    "support",
)


@dataclass(frozen=True, slots=True)
class DeadlineQuery:
    start: str | None = None  # ISO date: deadlines ending on or after
    end: str | None = None  # ISO date: deadlines starting on or before
    agency: str | None = None


def deadlines(archive: Archive, query: DeadlineQuery | None = None) -> list[dict[str, Any]]:
    query = query or DeadlineQuery()
    sql = (
        "SELECT dl.*, d.symbol, d.title FROM deadlines dl JOIN documents d "
        "ON d.id = dl.document_id WHERE 1 = 1"
    )
    params: list[Any] = []
    if query.start:
        sql += " AND coalesce(dl.end_date, dl.start) >= ?"
        params.append(query.start)
    if query.end:
        sql += " AND coalesce(dl.start, dl.end_date) <= ?"
        params.append(query.end)
    if query.agency:
        sql += " AND dl.lead_folded LIKE ?"
        params.append(f"%{' '.join(words(query.agency))}%")
    sql += " ORDER BY coalesce(dl.end_date, dl.start, '9999'), dl.document_id, dl.idx"
    return [_item(row) for row in archive.connection().execute(sql, params).fetchall()]


def _item(row: Any) -> dict[str, Any]:
    return {
        "uid": uid(row["document_id"], row["idx"]),
        "document_id": row["document_id"],
        "symbol": row["symbol"],
        "title": row["title"],
        "task": row["task"],
        "raw": row["raw"],
        "kind": row["kind"],
        "start": row["start"],
        "end": row["end_date"],
        "lead": row["lead"],
        "support": json.loads(row["support"] or "[]"),
    }


def uid(document_id: str, index: int) -> str:
    """Stable per deadline: the same document and position give the same UID."""
    digest = hashlib.sha256(f"{document_id}:{index}".encode()).hexdigest()[:24]
    return f"{digest}@vanban"


def to_json(items: list[dict[str, Any]]) -> str:
    return json.dumps({"deadlines": items}, ensure_ascii=False, indent=1)


def to_csv(items: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese right."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow(
            [
                safe_cell("; ".join(item[c]) if c == "support" else (item[c] or ""))
                for c in CSV_COLUMNS
            ]
        )
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP's CSV injection
    advice): one that starts like a formula gets a leading apostrophe, the text kept whole.
    "- Chủ trì" and "+84" read the same in the sheet, as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_ics(items: list[dict[str, Any]], *, now: dt.datetime | None = None) -> bytes:
    """A VTODO (DUE) and an all-day VEVENT for each dated deadline."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//vanban//deadlines//VI",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:vanban deadlines",
    ]
    for item in items:
        day = item["end"] or item["start"]
        if not day:
            continue  # recurring duties without a date have nothing to put in a calendar
        summary = item["task"] or item["raw"] or "Deadline"
        description = "\n".join(
            x
            for x in (
                f"{item['symbol'] or ''} {item['title'] or ''}".strip(),
                item["raw"],
                f"Chủ trì: {item['lead']}" if item["lead"] else "",
                f"Phối hợp: {', '.join(item['support'])}" if item["support"] else "",
            )
            if x
        )
        related = f"{item['document_id']}@vanban"
        common = [
            f"DTSTAMP:{stamp}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"RELATED-TO:{related}",
        ]
        due = day.replace("-", "")
        lines += [
            "BEGIN:VTODO",
            f"UID:{item['uid']}",
            *common,
            f"DUE;VALUE=DATE:{due}",
            "END:VTODO",
        ]
        first = (item["start"] or day).replace("-", "")
        after = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{item['uid']}",
            *common,
            f"DTSTART;VALUE=DATE:{first}",
            f"DTEND;VALUE=DATE:{after}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold_line(line) + "\r\n" for line in lines).encode("utf-8")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold_line(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for ch in line:
        enc = ch.encode("utf-8")
        if len(current) + len(enc) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += enc
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)
