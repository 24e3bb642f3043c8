"""What search matches on, as pure functions any archive backend calls (SQLite today).

- ``type_names``: a type filter as people write it ('Công văn', 'cong van', 'CV', 'KH') ->
  the folded type names it means, matched against the record's document type.
- ``normalize_issuer``: an issuing body as extraction read it -> its name as it is written
  (OCR specks and one-letter slips in the agency's head repaired, 'UBND' written out, the
  unit's name spelled as the gazetteer spells it, capitals as in a sentence), for display and
  faceting. The record keeps the original.
- ``cited_keys`` / ``cites_term``: the keys a cited symbol is found by ('1492/QĐ-UBND' by
  itself, by '1492', and '05/2020/NĐ-CP' also by '5/2020'), and the key of a query.
"""

from __future__ import annotations

import functools
import re

from rapidfuzz.distance import Levenshtein

from archive.fold import fold, fold_symbol
from extraction.lines import is_caps, is_syllable, one_tone_style, proper_case, squash
from extraction.places import repair_places
from extraction.tables import (
    AGENCIES,
    AGENCY_HEADS,
    AGENCY_OF_ABBREVIATION,
    DOC_TYPES,
    LEGAL_CODES,
    ORG_HEADS,
    UNITS,
)

# Codes people use for types Appendix III gives none (a công văn's symbol has only the
# issuer's code: '123/UBND-VP').
TYPE_ALIASES = {"CV": "Công văn"}


# --------------------------------------------------------------------------- document types


@functools.cache
def _codes() -> dict[str, str]:
    return {**DOC_TYPES, **LEGAL_CODES, **TYPE_ALIASES}


def type_name(doc_type: str | None, code: str | None = None) -> str | None:
    """The record's type name, or the name of its symbol's code when the name is missing."""
    return doc_type or (_codes().get(code) if code else None)


def type_names(query: str) -> tuple[str, ...]:
    """The folded type names a filter means: a code as written ('QĐ', 'KH', 'CV'), a code
    without its marks or capitals ('qd': every type whose code folds so, 'da' is both Đề án
    and Dự án), or a name with or without marks ('Công văn', 'cong van'). Anything else is
    taken as a name as it is."""
    text = squash(query).strip(" .:")
    if not text:
        return ()
    codes = _codes()
    if text in codes:
        return (fold(codes[text]),)
    by_code = sorted({fold(name) for code, name in codes.items() if fold(code) == fold(text)})
    if by_code:
        return tuple(by_code)
    return (" ".join(fold(text).split()),)


# --------------------------------------------------------------------------- issuers


@functools.cache
def _heads() -> tuple[tuple[str, str], ...]:
    """(head as written, folded without spaces) of the agency heads of several words, longest
    first: the part of a name OCR garbles most and that groups issuers."""
    heads = {one_tone_style(h) for h in (*AGENCIES, *ORG_HEADS, *AGENCY_HEADS) if " " in h}
    ordered = sorted(heads, key=len, reverse=True)
    return tuple((h, fold(h).replace(" ", "")) for h in ordered)


_SPECKS = ".'`‘’_|ˆ^~*:;\"“”"


def _despeck(word: str) -> str:
    """A word without the specks OCR reads at its ends ('Ủy.' -> 'Ủy'); an abbreviation keeps
    its period ('TP.'), a list its comma."""
    if word in ("-", "–"):
        return "-"
    core = word.strip(_SPECKS)
    if word.endswith(".") and core and not is_syllable(core) and core.isupper() and len(core) < 5:
        return core + "."
    return core


