"""The header zone of a document, read as a whole rather than line by line.

Real headers come out of web pages, PDF text layers and OCR in many shapes: the two columns
one after the other, interleaved row by row, sharing lines (joined by runs of spaces) or
flattened into a single line; and every item may wrap anywhere ("Số:" / "418/QĐ-UBND",
"Tân" / "Vĩnh, ngày 12" / "tháng 9 năm 2024", "ỦY" / "BAN NHÂN DÂN", "CỘNG" / "HÒA XÃ HỘI ...").

So the zone (the lines above the first body line) is cut into pieces: its lines, split again
at runs of two or more spaces (the cells of a table row or of a layout-preserving text layer).
The pieces are joined into one text with line breaks, in which the national motto is found
in any split and taken out (it never becomes a field), then the number and symbol ("Số: ...")
and the place and date ("<place>, ngày D tháng M năm Y") are found across the breaks. What
remains before the number is the issuing body's column; the type heading is the first piece
after both, and the title runs from it to the first body line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.dates import DATE
from extraction.lines import (
    LO,
    UP,
    Line,
    clean,
    fold,
    is_caps,
    is_syllable,
    loose,
    one_tone_style,
    squash,
)
from extraction.numbering import CODE
from extraction.tables import DOC_TYPES, JOINT, LEGAL_TYPES

ZONE_LINES = 40

# The motto, on folded text (marks dropped, same offsets), in any split and with or without
# the spaces and dashes between its words ('CỘNG HÒA XàHỘI', 'Độc lập  Tự do  Hạnh phúc').
_MOTTO_WORDS = (
    ("CONG", "HOA", "XA", "HOI", "CHU", "NGHIA", "VIET", "NAM"),
    ("DOC", "LAP", "TU", "DO", "HANH", "PHUC"),
)
_MOTTO = re.compile(
    "|".join(
        r"(?<![A-Za-z])" + r"[\s\-.,]*".join(words) + r"(?![A-Za-z])" for words in _MOTTO_WORDS
    ),
    re.IGNORECASE,
)


# The motto as a text layer prints it in a legacy font that lost every letter outside its
# range ('C NG HOÀ ...': the 'Ộ' gone): on folded text, each letter that carries a mark may
# be gone, a space in its place.
def _lossy(word: str) -> str:
    return "".join(re.escape(c) if fold(c) == c else f"(?:{re.escape(fold(c))}|\\s)?" for c in word)


_LOSSY_MOTTO = re.compile(
    "|".join(
        r"(?<![A-Za-z])" + r"[\s\-.,–]*".join(_lossy(w) for w in motto.split()) + r"(?![A-Za-z])"
        for motto in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐỘC LẬP TỰ DO HẠNH PHÚC")
    ),
    re.IGNORECASE,
)
# What no field holds but a piece of the motto: 'Chủ nghĩa Việt Nam', 'Cộng hòa xã hội'.
_MOTTO_TRACE = re.compile(
    r"CHU\s*NGHIA\s*VIET\s*NAM|CONG\s*HOA\s*XA\s*HOI|DOC\s*LAP\W+TU\s*DO", re.I
)
# The lines that underline the header items: '-------', '_____', '********', '-'.
_RULE = re.compile(r"^[\W_]*$")
_CELL_GAP = re.compile(r"[ \t\u00a0]{2,}")

# The first line of the body ends the header zone.
_BODY = re.compile(
    r"^(?:[-+•]\s*)?(Căn cứ|Kính gửi|Thực hiện|Thi hành|Nhằm|Trên cơ sở|Xét đề nghị|Theo đề nghị|"
    r"Điều \d|Chương [IVX]+\b|[IVX]+\.\s|\d+\.\s)",
    re.IGNORECASE,
)
# Type headings: Appendix III types and the legal types, longest first.
_TYPES = sorted({*DOC_TYPES.values(), *LEGAL_TYPES, "Chuyên đề"}, key=len, reverse=True)
_L = f"{UP}{LO}"
# 'Số: 12/KH-UBND', also after a type named before it at the start of a line ('Nghị quyết số:
# 88/2020/UBTVQH15'; in a sentence, 'Thông tư số 07/2022/TT-BNN' is a document cited).
_TYPE_NAMES = "|".join(re.escape(t) for t in _TYPES)
# The label as OCR also reads it: 'SỐ', 'Sô', and, before a colon, 'S6:', 'Sb:', 'Sé:', 'S0:'
# (an 'ố' whose marks fused with it), also with a semicolon for the colon ('Số; 12/...').
_LABEL = rf"(?:{loose('Số')}|{loose('SỐ')}|S[06b8eéèẻẽẹêếềểễệ](?=\s*[:;]))"
# A number written in by hand, as OCR reads it: one or two short pieces that are not a number
# ('g7', '5 ‡', '#8', '3 4'): left unread (the symbol keeps the rest, and a warning says so).
_UNREAD = r"(?P<unread>[^\s/:]{1,3}(?:[ \t][^\s/:]{1,3})?)"
# 'QĐ TTg', 'TT BCA' ending the line: the dash before the issuing body's code lost by OCR.
_DASH_LOST = rf"(?:[ ][{UP}][{_L}]{{1,7}}(?=[ \t]*(?:\n|$)))?"
SYMBOL = re.compile(
    rf"(?:(?<![{_L}]){_LABEL}|(?im:^[ \t]*(?:{_TYPE_NAMES})\s+{loose('số')}))"
    rf"\s*[:.;]?\s*(?:(?P<number>\d+[a-z]?)|[.…_]+|{_UNREAD})?\s*(?:/\s*(?P<year>\d{{4}}))?"
    rf"\s*[/!]\s*(?P<code>{CODE}{_DASH_LOST})"  # '!' OCR's reading of a slash
)
# A piece that is a symbol alone, its 'Số:' lost: '1234/QĐ-UBND', '05/2023/QĐ-UBND'.
_BARE_SYMBOL = re.compile(
    rf"^(?P<number>\d+[a-z]?)\s*(?:/\s*(?P<year>\d{{4}}))?\s*/\s*(?P<code>{CODE}-{CODE})$",
    re.MULTILINE,
)
# 'S 291/QĐ-UBDT': the label whose 'ố' a legacy font lost (read only in such a text layer).
_LOSSY_SYMBOL = re.compile(
    rf"(?<![{_L}])S\s+(?P<number>\d+[a-z]?)\s*(?:/\s*(?P<year>\d{{4}}))?\s*/\s*(?P<code>{CODE})"
)
VV = re.compile(r"^V\s*/\s*V\b\s*[:.]?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    line: int  # 1-based number of the line it is on
    start: int  # offset in the zone's text
    whole: bool  # the piece is its line's only cell


@dataclass(frozen=True, slots=True)
class Zone:
    """What the header zone holds, each item with the 1-based line it starts on."""

    symbol: re.Match[str] | None = None
    symbol_line: int | None = None
    date: re.Match[str] | None = None
    date_line: int | None = None
    place: str | None = None
    left: tuple[Piece, ...] = ()  # the issuing body's column, top to bottom
    rest: tuple[Piece, ...] = ()  # pieces after the number and the date
    pieces: tuple[Piece, ...] = ()  # every piece, motto and rules taken out
    end: int = 0  # 0-based index of the first line after the zone
    lossy: bool = False  # a text layer that lost the letters outside a legacy font's range


def lost_letters(text: str) -> bool:
    """``text`` comes from a text layer that lost every letter outside a legacy font's range
    ('U BAN DÂN T C', 'Hà N i'): many words of one letter, which Vietnamese hardly has."""
    words = re.findall(r"[^\W\d_]+", text)
    single = sum(len(w) == 1 for w in words)
    return single >= 6 and single >= 0.15 * len(words)


def has_motto(text: str | None) -> bool:
    """``text`` holds a piece of the national motto (and so is no field of its own)."""
    return bool(text) and (bool(_MOTTO_TRACE.search(fold(text or ""))) or motto_piece(text or ""))


def motto_piece(text: str) -> bool:
    """``text`` is only words of the motto, in order: 'CỘNG', 'CHỦ NGHĨA VIỆT NAM', 'Tự do -'."""
    return _motto_place(text) is not None


def _motto_place(text: str, *, going_on: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """(which motto, index after the words) when ``text`` is two or more words of the motto
    in order, or 'CỘNG', or one word going on where the piece before left off (``going_on``)."""
    folded = fold(one_tone_style(text)).upper()
    if re.search(r"[^A-Z\s\-.,–]", folded):
        return None
    words = tuple(folded.replace("-", " ").replace(".", " ").replace(",", " ").split())
    if not words:
        return None
    for which, motto in enumerate(_MOTTO_WORDS):
        for i in range(len(motto) - len(words) + 1):
            if words != motto[i : i + len(words)]:
                continue
            if len(words) >= 2 or words == ("CONG",) or going_on == (which, i):
                return which, i + len(words)
    return None


def _without_motto(pieces: list[Piece]) -> list[Piece]:
    """``pieces`` without the motto's (and the header's rules): a piece of the motto may be a
    single word where the piece before it broke off ('... VIỆT' / 'NAM')."""
    out: list[Piece] = []
    going_on: tuple[int, int] | None = None
    for piece in pieces:
        if _RULE.match(piece.text):
            continue
        place = _motto_place(piece.text, going_on=going_on)
        if place is not None:
            going_on = place
            continue
        out.append(piece)
    return out


def zone_end(lines: list[Line]) -> int:
    """0-based index of the line after the zone: after the type heading, or at the first body
    line, or at the zone's limit."""
    for i, line in enumerate(lines[:ZONE_LINES]):
        if _BODY.match(line.text):
            return i
        if heading(line.text):
            return i + 1
    return min(len(lines), ZONE_LINES)


