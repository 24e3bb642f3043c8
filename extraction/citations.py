"""Documents a text cites: 'Căn cứ Quyết định số 1234/QĐ-UBND ngày 15/8/2021 của ... về ...'.

Numbered documents are found by type, number and symbol; laws, codes and ordinances are also
cited by name and date only ('Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm
2015'). One entry per document, in order of first mention, details merged over its mentions;
mentions of one symbol written differently (a lost mark, a leading zero, spaces) are one.
"""

from __future__ import annotations

import dataclasses
import re

from core.record import CitedDocument
from extraction.agencies import head_marks as _head_marks
from extraction.dates import DATE_IN_TEXT, iso_date
from extraction.lines import LO, UP, fold, loose, squash
from extraction.numbering import CODE, CODE_OF_FOLD
from extraction.tables import (
    CITABLE_TYPES,
    DOC_TYPES,
    LEGAL_CODES,
    LEGAL_TYPES,
    NAME_STOPS,
    UNITS,
)

# A party document's symbol: '12-NQ/TW', '03-CTr/TU'.
# Also with the hyphen a PDF text layer lost ('20NQ/TW').
_PARTY = r"-?[A-Za-zĐđ]{1,4}/[A-ZĐ]{2,4}\b"
# An old symbol whose agency follows a second slash: '19/2001/CT/UB'.
_OLD_AGENCY = r"(?:/[A-ZĐ]{2,4}\b(?!\s*[-/]))?"
# A symbol whose slash was lost, the code glued to the number: '353TT-KHĐT'.
_NO_SLASH = r"[A-ZĐ][A-Za-zĐđ]{0,3}-[A-ZĐ][A-Za-zĐđ0-9]{1,8}\b"
# A number whose figures a broken stroke parted ('Nghị định số 1 57/2024/NĐ-CP'): the second
# piece goes on to the symbol's slash, and the two are one number.
_NUMBER = r"\d+(?: \d{1,3}(?=\s*/))?[a-z]?"
NUMBERED = re.compile(
    rf"(?P<type>{'|'.join(CITABLE_TYPES)})\s+(?:số\s*:?\s*(?=\d|/)|(?=\d+[a-z]?\s*/|\d+-))"
    rf"(?P<number>{_NUMBER})?\s*(?P<rest>(?:/\s*\d{{4}})?\s*/\s*{CODE}{_OLD_AGENCY}|(?<=\d){_PARTY}|(?<=\d){_NO_SLASH})"
    rf"(?:\s*,?\s*ngày\s+(?P<date>{DATE_IN_TEXT}))?",
    re.IGNORECASE,
)
# 'số 22/2007/NĐ-CP' with its type said before it ('Căn cứ các Nghị định của Chính phủ: Số
# 11/2005/NĐ-CP ...; số 22/2007/NĐ-CP ...', 'Báo cáo thẩm tra số 7/BC-KTNS').
BARE = re.compile(
    rf"(?<![\w/])[Ss]ố\s+(?P<number>{_NUMBER})\s*"  # no colon: 'Số: ...' labels a header
    rf"(?P<rest>(?:/\s*\d{{4}})?\s*/\s*{CODE}|{_PARTY})"
    rf"(?:\s*,?\s*ngày\s+(?P<date>{DATE_IN_TEXT}))?"
)
_TYPE_BEFORE = re.compile(rf"(?P<type>{'|'.join(CITABLE_TYPES)})", re.IGNORECASE)
_NAMED_TYPES = sorted((t for t in LEGAL_TYPES if t != "Thông tư"), key=len, reverse=True)
NAMED = re.compile(
    rf"\b(?P<type>{'|'.join(_NAMED_TYPES)})\s+(?P<name>[{UP}][^;:()]{{2,160}}?)"
    rf"\s+ngày\s+(?P<date>{DATE_IN_TEXT})"
)
# A law cited by name and number: 'Luật Đấu thầu số 43/2013/QH13 ngày 26/11/2013'.
NAMED_NUMBERED = re.compile(
    rf"\b(?P<type>{'|'.join(_NAMED_TYPES)})\s+(?P<name>[{UP}][^;:()]{{2,120}}?)\s+số\s*"
    rf"(?P<number>{_NUMBER})\s*(?P<rest>/\s*\d{{4}}\s*/\s*{CODE})"
    rf"(?:\s*,?\s*ngày\s+(?P<date>{DATE_IN_TEXT}))?"
)
_HAS_NUMBER = re.compile(r"\ssố\s*\d")
_UNIT_AHEAD = "|".join(u for u in UNITS if " " in u)
# 'về' also with the mark restoration or OCR may leave on it ('vệ', 'Về'), never a name's word
_STOP = rf"\s+(?!{_UNIT_AHEAD})(?:ban hành|{'|'.join(sorted(NAME_STOPS))}|{loose('về')}(?!\w)|Về)\b"
_ISSUER = re.compile(rf"^\s*,?\s*(?:của|do)\s+(?P<issuer>.+?)(?={_STOP}|\s*[;,.:(]|$)")
_SUBJECT = re.compile(
    rf"^\s*(?:về việc|(?:{loose('về')}|Về)(?!\w)|V/v)?\s*(?P<subject>[{LO}].+?)"
    rf"(?=;|:|\(|\.\s|\.$|,\s+[{UP}]|$)"
)


