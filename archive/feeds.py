"""Deadline feeds across the archive: JSON, CSV (UTF-8 with BOM) and iCalendar (RFC 5545)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import icalendar

from core.errors import InvalidDate

if TYPE_CHECKING:
    from archive.base import Store

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
    "uid",
    "deadline_uid",
    "url",
)


@dataclass(frozen=True, slots=True)
class DeadlineQuery:
    start: str | None = None  # ISO date: deadlines ending on or after
    end: str | None = None  # ISO date: deadlines starting on or before
    agency: str | None = None

    def __post_init__(self) -> None:
        iso_day(self.start, "from")
        iso_day(self.end, "to")


def iso_day(value: str | None, name: str) -> dt.date | None:
    """``value`` as a calendar date written YYYY-MM-DD; InvalidDate for anything else, so a
    mistyped bound is refused instead of silently matching nothing (or everything)."""
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidDate(
            f"{name}: {value!r} is not a date; write it as YYYY-MM-DD (e.g. 2024-10-15).",
            option=name,
            value=value,
        ) from None


def deadlines(archive: Store, query: DeadlineQuery | None = None) -> list[dict[str, Any]]:
    """The deadlines of the archive, soonest first (those without a date last)."""
    return [_item(row) for row in archive.deadline_rows(query or DeadlineQuery())]


def _item(row: Any) -> dict[str, Any]:
    deadline_uid = row["uid"]
    return {
        "uid": uid(row["document_id"], deadline_uid),
        "deadline_uid": deadline_uid,
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


def uid(document_id: str, deadline_uid: str) -> str:
    """The feed's UID of a deadline, unique across the archive: its document and the uid its
    record gives it (``deadline_uid``, the one ``PATCH`` names), so a deadline keeps its
    calendar entry when others of its document come and go."""
    return f"{document_id[:24]}-{deadline_uid}@vanban"


def to_json(items: list[dict[str, Any]], *, base_url: str | None = None) -> str:
    out = [{**item, "url": record_url(base_url, item["document_id"])} for item in items]
    return json.dumps({"deadlines": out}, ensure_ascii=False, indent=1)


def record_url(base_url: str | None, document_id: str) -> str | None:
    """``{base_url}/documents/{id}``: where the record of a deadline's document is read."""
    return f"{base_url.rstrip('/')}/documents/{document_id}" if base_url else None


def to_csv(
    items: list[dict[str, Any]], *, excel: bool = False, base_url: str | None = None
) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese right.

    ``excel``: cells separated by ';', what Excel expects where the decimal mark is a comma
    (Vietnamese regional settings); the standard ',' otherwise. No ``sep=`` line: with one,
    Excel ignores the byte-order mark and garbles the diacritics.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        values = {
            **item,
            "support": "; ".join(item["support"]),
            "url": record_url(base_url, item["document_id"]),
        }
        writer.writerow([safe_cell(values[c] or "") for c in CSV_COLUMNS])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (OWASP's CSV injection
    advice): one that starts like a formula gets a leading apostrophe, the text kept whole.
    "- Chủ trì" and "+84" read the same in the sheet, as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


COMPONENTS = ("vtodo", "vevent")


def to_ics(
    items: list[dict[str, Any]],
    *,
    component: str = "vtodo",
    base_url: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """One component per dated deadline: a to-do due that day (VTODO, the default) or an
    all-day event (VEVENT) spanning its days. Deadlines without a date (recurring duties)
    have nothing to put in a calendar and are left out."""
    if component not in COMPONENTS:
        raise ValueError(f"component must be one of {COMPONENTS}, not {component!r}")
    stamp = now or dt.datetime.now(dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//vanban//deadlines//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "vanban deadlines")
    for item in items:
        due = _date(item["end"]) or _date(item["start"])
        if due is None:
            continue
        entry = icalendar.Todo() if component == "vtodo" else icalendar.Event()
        entry.add("uid", item["uid"])
        entry.add("dtstamp", stamp)
        entry.add("summary", item["task"] or item["raw"] or "Deadline")
        entry.add("description", _description(item))
        agencies = [a for a in (item["lead"], *item["support"]) if a]
        if agencies:
            entry.add("categories", agencies)
        if item["lead"]:
            entry.add("x-vanban-lead", item["lead"])
        entry.add("related-to", f"{item['document_id']}@vanban")
        url = record_url(base_url, item["document_id"])
        if url:
            entry.add("url", url)
        first = min(due, _date(item["start"]) or due)
        if component == "vtodo":
            if first < due:  # RFC 5545: a to-do's DUE comes after its DTSTART
                entry.add("dtstart", first)
            entry.add("due", due)
        else:
            entry.add("dtstart", first)
            entry.add("dtend", due + dt.timedelta(days=1))  # all-day: the end is exclusive
        cal.add_component(entry)
    return bytes(cal.to_ical())


def _date(value: str | None) -> dt.date | None:
    """An ISO date; None for none, or for a value a correction left that is not one."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _description(item: dict[str, Any]) -> str:
    lines = (
        f"{item['symbol'] or ''} {item['title'] or ''}".strip(),
        item["raw"],
        f"Chủ trì: {item['lead']}" if item["lead"] else "",
        f"Phối hợp: {', '.join(item['support'])}" if item["support"] else "",
    )
    return "\n".join(x for x in lines if x)