def read_zone(lines: list[Line]) -> Zone:
    end = zone_end(lines)
    text, starts = _joined(lines[:end])
    folded = fold(text)
    spans = [m.span() for m in _MOTTO.finditer(folded)]
    spans += [m.span() for m in _LOSSY_MOTTO.finditer(folded)]
    text = _mask(text, spans)
    lossy = lost_letters(text)
    symbol = SYMBOL.search(text) or _BARE_SYMBOL.search(text)
    if symbol is None and lossy:
        symbol = _LOSSY_SYMBOL.search(text)
    dated = _place_date(text, symbol)
    date = dated[0] if dated else None
    cuts = []
    if symbol:
        cuts.append(symbol.span())
    place = None
    if dated:
        place, place_start = _place(text, dated[1], symbol.end() if symbol else 0, lossy=lossy)
        cuts.append((place_start, dated[0].end()))
    pieces = _pieces(_mask(text, cuts), starts)
    pieces = _without_motto(pieces)
    after = max((c[1] for c in cuts), default=0)
    if symbol:
        bound = symbol.start()
    else:
        first = [c[0] for c in cuts] + [p.start for p in pieces if heading(p.text)]
        bound = min(first, default=len(text))
    return Zone(
        symbol=symbol,
        symbol_line=_line_at(starts, symbol.start()) if symbol else None,
        date=date,
        date_line=_line_at(starts, date.start()) if date else None,
        place=place,
        # with nothing to anchor it (no number, date or heading), as far as line 8 only
        left=tuple(p for p in pieces if p.start < bound and (bound < len(text) or p.line <= 8)),
        rest=tuple(p for p in pieces if p.start >= after),
        pieces=tuple(pieces),
        lossy=lossy,
        end=end,
    )


