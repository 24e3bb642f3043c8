"""Place names: a run of capitalised words spelled like a unit of the gazetteer ("Tien Yen",
"Krong Pac") leans towards that unit's marks ("Tiên Yên", "Krông Pắc").

Only names of two or more syllables are used (one syllable says too little), and the lean is
a bonus on the channel score, larger for provinces and districts than for communes, not a
verdict: where several units share the letters ("Tam
Dương", "Tam Đường") all their spellings get it, and the language model still decides
between them and against ordinary words in capitals ("Văn Phòng").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from corpora.gazetteer import AdminUnit, load_gazetteer
from diacritics.model import Model, load_model
from diacritics.normalize import normalize_tone, skeleton

Candidates = tuple[tuple[int, float], ...]
# log-score added to a syllable that spells a gazetteer name here: provinces and districts
# are named in far more documents than communes ("Tiên Yên", a district, over "Tiền Yên")
LEVEL_BONUS = {"province": 4.0, "district": 3.5, "commune": 2.0}
_LONGEST = 4  # syllables


REFORM_YEAR = 2025  # units renamed and merged from 1 July 2025
# the year of a full date: "12/9/2011", "tháng 9 năm 2011" (garbled: "thang 9 ndm 2011")
_DATE_YEAR = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d\d)\b"
    r"|\bth\S{0,3}ng\s+\d{1,2}\s*,?\s+n\S{0,3}m\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def written_before_reform(lines: list[str]) -> bool:
    """Do all the full dates of a text fall in years before the 2025 reform of units? Then
    its places are named as they were before it, and a name given only after it ("Quy Nhơn
    Nam", a ward since 2025) is not what "QUY NHON NAM 2011" says. False if it has none (a
    plan's target years, "đến năm 2030", are no full dates)."""
    years = [
        int(a or b) for m in map(_DATE_YEAR.finditer, lines) for a, b in (g.groups() for g in m)
    ]
    return bool(years) and max(years) < REFORM_YEAR


@functools.cache
def _units(before_reform: bool) -> tuple[tuple[AdminUnit, tuple[str, ...]], ...]:
    """The gazetteer's units whose names are one to ``_LONGEST`` syllables of letters, with
    those syllables (lower case, new-style tone): all, or those of before the reform only
    (read once for the four tables built from them)."""
    out = []
    for unit in load_gazetteer():
        if before_reform and unit.era != "before-2025":
            continue
        name = tuple(normalize_tone(s.lower()) for s in unit.name.split())
        if name and all(s.isalpha() for s in name) and len(name) <= _LONGEST:
            out.append((unit, name))
    return tuple(out)


def _level_bonus(unit: AdminUnit) -> float:
    return LEVEL_BONUS.get(unit.level, min(LEVEL_BONUS.values()))


@functools.cache
def _spellings(before_reform: bool) -> dict[tuple[str, ...], tuple[dict[str, float], ...]]:
    """Skeletons of a name's syllables -> for each syllable, the spellings units with those
    letters use, with their bonus (the larger of the units' that use it)."""
    found: dict[tuple[str, ...], tuple[dict[str, float], ...]] = {}
    for unit, name in _units(before_reform):
        if len(name) < 2:
            continue
        slots = found.setdefault(tuple(skeleton(s) for s in name), tuple({} for _ in name))
        bonus = _level_bonus(unit)
        for slot, spelled in zip(slots, name, strict=True):
            slot[spelled] = max(bonus, slot.get(spelled, 0.0))
    return found


def prefer_place_names(
    words: list[str],
    slots: list[Candidates],
    model: Model,
    *,
    skip: Collection[int] = (),
    before_reform: bool = False,
) -> list[Candidates]:
    """``slots`` with the spellings of gazetteer names raised where ``words`` (a segment's
    tokens, as written) spell one in capitalised words, but through tokens at ``skip``; the
    others unchanged. ``before_reform``: only the names units had before the 2025 reform."""
    out = list(slots)
    for start, spelled in place_spans(words, skip=skip, before_reform=before_reform):
        for k, allowed in enumerate(spelled):
            out[start + k] = _raise(out[start + k], allowed, model)
    return out


def name_capitals(words: list[str], skip: Collection[int] = ()) -> list[bool]:
    """Per word, whether it may be a word of a name: a capital and small letters (a word all
    in capitals says nothing of a name: a heading's are all so), not at ``skip``."""
    out = []
    for i, w in enumerate(words):
        out.append(
            bool(w[:1].isupper() and w.isalpha() and not (len(w) > 1 and w.isupper()))
            and i not in skip
        )
    return out


def place_spans(
    words: list[str], *, skip: Collection[int] = (), before_reform: bool = False
) -> list[tuple[int, tuple[dict[str, float], ...]]]:
    """(first token, spellings of each syllable) of the gazetteer names ``words`` spell in
    capitalised words, but through tokens at ``skip``. Words all in capitals are none: a
    heading's are all so ("TƯƠNG ĐƯƠNG" is no "Tương Dương"); a unit named in a heading
    follows its type word ("HUYỆN TAM ĐƯỜNG"), where ``prefer_units_after_type`` finds it."""
    names = _spellings(before_reform)
    spans = []
    # a word all in capitals says nothing of a name: a heading's words are all so
    capital = name_capitals(words, skip)
    i = 0
    while i < len(words) - 1:
        if not (capital[i] and capital[i + 1]):  # most words: no run of capitals starts here
            i += 1
            continue
        run = 2
        while run < _LONGEST and i + run < len(words) and capital[i + run]:
            run += 1
        for size in range(run, 1, -1):
            spelled = names.get(tuple(skeleton(w) for w in words[i : i + size]))
            if spelled is not None:
                spans.append((i, spelled))
                i += size
                break
        else:
            i += 1
    return spans


def _raise(slot: Candidates, allowed: dict[str, float], model: Model) -> Candidates:
    bonus = {model.ids[s]: b for s, b in allowed.items() if s in model.ids}
    raised = [(i, score + bonus.get(i, 0.0)) for i, score in slot]
    missing = set(bonus) - {i for i, _ in slot}  # a rare syllable the candidates left out
    best = max((score for _, score in slot), default=0.0)
    return (*raised, *((i, best + bonus[i]) for i in sorted(missing)))


# Unit names in context: after "xã", "huyện", "thành phố" ... a capitalised run is first
# matched against the units of that type.
LEVEL_MATCH = 6.0  # log-score added to the syllables of the unit found after its type word
TIE = 1.0  # units whose channel scores are this close to the best one's are raised too
_TYPE_MARGIN = 8.0  # a type word's syllable must be within this of its token's best candidate
# ... and of a word in capitals, whose marks tell nothing, so that its letters spell the type's
# ("XA", "HUYEN"), not others a slip would have made of them ("VA" is no "xã")
_CAPITALS_TYPE_MARGIN = 2.0


@functools.cache
def _units_by_type(
    before_reform: bool = False,
) -> dict[tuple[str, ...], dict[str, list[tuple[str, ...]]]]:
    """Unit type syllables ("thị", "trấn") -> first syllable -> names (syllables, lower case,
    new-style tone) of the units of that type."""
    out: dict[tuple[str, ...], dict[str, list[tuple[str, ...]]]] = {}
    for kind, name in _provinces_of(before_reform):
        names = out.setdefault(kind, {}).setdefault(name[0], [])
        if name not in names:
            names.append(name)
    return out


@functools.cache
def _provinces_of(
    before_reform: bool,
) -> dict[tuple[tuple[str, ...], tuple[str, ...]], frozenset[str]]:
    """(unit type syllables, name syllables) -> the provinces such units are in (a province:
    itself), before and after the 2025 reform (or before it only)."""
    out: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = {}
    for unit, name in _units(before_reform):
        kind = tuple(normalize_tone(s) for s in unit.unit_type.lower().split())
        province = unit.name if unit.level == "province" else unit.province
        out.setdefault((kind, name), set()).add(normalize_tone(province.lower()))
    return {k: frozenset(v) for k, v in out.items()}


def prefer_units_after_type(
    words: list[str],
    slots: list[Candidates],
    model: Model,
    *,
    provinces: Collection[str] = (),
    named: set[str] | None = None,
    tied: set[int] | None = None,
    before_reform: bool = False,
    small: bool = False,
) -> tuple[list[Candidates], set[int]]:
    """``slots`` with the syllables of a unit raised where a capitalised run follows a word
    read as that unit's type ("x4 Tam Puong": the communes first), the unit chosen nearest by
    the channel scores of its syllables, and among units the channel cannot tell apart, those
    in ``provinces`` (the ones the document names) if any; and the positions of the units
    found. The type word's own syllables are raised too, as the unit's type ("quan Binh
    Tan": "quận", not "quân"). ``named``: gets the province of each unit found that is in
    one province only. ``tied``: gets the position of each unit found among units the channel
    cannot tell apart in different provinces, whose choice ``provinces`` may change.
    ``before_reform``: only the units of before the 2025 reform.
    ``small``: a text in small letters, its names too: any run of words after a type word
    may be a unit's name of two or more syllables ("quan binh tan")."""
    out = list(slots)
    found: set[int] = set()
    where = _provinces_of(before_reform)
    # in a text of small letters only, names are not capitalised: any run of words may be one
    capital = [bool((small or w[:1].isupper()) and w.isalpha()) for w in words]
    units = _units_by_type(before_reform)
    i = 1
    while i < len(words):
        if not capital[i]:
            i += 1
            continue
        if not _may_end_a_type(out[i - 1], _type_margin(words[i - 1])):
            i += 1  # the word before is no unit type's last syllable: the common case
            continue
        matches: list[tuple[float, int, tuple[str, ...], tuple[str, ...]]] = []
        for kind, by_first in units.items():
            n = len(kind)
            if i < n or not all(
                _reads(out[i - n + k], kind[k], model, _type_margin(words[i - n + k])) is not None
                for k in range(n)
            ):
                continue
            run = 1
            while run < _LONGEST and i + run < len(words) and capital[i + run]:
                run += 1
            for first, first_score in _spellings_of(out[i], model):
                for name in by_first.get(first, ()):
                    if len(name) > run or (small and len(name) < 2):
                        continue
                    score = _reads_rest(out[i : i + len(name)], name, first_score, model)
                    if score is not None:
                        matches.append((score + 0.5 * len(name), len(name), name, kind))
        if not matches:
            i += 1
            continue
        best = max(matches)
        # units the channel cannot tell apart ("Tam Duong": Tam Dương, Tam Đường) are all
        # raised: the language model decides between them
        close = [m for m in matches if m[1] == best[1] and m[0] >= best[0] - TIE]
        if tied is not None and len({where[(m[3], m[2])] for m in close}) > 1:
            tied.add(i)
        inside = [m for m in close if where[(m[3], m[2])] & set(provinces)]
        chosen = [m[2] for m in (inside or close)]
        in_provinces = frozenset().union(*(where[(m[3], m[2])] for m in (inside or close)))
        if named is not None and len(in_provinces) == 1:
            named |= in_provinces
        for k in range(best[1]):
            out[i + k] = _raise(out[i + k], {name[k]: LEVEL_MATCH for name in chosen}, model)
            found.add(i + k)
        for kind in {m[3] for m in (inside or close)}:  # the type word read as the unit's type
            for k, syllable in enumerate(kind):
                at = i - len(kind) + k
                out[at] = _raise(out[at], {syllable: LEVEL_MATCH}, model)
        i += best[1]
    return out, found


@functools.cache
def _names_by_first(before_reform: bool) -> dict[str, dict[tuple[str, ...], float]]:
    """First syllable -> names (syllables, lower case, new-style tone) of the units of the
    gazetteer that start with it -> the name's level bonus (the largest of its units')."""
    out: dict[str, dict[tuple[str, ...], float]] = {}
    for unit, name in _units(before_reform):
        names = out.setdefault(name[0], {})
        names[name] = max(_level_bonus(unit), names.get(name, 0.0))
    return out


def prefer_place_of_date(
    slots: list[Candidates], model: Model, *, before_reform: bool = False
) -> tuple[list[Candidates], int]:
    """The capitalised words before the date of a document's place and date line ("Ha Ndi,
    ngay 28 thang 01 ..."), which name a unit of the gazetteer: the slots of the last words
    that spell one among their candidates, its syllables raised (the unit nearest by the
    channel and its level; those the channel cannot tell apart all), and how many words the
    name has (0: none found)."""
    by_first = _names_by_first(before_reform)
    for size in range(len(slots), 0, -1):
        run = slots[len(slots) - size :]
        matches: list[tuple[float, tuple[str, ...]]] = []
        for first, first_score in _spellings_of(run[0], model):
            for name, level in by_first.get(first, {}).items():
                if len(name) == size:
                    score = _reads_rest(run, name, first_score + level, model)
                    if score is not None:
                        matches.append((score, name))
        if matches:
            best = max(matches)[0]
            tied = [name for score, name in matches if score >= best - TIE]
            raised = [
                _raise(slot, {name[k]: LEVEL_MATCH for name in tied}, model)
                for k, slot in enumerate(run)
            ]
            return [*slots[: len(slots) - size], *raised], size
    return slots, 0


def load() -> None:
    """Build the gazetteer's tables of both eras now, not while the first text is read."""
    for before_reform in (False, True):
        _spellings(before_reform)
        _provinces_of(before_reform)
        _units_by_type(before_reform)
        _names_by_first(before_reform)
    _type_ends()


def clear_caches() -> None:
    """Forget what was worked out for earlier texts (for benchmarks from a cold start)."""
    _may_end_a_type.cache_clear()


@functools.lru_cache(maxsize=65_536)
def _may_end_a_type(slot: Candidates, margin: float = _TYPE_MARGIN) -> bool:
    """Is a syllable that ends a unit type ("xã", "huyện", "phố") among these candidates?"""
    lasts = _type_ends()
    return any(w in lasts for w, _ in _spellings_of(slot, load_model(), margin))


def _type_margin(word: str) -> float:
    """How far behind its best candidate a word's reading as a type word may be."""
    return _CAPITALS_TYPE_MARGIN if len(word) > 1 and word.isupper() else _TYPE_MARGIN


@functools.cache
def _type_ends() -> frozenset[str]:
    """The last syllable of each unit type ("xã", "huyện", "phố")."""
    return frozenset(kind[-1] for kind in _units_by_type(False))


def _spellings_of(
    slot: Candidates, model: Model, margin: float = _TYPE_MARGIN
) -> list[tuple[str, float]]:
    top = max(score for _, score in slot)
    return [(model.words[i], s) for i, s in slot if s >= top - margin and i >= 4]


def _reads_rest(
    slots: list[Candidates], name: tuple[str, ...], score: float, model: Model
) -> float | None:
    """``score`` (that of the first syllable) plus the channel scores of the other syllables
    of ``name`` among ``slots``' candidates, one by one; None where one is not among them."""
    for slot, syllable in zip(slots[1:], name[1:], strict=True):
        got = _reads(slot, syllable, model)
        if got is None:
            return None
        score += got
    return score


def _reads(
    slot: Candidates, syllable: str, model: Model, margin: float = _TYPE_MARGIN
) -> float | None:
    """The channel score of ``syllable`` among a token's candidates (None: not one of them,
    or more than ``margin`` behind the best)."""
    word_id = model.ids.get(syllable)
    top = max(score for _, score in slot)
    for i, score in slot:
        if i == word_id and score >= top - margin:
            return score
    return None