def _repair_head(words: list[str]) -> list[str]:
    """The words with the agency head they open written right: 'Ủy an nhân dân' (a letter
    lost), 'Vian phòng' (one too many), 'Uy ban nhan dan' (marks lost). Only at the start, and
    only within one or two letters of a known head of several words."""
    best: tuple[int, int, str, int] | None = None  # (distance, -len(head), head, words taken)
    for head, flat in _heads():
        n = head.count(" ") + 1
        allowed = 0 if len(flat) < 7 else 1 if len(flat) < 14 else 2
        for k in (n, n - 1, n + 1):
            if not 0 < k <= len(words):
                continue
            written = fold(" ".join(words[:k]).lower()).replace(" ", "")
            distance = Levenshtein.distance(written, flat, score_cutoff=allowed)
            if distance <= allowed:
                found = (distance, -len(flat), head, k)
                best = found if best is None or found[:2] < best[:2] else best
    if best is None:
        return words
    _, _, head, k = best
    taken = " ".join(words[:k])
    council = head in _COUNCILS  # 'Ủy ban nhân dân' always so; 'Ban Chỉ đạo' as written
    if taken == head.upper() or (taken.lower() == head and not council):
        return words
    if is_caps(taken):
        return [*head.upper().split(" "), *words[k:]]
    repaired = head.split(" ")
    if k == len(repaired) and not council:  # each word in the case it was written in
        repaired = [_cased(r, w) for r, w in zip(repaired, words[:k], strict=True)]
    else:
        repaired[0] = repaired[0].capitalize()
    return [*repaired, *words[k:]]


_COUNCILS = frozenset(one_tone_style(a) for a in AGENCIES)


def _cased(word: str, like: str) -> str:
    return word.capitalize() if like[:1].isupper() else word


def _expand(words: list[str]) -> list[str]:
    """'UBND huyện ...' -> 'Ủy ban nhân dân huyện ...': one name, however it was written."""
    full = AGENCY_OF_ABBREVIATION.get(words[0].upper()) if words else None
    unit = len(words) > 1 and fold(words[1].lower()) in {fold(u.split()[0]) for u in UNITS}
    if not full or not unit:
        return words
    written = full.upper() if is_caps(" ".join(words[1:])) else full[0].upper() + full[1:]
    return [*written.split(" "), *words[1:]]


def normalize_issuer(name: str | None) -> str | None:
    """The issuer as it is written: 'Ủy. an nhân dân tỉnh Lai Chau' -> 'Ủy ban nhân dân tỉnh
    Lai Châu', 'UỶ BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG' and 'UBND huyện Tam Đường' -> 'Ủy ban nhân
    dân huyện Tam Đường', 'SỞ TƯ PHÁP' -> 'Sở Tư pháp'. None for an empty name."""
    if not name or not name.strip():
        return None
    words = [w for w in (_despeck(w) for w in one_tone_style(squash(name)).split(" ")) if w]
    if not words:
        return None
    words = _expand(_repair_head(words))
    text = repair_places(" ".join(words))
    if is_caps(text):
        return proper_case(text)
    return _units_in_lower_case(text)


def _units_in_lower_case(text: str) -> str:
    """'Ủy ban nhân dân Huyện Tam Đường' -> '... huyện Tam Đường' (unit words are common
    nouns; the names after them keep their capitals)."""
    units = "|".join(sorted(UNITS, key=len, reverse=True))
    return re.sub(rf"(?<!^)\b(?:{units})\b", lambda m: m.group(0).lower(), text, flags=re.I)


# --------------------------------------------------------------------------- cited documents

_NUMBER = re.compile(r"^(?P<number>\d+[a-z]?)(?:/(?P<year>\d{4}))?(?=/|$)")


def _canonical(symbol: str) -> str:
    """Folded, without spaces, the number without leading zeros: '05/2020/NĐ-CP' ->
    '5/2020/nd-cp'."""
    return re.sub(r"^0+(?=\d)", "", fold_symbol(symbol))


def cited_keys(symbol: str) -> list[str]:
    """The keys a cited symbol is found by: the whole symbol, its number, its number and year."""
    key = _canonical(symbol)
    if not key:
        return []
    keys = [key]
    number = _NUMBER.match(key)
    if number:
        keys.append(number["number"])
        if number["year"]:
            keys.append(f"{number['number']}/{number['year']}")
    return list(dict.fromkeys(keys))


def cites_term(query: str) -> str:
    """The key a 'which documents cite ...' query looks up: '1492', '1492/QĐ-UBND'."""
    return _canonical(query)
