"""Number and symbol of a document: 'Số: 775/KH-UBND' -> number 775, symbol '775/KH-UBND'."""

from __future__ import annotations

import re

from extraction.lines import Line, fold, loose
from extraction.tables import DOC_TYPES

_L = "A-Za-zÀ-ỹĐđ"
# The agency part of a symbol: 'KH-UBND', 'SYT-NVY', 'CAT-PC04', 'UBND-VX', 'QĐ-TTg'.
# A dot may stand for the hyphen ('QĐ.UB').
CODE = rf"[{_L}][{_L}0-9&]*(?:\.[{_L}][{_L}0-9&]*)*(?:\s?-\s?[{_L}][{_L}0-9.&]*)*"
SYMBOL = re.compile(
    rf"{loose('Số')}\s*[:.]?\s*(?:(?P<number>\d+[a-z]?)|[.…_]+)?\s*(?:/\s*(?P<year>\d{{4}}))?\s*/\s*(?P<code>{CODE})"
)


# Type codes by their letters without marks, where only one code has them ('CD' -> 'CĐ').
CODE_OF_FOLD = {
    fold(code): code
    for code in DOC_TYPES
    if sum(fold(other) == fold(code) for other in DOC_TYPES) == 1
}


def find_symbol(lines: list[Line]) -> tuple[re.Match[str], Line] | None:
    """The first 'Số: .../...' of the header (the first 40 lines)."""
    for line in lines[:40]:
        match = SYMBOL.search(line.text)
        if match:
            return match, line
    return None


def parse_symbol(match: re.Match[str]) -> tuple[str | None, str, str | None]:
    """(number or None for a blank number, symbol, Appendix III type code or None)."""
    number = match.group("number")
    # 'QĐ - UBND' -> 'QĐ-UBND'; 'QĐ TTg' (its dash lost, zones.SYMBOL) -> 'QĐ-TTg'
    code = re.sub(r"\s+", "-", re.sub(r"\s*-\s*", "-", match.group("code"))).rstrip(".")
    year = f"{match.group('year')}/" if match.group("year") else ""
    first = re.split(r"[-.]", code)[0]  # 'QĐ-UBND', 'QĐ.UB'
    if first not in DOC_TYPES and fold(first) in CODE_OF_FOLD:  # 'CD' read for 'CĐ'
        code = CODE_OF_FOLD[fold(first)] + code[len(first) :]
        first = CODE_OF_FOLD[fold(first)]
    single = re.sub(r"(.)\1", r"\1", first)
    if (
        first not in DOC_TYPES and single in DOC_TYPES and len(code) > len(first)
    ):  # 'QĐĐ': a letter read twice
        code, first = single + code[len(first) :], single
    type_code = first if first in DOC_TYPES else None
    return number, f"{number or ''}/{year}{code}", type_code
