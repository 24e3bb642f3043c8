"""Recipients (Nơi nhận): list items without the leading '- ' and the trailing ';' or '.'."""

from __future__ import annotations

import re
import unicodedata

from extraction.agencies import tidy_name
from extraction.lines import Line, columns, fold, is_caps, one_tone_style, squash
from extraction.signature import is_name, split_signer_text

RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
# the label as OCR often leaves it: "Noi nhan:", "Nội nhn:", "Noi nhận"
_LABEL_FOLDED = re.compile(r"^n[a-z]{1,2}i\s*nh[a-z]{0,3}n?\s*:")


def _is_label(text: str) -> bool:
    if RECIPIENTS.match(text):
        return True
    folded = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return bool(_LABEL_FOLDED.match("".join(c for c in folded if not unicodedata.combining(c))))


def _without_tail(item: str, signer: str | None = None) -> str:
    """'UBND huyện (B/c); i' -> 'UBND huyện (B/c)': after the item's own ';' comes only the
    other column's text (signer block, stamp) when OCR read the two columns as one line."""
    if signer and item.rstrip(" ;.").endswith(" " + signer):
        return item.rstrip(" ;.")[: -len(signer)].rstrip()  # the signer's name OCR joined on
    head, sep, tail = item.rpartition(";")
    if _ARCHIVE.match(item) and re.fullmatch(r"\s*[A-ZĐ0-9]+[.,]?\s*", tail):
        return item  # 'Lưu: VT; QLĐT': an archive code after a ';' OCR read for the comma
    if sep and head and (len(tail.strip()) <= 3 or is_caps(tail) or is_name(tail)):
        return head
    return item


# OCR of the small print of Nơi nhận: "(b/C)", "(b/€)" for "(b/c)" (báo cáo); "Lưu: VI", "VE",
# "VL", "VTE" for "Lưu: VT" (văn thư), the code Decree 30 puts first in the archive line
_REPORT = re.compile(r"\(([bB])/[C€e]\)")
_ARCHIVE_VT = re.compile(r"^(Lưu\s*:\s*)(?:V[IlEFL1]|VT[EF])(?=[\s,.;]|$)")
# between two codes of the archive line, a stop OCR read for the comma: 'VT. TH'
_CODE_STOP = re.compile(r"(?<=[A-ZĐ0-9])\.\s+(?=[A-ZĐ])")


# a ';' OCR read for the comma inside one item: 'CT; các PCT UBND tỉnh'
_INNER_SEMICOLON = re.compile(r";(?=\s+[a-zđà-ỹ])")
_ARCHIVE = re.compile(r"^(Lưu\s*:\s*)(.+)$")


# 'Thành Ủy' for 'Thành ủy' (the party committee of a unit: 'Tỉnh ủy', 'Huyện ủy', 'Đảng ủy')
_COMMITTEE = re.compile(r"\b(Tỉnh|Huyện|Thành|Thị|Quận|Đảng) Ủy\b")
# 'mục lI' for 'mục II': a Roman numeral with an 'l' or '1' OCR read for an 'I'
_ROMAN = re.compile(r"\b(mục|phần|chương) ((?=[IVXl1]*[IVX])(?=[IVXl1]*[l1])[IVXl1]{2,4})\b")


# Notes after a recipient and stock items, by their letters (the marks restoration or OCR may
# have got wrong: '(de b/c)', '(thầy b/c)', 'Như thành phần mới').
_NOTES = {
    fold(note): note
    for note in ("để b/c", "thay b/c", "b/c", "để biết", "để báo cáo", "để thực hiện", "để p/h")
}
_STOCK = {fold(item): item for item in ("Như trên", "Như thành phần mời", "Như Điều")}
_NOTE = re.compile(r"(?P<open>[(\"“])(?P<note>[^()\"“”]{1,20})(?P<close>[)\"”])")
_PARTY = {
    fold(name).lower(): name
    for name in ("Tỉnh ủy", "Huyện ủy", "Thành ủy", "Thị ủy", "Quận ủy", "Đảng ủy")
}
_PARTY_WORDS = re.compile(r"\b[^\W\d_]+ [^\W\d_]{2}\b")


def _party(match: re.Match[str]) -> str:
    """'Quân ủy' -> 'Quận ủy': a unit's party committee whose marks were got wrong ('Thị uỷ',
    the old placement, is no slip)."""
    words = match.group()
    right = _PARTY.get(fold(words).lower())
    if right is None or not words[:1].isupper() or one_tone_style(words) == one_tone_style(right):
        return words
    return right


