"""What restoration must not touch (numbers, dates, URLs, codes) and the codes it repairs.

Abbreviations are left as they are (UBND, CCHC, PAR INDEX), except that an engine without
Vietnamese reads Đ as D: ``corpora/abbreviations-v1.tsv`` (counted in the training text by the
build) says which abbreviations are written with Đ and how rarely their D spelling is, and
those whose D spelling is rare are repaired (HDND -> HĐND, QD -> QĐ in 1234/QD-UBND), also inside
a longer abbreviation an agency built from them ("SGDDT" -> "SGDĐT" from "GDĐT"). In garble, Đ
may also have been read as "DB" or "DP" ("QDB-UBND", "HDPND"), and in the type code of a symbol
as "B" or "P" ("15/2008/QB-BTNMT"): an unknown abbreviation is repaired where one such reading
back gives a known abbreviation with Đ (a type code, for the type's place). The slash of a document
symbol read as I, l, | or 1 ("775 IKH-UBND") is repaired where the rest is a document type code
of Decree 30/2020. The shorthand of administrative letters ("b/c", "Đ/c", ``SHORTHAND``) is
read as the words it stands for, its Đ repaired ("D/c" -> "Đ/c"), and so are the
abbreviations written with a capital and small letters ("Cty", ``TITLE_ABBREVIATIONS``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from corpora import CORPORA_DIR
from diacritics.normalize import is_syllable_shape

_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]{2,}", re.IGNORECASE)  # no vowel, no mark

ABBREVIATIONS = CORPORA_DIR / "abbreviations-v1.tsv"
EXPANSIONS = CORPORA_DIR / "abbreviation-expansions-v1.tsv"
_URL = re.compile(r"^[(\[<\"']?(?:https?://|www\.)\S+$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_CODE = re.compile(r"\d[^\s\w]*[/.:,-][^\s\w]*\d|\d/|\d[/-][A-ZĐ]|[A-ZĐ][/-]\d")
# a symbol after a blank number ("Số:     /KH-SYT", ".../QĐ-UBND"): its slash, a type code
_BLANK_NUMBER = re.compile(r"^/[A-ZĐ][A-Za-zĐ]*-[A-ZĐ]")
_ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_GARBLED = re.compile(r"^[IVX][IVXl1]*$")
_PARTS = re.compile(r"[A-ZĐ][A-Za-zĐ]*(?:-[A-ZĐ][A-Za-zĐ]*)*")
_SYMBOL_SLASH = re.compile(r"^[Il|1](?P<code>[A-ZĐ][A-Za-zĐ]{0,4})(?=-[A-ZĐ])")
RARE_D_SPELLING = 0.2  # repair when the D spelling is at most this share of the Đ spelling
INSIDE_MIN = 4  # letters of a known abbreviation repaired inside a longer one ("GDDT")
# what an engine without Vietnamese read for Đ (besides D): anywhere, and in a symbol's type
_D_GARBLE = ("DB", "BD", "DP", "PD")
_D_GARBLE_TYPE = ("B", "P")
_TYPE_PART = re.compile(r"(?<=/)[A-ZĐ][A-Za-zĐ]*(?=-)")  # "QB" of "15/2008/QB-BTNMT"
# the shorthand of administrative letters, most of it in the recipients' list ("- Như trên (để
# b/c);", "- Đ/c Chủ tịch"): written for vanban from how such letters are written
SHORTHAND = {
    "b/c": "báo cáo",
    "t/h": "thực hiện",
    "th/h": "thực hiện",
    "p/h": "phối hợp",
    "ph/h": "phối hợp",
    "đ/c": "đồng chí",
    "v/v": "về việc",
    "k/g": "kính gửi",
    "t/b": "thông báo",
}
_SHORTHAND = {k.replace("đ", "d"): (k, tuple(v.split())) for k, v in SHORTHAND.items()}
# abbreviations written with a capital and small letters ("Cty TNHH", "Tp. Huế", "Ths. Lê Văn
# An"), which spell no syllable: kept as written, read as their words (written for vanban)
TITLE_ABBREVIATIONS = {
    "cty": "công ty",
    "tp": "thành phố",
    "tx": "thị xã",
    "ths": "thạc sĩ",
}


def load() -> None:
    """Read the abbreviation and code tables now, not for the first text."""
    _tables()
    _known()
    _unhyphenated()
    expansions()


@functools.lru_cache(maxsize=65_536)
def is_protected(chunk: str) -> bool:
    """URLs, e-mail addresses, numbers with separators, dates and document symbols (with
    their number or after a blank one)."""
    return bool(
        _URL.match(chunk)
        or _EMAIL.search(chunk)
        or _CODE.search(chunk)
        or _BLANK_NUMBER.match(chunk)
    )


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


def is_roman_spelling(word: str) -> bool:
    """'II', 'XIV': spelled as a Roman numeral (wherever it stands)."""
    return bool(_ROMAN.match(word)) and word[0] in "IVX"


def is_known_abbreviation(word: str, vocabulary: Mapping[str, int]) -> bool:
    """An abbreviation of the training text ("UBND"), or one whose Đ was read as D ("HDND")."""
    repaired = repair_abbreviation(word)
    return repaired != word or repaired.lower() in vocabulary


def repair(token: str, *, garbled: bool) -> str:
    """The repaired form of a code, abbreviation, shorthand or heading number."""
    small = small_abbreviation(token)
    if small is not None:
        return small
    if garbled and _ROMAN_GARBLED.match(token) and not _ROMAN.match(token):
        return token.replace("l", "I").replace("1", "I")
    found = _shorthand(token)
    if found is not None:  # "D/c": its Đ read as D or stripped
        return "".join(
            (w.upper() if c.isupper() else w) if w == "đ" else c
            for c, w in zip(token, found[0], strict=True)
        )
    return repair_code(token, garbled=garbled)


def small_abbreviation(word: str) -> str | None:
    """An abbreviation typed in small letters (the first may be a capital), its Đ as d
    ("hdnd", "Dh" opening a sentence), as the table spells it, in the word's own letter case
    ("hđnd", "Đh"); None for any other word. Only letters that no syllable can be (no vowel)
    are taken for one."""
    if not _CONSONANTS.fullmatch(word) or not word[1:].islower():
        return None
    capitals = word.upper()
    repaired = repair_abbreviation(capitals)
    if repaired == capitals or len(repaired) != len(word):
        return None
    return "".join(r if c.isupper() else r.lower() for c, r in zip(word, repaired, strict=True))


def shorthand(token: str) -> tuple[str, ...] | None:
    """The words an administrative shorthand stands for ("B/c": báo cáo; "D/c", its Đ read
    as D: đồng chí), None for other tokens."""
    found = _shorthand(token)
    return found[1] if found is not None else None


def title_abbreviation(word: str) -> tuple[str, ...] | None:
    """The words of an abbreviation written with a capital ("Cty", "ThS"), None for others."""
    got = TITLE_ABBREVIATIONS.get(word.lower()) if word[:1].isupper() else None
    return tuple(got.split()) if got is not None else None


def _shorthand(token: str) -> tuple[str, tuple[str, ...]] | None:
    """(the shorthand as written with its Đ, its words) if ``token`` is one, in any case."""
    return _SHORTHAND.get(token.lower().replace("đ", "d"))


def is_code(chunk: str) -> bool:
    """'HDND-UBND', 'IKH-UBND', 'NĐ-CP', 'B/c': abbreviations (or single letters) joined by
    hyphens or slashes; an administrative shorthand ('th/h')."""
    if not any(sep in chunk for sep in "/-"):
        return False
    if _shorthand(chunk) is not None:  # "th/h", "ph/h": small letters, but shorthand
        return True
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
    for form, count, d_count, kind in _rows():
        if kind == "type":
            types.add(form)
        plain = form.replace("Đ", "D")
        if plain != form and d_count <= RARE_D_SPELLING * count:
            repairs[plain] = form
    return repairs, frozenset(types)


def _rows() -> list[tuple[str, int, int, str]]:
    rows = []
    with open(ABBREVIATIONS, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                form, count, d_count, kind = line.rstrip("\n").split("\t")
                rows.append((form, int(count), int(d_count), kind))
    return rows


@functools.cache
def _known() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """(every abbreviation of the table, the ones with Đ, the D spellings repaired inside
    longer abbreviations, longest first)."""
    rows = _rows()
    forms = frozenset(f for f, *_ in rows) | frozenset(p for f, *_ in rows for p in f.split("-"))
    with_d = frozenset(f for f in forms if "Đ" in f)
    table = _tables()[0]
    inside = sorted({k for k in table if len(k) >= INSIDE_MIN and "-" not in k}, key=len)
    return forms, with_d, tuple(reversed(inside))


@functools.cache
def _unhyphenated() -> dict[str, str]:
    """D spellings of hyphenated abbreviations with the hyphen lost ("NDCP" -> "NĐCP")."""
    table = _tables()[0]
    out = {k.replace("-", ""): v.replace("-", "") for k, v in table.items() if "-" in k}
    return {k: v for k, v in out.items() if len(k) >= INSIDE_MIN and k not in table}


def repair_abbreviation(word: str, *, garbled: bool = False) -> str:
    """'HDND' -> 'HĐND', 'ND-CP' -> 'NĐ-CP' (as a whole, else part by part); in garble also
    'QDB' -> 'QĐ', 'HDPND' -> 'HĐND'."""
    table = _tables()[0]
    whole = table.get(word)
    if whole is not None:
        return whole
    return "-".join(_repair_part(part, garbled) for part in word.split("-"))


def _repair_type(part: str) -> str:
    """The type code of a garbled symbol: 'QB' -> 'QĐ', 'NB' (of 'NB-CP') -> 'NĐ' (Đ read as
    B or P): a type code, or a two-letter abbreviation with Đ."""
    types = _tables()[1]
    forms, with_d, _ = _known()
    if part in types or part in forms:
        return part
    for bad in _D_GARBLE_TYPE:
        at = part.find(bad)
        while at >= 0:
            back = part[:at] + "Đ" + part[at + 1 :]
            if back in types or (len(back) == 2 and back in with_d):
                return back
            at = part.find(bad, at + 1)
    return part


def _repair_part(part: str, garbled: bool) -> str:
    table = _tables()[0]
    got = table.get(part)
    if got is not None:
        return got
    forms, with_d, inside = _known()
    if part in forms or len(part) < 2 or not part.isupper():
        return part
    if garbled:  # Đ read as "DB", "B", "P" ...: read back to a known abbreviation with Đ
        for bad in _D_GARBLE:
            at = part.find(bad)
            while at >= 0:
                back = part[:at] + "Đ" + part[at + len(bad) :]
                if back in with_d:
                    return back
                at = part.find(bad, at + 1)
    lost = _unhyphenated().get(part)  # "NDCP": "NĐ-CP" with its hyphen lost
    if lost is not None:
        return lost
    for key in inside:  # "SGDDT": the "GDDT" of "GDĐT" inside
        at = part.find(key)
        if at >= 0:
            return part[:at] + table[key] + part[at + len(key) :]
    return part


def repair_code(chunk: str, *, garbled: bool = False) -> str:
    """Repair the abbreviations inside a code ("1234/QD-UBND") and a symbol's lost slash."""
    if garbled:
        chunk = _TYPE_PART.sub(lambda m: _repair_type(m.group(0)), chunk)
    repaired = _PARTS.sub(lambda m: repair_abbreviation(m.group(0), garbled=garbled), chunk)
    m = _SYMBOL_SLASH.match(repaired)
    if m and repair_abbreviation(m.group("code")) in _tables()[1]:
        repaired = "/" + repaired[1:]
    return repaired


