"""Names of administrative units repaired from the gazetteer: 'huyện Krong Pắc' -> 'huyện
Krông Pắc', 'TÍNH DAK LAK' -> 'TỈNH ĐẮK LẮK'.

A name after a unit word is left as written when the gazetteer knows it; otherwise, when exactly
one unit of that type has a name with the same letters (marks aside), that unit's spelling is
used. A unit word with wrong marks ('TÍNH' for 'TỈNH') is repaired only when the name after it
is such a unit. The gazetteer is read once, on first use.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from corpora.gazetteer import load_gazetteer
from extraction.lines import fold, one_tone_style
from extraction.tables import UNITS

_MAX_WORDS = 4
_UNIT_OF_FOLD = {fold(unit): unit for unit in UNITS}
# On folded text: a unit word before a capitalised word.
_NAMED = re.compile(rf"\b(?P<unit>{'|'.join(_UNIT_OF_FOLD)})\s+(?=(?-i:[A-Z]))", re.IGNORECASE)
_WORD = re.compile(r"(?-i:[A-Z])[^\s,;.()]*")


@dataclass(frozen=True, slots=True)
class Named:
    start: int  # offsets of the unit word and name in the text searched
    end: int
    text: str  # repaired, in the case of the text: 'huyện Krông Pắc', 'TỈNH ĐẮK LẮK'


@functools.cache
def _spellings() -> dict[tuple[str, str], frozenset[str]]:
    """(unit type, folded lower-case name) -> the names so spelled in the gazetteer."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for unit in load_gazetteer():
        out[(unit.unit_type, fold(unit.name.lower()))].add(unit.name)
    return {key: frozenset(names) for key, names in out.items()}


def repair_places(text: str) -> str:
    """``text`` with each unit named in it ('huyện ...', 'TỈNH ...') repaired."""
    out = text
    for named in reversed(find_units(text)):
        out = out[: named.start] + named.text + out[named.end :]
    return out


def starts_with_unit(text: str) -> bool:
    """``text`` opens with a unit word, or with a garbled one before a known name."""
    units = find_units(text)
    return bool(units and units[0].start == 0)


def find_units(text: str) -> list[Named]:
    """Every unit named in ``text`` that the gazetteer confirms (or whose unit word is right)."""
    folded = fold(text)
    out: list[Named] = []
    for match in _NAMED.finditer(folded):
        unit = _UNIT_OF_FOLD[match.group("unit").lower()]
        written = text[match.start() : match.end("unit")]
        name = _name_after(text, folded, match.end(), unit)
        if name is None and written.lower() != unit:
            continue
        end, spelled = name or (match.end("unit"), "")
        word = unit.upper() if written.isupper() else written if written.lower() == unit else unit
        spelled = spelled.upper() if written.isupper() else spelled
        out.append(Named(match.start(), end, f"{word} {spelled}".strip()))
    return out


def _name_after(text: str, folded: str, at: int, unit: str) -> tuple[int, str] | None:
    """(end, name) of the longest name at ``at`` of a unit of this type: as written when the
    gazetteer spells it so (any case), else the one name with the same letters."""
    for end in reversed(_word_ends(folded, at)):
        name = text[at:end]
        spellings = _spellings().get((unit, fold(name.lower())), frozenset())
        if name.lower() in {s.lower() for s in spellings}:
            return end, name
        if len(spellings) == 1:
            return end, next(iter(spellings))
    return None


def _word_ends(folded: str, at: int) -> list[int]:
    """Ends of the first capitalised words from ``at``, one space apart."""
    ends: list[int] = []
    while len(ends) < _MAX_WORDS:
        word = _WORD.match(folded, at)
        if not word:
            break
        ends.append(word.end())
        at = word.end() + 1
        if folded[word.end() : at] != " ":
            break
    return ends


@functools.cache
def _names() -> dict[str, frozenset[str]]:
    """Folded lower-case name -> the unit names so spelled (any level)."""
    out: dict[str, set[str]] = defaultdict(set)
    for unit in load_gazetteer():
        out[fold(unit.name.lower())].add(unit.name)
    return {key: frozenset(names) for key, names in out.items()}


def repair_place(place: str, hints: tuple[str, ...] = ()) -> tuple[str, bool]:
    """(place, repaired) for the place of a date line: as written when the gazetteer knows a
    unit of that name (marks aside); else the unit named in ``hints`` (the issuer's own lines:
    'tỉnh Lào Cai' for 'Lào Cũơi'), or else the one unit of the gazetteer, that is a slip or
    two of OCR away with as many words; else as written (nothing is guessed)."""
    key = fold(place.lower())
    named = {_proper(u.text.split(" ", 1)[-1]) for hint in hints for u in find_units(hint)}
    named = {n for n in named if fold(n.lower()) in _names()}
    if key in _names():  # marks aside, a unit's name: the issuer's spelling of it, if it names it
        same = [n for n in named if fold(n.lower()) == key]
        if len(same) == 1 and one_tone_style(same[0].lower()) != one_tone_style(place.lower()):
            return same[0], True
        return place, False
    if len(key) < 4:
        return place, False
    limit = 2 if len(key) >= 7 else 1
    best = _nearest(key, named, limit) or _nearest(key, _gazetteer_names(len(key.split())), 1)
    if best is None:
        return place, False
    spelled = _names()[fold(best.lower())]
    if len(spelled) == 1:
        best = next(iter(spelled))
    return best, True


def _gazetteer_names(words: int) -> set[str]:
    return {next(iter(s)) for k, s in _names().items() if len(k.split()) == words and len(s) == 1}


def _nearest(key: str, names: set[str], limit: int) -> str | None:
    """The one name of ``names`` with as many words as ``key`` at the smallest edit distance
    (folded, lower case), at most ``limit``; None when none or two are as near."""
    from rapidfuzz.distance import Levenshtein

    words = len(key.split())
    scored = sorted(
        (Levenshtein.distance(key, fold(n.lower()), score_cutoff=limit), n)
        for n in names
        if len(n.split()) == words
    )
    scored = [(d, n) for d, n in scored if d <= limit]
    if not scored or len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def _proper(name: str) -> str:
    """'LÀO CAI' -> 'Lào Cai' (a unit's name from a header line in capitals)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split()) if name.isupper() else name
