"""The header of a document: issuing body, number and symbol, place and date, type and title."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from core.record import DocDate
from extraction.agencies import branch_marks, head_marks
from extraction.dates import DATE
from extraction.lines import UP, Line, fold, is_caps, one_tone_style, proper_case, squash
from extraction.places import find_units, repair_places, starts_with_unit
from extraction.tables import (
    AGENCIES,
    AGENCY_HEADS,
    AGENCY_OF_ABBREVIATION,
    CODE_OF_TYPE,  # noqa: F401 - used by extraction.extract as header.CODE_OF_TYPE
    DOC_TYPES,
    JOINT,
    MOTTO,
    NAME_OPENERS,
    ORG_HEADS,
    SECRECY,
    UNITS,
    URGENCY,
)
from extraction.zones import heading as heading_of

_MOTTO_PARTS = [re.compile(r"\s*".join(re.escape(w) for w in m.split()), re.I) for m in MOTTO]
_UNIT_START = re.compile(
    rf"^({'|'.join(re.escape(w) for w in UNITS + NAME_OPENERS)})(?=\s|$)", re.IGNORECASE
)
_OPENER_END = re.compile(
    rf"(?:^|\s)(?:{'|'.join(re.escape(w) for w in UNITS + NAME_OPENERS)})$", re.IGNORECASE
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


# Names whose words a wrap may part ('ỦY' / 'BAN NHÂN DÂN', 'THƯỜNG TRỰC' / 'HĐND - UBND ...').
_BODY_NAMES = tuple(
    one_tone_style(name).split(" ")
    for name in (
        *AGENCIES,
        "ủy ban thường vụ quốc hội",
        "ủy ban dân tộc",
        "thường trực hđnd",
        "thường trực hội đồng nhân dân",
        "văn phòng chính phủ",
        "ban chấp hành",
        "ban chỉ đạo",
    )
)


def _continues(previous: str, text: str) -> bool:
    """``text`` goes on with the name on the line above rather than naming another body."""
    if _UNIT_START.match(text) or starts_with_unit(text) or _completes_unit(previous, text):
        return True
    if _tail_of_name(text) or _OPENER_END.search(previous):
        return True  # 'TRƯỜNG THPT' / 'NGŨ HÀNH SƠN': a name follows its opener
    before = one_tone_style(previous.lower()).split()
    after = one_tone_style(text.lower()).split()
    if not before or not after:
        return False
    if after[0] in ("và", "-", "&") or before[-1] in ("và", "-", "&"):
        return True
    for name in _BODY_NAMES:
        for k in range(1, len(name)):
            if before[-k:] == name[:k] and after[0] == name[k]:
                return True
    return False


_OPENERS = {
    one_tone_style(name).split()[0]
    for name in (
        *AGENCIES,
        *AGENCY_HEADS,
        *ORG_HEADS,
        *(a.lower() for a in AGENCY_OF_ABBREVIATION),
        *UNITS,
        "đảng",
        "liên",
        "mặt trận",
        "bảo hiểm",
        "tổng cục",
        "cảnh sát",
    )
}


_ABBREVIATIONS = {one_tone_style(a.lower()) for a in AGENCY_OF_ABBREVIATION}


def _tail_of_name(text: str) -> bool:
    """``text`` is the last word or two of a name the column's width broke ('PHÒNG GIÁO DỤC
    VÀ ĐÀO' / 'TẠO', 'TRƯỜNG THPT NGŨ HÀNH' / 'SƠN'): too short to name a body, and opening
    with no word a body's name opens with."""
    words = one_tone_style(text.lower()).split()
    if re.search(r"\d", text) or not words or len(words) > 2:
        return False
    if len(words) == 1:  # one word names no body ('TRƯỜNG' under '... VÀ MÔI'), 'UBND' aside
        return words[0] not in _ABBREVIATIONS
    return words[0] not in _OPENERS


def _completes_unit(previous: str, text: str) -> bool:
    """``text`` ends the name of a unit that the line above broke off ('... XÃ EA' / 'KAO',
    'TỈNH BẾN' / 'TRE'): the gazetteer knows the name only across the break."""
    if len(text.split()) > 3:
        return False
    joined = f"{previous} {text}"
    return any(u.start < len(previous) < u.end for u in find_units(joined)) and not any(
        u.end >= len(previous) for u in find_units(previous) if len(u.text.split()) > 1
    )


def issuing_body(left: list[Line]) -> tuple[str | None, str | None]:
    """(issuer, parent) from the left header column, in the document's own spelling."""
    segments: list[str] = []
    for line in left:
        if segments and _continues(segments[-1], line.text):
            segments[-1] += " " + line.text
        else:
            segments.append(line.text)
    if not segments:
        return None, None
    # a head written in full whose marks OCR changed ('ỦY BAN NHẢN DÂN') is spelled right, and
    # the branch a ministry or department is named after as the name has it ('Công Thương')
    issuer = branch_marks(head_marks(proper_case(repair_places(segments[-1]))))
    parent = (
        branch_marks(head_marks(proper_case(repair_places(" ".join(segments[:-1])))))
        if len(segments) > 1
        else None
    )
    return issuer, parent


def agency_of_code(code: str | None) -> str | None:
    """The body a symbol's issuing code names ('QĐ-UBND' -> 'Ủy ban nhân dân'), if any."""
    if not code or "-" not in code:
        return None
    agency = AGENCY_OF_ABBREVIATION.get(code.split("-")[-1])
    return agency.capitalize() if agency else None


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
    return _MARK_OF_FOLD.get(fold(squash(text).upper().strip(" :.,-_|*")))  # 'MẬT :'


