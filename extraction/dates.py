"""Dates of a document: the header's 'Tam Đường, ngày 2? tháng 5 năm 2024', dates in text,
and the signing time of a digital signature when the header lost its date."""

from __future__ import annotations

import re

from core.record import DocDate
from extraction.lines import Line, loose, squash

# 'ngày 2? tháng 5 năm 2024', its words also with the wrong marks restoration may leave; a day
# or month written in by hand may come as marks OCR made of it ('#8', "' ,"): read as unread.
_HAND = r"(?:[^\s\w]|\d)"
DATE = re.compile(
    rf"{loose('ngày')}\s*(?P<day>[\dOo?/.]{{0,3}}|[.…_]{{1,12}}|{_HAND}{{1,3}}(?:[ \t]{_HAND}{{1,2}})?)"
    rf"\s*{loose('tháng')}\s*(?P<month>[\d?]{{0,2}}|[.…_]{{1,12}}|{_HAND}{{1,3}})"
    rf"\s*(?:{loose('năm')}|n[aăâ]rn)\s*(?P<year>\d{{4}})",  # 'nărn': OCR's 'rn' for 'm'
    re.IGNORECASE,
)
# A full date inside running text: '15/8/2021', '15-8-2021', '15 tháng 8 năm 2021'.
DATE_IN_TEXT = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
_ISO_STAMP = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})T[\d:]+(?:[+-]\d{2}:\d{2}|Z)?")


def find_date(lines: list[Line]) -> tuple[re.Match[str], Line] | None:
    """The 'place, ngày ... tháng ... năm ...' line of the header."""
    for line in lines[:40]:
        match = DATE.search(line.text)
        if match and "," in line.text[: match.start() + 1]:
            return match, line
    return None


def parse_date(match: re.Match[str]) -> DocDate:
    """Unreadable or blank day and month are None ('2?' and '2/' are not guessed)."""
    day = _number(match.group("day"), upper=31)
    month = _number(match.group("month"), upper=12)
    raw_day, raw_month = (_raw_part(match.group(part)) for part in ("day", "month"))
    raw = squash(f"ngày {raw_day} tháng {raw_month} năm {match.group('year')}")
    return DocDate(raw=raw, year=int(match.group("year")), month=month, day=day)


def date_of_stamp(stamp: str | None) -> DocDate:
    """The signing day of an ISO timestamp: '2020-08-05T14:31:09+07:00'."""
    match = _ISO_STAMP.fullmatch(stamp or "")
    if not match:
        return DocDate()
    y, m, d = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    return DocDate(raw=stamp, year=y, month=m if 1 <= m <= 12 else None, day=d or None)


def first_day(date: DocDate) -> str | None:
    """The first day ``date`` can be: itself, or the 1st of its month when the day is unread."""
    if date.year is None or date.month is None:
        return None
    return f"{date.year:04d}-{date.month:02d}-{date.day or 1:02d}"


def iso_date(text: str | None) -> str | None:
    """'15/8/2021' or '15 tháng 8 năm 2021' -> '2021-08-15'; None when not a whole date."""
    if not text:
        return None
    parts = [int(p) for p in re.findall(r"\d+", text)]
    if len(parts) != 3:
        return None
    day, month, year = parts
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _raw_part(text: str) -> str:
    """A day or month as printed: '' for a blank left to fill by hand ('…', '...', '___'), '?'
    for each unreadable character."""
    if re.fullmatch(r"[.…_]*", text):
        return ""
    return re.sub(r"[^\d]", "?", text)


def _number(text: str, *, upper: int) -> int | None:
    if not text or not text.isdigit():
        return None
    value = int(text)
    return value if 1 <= value <= upper else None