def heading(text: str) -> tuple[str, str] | None:
    """(type, rest of the piece) when ``text`` opens with a type heading in capitals:
    'QUYẾT ĐỊNH', 'KẾ HOẠCH TỔ CHỨC ...', 'KEHOẠCH' (spaces lost), 'QUY CHẾ LÀM'; also a
    heading alone after a few marks OCR made of a seal or stamp beside it ('xA HƯ l QUYẾT
    ĐỊNH': short pieces, one at least not a word in capitals)."""
    found = _heading(text)
    words = text.split()
    for k in range(1, 4):
        if found or len(words) <= k or any(len(w) > 3 for w in words[:k]):
            break
        if all(w.isalpha() and w.isupper() for w in words[:k]) or _ITEM.match(words[0]):
            continue  # words of a title ('VỀ KẾ HOẠCH'), an item's mark ('a) KẾ HOẠCH')
        after = _heading(text.split(None, k)[k])
        if after and not after[1]:
            found = after
    return found


_ITEM = re.compile(r"^(?:[a-zđ]|\d{1,2}|[IVX]{1,4})[).]$")


def _heading(text: str) -> tuple[str, str] | None:
    for name in _TYPES:
        end = _consume(text, name)
        if end is not None and is_caps(text[:end]) and not text[:end].strip().islower():
            rest = text[end:].strip(" :.-_|~*")
            joint = _consume(rest, JOINT)  # 'KẾ HOẠCH LIÊN TỊCH'
            if joint is not None and is_caps(rest[:joint]):
                rest = rest[joint:].strip(" :.-_|~*")
            if rest and not (is_caps(rest) or rest[0] in "(" or VV.match(rest)):
                continue  # 'Kế hoạch số ...', 'Quyết định này ...': a sentence, not a heading
            return name, rest
    return None