def find_marks(lines: list[Line]) -> tuple[str | None, str | None]:
    """The urgency and secrecy marks of the header: each alone in its cell or part of a line
    ('KHẨN  MẬT', 'HỎA TỐC - MẬT'), also broken over two lines ('HỎA' / 'TỐC')."""
    urgency = secrecy = None
    previous = ""
    for line in lines:
        text = line.text.upper().replace("HOẢ", "HỎA")
        parts = [p for cell in re.split(r"\s{2,}", line.raw or text) for p in cell.split(" - ")]
        alone = [mark_alone(p.upper().replace("HOẢ", "HỎA")) for p in parts if p.strip()]
        alone += [mark_alone(text), mark_alone(f"{previous} {text}") if previous else None]
        urgency = urgency or next((u for u in URGENCY if re.search(rf"\b{u}\b", text)), None)
        urgency = urgency or next((a for a in alone if a in URGENCY), None)
        secrecy = secrecy or next((a for a in alone if a in SECRECY), None)
        previous = text if len(text.split()) == 1 else ""
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


# The line under a title that names who decides: the body or its head, or a council's term.
_AUTHORITY = re.compile(
    r"^(?:ỦY BAN|HỘI ĐỒNG NHÂN DÂN|THƯỜNG TRỰC|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|"
    r"HIỆU TRƯỞNG|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|"
    r"KHÓA [IVXLC]+\b|KỲ HỌP)(?=\s|$|,)"
)
_RULE_LINE = re.compile(r"^[\W_]+$")
_VV_LABEL = re.compile(r"^V\s*/\s*V\b\s*[:.]?\s*", re.IGNORECASE)
_DATE_LINE = re.compile(rf",\s*(?:{DATE.pattern})", re.IGNORECASE)


_LABELLED = re.compile(r"^(?:[A-Z]\.|[IVX]+\.|\d+(?:\.\d+)*[.)]|[a-zđ]\))\s")
_AUTHORITY_INSIDE = re.compile(r"\s(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|HIỆU TRƯỞNG)\s")
_INSIDE_BODY = re.compile(r"\s(?:Kính gửi|Căn cứ)\b")
_LOOSE_MARKS = re.compile(r"(?:\s+[\u0300-\u036f]+)+\s*$")


def _shape(text: str) -> bool | None:
    """True for a line in capitals, False for one in small letters, None for one with hardly
    any letters ('2020', '2020 - 2025”'), which may go on either kind of title."""
    if sum(c.isalpha() for c in text) < 2:
        return None
    return is_caps(text)


def read_title(lines: list[Line], start: int, first: str = "", *, limit: int = 8) -> str | None:
    """The trích yếu: ``first`` (the rest of the heading's line) and the lines from ``start``
    (0-based) up to the first body line, across wraps. A title in capitals goes on over lines
    in capitals until the line naming the deciding body or its head; one in small letters over
    lines in small letters; a blank line ends it unless the next line opens in small letters."""
    if re.match(r"CỦA\s", first, re.IGNORECASE) and not re.search(r"V\s*/\s*V\b", first, re.I):
        first = ""  # the old heading 'QUYẾT ĐỊNH CỦA ỦY BAN ...': the title is below it
    parts = [first] if first else []
    caps = is_caps(first) if first else False
    gap = False
    for line in lines[start : start + limit]:
        text = line.text.strip("_ ").lstrip(".,;|~ ")  # specks OCR reads in the margin
        if not text:
            gap = bool(parts)
            continue
        if _RULE_LINE.match(text):
            if parts:
                break
            continue
        if not parts:
            if _NEVER_TITLE.match(text) or _DATE_LINE.search(text):
                break
            parts.append(text)
            caps = is_caps(text)
            if _INSIDE_BODY.search(text):
                break
            continue
        upper = one_tone_style(text).upper()
        going_on = text[0].islower()  # 'ngày 15/11/2025); ...': a wrap, not a body line
        # a title in capitals goes on in capitals past a blank line OCR put inside it, unless
        # the line names the deciding body, opens a section or is a heading of its own
        going_on = going_on or (
            caps
            and is_caps(text)
            and len(parts) < 4
            and not re.search(r"[.:;]$", text)
            and heading_of(text) is None
        )
        sentence = not going_on and not (caps and is_caps(text))  # 'NGÀY THÀNH LẬP ...' goes on
        if gap and not going_on or sentence and _BODY_START.match(text):
            break
        if sentence and _DATE_LINE.search(text):
            break
        if _LABELLED.match(text) or _shape(text) not in (caps, None):
            break
        if caps and _AUTHORITY.match(upper):
            break
        parts.append(text)
        gap = False
    title = _VV_LABEL.sub("", squash(" ".join(parts)).lstrip("-–• "))
    body = _INSIDE_BODY.search(title)  # a text layer that flattened the title into the body
    if body:
        title = title[: body.start()]
        # and the line naming the deciding head between them: '... BỘ TRƯỞNG BỘ X Căn cứ'
        heads = [m.start() for m in _AUTHORITY_INSIDE.finditer(one_tone_style(title))]
        if heads and is_caps(title[heads[-1] :]):
            title = title[: heads[-1]]
    title = _LOOSE_MARKS.sub("", title).strip()
    inner = re.search(r"\sV\s*/\s*V\b\s*[:.]?\s*", title, re.IGNORECASE)
    if inner and title.upper().startswith("CỦA "):  # 'CỦA ỦY BAN ... V/V <title>'
        title = title[inner.end() :]
    return title or None


def untyped_title(text: str) -> bool:
    """``text`` may be a title whose type heading the page dropped: several words in capitals,
    not the line naming the deciding body, not a mark."""
    words = text.split()
    upper = one_tone_style(text).upper()
    return (
        len(words) >= 3
        and is_caps(text)
        and not _AUTHORITY.match(upper)
        and mark_alone(text) is None
        and not _LABELLED.match(text)
    )
