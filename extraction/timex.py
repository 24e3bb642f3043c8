"""Time expressions of Vietnamese plans, normalised to a kind and ISO start/end dates.

The patterns are written without marks and matched against the folded text (same offsets), so
an expression still reads where restoration left a wrong mark ('Quỹ II/2024', 'chăm nhật').
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from extraction.lines import fold

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_D = r"(?P<{0}d>\d{{1,2}})\s*[/.-]\s*(?P<{0}m>\d{{1,2}})(?:\s*[/.-]\s*(?P<{0}y>\d{{4}}))?"
_DAY_A, _DAY_B = _D.format("a"), _D.format("b")
_CLOCK = r"\d{1,2}\s*(?:gio|h)(?:\s*\d{2}(?:\s*phut)?)?"  # '17 giờ 00', '15h30'
_LONG = r"(?P<ld>\d{1,2})\s+thang\s+(?P<lm>\d{1,2})\s+nam\s+(?P<ly>\d{4})"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "recurring",
        re.compile(
            r"\b(?:(?:truoc|vao|cham nhat)\s+(?:ngay\s+)?\d{1,2}(?:\s*/\s*\d{1,2})?\s+)?"
            r"(?:dinh ky\s+)?hang\s*(?:ngay|tuan|thang|quy|nam)\b"  # "Hằngtuần": OCR lost the space
            r"|\bdinh ky(?:\s+\d{1,2}\s+(?:ngay|tuan|thang|nam))?\b",
            re.I,
        ),
    ),
    ("steady", re.compile(r"\bthuong xuyen\b(?=\s*[.;,]|\s*$)", re.I)),
    (
        "years",
        re.compile(
            r"\btu\s+nam\s+(?P<y1>\d{4})\s*(?:den|-)\s*(?:het\s+)?(?:nam\s+)?(?P<y2>\d{4})", re.I
        ),
    ),
    # 'giai đoạn 2021 - 2025', and 'năm 2024 - 2025' (after a cue only, as every bare kind)
    ("period", re.compile(r"\b(?:giai doan|nam)\s+(?P<y1>\d{4})\s*-\s*(?P<y2>\d{4})", re.I)),
    (
        "onwards",
        re.compile(
            r"\b(?:tu\s+)?nam\s+(?P<y>\d{4})\s+va\s+(?:cac|nhung)\s+nam\s+tiep\s+theo", re.I
        ),
    ),
    (
        "half",
        re.compile(r"\b(?P<n>\d{1,2})\s+thang\s+(?P<part>dau|cuoi)\s+nam\s+(?P<y>\d{4})", re.I),
    ),
    (
        "range",
        re.compile(
            rf"\btu\s+(?:ngay\s+)?{_DAY_A}\s*(?:den|-)\s*(?:het\s+)?(?:ngay\s+)?{_DAY_B}", re.I
        ),
    ),
    (
        "monthspan",
        re.compile(
            r"\b(?:tu\s+)?thang\s+(?P<m1>\d{1,2})\s*(?:/|nam\s+)\s*(?P<y1>\d{4})\s*(?:den|-|va)\s*"
            r"(?:(?:het|cuoi)\s+)?thang\s+(?P<m2>\d{1,2})\s*(?:/|nam\s+)\s*(?P<y2>\d{4})",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\btrong\s+(?:vong\s+)?(?P<n>\d+)\s+ngay\s+(?:lam viec\s+)?"
            r"(?:ke\s+tu|tu)\s+ngay\s+" + _DAY_A.replace("?P<a", "?P<r"),
            re.I,
        ),
    ),
    (
        "counted",  # 'chậm nhất 05 ngày làm việc kể từ ngày nhận được văn bản': no fixed day
        re.compile(
            r"\b(?:cham nhat|trong(?:\s+vong)?|truoc|khong qua)\s+(?:sau\s+)?\d{1,3}\s+ngay"
            r"(?:\s+lam viec)?\s+(?:ke\s+tu|tu|sau)\s+(?:ngay|khi)\s+(?!\d)[^.;,]{0,60}",
            re.I,
        ),
    ),
    (
        "before",
        re.compile(
            r"\b(?:truoc|cham nhat|khong muon hon|han chot)\s*(?:la\s+)?"
            rf"(?:{_CLOCK}\s*,?\s*)?(?:ngay\s+)?(?:{_DAY_A}|{_LONG})",
            re.I,
        ),
    ),
    (
        "quarter",
        re.compile(r"\bquy\s+(?P<q>IV|T?[IlH1|]{1,3}|[2-4])\s*(?:/|nam\s+)\s*(?P<y>\d{4})", re.I),
    ),
    (
        "months",
        re.compile(
            r"\bthang\s+(?P<m1>\d{1,2})\s*(?:,|va|-|den)\s*(?:thang\s+)?"
            r"(?P<m2>\d{1,2})\s*(?:/|nam\s+)\s*(?P<y>\d{4})",
            re.I,
        ),
    ),
    ("date", re.compile(rf"\b(?:ngay\s+)(?:{_DAY_A}|{_LONG})", re.I)),
    ("year", re.compile(r"\A\s*(?:trong\s+)?nam\s+(?P<y>\d{4})\s*\Z", re.I)),  # a cell
    (
        "month",
        re.compile(
            r"\bthang\s+(?P<m>\d{1,2})(?:\s*(?:/|nam\s+)\s*(?P<y>\d{4}))?(?!\s*\d)"
            r"(?!\s+(?:dau|cuoi|qua))",
            re.I,
        ),
    ),
)
# Kinds that name a time without saying it is a duty's: they count only after a cue
# ('Thời hạn: thường xuyên', 'phấn đấu ... 6 tháng đầu năm 2026'), not in running prose.
BARE = frozenset(["steady", "period", "onwards", "half", "year"])
TENTATIVE = re.compile(r"\bdu kien\b", re.I)  # on folded text: is_tentative()
_TENTATIVE_JUST_BEFORE = re.compile(r"\bdu kien\b[^.;]{0,20}$", re.I)  # '...: dự kiến ngày ...'


_DIGIT_O = re.compile(r"(?<=\d)[Oo](?=[\d/])|(?<=[\s/])[Oo](?=\d)")


@dataclass(frozen=True, slots=True)
class TimeSpan:
    kind: str
    start: str | None
    end: str | None
    begin: int  # character offsets of the expression in the text searched
    stop: int
    bare: bool = False  # a kind of BARE: a duty's time only after a cue


def find_spans(text: str, *, year: int | None) -> list[TimeSpan]:
    """Every time expression in ``text``, longest first where they overlap."""
    spans: list[TimeSpan] = []
    # the places taken, in order (they never overlap): a match overlaps one of them if it
    # overlaps the last that starts before it ends (a long text has thousands of them)
    taken: list[tuple[int, int]] = []
    folded = _DIGIT_O.sub("0", fold(text))  # '3O/11/2024': OCR's O for a zero among digits
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(folded):
            start, end = match.span()
            at = bisect.bisect_left(taken, (end, -1))  # the first that starts at its end or after
            if at and taken[at - 1][1] > start:
                continue
            span = _normalise(kind, match, year)
            if span:
                spans.append(span)
                bisect.insort(taken, (start, end))
    spans.sort(key=lambda s: s.begin)
    for i, span in enumerate(spans):
        before = folded[: span.begin] if i == 0 else folded[spans[i - 1].stop : span.begin]
        if TENTATIVE.search(before) if i == 0 else _TENTATIVE_JUST_BEFORE.search(before):
            spans[i] = TimeSpan("tentative", span.start, span.end, span.begin, span.stop, span.bare)
    return spans


def is_tentative(text: str) -> bool:
    """'dự kiến' (planned, not fixed) in ``text``, whatever marks restoration left on it."""
    return bool(TENTATIVE.search(fold(text)))


def _normalise(kind: str, m: re.Match[str], year: int | None) -> TimeSpan | None:
    g = m.groupdict()
    start = end = None
    if kind in BARE:
        bare = _bare(kind, g)
        return TimeSpan(*bare, m.start(), m.end(), True) if bare else None
    if kind == "recurring":
        pass
    elif kind == "years":
        first, last = int(g["y1"]), int(g["y2"])
        if first > last:
            return None
        start, end, kind = f"{first:04d}-01-01", f"{last:04d}-12-31", "range"
    elif kind == "monthspan":
        bounds = _month_span(g)
        if not bounds:
            return None
        (start, end), kind = bounds, "range"
    elif kind == "counted":
        kind = "before"
    elif kind == "range":
        y_b = _int(g["by"]) or year
        start = _iso(_int(g["ay"]) or y_b, g["am"], g["ad"])
        end = _iso(y_b, g["bm"], g["bd"])
    elif kind == "relative":
        base = _iso(_int(g["ry"]) or year, g["rm"], g["rd"])
        if base:
            end = (dt.date.fromisoformat(base) + dt.timedelta(days=int(g["n"]))).isoformat()
        kind = "before"
    elif kind in ("before", "date"):
        day = _iso(
            _int(g.get("ay")) or _int(g.get("ly")) or year,
            g.get("am") or g.get("lm"),
            g.get("ad") or g.get("ld"),
        )
        if not day:
            return None
        start, end = (None, day) if kind == "before" else (day, day)
    elif kind == "quarter":
        q = _quarter(g["q"])
        if q is None:
            return None
        start, end = _month_bounds(int(g["y"]), q * 3 - 2, q * 3)
    elif kind in ("months", "month"):
        y = _int(g.get("y")) or year
        first = int(g.get("m1") or g["m"])
        last = int(g.get("m2") or g["m"])
        if not y or not (1 <= first <= last <= 12):
            return None
        start, end = _month_bounds(y, first, last)
        kind = "range" if kind == "months" else "month"
    return TimeSpan(kind, start, end, m.start(), m.end())


def _bare(kind: str, g: dict[str, str]) -> tuple[str, str | None, str | None] | None:
    """(kind, start, end) of 'thường xuyên', 'giai đoạn 2021 - 2025', 'năm 2021 và các năm
    tiếp theo' (no end), '6 tháng đầu năm 2022'."""
    if kind == "steady":
        return "recurring", None, None
    if kind == "year":  # 'Năm 2020' in a time cell: the whole year
        return "range", f"{int(g['y']):04d}-01-01", f"{int(g['y']):04d}-12-31"
    if kind == "onwards":
        return "range", f"{int(g['y']):04d}-01-01", None
    if kind == "period":
        first, last = int(g["y1"]), int(g["y2"])
        return ("range", f"{first:04d}-01-01", f"{last:04d}-12-31") if first <= last else None
    n, y = int(g["n"]), int(g["y"])
    if not 1 <= n <= 12:
        return None
    first, last = (1, n) if g["part"] == "dau" else (13 - n, 12)
    return ("range", *_month_bounds(y, first, last))