def _consume(text: str, name: str) -> int | None:
    """End of ``name`` at the start of ``text``, letter by letter with any spacing and marks
    ('KEHOẠCH' for 'KẾ HOẠCH'); None unless a word ends there."""
    want = [c for c in fold(name.lower()) if c.isalpha()]
    folded = fold(text.lower())
    i = 0
    for c in want:
        while i < len(folded) and folded[i] in " \u00a0":
            i += 1
        if i >= len(folded) or folded[i] != c:
            return None
        i += 1
    if i < len(folded) and folded[i].isalpha():
        return None
    return i


def _joined(lines: list[Line]) -> tuple[str, list[tuple[int, int, bool]]]:
    """The zone's cells joined by line breaks; (offset, line number, whole line) of each."""
    parts: list[str] = []
    starts: list[tuple[int, int, bool]] = []
    at = 0
    for line in lines:
        cells = [c for c in (clean(p) for p in _CELL_GAP.split(line.raw.strip())) if c]
        for cell in cells:
            starts.append((at, line.number, len(cells) == 1))
            parts.append(cell)
            at += len(cell) + 1
    return "\n".join(parts), starts


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span blanked by line breaks (same length): the span cuts its piece."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\n" * (end - start)
    return "".join(chars)


def _pieces(text: str, starts: list[tuple[int, int, bool]]) -> list[Piece]:
    out: list[Piece] = []
    for match in re.finditer(r"[^\n]+", text):
        piece = match.group().strip()
        if not piece:
            continue
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        line, whole = _cell_at(starts, start)
        out.append(Piece(squash(piece), line, start, whole and piece == match.group().strip()))
    return out


def _cell_at(starts: list[tuple[int, int, bool]], at: int) -> tuple[int, bool]:
    found = (starts[0][1], starts[0][2]) if starts else (1, True)
    for offset, line, whole in starts:
        if offset > at:
            break
        found = (line, whole)
    return found


def _line_at(starts: list[tuple[int, int, bool]], at: int) -> int:
    return _cell_at(starts, at)[0]


