"""Recipients (Nơi nhận): list items without the leading '- ' and the trailing ';' or '.'."""

from __future__ import annotations

import re
import unicodedata

from extraction.lines import Line, columns, is_caps, squash
from extraction.signature import is_name, split_signer_text

RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
# the label as OCR often leaves it: "Noi nhan:", "Nội nhn:", "Noi nhận"
_LABEL_FOLDED = re.compile(r"^n[a-z]{1,2}i\s*nh[a-z]{0,3}n?\s*:")


def _is_label(text: str) -> bool:
    if RECIPIENTS.match(text):
        return True
    folded = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return bool(_LABEL_FOLDED.match("".join(c for c in folded if not unicodedata.combining(c))))


def _without_tail(item: str) -> str:
    """'UBND huyện (B/c); i' -> 'UBND huyện (B/c)': after the item's own ';' comes only the
    other column's text (signer block, stamp) when OCR read the two columns as one line."""
    head, sep, tail = item.rpartition(";")
    if sep and head and (len(tail.strip()) <= 3 or is_caps(tail) or is_name(tail)):
        return head
    return item


# OCR of the small print of Nơi nhận: "(b/C)", "(b/€)" for "(b/c)" (báo cáo); "Lưu: VI", "VE",
# "VTE" for "Lưu: VT" (văn thư), the code Decree 30 puts first in the archive line
_REPORT = re.compile(r"\(([bB])/[C€e]\)")
_ARCHIVE_VT = re.compile(r"^(Lưu\s*:\s*)(?:V[IlEF1]|VT[EF])(?=[\s,.;]|$)")


def _tidy(item: str) -> str:
    return _ARCHIVE_VT.sub(r"\1VT", _REPORT.sub(r"(\1/c)", item))


def find_recipients(lines: list[Line]) -> tuple[list[str], int | None]:
    start = next((i for i, ln in enumerate(lines) if _is_label(ln.text)), None)
    if start is None:
        return [], None
    items: list[str] = []
    for line in lines[start + 1 : start + 40]:
        text, _ = split_signer_text(columns(line)[0])
        if not text:
            continue
        if not re.match(r"^[-+•·]\s*", text):
            if items:
                break
            continue
        item = _without_tail(re.sub(r"^[-+•·]\s*", "", text)).rstrip(" ;,.")
        if item:
            items.append(_tidy(squash(item)))
    return items, lines[start].number
