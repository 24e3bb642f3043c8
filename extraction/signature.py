"""The signer block (TM./KT./Q./TL./TUQ., title, name) and the digital-signature stamps."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from core.record import DigitalSignature, Signer
from extraction.agencies import tidy_name
from extraction.lines import LO, UP, Line, columns, fold, is_caps, proper_case
from extraction.tables import AUTHORITIES, HEAD_OF_UNIT, ORG_HEADS, RANKS, SIGNER_TITLES

_AUTH = "|".join(re.escape(a) for a in AUTHORITIES)
AUTHORITY = re.compile(rf"\b(?P<auth>{_AUTH})\s*(?P<body>[{UP}][{UP} .,-]*)$")
_ONE_TITLE = rf"(?:{'|'.join(SIGNER_TITLES)}|{HEAD_OF_UNIT}(?: [{UP}]+){{1,3}})"
# also two offices held at once: 'BỘ TRƯỞNG, CHỦ NHIỆM'
TITLE = re.compile(rf"(?<![\wÀ-ỹ])(?P<title>{_ONE_TITLE}(?:,\s*{_ONE_TITLE})?)\s*$")
_RANK = re.compile(rf"^(?:{'|'.join(RANKS)})\s+", re.IGNORECASE)
_LONG_HEADS = tuple(head.split() for head in ORG_HEADS if " " in head)
_NAME = re.compile(rf"^([{UP}][{LO}]*'?)( [{UP}][{LO}]*'?){{1,4}}$")  # also "H' Yim Êban"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STAMP = re.compile(
    r"(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})\s+(?P<t>\d{1,2}:\d{2}(?::\d{2})?)"
    r"\s*(?P<tz>[+-]\d{2}:?\d{2})?"
)
_AT_SPECK = re.compile(r"[(\[{]@")  # 'ubnd(@cantho.gov.vn': a speck OCR read before the '@'
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2}|Z)?")


_CAPS_TAIL = re.compile(rf"(?:(?<=\s)|^)(?P<tail>(?:[{UP}.]{{1,}}\s+)*[{UP}]{{2,}})$")


def split_signer_text(text: str) -> tuple[str, str | None]:
    """('- Lưu: VT.', 'TM. ỦY BAN NHÂN DÂN') from a line where the two columns merged."""
    if AUTHORITY.match(text):
        return text, None  # 'KT. TRƯỞNG PHÒNG' alone: one column, not two
    for pattern in (AUTHORITY, TITLE):
        match = pattern.search(text)
        if match and match.start() > 0:
            start = match.start()
            tail = _CAPS_TAIL.search(text[:start] + text[start:].split()[0])
            if tail and tail.start() < start and re.search(r"[;,.:]\s*$", text[: tail.start()]):
                start = tail.start()
            return text[:start].rstrip(), text[start:].strip()
    return text, None


def find_signer(lines: list[Line]) -> tuple[Signer, int | None]:
    """The signer from the last authority/title block of the document."""
    authority = title = name = None
    where: int | None = None
    tail = lines[-40:]
    for idx, line in enumerate(tail):
        _, right = split_signer_text(_titles_repaired(line.text))
        text = right or _titles_repaired(line.text)
        auth = AUTHORITY.search(text)
        if auth and (auth.start() == 0 or right):
            authority = f"{auth.group('auth')} {_body_case(auth.group('body'))}".strip()
            rest = auth.group("body")
            found_title = TITLE.search(rest)
            if found_title and auth.group("auth") == "KT.":
                authority = f"KT. {title_case(found_title.group('title'))}"
            where = line.number
            if auth.group("auth") == "Q.":  # the acting head signs under 'Q. GIÁM ĐỐC' alone
                title = authority
                name = _name_after(tail[idx + 1 :])
            continue
        found = TITLE.fullmatch(text.strip()) if is_caps(text) else None
        if found and (where is not None or _written_after(tail[idx + 1 :]) < 15):
            title = title_case(found.group("title"))
            where = where or line.number
            name = _name_after(tail[idx + 1 :])
            if name is None:  # OCR read the signature column before the recipients
                name = _name_before(tail[:idx])
    return Signer(name=name, title=title, authority=authority), where


_FOLDED_TITLES = [(fold(title), title) for title in SIGNER_TITLES]


def _titles_repaired(text: str) -> str:
    """``text`` with each signer title in capitals that restoration left a wrong mark on
    written right: 'KT. CHU TỊCH' -> 'KT. CHỦ TỊCH', 'TRƯƠNG BAN' -> 'TRƯỞNG BAN'."""
    if not is_caps(text):
        return text
    folded = fold(text)
    for key, title in _FOLDED_TITLES:
        for match in re.finditer(rf"(?<![A-Z]){re.escape(key)}(?![A-Z])", folded):
            text = text[: match.start()] + title + text[match.end() :]
    return text


def _written_after(lines: list[Line]) -> int:
    return sum(1 for line in lines if line.text)


# A name OCR joined to the end of a recipient line, after a lowercase word: '- UBND các
# phường, xã Trần Văn Khởi'. Three words at least, so that a place ('... Quảng Ngãi') is not one.
_TRAILING_NAME = re.compile(rf"(?<=[{LO},;] )(?P<name>[{UP}][{LO}]*(?: [{UP}][{LO}]*){{2,4}})$")
_SPECK = re.compile(rf"(?:(?<=\s)|^)['`‘’](?=[{UP}])")


def trailing_name(text: str) -> str | None:
    """The signer's name OCR put at the end of another column's line, if any."""
    match = _TRAILING_NAME.search(_SPECK.sub("", text.strip().rstrip(";.")))
    return match.group("name") if match else None


def _name_before(lines: list[Line]) -> str | None:
    """The name in the lines OCR read before the signer's title (the recipients' column)."""
    return _first_name(reversed(lines[-16:]), lambda line: (_after_item(line), line.text))


def _after_item(line: Line) -> str:
    return line.text.rpartition(";")[2]  # '- Đại biểu HĐND xã; Lê Thị Ngọc Hà'


def _first_name(lines: Iterable[Line], texts: Callable[[Line], Iterable[str]]) -> str | None:
    """The first person's name among each line's ``texts``, or at the end of a list item."""
    for line in lines:
        for text in texts(line):
            text = _SPECK.sub("", _RANK.sub("", text.strip()))
            if _NAME.match(text):
                return text
        name = trailing_name(line.text) if line.text.startswith("-") else None
        if name:
            return name
    return None


def title_case(caps: str) -> str:
    """'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch'; 'CHÁNH VĂN PHÒNG' -> 'Chánh Văn phòng'; 'BỘ TRƯỞNG,
    CHỦ NHIỆM' -> 'Bộ trưởng, Chủ nhiệm'."""
    if "," in caps:
        return ", ".join(title_case(part) for part in caps.split(",") if part.strip())
    words = caps.lower().split()
    out: list[str] = []
    for i, word in enumerate(words):
        opens = i == 0 or words[i - 1] in ("phó", "chánh")
        agency = i > 0 and words[i - 1] == "trưởng" and _opens_long_head(words[i:])
        out.append(word.capitalize() if opens or agency else word)
    return " ".join(out)