def _place_date(text: str, symbol: re.Match[str] | None) -> tuple[re.Match[str], int] | None:
    """The first 'ngày ... tháng ... năm ...' after a comma (the place's), across breaks, and
    where its place ends (the comma); else the first that opens its piece, or follows only
    capitalised words there ('Đông Khê ngày ...': the comma left out)."""
    found = [
        m
        for m in DATE.finditer(text)
        if not (symbol and symbol.start() <= m.start() < symbol.end())
    ]
    for match in found:
        before = text[: match.start()].rstrip()
        last = before[:-1].split()[-1:] or [""]
        # 'Lào Cai. ngày ...', 'Lào Cai; ngày ...': OCR's stop or semicolon for the comma
        if before.endswith(",") or before.endswith((".", ";")) and _PLACE_WORD.match(last[0]):
            return match, len(before) - 1
    for match in found:
        start = max(text.rfind("\n", 0, match.start()) + 1, symbol.end() if symbol else 0)
        words = text[start : match.start()].split()
        if len(words) <= 5 and all(_PLACE_WORD.match(w) for w in words):
            return match, len(text[: match.start()].rstrip()) if words else match.start()
    return None


_PLACE_WORD = re.compile(rf"^(?:[{UP}][{_L}]*(?:-[{UP}][{_L}]*)*|[{UP}]{{1,3}}\.?|\d{{1,2}})$")
_UNIT_HEADS = {"phố": "Thành", "xã": "Thị", "trấn": "Thị"}


def _place(text: str, comma: int, floor: int, *, lossy: bool = False) -> tuple[str | None, int]:
    """(place, its offset) before the comma of the date line (at ``comma``): the capitalised
    words before it, also the end of the piece above when the place name itself wrapped
    ('Tân' / 'Vĩnh, ngày ...'), never before ``floor`` (the end of the number)."""
    start = max(text.rfind("\n", 0, comma) + 1, floor)
    words = _place_words(text[start:comma], lossy=lossy)
    if words is None:
        return None, comma
    kept, offset = words
    place_start = start + offset
    if place_start <= start and start > floor and len(kept) < 4:
        prev_start = max(text.rfind("\n", 0, start - 1) + 1, floor)
        above = text[prev_start : start - 1]
        if above.strip() and not is_caps(above) and not re.search(r"\d", above):
            more = _place_words(above)
            if more and len(more[0]) == len(above.split()) and len(more[0]) + len(kept) <= 5:
                kept = more[0] + kept
                place_start = prev_start + more[1]
    if any(not word.isupper() for word in kept):  # 'VỊ Thượng': a capital OCR read too many
        kept = [
            w.capitalize() if len(w) > 1 and w.isupper() and is_syllable(w) else w for w in kept
        ]
    place = " ".join(kept) or None
    if place is None or has_motto(place):
        return None, comma
    return place, place_start


def _place_words(segment: str, *, lossy: bool = False) -> tuple[list[str], int] | None:
    """The capitalised words at the end of ``segment`` and the offset they start at (in a text
    layer that lost letters, also the letters left of a word: 'Hà N i')."""
    words = segment.rstrip().split()
    kept: list[str] = []
    for i, word in enumerate(reversed(words)):
        if _PLACE_WORD.match(word) or lossy and len(word) == 1 and word.isalpha() and i < 2:
            kept.insert(0, word)
        elif kept and word in _UNIT_HEADS and len(kept) >= 1:
            kept.insert(0, word)  # 'Thành phố Hồ Chí Minh': the unit word kept with its head
        else:
            break
        if len(kept) >= 6:
            break
    while kept and kept[0] in _UNIT_HEADS:
        kept.pop(0)
    # a unit word needs its head before it: 'phố' only after 'Thành'
    for i, word in enumerate(kept):
        if word in _UNIT_HEADS and (i == 0 or kept[i - 1] != _UNIT_HEADS[word]):
            kept = kept[i + 1 :]
            break
    if not kept:
        return None
    tail = segment.rstrip()
    return kept, len(tail) - len(" ".join(kept))