def _month_span(g: dict[str, str]) -> tuple[str, str] | None:
    """'từ tháng 3/2023 đến tháng 12/2023': the first day of one month to the last of another."""
    first, last = (int(g["y1"]), int(g["m1"])), (int(g["y2"]), int(g["m2"]))
    if first > last or not (1 <= first[1] <= 12 and 1 <= last[1] <= 12):
        return None
    return _month_bounds(*first, first[1])[0], _month_bounds(*last, last[1])[1]


def _quarter(text: str) -> int | None:
    """The quarter of 'I'..'IV' or '1'..'4', also as OCR reads the Roman one: 'H' or '11'
    for 'II', 'II1' for 'III', 'l' for 'I', 'TIII' (a speck read before it) for 'III'."""
    if text.isdigit() and len(text) == 1:
        return int(text) if 1 <= int(text) <= 4 else None
    text = text[1:] if text[:1] in "Tt" else text
    roman = re.sub(r"[lL1|]", "I", text).upper().replace("H", "II")
    return ROMAN.get(roman)


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _iso(year: int | None, month: str | None, day: str | None) -> str | None:
    try:
        return dt.date(int(year or 0), int(month or 0), int(day or 0)).isoformat()
    except ValueError:
        return None


def _month_bounds(year: int, first: int, last: int) -> tuple[str, str]:
    end_day = calendar.monthrange(year, last)[1]
    return dt.date(year, first, 1).isoformat(), dt.date(year, last, end_day).isoformat()