def _opens_long_head(words: list[str]) -> bool:
    """'công an huyện' after 'Trưởng': the agency's own name keeps its capital."""
    return any(words[: len(head)] == head for head in _LONG_HEADS)


def _body_case(body: str) -> str:
    """A signer title in the authority line ('KT. CHỦ TỊCH') or a collective body ('TM. ...')."""
    return title_case(body) if TITLE.fullmatch(body.strip()) else proper_case(body)


def is_name(text: str) -> bool:
    """A person's name as signed: 'Nông Văn Thắng', 'H' Yim Êban' (a rank before it aside)."""
    return bool(_NAME.match(_RANK.sub("", text.strip())))


def _name_after(lines: list[Line]) -> str | None:
    return _first_name(
        lines[:16], lambda line: dict.fromkeys([line.text, columns(line)[-1], _after_item(line)])
    )


# '<unit or person><email> đã ký lên văn bản này!' (an e-office's stamp), matched on the folded
# line so that a wrong mark left by restoration does not lose it.
_SIGNED_ON = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*>?\s*[:,-]?\s*da\s+ky\s+len\s+van\s+ban", re.I
)


# The stamp's first label, also as signing software words it ('Được ký bởi', 'Ký số bởi').
# Matched on the folded line: the marks restoration may get wrong ('Kỳ bởi').
_SIGNED_BY = re.compile(r"^(?:nguoi ky|(?:duoc\s+)?ky(?:\s+so)?\s+boi|signed by)\s*:", re.I)


def find_digital_signatures(lines: list[Line]) -> list[DigitalSignature]:
    """The digital signatures stamped on the document: 'Ký bởi: ... Email: ... Thời gian ký:
    ...' of a signed PDF, and '<unit or person><email> đã ký lên văn bản này!' lines, each
    with the timestamp on its line or the two after it."""
    out: list[DigitalSignature] = []
    for idx, line in enumerate(lines):
        signed_on = _SIGNED_ON.search(fold(line.text))
        if signed_on:
            who = line.text[: signed_on.start()].strip().rstrip("<(:-, ").strip()
            block = " ".join(ln.text for ln in lines[idx : idx + 3])
            address = line.text[signed_on.start("email") : signed_on.end("email")]
            stamp = _timestamp(line.text[signed_on.end() :]) or _timestamp(block)
            out.append(
                DigitalSignature(
                    signer=tidy_name(who) or None, email=_address(address), timestamp=stamp
                )
            )
            continue
        if not _SIGNED_BY.match(fold(line.text)):
            continue
        signer = line.text.split(":", 1)[1].strip() or None
        block = " ".join(ln.text for ln in lines[idx : idx + 6])
        email = _EMAIL.search(_AT_SPECK.sub("@", block))
        out.append(
            DigitalSignature(
                signer=tidy_name(signer) if signer else None,
                email=_address(email.group(0)) if email else None,
                timestamp=_timestamp(block),
            )
        )
    return out


def _address(email: str) -> str:
    """An e-mail address read through an OCR slip in the government domain: 'øov.vn',
    'qov.vn' -> 'gov.vn'."""
    return re.sub(r"(?<=[.@])[^\Wg\d]ov(?=\.vn$)", "gov", email)


def _timestamp(text: str) -> str | None:
    iso = _ISO.search(text)
    if iso:
        return iso.group(0)
    match = _STAMP.search(text)
    if not match:
        return None
    clock = match.group("t") if match.group("t").count(":") == 2 else match.group("t") + ":00"
    tz = match.group("tz") or ""
    if tz and ":" not in tz:
        tz = tz[:3] + ":" + tz[3:]
    d, m, y = int(match.group("d")), int(match.group("m")), int(match.group("y"))
    return (
        f"{y:04d}-{m:02d}-{d:02d}T{int(clock[:2].rstrip(':')):02d}{clock[clock.index(':') :]}{tz}"
    )
