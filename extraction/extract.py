"""Extraction entry point: restored text (+ page boxes) -> the fields of the record."""

from __future__ import annotations

import re
from dataclasses import replace

from core.errors import WarningCode
from core.record import DigitalSignature, DocDate, Extraction, Fields, Notice, OcrPage, Signer
from extraction import dates, header, numbering, recipients, signature, zones
from extraction.agencies import find_agencies
from extraction.citations import find_citations
from extraction.deadlines import find_deadlines
from extraction.evidence import evidence_of
from extraction.handwriting import written_by_hand
from extraction.lines import Line, is_caps, split_lines
from extraction.meeting import find_meeting
from extraction.places import repair_place, starts_with_unit
from extraction.tables import LEGAL_CODES


def extract(text: str, *, pages: tuple[OcrPage, ...] = ()) -> Extraction:
    """Extract the archivist's fields from restored ``text``. Never raises on any text."""
    try:
        return _extract(text, pages)
    except Exception as error:  # noqa: BLE001 - a bad page must not lose the whole record
        failed = Notice(WarningCode.EXTRACTION_FAILED, f"extraction failed: {error!r}")
        return Extraction(fields=Fields(), warnings=(failed,))


def _extract(text: str, pages: tuple[OcrPage, ...]) -> Extraction:
    lines = split_lines(text)
    found: dict[str, Line] = {}
    head, notices = _header(lines, found, text)
    head = _unread_by_hand(head, found, pages, notices)
    signed = signature.find_digital_signatures(lines)
    signer, signer_line = signature.find_signer(lines)
    recipient_list, recipients_line = recipients.find_recipients(lines, signer=signer.name)
    _mark(found, lines, signer=signer_line, recipients=recipients_line)
    date, issuer, signer = _from_signatures(head, signer, signed, notices)
    type_line = found["doc_type"].number if "doc_type" in found else 0
    fields = Fields(
        doc_type=head.doc_type,
        type_code=head.type_code,
        number=head.number,
        symbol=head.symbol,
        issuer=issuer,
        issuer_parent=head.issuer_parent,
        place=head.place,
        date=date,
        title=head.title,
        urgency=head.urgency,
        secrecy=head.secrecy,
        cited_documents=tuple(find_citations(text, own_symbol=head.symbol)),
        deadlines=tuple(
            find_deadlines(
                lines,
                year=date.year,
                title=head.title,
                skip_until=type_line,
                since=dates.first_day(date),
            )
        ),
        signer=signer,
        recipients=tuple(recipient_list),
        meeting=find_meeting(lines, title=head.title),
        digital_signatures=tuple(signed),
    )
    said = {notice.code for notice in notices}
    warned = [notice for notice in _warnings(fields) if notice.code not in said]
    return Extraction(fields, evidence_of(found, pages), tuple(notices + warned))


def _unread_by_hand(
    head: header.Header, found: dict[str, Line], pages: tuple[OcrPage, ...], notices: list[Notice]
) -> header.Header:
    """The header without the figures written in by hand (``extraction.handwriting``): the
    number, the day and the month, each reported with what OCR read instead of guessed."""
    if not pages:
        return head
    if head.number and head.symbol and "number" in found:
        read = written_by_hand(head.number, found["number"], pages)
        if read:
            symbol = head.symbol[len(head.number) :]
            message = f"the number looks written by hand (OCR read {read!r}): {symbol}"
            notices.append(Notice(WarningCode.NO_NUMBER, message))
            head = replace(head, number=None, symbol=symbol)
    date = head.date
    for part in ("day", "month"):
        value: int | None = getattr(date, part)
        if not value or "date" not in found:
            continue
        read = written_by_hand(str(value), found["date"], pages) or written_by_hand(
            f"{value:02d}", found["date"], pages
        )
        if read:  # a month unread leaves the day alone: the warning says which
            date = replace(date, **{part: None})
            message = f"the {part} of the date looks written by hand (OCR read {read!r})"
            notices.append(Notice(WarningCode.NO_DAY, message))
    return replace(head, date=date) if date != head.date else head


