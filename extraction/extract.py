"""Extraction entry point: restored text (+ page boxes) -> the fields of the record."""

from __future__ import annotations

from core.record import Evidence, Extraction, Fields, OcrPage
from extraction import closing, header
from extraction.citations import find_citations
from extraction.deadlines import find_deadlines
from extraction.lines import Line, split_lines
from extraction.meeting import find_meeting


def extract(text: str, *, pages: tuple[OcrPage, ...] = ()) -> Extraction:
    """Extract the archivist's fields from restored ``text``. Never raises."""
    lines = split_lines(text)
    warnings: list[str] = []
    found: dict[str, Line] = {}
    head = _header(lines, found, text)
    cited = find_citations(text, own_symbol=head.symbol)
    signer, signer_line = closing.find_signer(lines)
    recipients, recipients_line = closing.find_recipients(lines)
    _mark(found, lines, signer=signer_line, recipients=recipients_line)
    type_line = found["doc_type"].number if "doc_type" in found else 0
    deadlines = find_deadlines(lines, year=head.date.year, title=head.title, skip_until=type_line)
    if head.symbol is None:
        warnings.append("no number and symbol (Số: .../...) found")
    if head.date.year is None:
        warnings.append("no place and date line found")
    fields = Fields(
        doc_type=head.doc_type,
        type_code=head.type_code,
        number=head.number,
        symbol=head.symbol,
        issuer=head.issuer,
        issuer_parent=head.issuer_parent,
        place=head.place,
        date=head.date,
        title=head.title,
        urgency=head.urgency,
        secrecy=head.secrecy,
        cited_documents=tuple(cited),
        deadlines=tuple(deadlines),
        signer=signer,
        recipients=tuple(recipients),
        meeting=find_meeting(lines, title=head.title),
        digital_signatures=tuple(closing.find_digital_signatures(lines)),
    )
    return Extraction(fields=fields, evidence=_evidence(found, pages), warnings=tuple(warnings))


def _header(lines: list[Line], found: dict[str, Line], text: str) -> header.Header:
    symbol_hit = header.find_symbol(lines)
    date_hit = header.find_date(lines)
    number = symbol = code = None
    if symbol_hit:
        number, symbol, code = header.parse_symbol(symbol_hit[0])
        found["symbol"] = found["number"] = symbol_hit[1]
    date = header.DocDate()
    place = None
    if date_hit:
        match, line = date_hit
        date = header.parse_date(match)
        same = symbol_hit is not None and symbol_hit[1].number == line.number
        place = header.place_before(
            line.text, match.start(), symbol_hit[0].end() if same and symbol_hit else None
        )
        found["date"] = found["place"] = line
    stop = min((hit[1].number - 1 for hit in (symbol_hit, date_hit) if hit), default=8)
    issuer, parent = header.issuing_body(header.header_left(lines, stop))
    if issuer is None:
        raw_code = symbol.split("/")[-1] if symbol else None
        issuer = header.infer_issuer(raw_code, place, text)
    after = max((hit[1].number for hit in (symbol_hit, date_hit) if hit), default=0)
    doc_type, title, type_line = header.find_type_and_title(lines, after)
    if type_line:
        found["doc_type"] = found["title"] = lines[type_line - 1]
    if doc_type is None and code:
        doc_type = header.DOC_TYPES[code]
    type_code = header.CODE_OF_TYPE.get((doc_type or "").lower()) or code
    urgency, secrecy = header.find_marks(lines[: max(stop, 1)])
    return header.Header(
        doc_type, type_code, number, symbol, issuer, parent, place, date, title, urgency, secrecy
    )


def _mark(found: dict[str, Line], lines: list[Line], **where: int | None) -> None:
    for name, number in where.items():
        if number:
            found[name] = lines[number - 1]


def _evidence(found: dict[str, Line], pages: tuple[OcrPage, ...]) -> dict[str, Evidence]:
    out: dict[str, Evidence] = {}
    starts = _page_starts(pages)
    for name, line in found.items():
        bbox = _bbox(line, pages, starts) if pages else None
        out[name] = Evidence(line=line.number, text=line.text, page=line.page, bbox=bbox)
    return out


def _page_starts(pages: tuple[OcrPage, ...]) -> list[int]:
    starts, total = [], 1
    for page in pages:
        starts.append(total)
        total += page.text.count("\n") + 1
    return starts


def _bbox(
    line: Line, pages: tuple[OcrPage, ...], starts: list[int]
) -> tuple[int, int, int, int] | None:
    if not 1 <= line.page <= len(pages):
        return None
    index = line.number - starts[line.page - 1]
    boxes = [w.bbox for w in pages[line.page - 1].words if w.line == index]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