@functools.cache
def expansions() -> dict[str, tuple[str, ...]]:
    """Abbreviation -> the syllables it stands for, as the training text defines it ("HĐND":
    hội đồng nhân dân); the language model reads them in its place, for the context."""
    out: dict[str, tuple[str, ...]] = {}
    if not EXPANSIONS.exists():
        return out
    with open(EXPANSIONS, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                abbreviation, words = line.split("\t")[:2]
                out[abbreviation] = tuple(words.split())
    return out


DEFINED_LETTERS = (2, 8)  # letters of an abbreviation a text defines


def spelled_by_initials(abbreviation: str, words: list[str]) -> str | None:
    """``abbreviation`` with the Đ of its words' initials where it has a D, each letter in its
    own case, if ``words`` (the restored words just before it) are what it abbreviates: their
    first letters, Đ read as D, are its letters ("hợp đồng hd": "hđ"; "Ban Chỉ đạo (BCD)":
    "BCĐ"). None if they are not, if it has no D, or if it may be a syllable ("do")."""
    if (
        not DEFINED_LETTERS[0] <= len(abbreviation) <= DEFINED_LETTERS[1]
        or not abbreviation.isalpha()
        or "d" not in abbreviation.lower()
        or len(words) != len(abbreviation)
        or is_syllable_shape(abbreviation)
    ):
        return None
    initials = [w[:1].lower() for w in words]
    if "".join("d" if c == "đ" else c for c in initials) != abbreviation.lower():
        return None
    return "".join(
        ("Đ" if a.isupper() else "đ") if c == "đ" else a
        for c, a in zip(initials, abbreviation, strict=True)
    )


def with_marks_of(spelled: str, word: str) -> str:
    """``word`` (the same letters as ``spelled``, in any case) with the Đ of ``spelled``, in
    its own case."""
    return "".join(
        ("Đ" if a.isupper() else "đ") if c in "đĐ" else a
        for c, a in zip(spelled, word, strict=True)
    )
