"""Extraction entry point: restored text (+ page boxes) -> the fields of the record."""

from __future__ import annotations

from core.errors import WarningCode
from core.record import DocDate, Extraction, Fields, Notice, OcrPage
from extraction import dates, header, numbering, recipients, signature
from extraction.citations import find_citations
from extraction.deadlines import find_deadlines
from extraction.evidence import evidence_of
from extraction.lines import Line, split_lines
from extraction.meeting import find_meeting


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
    head = _header(lines, found, text)
    signed = signature.find_digital_signatures(lines)
    signer, signer_line = signature.find_signer(lines)
    recipient_list, recipients_line = recipients.find_recipients(lines)
    _mark(found, lines, signer=signer_line, recipients=recipients_line)
    date = head.date
    if date.year is None and signed:
        date = dates.date_of_stamp(signed[0].timestamp)
    type_line = found["doc_type"].number if "doc_type" in found else 0
    fields = Fields(
        doc_type=head.doc_type,
        type_code=head.type_code,
        number=head.number,
        symbol=head.symbol,
        issuer=head.issuer,
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
    return Extraction(fields, evidence_of(found, pages), tuple(_warnings(fields)))


def _warnings(fields: Fields) -> list[Notice]:
    out: list[Notice] = []
    if fields.symbol is None:
        out.append(Notice(WarningCode.NO_SYMBOL, "no number and symbol (Số: .../...) found"))
    if fields.date.year is None:
        out.append(Notice(WarningCode.NO_DATE, "no place and date line found"))
    elif fields.date.day is None:
        message = "the day of the document's date is blank or unreadable"
        out.append(Notice(WarningCode.NO_DAY, message))
    if fields.doc_type is None:
        out.append(Notice(WarningCode.NO_TYPE, "no document type found"))
    return out


def _header(lines: list[Line], found: dict[str, Line], text: str) -> header.Header:
    symbol_hit = numbering.find_symbol(lines)
    date_hit = dates.find_date(lines)
    number = symbol = code = None
    if symbol_hit:
        number, symbol, code = numbering.parse_symbol(symbol_hit[0])
        found["symbol"] = found["number"] = symbol_hit[1]
    date, place = DocDate(), None
    if date_hit:
        match, line = date_hit
        date = dates.parse_date(match)
        same = symbol_hit is not None and symbol_hit[1].number == line.number
        symbol_end = symbol_hit[0].end() if same and symbol_hit else None
        place = header.place_before(line.text, match.start(), symbol_end)
        found["date"] = found["place"] = line
    stop = min((hit[1].number - 1 for hit in (symbol_hit, date_hit) if hit), default=8)
    left = header.header_left(lines, stop)
    issuer, parent = header.issuing_body(left)
    if left:
        found["issuer"] = lines[left[-1].number - 1]
    if issuer is None:
        raw_code = symbol.split("/")[-1] if symbol else None
        issuer = header.infer_issuer(raw_code, place, text)
    after = max((hit[1].number for hit in (symbol_hit, date_hit) if hit), default=0)
    doc_type, title, type_line = header.find_type_and_title(lines, after)
    if doc_type is None and symbol_hit:  # 'V/v ...' under the number, above the date line
        doc_type, title, type_line = header.find_type_and_title(lines, symbol_hit[1].number)
    if type_line:
        found["doc_type"] = found["title"] = lines[type_line - 1]
    if doc_type is None and code:
        doc_type = header.DOC_TYPES[code]
    type_code = header.CODE_OF_TYPE.get((doc_type or "").lower()) or code
    urgency, secrecy = header.find_marks(lines[: max(stop, after + 12)])
    return header.Header(
        doc_type, type_code, number, symbol, issuer, parent, place, date, title, urgency, secrecy
    )


def _mark(found: dict[str, Line], lines: list[Line], **where: int | None) -> None:
    for name, number in where.items():
        if number:
            found[name] = lines[number - 1]
