"""The header of a document: issuing body, number and symbol, place and date, type and title."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from core.record import DocDate
from extraction.dates import DATE
from extraction.lines import UP, Line, fold, is_caps, one_tone_style, proper_case, squash
from extraction.places import repair_places, starts_with_unit
from extraction.tables import (
    AGENCY_OF_ABBREVIATION,
    CODE_OF_TYPE,  # noqa: F401 - used by extraction.extract as header.CODE_OF_TYPE
    DOC_TYPES,
    JOINT,
    MOTTO,
    NAME_OPENERS,
    SECRECY,
    UNITS,
    URGENCY,
)

_MOTTO_PARTS = [re.compile(r"\s*".join(re.escape(w) for w in m.split()), re.I) for m in MOTTO]
_UNIT_START = re.compile(
    rf"^({'|'.join(re.escape(w) for w in UNITS + NAME_OPENERS)})(?=\s|$)", re.IGNORECASE
)
_MARK_OF_FOLD = {fold(mark): mark for mark in URGENCY + SECRECY}


@dataclass(frozen=True, slots=True)
class Header:
    doc_type: str | None = None
    type_code: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: DocDate = DocDate()
    title: str | None = None
    urgency: str | None = None
    secrecy: str | None = None
    lines: dict[str, int] | None = None  # field -> 1-based line it came from


def place_before(line: str, date_start: int, symbol_end: int | None) -> str | None:
    start = symbol_end if symbol_end is not None and symbol_end <= date_start else 0
    text = line[start:date_start].strip().rstrip(",").strip()
    for pattern in _MOTTO_PARTS:
        text = pattern.sub(" ", text)
    words = squash(text).split(" ")
    keep: list[str] = []
    for word in reversed(words):
        if not word or not (word[0].isupper() or word[0].isdigit()):
            break
        keep.insert(0, word)
    return " ".join(keep) or None


def header_left(lines: list[Line], stop: int) -> list[Line]:
    """Lines of the issuing-body column: before the number line, motto text removed."""
    out: list[Line] = []
    for line in lines[:stop]:
        text = one_tone_style(line.text)
        for pattern in _MOTTO_PARTS:
            text = pattern.sub(" ", text)
        text = squash(text.strip("-_ "))
        if text and is_caps(text) and mark_alone(text) is None:
            out.append(Line(line.number, text, line.page))
    return out


def issuing_body(left: list[Line]) -> tuple[str | None, str | None]:
    """(issuer, parent) from the left header column, in the document's own spelling."""
    segments: list[str] = []
    for line in left:
        if segments and (_UNIT_START.match(line.text) or starts_with_unit(line.text)):
            segments[-1] += " " + line.text
        else:
            segments.append(line.text)
    if not segments:
        return None, None
    issuer = proper_case(repair_places(segments[-1]))
    parent = proper_case(repair_places(" ".join(segments[:-1]))) if len(segments) > 1 else None
    return issuer, parent


def infer_issuer(code: str | None, place: str | None, text: str) -> str | None:
    """Issuer from the symbol's agency (…-UBND) and the place, when the header lost it."""
    if not code or "-" not in code:
        return None
    agency = AGENCY_OF_ABBREVIATION.get(code.split("-")[-1])
    if not agency:
        return None
    level = _level_of(place, text, abbreviation=code.split("-")[-1])
    if not level or not place:
        return None
    return f"{agency.capitalize()} {level} {place}"


def _level_of(place: str | None, text: str, *, abbreviation: str) -> str | None:
    units = "|".join(UNITS)
    if place:
        named = re.search(rf"\b({units})\s+{re.escape(place)}\b", text, re.IGNORECASE)
        if named:
            return named.group(1).lower()
    bare = re.findall(rf"\b{abbreviation}\s+({units})\b(?!\s+[{UP}])", text)
    counts = Counter(unit.lower() for unit in bare)
    return counts.most_common(1)[0][0] if counts else None


def mark_alone(text: str) -> str | None:
    """The urgency or secrecy mark a line holds alone, also with wrong marks ('KHĂN', 'MẶT')."""
    return _MARK_OF_FOLD.get(fold(squash(text).upper()))


def find_marks(lines: list[Line]) -> tuple[str | None, str | None]:
    urgency = secrecy = None
    for line in lines:
        text = line.text.upper().replace("HOẢ", "HỎA")
        alone = mark_alone(text)
        urgency = urgency or next((u for u in URGENCY if re.search(rf"\b{u}\b", text)), None)
        urgency = urgency or (alone if alone in URGENCY else None)
        secrecy = secrecy or (alone if alone in SECRECY else None)
    return urgency, secrecy


def _type_key(text: str) -> str:
    """'KẾ HOẠCH', 'KEHOẠCH', 'KẾ  HOẠCH:' alike: OCR often drops or merges the spaces of
    spaced capitals, and sometimes a mark."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


_TYPE_BY_KEY = {_type_key(name): code for code, name in DOC_TYPES.items()}


def find_type_and_title(lines: list[Line], after: int) -> tuple[str | None, str | None, int | None]:
    """(type name, title, line of the type) from the centred type line and the lines below it."""
    for idx, line in enumerate(lines[after:], start=after):
        key = _type_key(line.text) if is_caps(line.text) else ""
        code = _TYPE_BY_KEY.get(key) or _TYPE_BY_KEY.get(key.removesuffix(_type_key(JOINT)))
        if code:
            return DOC_TYPES[code], _title(lines, idx + 1), line.number
        if re.match(r"^V/v\b", line.text, re.IGNORECASE):
            return "Công văn", _title(lines, idx, vv=True), line.number
    return None, None, None


_BODY_START = re.compile(
    r"^(Căn cứ|Thực hiện|Để|Kính gửi|Nhằm|Trên cơ sở|Theo|Xét|Ngày|Hôm nay|I\.|1\.)", re.I
)


_NEVER_TITLE = re.compile(r"^(Căn cứ|Kính gửi|Điều \d)", re.I)


def _title(lines: list[Line], start: int, *, vv: bool = False) -> str | None:
    parts: list[str] = []
    for line in lines[start : start + 8]:
        text = line.text.strip("_- ")
        if not text:
            if parts:
                break
            continue
        starts_body = _BODY_START.match(text) if parts else _NEVER_TITLE.match(text)
        if starts_body or DATE.search(text) or is_caps(text) and parts:
            break
        parts.append(re.sub(r"^V/v\s*", "", text, flags=re.IGNORECASE) if vv else text)
    return squash(" ".join(parts)) or None