def _from_signatures(
    head: header.Header,
    signer: Signer,
    signed: list[DigitalSignature],
    notices: list[Notice],
) -> tuple[DocDate, str | None, Signer]:
    """The date, issuer and signer, each taken from the digital signatures when the header or
    the closing lacks it (and said so in a warning): the day of the first timestamp, a unit
    that signed, a person who signed."""
    date, issuer = head.date, head.issuer
    stamped = next((d for s in signed if (d := dates.date_of_stamp(s.timestamp)).year), None)
    if date.year is None and stamped:
        date = stamped
        message = f"date taken from the digital signature's timestamp: {stamped.raw}"
        notices.append(Notice(WarningCode.FIELD_INFERRED, message))
    elif date.day is None and stamped and (stamped.year, stamped.month) == (date.year, date.month):
        date = replace(date, day=stamped.day)  # the day OCR could not read, signed that month
        message = f"day of the date taken from the digital signature's timestamp: {stamped.raw}"
        notices.append(Notice(WarningCode.FIELD_INFERRED, message))
    if issuer is None:
        unit = next((s.signer for s in signed if s.signer and _is_unit(s.signer)), None)
        if unit:
            issuer = unit
            message = f"issuer taken from the digital signature: {unit}"
            notices.append(Notice(WarningCode.FIELD_INFERRED, message))
    if signer.name is None:
        person = next((s.signer for s in signed if s.signer and signature.is_name(s.signer)), None)
        if person:
            signer = replace(signer, name=person)
            message = f"signer's name taken from the digital signature: {person}"
            notices.append(Notice(WarningCode.FIELD_INFERRED, message))
    return date, issuer, signer


def _is_unit(name: str) -> bool:
    """``name`` is one agency's name, whole: 'Ủy ban nhân dân xã Tân Phong', 'Sở Tài chính'."""
    found = find_agencies(name)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(name.strip())


def _warnings(fields: Fields) -> list[Notice]:
    out: list[Notice] = []
    if fields.symbol is None:
        out.append(Notice(WarningCode.NO_SYMBOL, "no number and symbol (Số: .../...) found"))
    elif fields.number is None and fields.symbol.startswith("/"):
        message = f"the number of the symbol is blank or unreadable: {fields.symbol}"
        out.append(Notice(WarningCode.NO_NUMBER, message))
    if fields.date.year is None:
        out.append(Notice(WarningCode.NO_DATE, "no place and date line found"))
    elif fields.date.day is None:
        message = "the day of the document's date is blank or unreadable"
        out.append(Notice(WarningCode.NO_DAY, message))
    if fields.doc_type is None:
        out.append(Notice(WarningCode.NO_TYPE, "no document type found"))
    if fields.issuer is None:
        out.append(Notice(WarningCode.NO_ISSUER, "no issuing body found or inferred"))
    if fields.title is None and fields.doc_type is not None:
        out.append(Notice(WarningCode.NO_TITLE, "no title (trích yếu) found"))
    return out


