"""Persons' names: in a run of capitalised words from a family name ("Hoang Van Khanh"), each
word's spellings lean the way names spell those letters at its place (``corpora.persons``):
"Van" in the middle of a name towards "Văn", "Thi" towards "Thị".

The lean is a bonus on the channel score, ``WEIGHT`` times log P(spelling | letters,
position), smoothed and floored at ``-CAP`` and shifted so the likeliest spelling gets ``CAP``:
the language model still decides. Runs matched as place names are left to ``diacritics.names``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection

from corpora.persons import POSITIONS, load_person_names
from diacritics.model import Model, load_model
from diacritics.names import name_capitals
from diacritics.normalize import skeleton

Candidates = tuple[tuple[int, float], ...]
CAP = 5.0  # largest bonus (log), for the likeliest spelling of the letters at that place
# twice the log share: what the language model knows of a name's syllables is most often
# something else ("Vân Nam" is Yunnan, "vô thanh" a phonetic term)
WEIGHT = 2.0
# middle names are few and telling ('Văn', 'Thị'); given names many and often common words
# (a strong lean made "Tiến" the commoner name "Tiên")
POSITION_SHARE = {"family": 0.5, "middle": 1.0, "given": 0.3}
SMOOTHING = 1.0  # added to every spelling's count
_LONGEST = 4  # syllables of a name
_SHORTEST = 3  # two capitalised words are more often a place or a country ('Anh Quốc')


@functools.cache
def _bonuses() -> dict[str, dict[int, float]]:
    """position -> word id -> bonus, for the spellings of the name table."""
    table, model = load_person_names(), load_model()
    out: dict[str, dict[int, float]] = {}
    for position in POSITIONS:
        counts = table[position]
        totals: dict[str, float] = {}
        for syllable, n in counts.items():
            key = skeleton(syllable)
            totals[key] = totals.get(key, 0.0) + n
        bonus: dict[int, float] = {}
        for syllable, n in counts.items():
            word_id = model.ids.get(syllable)
            if word_id is None:
                continue
            key = skeleton(syllable)
            total = totals[key] + SMOOTHING * len(model.by_skeleton.get(key, ()))
            logp = math.log((n + SMOOTHING) / total)
            cap = CAP * POSITION_SHARE[position]
            bonus[word_id] = max(0.0, cap + max(-cap, WEIGHT * logp))
        out[position] = bonus
    return out


@functools.cache
def _families() -> frozenset[str]:
    return frozenset(skeleton(s) for s in load_person_names()["family"])


def load() -> None:
    """Build the name table's bonuses now, not while the first text is read."""
    _bonuses()
    _families()


def person_runs(words: list[str], *, skip: Collection[int] = ()) -> list[tuple[int, int]]:
    """(first token, length) of each run of 3-4 capitalised ``words`` (not in capitals
    throughout: a line in capitals is a heading) that starts with a family name's letters;
    none through the tokens at ``skip``."""
    families = _families()
    capital = name_capitals(words, skip)
    runs = []
    i = 0
    while i < len(words) - 1:
        if not (capital[i] and capital[i + 1] and skeleton(words[i]) in families):
            i += 1
            continue
        run = 2
        while run < _LONGEST and i + run < len(words) and capital[i + run]:
            run += 1
        if run >= _SHORTEST:
            runs.append((i, run))
        i += run
    return runs


def prefer_person_names(
    words: list[str], slots: list[Candidates], model: Model, *, skip: Collection[int] = ()
) -> list[Candidates]:
    """``slots`` with name spellings raised in the ``person_runs`` of ``words``; tokens at
    ``skip`` (place names) and the others unchanged."""
    out = list(slots)
    for i, run in person_runs(words, skip=skip):
        bonuses = _bonuses()
        for k in range(run):
            position = "family" if k == 0 else "given" if k == run - 1 else "middle"
            table = bonuses[position]
            out[i + k] = tuple((c, s + table.get(c, 0.0)) for c, s in out[i + k])
    return out