def _spelled(item: str) -> str:
    """An item whose words restoration or OCR marked wrong, where a known form says which:
    its notes ('(de b/c)' -> '(để b/c)'), a stock item ('Như thành phần mới'), a party
    committee ('Quân ủy' -> 'Quận ủy') and the agency named ('Công an tịnh' -> 'tỉnh')."""
    stock = re.match(r"^(?P<text>[^\d]+?)(?P<rest>\s+\d+)?$", item)
    if stock and fold(stock.group("text").lower()) in {k.lower() for k in _STOCK}:
        key = next(k for k in _STOCK if k.lower() == fold(stock.group("text").lower()))
        return _STOCK[key] + (stock.group("rest") or "")
    item = _NOTE.sub(
        lambda m: (
            m.group("open") + _NOTES.get(fold(m.group("note")), m.group("note")) + m.group("close")
        ),
        item,
    )
    item = _PARTY_WORDS.sub(_party, item)
    notes = re.search(r"(?:\s*[(\"“][^()\"“”]*[)\"”])+$", item)
    body, tail = (item[: notes.start()], item[notes.start() :]) if notes else (item, "")
    return tidy_name(body) + tail if body else item


def _tidy(item: str) -> str:
    item = _INNER_SEMICOLON.sub(",", item)
    if not _ARCHIVE.match(item):
        item = _spelled(item)
    item = _COMMITTEE.sub(r"\1 ủy", item)
    item = _ROMAN.sub(lambda m: f"{m.group(1)} {re.sub('[l1]', 'I', m.group(2))}", item)
    item = _ARCHIVE_VT.sub(r"\1VT", _REPORT.sub(r"(\1/c)", item))
    archive = _ARCHIVE.match(item)
    if archive:  # 'Lưu: VT; QLĐT', 'Lưu: VT CA': the archive codes are a list, comma-separated
        codes = _CODE_STOP.sub(", ", archive.group(2).replace(";", ","))
        if "," not in codes and re.fullmatch(r"[A-ZĐ0-9-]+(?:\s+[A-ZĐ0-9-]+)+", codes):
            codes = ", ".join(codes.split())
        item = archive.group(1) + codes
    return item


# an item's dash, and what OCR reads for it in small print ('~', '–', '—', '=', '*', '_')
_DASH = r"[-+•·~–—=*_]"
_BULLET = re.compile(rf"^(?:{_DASH}\s*)+")
_ARCHIVE_ITEM = re.compile(rf"^{_DASH}\s*Lưu\b", re.IGNORECASE)


def _list_by_shape(lines: list[Line]) -> int | None:
    """The index of the line before a recipients' list whose label OCR garbled, found by its
    shape: near the end, dashed items ending with ';' and closed by the archive item ('- Lưu:
    VT'); three items at least."""
    tail = max(0, len(lines) - 60)
    last = next(
        (i for i in range(len(lines) - 1, tail - 1, -1) if _ARCHIVE_ITEM.match(lines[i].text)),
        None,
    )
    if last is None:
        return None
    first, count = last, 1
    for i in range(last - 1, tail - 1, -1):
        text = split_signer_text(columns(lines[i])[0])[0]
        if not text:
            continue
        if not (_BULLET.match(text) and re.search(r";\s*$", text)):
            break
        first, count = i, count + 1
    return first - 1 if count >= 3 else None


def find_recipients(
    lines: list[Line], *, signer: str | None = None
) -> tuple[list[str], int | None]:
    """The items of the 'Nơi nhận' list, without the name of the ``signer`` where OCR read it
    on the same line as an item."""
    start = next((i for i, ln in enumerate(lines) if _is_label(ln.text)), None)
    if start is None:
        start = _list_by_shape(lines)
    if start is None:
        return [], None
    items: list[str] = []
    open_list = False  # the last item ended with ';': the list goes on
    for line in lines[start + 1 : start + 40]:
        text, _ = split_signer_text(columns(line)[0])
        if not text:
            continue
        # an item whose dash OCR lost, between items: 'TT. Thành ủy;'
        lost_dash = open_list and re.search(r"[;.]$", text) and text[:1].isupper()
        if not _BULLET.match(text) and not lost_dash:
            if items:
                break
            continue
        open_list = text.endswith(";")
        item = _without_tail(_BULLET.sub("", text).lstrip("'‘`\""), signer).rstrip(" ;,.:")
        if item:
            items.append(_tidy(squash(item)))
    return items, lines[start].number
