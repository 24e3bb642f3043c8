"""The words around a stripped word as evidence for its spellings (``corpora.topics``).

A text on malaria says "muoi" for the mosquito, a recipe for salt; the n-gram model sees three
words back and cannot tell. Each candidate c of a word gets ``WEIGHT`` times the sum of
w(c, f) over the skeletons f of the words near it (the topic table's log ratios: a naive
Bayes score, scaled down because nearby words are not independent evidence).

"Near" is counted in blocks of ``BLOCK`` words: a word's own block and ``REACH`` blocks on
each side, about the table's window. The table is held dense, features
by candidates; a block gathers in one step the cells of the words near it by the candidates
of its own words, so a text costs a few microseconds a word.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from corpora.topics import load
from diacritics.model import load_model
from diacritics.normalize import skeleton

Candidates = tuple[tuple[int, float], ...]
_MISSING: Any = object()
WEIGHT = 0.12  # chosen on held-out everyday articles and held-out Wikipedia beyond the benchmark's
BLOCK = 16  # words
REACH = 3  # blocks on each side


@dataclass(frozen=True, eq=False)
class Topics:
    features: dict[str, int]  # skeleton -> feature index
    # float32 [feature, candidate]: w(c, f), 0 where not stored; the last row and column are
    # zeros, for "no feature" and "no candidate" (index -1)
    values: np.ndarray
    column: list[int]  # by the model's word id: its candidate's column (-1: no candidate)


@functools.cache
def topics() -> Topics:
    """The topic table as one dense array (features by candidates, about 40 MB)."""
    table, model = load(), load_model()
    values = np.zeros((len(table.features) + 1, len(table.words) + 1), dtype=np.float32)
    levels = table.levels
    for f in range(len(table.features)):  # a feature at a time: no large index arrays
        lo, hi = int(table.offsets[f]), int(table.offsets[f + 1])
        values[f, table.rows[lo:hi]] = levels[table.q[lo:hi]]
    column = [-1] * len(model.words)
    for k, word in enumerate(table.words):
        i = model.ids.get(word)
        if i is not None:
            column[i] = k
    return Topics({f: i for i, f in enumerate(table.features)}, values, column)


def topic_bonuses(
    words: Sequence[str | None], slots: Sequence[Candidates | None]
) -> list[tuple[float, ...] | None]:
    """Per token of a text (``words``: its letters, None for a token that is no word), the
    bonus of each of its candidates (``slots``: None for a token to leave alone)."""
    t = topics()
    features, column = t.features, t.column
    flat, width = t.values.ravel(), t.values.shape[1]
    seen: dict[str, int] = {}
    for w in words:
        if w is not None and w not in seen:
            seen[w] = features.get(skeleton(w.lower()), -1)
    feature = np.array([-1 if w is None else seen[w] for w in words], dtype=np.int64)
    out: list[tuple[float, ...] | None] = [None] * len(words)
    by_slot: dict[int, list[int] | None] = {}  # by id() of a slot: its candidates' columns
    for start in range(0, len(words), BLOCK):
        tokens: list[int] = []  # the block's tokens to weigh
        sizes: list[int] = []  # their candidates
        columns: list[int] = []  # of all their candidates
        for i in range(start, min(start + BLOCK, len(words))):
            slot = slots[i]
            if slot is None:
                continue
            got = by_slot.get(id(slot), _MISSING)
            if got is _MISSING:
                got = by_slot[id(slot)] = _columns(slot, column)
            if got is not None:
                tokens.append(i)
                sizes.append(len(got))
                columns += got
        if not tokens:
            continue
        near = feature[max(0, start - REACH * BLOCK) : start + (REACH + 1) * BLOCK]
        near = near[near >= 0]  # the zero row of "no feature" adds nothing
        # (a word's own letters, near it or counted as its own, have no value for it; the
        # cells are taken by their place in the flat table, which numpy does faster than by
        # row and column)
        cells = near[:, None] * width + np.array(columns)
        sums = flat.take(cells).sum(axis=0, dtype=np.float64)
        bonus = (WEIGHT * sums).tolist()
        k = 0
        for i, n in zip(tokens, sizes, strict=True):
            out[i] = tuple(bonus[k : k + n])
            k += n
    return out


def _columns(slot: Candidates, column: list[int]) -> list[int] | None:
    """The table's column of each candidate (-1: none), or None if it has no choice to weigh."""
    if len(slot) < 2:
        return None
    got = [column[c] for c, _ in slot]
    return got if max(got) >= 0 else None