def find_citations(text: str, *, own_symbol: str | None = None) -> list[CitedDocument]:
    """One entry per cited document, in order of first mention; the document's own excluded."""
    flat = re.sub(r"\s*\n\s*", " ", text.replace("\f", " "))
    mentions = [(m.start(), _numbered(m, flat)) for m in NUMBERED.finditer(flat)]
    mentions += [(m.start(), _named_numbered(m, flat)) for m in NAMED_NUMBERED.finditer(flat)]
    mentions += [
        (m.start(), _named(m, flat))
        for m in NAMED.finditer(flat)
        if not _HAS_NUMBER.search(m.group("name"))
    ]
    taken = [range(m.start(), m.end()) for m in NUMBERED.finditer(flat)]
    mentions += [
        (m.start(), _bare(m, flat))
        for m in BARE.finditer(flat)
        if not any(m.start() in span or m.end() - 1 in span for span in taken)
    ]
    seen: dict[str, CitedDocument] = {}
    own = symbol_key(own_symbol) if own_symbol else None
    for _, doc in sorted(mentions, key=lambda pair: pair[0]):
        key = symbol_key(doc.symbol) if doc.symbol else _name_key(doc)
        if key == own:
            continue
        seen[key] = _merge(seen[key], doc) if key in seen else doc
    return list(seen.values())


def symbol_key(symbol: str) -> str:
    """One key for every way a symbol is written: case, marks (a lost 'Đ'), spaces and the
    number's leading zeros aside ('05/2020/NĐ-CP', '5/2020/ND-CP', '05 / 2020 / nđ-cp')."""
    return re.sub(r"^0+(?=\d)", "", re.sub(r"\s+", "", fold(symbol.upper())))


def _name_key(doc: CitedDocument) -> str:
    return fold(squash(f"{doc.doc_type} {doc.subject}").upper())


def _numbered(match: re.Match[str], flat: str, *, bare: bool = False) -> CitedDocument:
    number = match.group("number") and match.group("number").replace(" ", "")
    issuer, subject = _issuer_and_subject(flat[match.end() : match.end() + 500])
    return CitedDocument(
        doc_type=None if bare else _type_name(match.group("type")),
        number=number,
        symbol=(number or "") + _type_code(re.sub(r"\s", "", match.group("rest"))),
        date=iso_date(match.group("date")),
        issuer=issuer,
        subject=subject,
        raw=_raw(match, flat),
    )


def _type_code(rest: str) -> str:
    """'/CD-TTg' -> '/CĐ-TTg': a type code read without its 'Đ', where only one code has
    those letters (as the document's own symbol is read)."""
    found = re.match(r"^(/(?:\d{4}/)?)([^-/.]+)", rest)
    if not found or found.group(2) in DOC_TYPES or found.group(2) in LEGAL_CODES:
        return rest
    code = CODE_OF_FOLD.get(fold(found.group(2)))
    return found.group(1) + code + rest[found.end() :] if code else rest


def _bare(match: re.Match[str], flat: str) -> CitedDocument:
    """A 'số ...' whose type was said before it in the same sentence, else is its code's."""
    sentence = re.split(r"[.;]\s|\n", flat[max(0, match.start() - 200) : match.start()])[-1]
    types = list(_TYPE_BEFORE.finditer(sentence))
    code = re.split(r"[-/.]", match.group("rest").strip("/- "))
    code = [c for c in code if c and not c.isdigit()]
    named = _type_name(types[-1].group("type")) if types else None
    by_code = DOC_TYPES.get(code[0]) or LEGAL_CODES.get(code[0]) if code else None
    return dataclasses.replace(_numbered(match, flat, bare=True), doc_type=named or by_code)


def _named(match: re.Match[str], flat: str) -> CitedDocument:
    return CitedDocument(
        doc_type=_type_name(match.group("type")),
        date=iso_date(match.group("date")),
        subject=squash(match.group("name")),
        raw=_raw(match, flat),
    )


def _named_numbered(match: re.Match[str], flat: str) -> CitedDocument:
    number = match.group("number").replace(" ", "")
    return CitedDocument(
        doc_type=_type_name(match.group("type")),
        number=number,
        symbol=number + re.sub(r"\s", "", match.group("rest")),
        date=iso_date(match.group("date")),
        subject=squash(match.group("name")),
        raw=_raw(match, flat),
    )


def _issuer_and_subject(after: str) -> tuple[str | None, str | None]:
    issuer = _ISSUER.match(after)
    if issuer:
        after = after[issuer.end() :]
    subject = _SUBJECT.match(after)
    return (
        _head_marks(squash(issuer.group("issuer"))) if issuer else None,
        squash(subject.group("subject")).rstrip(".;, ") if subject else None,
    )


def _raw(match: re.Match[str], flat: str) -> str:
    end = flat.find(";", match.end())
    return flat[match.start() : end if 0 < end - match.start() < 400 else match.end()].strip()


def _type_name(text: str) -> str:
    return text[0].upper() + text[1:].lower()


def _merge(first: CitedDocument, later: CitedDocument) -> CitedDocument:
    """The first mention, with the details only a later mention gives; the symbol as a later
    mention spells it when the first was in capitals ('05/CT-TTG' in a title in capitals)."""
    missing = {
        f.name: getattr(later, f.name)
        for f in dataclasses.fields(first)
        if getattr(first, f.name) is None and getattr(later, f.name) is not None
    }
    if first.symbol and later.symbol and first.symbol.isupper() and not later.symbol.isupper():
        missing["symbol"] = later.symbol
    if first.symbol and later.symbol and _marks(later.symbol) > _marks(first.symbol):
        missing["symbol"] = later.symbol  # 'QĐ' where the first mention lost its stroke: 'QD'
    return dataclasses.replace(first, **missing)


def _marks(text: str) -> int:
    return sum(a != b for a, b in zip(text, fold(text), strict=True))
