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

from corpora.gazetteer import load_gazetteer
from diacritics.model import Model
from diacritics.normalize import normalize_tone, skeleton

Candidates = tuple[tuple[int, float], ...]
# log-score added to a syllable that spells a gazetteer name here: provinces and districts
# are named in far more documents than communes ("Tiên Yên", a district, over "Tiền Yên")
LEVEL_BONUS = {"province": 4.0, "district": 3.5, "commune": 2.0}
_LONGEST = 4  # syllables


@functools.cache
def _spellings() -> dict[tuple[str, ...], tuple[dict[str, float], ...]]:
    """Skeletons of a name's syllables -> for each syllable, the spellings units with those
    letters use, with their bonus (the larger of the units' that use it)."""
    found: dict[tuple[str, ...], tuple[dict[str, float], ...]] = {}
    for unit in load_gazetteer():
        syllables = unit.name.split()
        if not 2 <= len(syllables) <= _LONGEST or not all(s.isalpha() for s in syllables):
            continue
        key = tuple(skeleton(s) for s in syllables)
        slots = found.setdefault(key, tuple({} for _ in syllables))
        bonus = LEVEL_BONUS.get(unit.level, min(LEVEL_BONUS.values()))
        for slot, syllable in zip(slots, syllables, strict=True):
            spelled = normalize_tone(syllable.lower())
            slot[spelled] = max(bonus, slot.get(spelled, 0.0))
    return found


def prefer_place_names(words: list[str], slots: list[Candidates], model: Model) -> list[Candidates]:
    """``slots`` with the spellings of gazetteer names raised where ``words`` (a segment's
    tokens, as written) spell one in capitalised words; the others unchanged."""
    out = list(slots)
    for start, spelled in place_spans(words):
        for k, allowed in enumerate(spelled):
            out[start + k] = _raise(out[start + k], allowed, model)
    return out


def place_spans(words: list[str]) -> list[tuple[int, tuple[dict[str, float], ...]]]:
    """(first token, spellings of each syllable) of the gazetteer names ``words`` spell."""
    names = _spellings()
    spans = []
    capital = [w[:1].isupper() and w.isalpha() for w in words]
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