def _header(
    lines: list[Line], found: dict[str, Line], text: str
) -> tuple[header.Header, list[Notice]]:
    notices: list[Notice] = []
    zone = zones.read_zone(lines)
    number = symbol = code = None
    if zone.symbol and zone.symbol_line:
        number, symbol, code = numbering.parse_symbol(zone.symbol)
        found["symbol"] = found["number"] = lines[zone.symbol_line - 1]
    date, place = DocDate(), zone.place
    if zone.date and zone.date_line:
        date = dates.parse_date(zone.date)
        found["date"] = found["place"] = lines[zone.date_line - 1]
    cells = [(p.line, _trimmed(p.text)) for p in zone.left]
    left = [
        Line(number, cell, lines[number - 1].page)
        for number, cell in cells
        if is_caps(cell) and header.mark_alone(cell) is None and not _SYMBOLISH.search(cell)
    ]
    issuer, parent = header.issuing_body(left)
    if place:
        place, repaired = repair_place(place, tuple(line.text for line in left))
        if repaired:
            message = f"place read as the unit the gazetteer knows: {place} (for {zone.place})"
            notices.append(Notice(WarningCode.FIELD_INFERRED, message))
    if left:
        found["issuer"] = lines[left[-1].number - 1]
    raw_code = symbol.split("/")[-1] if symbol else None
    if issuer and starts_with_unit(issuer):  # 'TỈNH LÀO CAI' alone: the body's line above lost
        body = header.agency_of_code(raw_code)
        if body:
            message = f"issuer completed from the symbol's code: {body} {issuer}"
            notices.append(Notice(WarningCode.FIELD_INFERRED, message))
            issuer = f"{body} {issuer}"
    if issuer is None:
        issuer = header.infer_issuer(raw_code, place, text)
        if issuer:
            message = f"issuer inferred from the symbol's code and the place: {issuer}"
            notices.append(Notice(WarningCode.FIELD_INFERRED, message))
    doc_type, title, type_line = _type_and_title(lines, zone)
    if zone.lossy:
        title = None  # what is left of a title whose letters were lost is no title: warned
    if type_line:
        found["doc_type"] = found["title"] = lines[type_line - 1]
    if doc_type == "Công văn" and code:
        doc_type = None  # 'V/V ...' under the heading-less header of a Quyết định ('QĐ-UBND')
    if doc_type is None and code:
        doc_type = header.DOC_TYPES[code]
    if doc_type is None and symbol:
        doc_type = LEGAL_CODES.get(symbol.split("/")[-1].split("-")[0])
    type_code = header.CODE_OF_TYPE.get((doc_type or "").lower()) or code
    after = max(zone.symbol_line or 0, zone.date_line or 0)
    urgency, secrecy = header.find_marks(lines[: max(zone.end, after + 12)])
    issuer, parent, place, title = (
        None if zones.has_motto(value) else value for value in (issuer, parent, place, title)
    )
    return (
        header.Header(
            doc_type,
            type_code,
            number,
            symbol,
            issuer,
            parent,
            place,
            date,
            title,
            urgency,
            secrecy,
        ),
        notices,
    )


def _trimmed(text: str) -> str:
    """``text`` without the specks OCR reads at its ends ('TỈNH HÀ LAM ˆ', 'SỞ Y TẾ _')."""
    words = text.split()
    while words and not any(c.isdigit() or c.isupper() for c in words[-1]):
        words.pop()
    while words and not any(c.isdigit() or c.isupper() for c in words[0]):
        words.pop(0)
    return " ".join(words)


_SYMBOLISH = re.compile(r"\d+\s*/\s*[\w-]|\bngày\s+\d", re.IGNORECASE)


def _type_and_title(
    lines: list[Line], zone: zones.Zone
) -> tuple[str | None, str | None, int | None]:
    """(type, title, line of the type heading): the first heading after the number and the
    date; else a 'V/v ...' under the number (a công văn); else the old line-by-line reading."""
    for piece in zone.rest:
        found = zones.heading(piece.text)
        if found:
            name, rest = found
            if not piece.whole:  # a line the text layer flattened: the title goes on in it
                rest = " ".join(
                    [
                        rest,
                        *(
                            p.text
                            for p in zone.pieces
                            if p.line == piece.line and p.start > piece.start
                        ),
                    ]
                )
            return name, header.read_title(lines, piece.line, rest), piece.line
    below = zone.symbol.start() if zone.symbol else 0
    for piece in zone.pieces:
        if piece.start > below and zones.VV.match(piece.text):
            first = zones.VV.sub("", piece.text)
            return "Công văn", header.read_title(lines, piece.line, first), piece.line
    for piece in zone.pieces:  # a công văn's subject under its number without the 'V/v'
        if zone.symbol and piece.start > below and re.match(r"Về\s+[a-zđ]", piece.text):
            return "Công văn", header.read_title(lines, piece.line, piece.text), piece.line
    first_rest = zone.rest[0] if zone.rest and (zone.symbol or zone.date) else None
    if first_rest and header.untyped_title(first_rest.text):
        # the page dropped the type heading: the title in capitals right under the date
        return None, header.read_title(lines, first_rest.line - 1), first_rest.line
    after = max(zone.symbol_line or 0, zone.date_line or 0)
    return header.find_type_and_title(lines, after)


def _mark(found: dict[str, Line], lines: list[Line], **where: int | None) -> None:
    for name, number in where.items():
        if number:
            found[name] = lines[number - 1]
