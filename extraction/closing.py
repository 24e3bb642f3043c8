"""The end of a document: signer block, recipients (Nơi nhận) and digital signatures."""

from __future__ import annotations

import re

from core.record import DigitalSignature, Signer
from extraction.lines import Line, is_caps, proper_case, squash
from extraction.tables import AUTHORITIES, SIGNER_TITLES

_AUTH = "|".join(re.escape(a) for a in AUTHORITIES)
AUTHORITY = re.compile(rf"\b(?P<auth>{_AUTH})\s*(?P<body>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ .,-]*)$")
TITLE = re.compile(rf"(?<![\wÀ-ỹ])(?P<title>{'|'.join(SIGNER_TITLES)})\s*$")
RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
_NAME = re.compile(r"^([A-ZĐÀ-Ỹ][a-zà-ỹđ]+)( [A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_STAMP = re.compile(
    r"(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})\s+(?P<t>\d{1,2}:\d{2}(?::\d{2})?)"
    r"\s*(?P<tz>[+-]\d{2}:?\d{2})?"
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2}|Z)?")


_CAPS_TAIL = re.compile(r"(?:(?<=\s)|^)(?P<tail>(?:[A-ZĐÀ-Ỹ.]{1,}\s+)*[A-ZĐÀ-Ỹ]{2,})$")


def split_signer_text(text: str) -> tuple[str, str | None]:
    """('- Lưu: VT.', 'TM. ỦY BAN NHÂN DÂN') from a line where the two columns merged."""
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
        _, right = split_signer_text(line.text)
        text = right or line.text
        auth = AUTHORITY.search(text)
        if auth and (auth.start() == 0 or right):
            authority = f"{auth.group('auth')} {proper_case(auth.group('body'))}".strip()
            rest = auth.group("body")
            found_title = TITLE.search(rest)
            if found_title and auth.group("auth") == "KT.":
                authority = f"KT. {proper_case(found_title.group('title'))}"
            where = line.number
            continue
        found = TITLE.fullmatch(text.strip()) if is_caps(text) else None
        if found and (where is not None or idx > len(tail) - 15):
            title = proper_case(found.group("title"))
            where = where or line.number
            name = _name_after(tail[idx + 1 :])
    return Signer(name=name, title=title, authority=authority), where


def _name_after(lines: list[Line]) -> str | None:
    for line in lines[:8]:
        text = line.text.strip()
        if _NAME.match(text):
            return text
    return None


def find_recipients(lines: list[Line]) -> tuple[list[str], int | None]:
    start = next((i for i, ln in enumerate(lines) if RECIPIENTS.match(ln.text)), None)
    if start is None:
        return [], None
    items: list[str] = []
    for line in lines[start + 1 : start + 40]:
        text, _ = split_signer_text(line.text)
        if not text:
            continue
        if not re.match(r"^[-+•·]\s*", text):
            if items:
                break
            continue
        item = re.sub(r"^[-+•·]\s*", "", text).rstrip(" ;,.")
        if item:
            items.append(squash(item))
    return items, lines[start].number


def find_digital_signatures(lines: list[Line]) -> list[DigitalSignature]:
    out: list[DigitalSignature] = []
    for idx, line in enumerate(lines):
        if not re.match(r"^(Người ký|Ký bởi|Signed by)\s*:", line.text, re.IGNORECASE):
            continue
        signer = line.text.split(":", 1)[1].strip() or None
        block = " ".join(ln.text for ln in lines[idx : idx + 6])
        email = _EMAIL.search(block)
        out.append(
            DigitalSignature(
                signer=signer, email=email.group(0) if email else None, timestamp=_timestamp(block)
            )
        )
    return out


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
