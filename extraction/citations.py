"""Documents a text cites: 'Căn cứ Quyết định số 1234/QĐ-UBND ngày 15/8/2021 của ... về ...'."""

from __future__ import annotations

import re

from core.record import CitedDocument
from extraction.tables import CITABLE_TYPES

_L = "A-Za-zÀ-ỹĐđ"
CITATION = re.compile(
    rf"(?P<type>{'|'.join(CITABLE_TYPES)})\s+số\s*:?\s*"
    rf"(?P<number>\d+[a-z]?)?\s*(?P<rest>(?:/\s*\d{{4}})?\s*/\s*[{_L}][{_L}&]*"
    rf"(?:\s?-\s?[{_L}][{_L}.&]*)*)"
    r"(?:\s*,?\s*ngày\s+(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?",
    re.IGNORECASE,
)
_OF = re.compile(r"^\s*(?:của|do)\s+(?P<issuer>.+?)(?=\s+(?:về|ban hành|quy định|V/v)\b|[;,.]|$)")
_ABOUT = re.compile(r"^\s*(?:về việc|về|V/v)\s+(?P<subject>.+?)(?=;|\.\s|\.$|$)", re.IGNORECASE)


def find_citations(text: str, *, own_symbol: str | None = None) -> list[CitedDocument]:
    """One entry per cited document, in order of first mention; the document's own excluded."""
    flat = re.sub(r"\s*\n\s*", " ", text.replace("\f", " "))
    seen: dict[str, CitedDocument] = {}
    for match in CITATION.finditer(flat):
        doc = _cited(match, flat)
        key = (doc.symbol or "").upper()
        if not doc.symbol or key == (own_symbol or "").upper():
            continue
        if key not in seen or not seen[key].subject and doc.subject:
            seen[key] = doc
    return list(seen.values())


def _cited(match: re.Match[str], flat: str) -> CitedDocument:
    number = match.group("number")
    symbol = (number or "") + re.sub(r"\s", "", match.group("rest"))
    after = flat[match.end() : match.end() + 400]
    issuer = _OF.match(after)
    if issuer:
        after = after[issuer.end() :]
    subject = _ABOUT.match(after)
    raw_end = flat.find(";", match.end())
    raw = flat[match.start() : raw_end if 0 < raw_end - match.start() < 400 else match.end()]
    doc_type = match.group("type")
    return CitedDocument(
        doc_type=doc_type[0].upper() + doc_type[1:].lower(),
        number=number,
        symbol=symbol,
        date=iso_date(match.group("date")),
        issuer=issuer.group("issuer").strip() if issuer else None,
        subject=subject.group("subject").strip().rstrip(".;,") if subject else None,
        raw=raw.strip(),
    )


def iso_date(text: str | None) -> str | None:
    if not text:
        return None
    parts = [int(p) for p in re.findall(r"\d+", text)]
    if len(parts) != 3:
        return None
    day, month, year = parts
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
