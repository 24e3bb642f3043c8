"""What restoration must not touch (numbers, dates, URLs, codes) and the codes it repairs.

Abbreviations are left as they are (UBND, CCHC, PAR INDEX), except that an engine without
Vietnamese reads Đ as D: ``corpora/abbreviations-v1.tsv`` (counted in the training text by the
build) says which abbreviations are written with Đ and how rarely their D spelling is, and
those whose D spelling is rare are repaired (HDND -> HĐND, QD -> QĐ in 1234/QD-UBND). The slash
of a document symbol read as I, l, | or 1 ("775 IKH-UBND") is repaired where the rest is a
document type code of Decree 30/2020.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from corpora import CORPORA_DIR
from diacritics.normalize import is_syllable_shape

ABBREVIATIONS = CORPORA_DIR / "abbreviations-v1.tsv"
_URL = re.compile(r"^[(\[<\"']?(?:https?://|www\.)\S+$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_CODE = re.compile(r"\d[^\s\w]*[/.:,-][^\s\w]*\d|\d/|\d[/-][A-ZĐ]|[A-ZĐ][/-]\d")
_ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_GARBLED = re.compile(r"^[IVX][IVXl1]*$")
_PARTS = re.compile(r"[A-ZĐ][A-Za-zĐ]*(?:-[A-ZĐ][A-Za-zĐ]*)*")
_SYMBOL_SLASH = re.compile(r"^[Il|1](?P<code>[A-ZĐ][A-Za-zĐ]{0,4})(?=-[A-ZĐ])")
RARE_D_SPELLING = 0.2  # repair when the D spelling is at most this share of the Đ spelling


@functools.lru_cache(maxsize=65_536)
def is_protected(chunk: str) -> bool:
    """URLs, e-mail addresses, numbers with separators, dates and document symbols."""
    return bool(_URL.match(chunk) or _EMAIL.search(chunk) or _CODE.search(chunk))


@functools.lru_cache(maxsize=65_536)
def is_abbreviation(word: str) -> bool:
    """UBND, CCHC, TTr: two or more capitals in a token that cannot be a Vietnamese syllable."""
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if len(letters) < 2 or upper < 2 or upper < len(letters) - 1:
        return False
    return not is_syllable_shape(word)


def is_roman_numeral(word: str, after: str, *, garbled: bool) -> bool:
    """'II' of 'II.' or 'IV)': a heading's number, not a word of a heading in capitals. In
    garbled text I may have been read as l or 1 ("Il.")."""
    pattern = _ROMAN_GARBLED if garbled else _ROMAN
    return bool(pattern.match(word)) and after.startswith((".", ")")) and word[0] in "IVX"


def is_known_abbreviation(word: str, vocabulary: Mapping[str, int]) -> bool:
    """An abbreviation of the training text ("UBND"), or one whose Đ was read as D ("HDND")."""
    repaired = repair_abbreviation(word)
    return repaired != word or repaired.lower() in vocabulary


def repair(token: str, *, garbled: bool) -> str:
    """The repaired form of a code, abbreviation or heading number."""
    if garbled and _ROMAN_GARBLED.match(token) and not _ROMAN.match(token):
        return token.replace("l", "I").replace("1", "I")
    return repair_code(token)


def is_code(chunk: str) -> bool:
    """'HDND-UBND', 'IKH-UBND', 'NĐ-CP', 'B/c': abbreviations (or single letters) joined by
    hyphens or slashes."""
    if not any(sep in chunk for sep in "/-"):
        return False
    parts = [p for p in re.split(r"[/-]", chunk) if p]
    return bool(parts) and all(
        p.isdigit() or len(p) == 1 or is_abbreviation(p) or _SYMBOL_SLASH.match(p + "-X")
        for p in parts
    )


@functools.cache
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    """({D spelling: Đ spelling} to repair, document type codes)."""
    repairs: dict[str, str] = {}
    types: set[str] = set()
    with open(ABBREVIATIONS, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            form, count, d_count, kind = line.rstrip("\n").split("\t")
            if kind == "type":
                types.add(form)
            plain = form.replace("Đ", "D")
            if plain != form and int(d_count) <= RARE_D_SPELLING * int(count):
                repairs[plain] = form
    return repairs, frozenset(types)


def repair_abbreviation(word: str) -> str:
    """'HDND' -> 'HĐND', 'ND-CP' -> 'NĐ-CP' (as a whole, else part by part)."""
    table = _tables()[0]
    whole = table.get(word)
    if whole is not None:
        return whole
    return "-".join(table.get(part, part) for part in word.split("-"))


def repair_code(chunk: str) -> str:
    """Repair the abbreviations inside a code ("1234/QD-UBND") and a symbol's lost slash."""
    repaired = _PARTS.sub(lambda m: repair_abbreviation(m.group(0)), chunk)
    m = _SYMBOL_SLASH.match(repaired)
    if m and repair_abbreviation(m.group("code")) in _tables()[1]:
        repaired = "/" + repaired[1:]
    return repaired
