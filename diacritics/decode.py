"""Beam search over candidate syllables under the trigram model, with per-position confidence.

A segment is a run of tokens between sentence breaks; each position holds its candidates as
(word id, channel log-score) pairs. The search keeps the best path into each (previous word,
word) state: at most ``BEAM`` states, none more than ``THRESHOLD`` below the best. A choice's
confidence is its posterior among its position's candidates given the words chosen around it
(two before, one after).
"""

from __future__ import annotations

import math
from operator import itemgetter

from diacritics.model import BOS, EOS, Model

BEAM = 8
THRESHOLD = 9.0
CLEAR = math.exp(-8)  # a choice this far ahead of the others needs no look at the next word
Candidates = tuple[tuple[int, float], ...]
# per previous word: (each candidate's word, channel score, and channel + bigram score; the best
# path score into each candidate; that path's back-pointer)
Group = tuple[list[tuple[int, float, float]], list[float], list]
_score = itemgetter(0)


def decode(slots: list[Candidates], model: Model) -> list[tuple[int, float]]:
    """(index of the chosen candidate, confidence 0..1) for each position of a segment."""
    if not slots:
        return []
    bigrams, trigrams = model.bigrams, model.trigrams
    bi_cache, tri_cache = model.bigram_cache, model.trigram_cache
    uni, uni_backoff = model.unigram, model.unigram_backoff
    inf = -math.inf
    # a state: (score, previous word, word, back-pointer (candidate index, parent's pointer))
    states: list[tuple[float, int, int, tuple | None]] = [(0.0, BOS, BOS, None)]
    history: list[dict[int, Group]] = []  # per position, for the confidences
    for cands in slots:
        n = len(cands)
        groups: dict[int, Group] = {}
        for score, p2, p1, back in states:
            group = groups.get(p1)
            if group is None:  # channel + bigram (or backed-off unigram) score of each candidate
                bi = (bi_cache[p1] if p1 in bi_cache else bigrams(p1)).get
                b1 = uni_backoff[p1]
                row = []
                for w, chan in cands:
                    lp = bi(w)
                    row.append((w, chan, chan + (b1 + uni[w] if lp is None else lp)))
                group = groups[p1] = (row, [inf] * n, [None] * n)
            row, best, backs = group
            key = (p2 << 16) | p1
            context = tri_cache[key] if key in tri_cache else trigrams(key)
            if context is None:  # no trigram has this context
                for k, (_, _, base) in enumerate(row):
                    total = score + base
                    if total > best[k]:
                        best[k] = total
                        backs[k] = back
            else:
                backoff, table = context
                tri = table.get
                for k, (w, chan, base) in enumerate(row):
                    lp = tri(w)
                    total = score + (base + backoff if lp is None else chan + lp)
                    if total > best[k]:
                        best[k] = total
                        backs[k] = back
        history.append(groups)
        new = [  # every state reaches every candidate, so each group has a path into each
            (best[k], p1, row[k][0], (k, backs[k]))
            for p1, (row, best, backs) in groups.items()
            for k in range(n)
        ]
        new.sort(key=_score, reverse=True)
        floor = new[0][0] - THRESHOLD
        states = [s for s in new[:BEAM] if s[0] >= floor]
    final = max(states, key=lambda s: s[0] + model.logp(s[1], s[2], EOS))
    choice: list[int] = []
    back = final[3]
    while back is not None:
        choice.append(back[0])
        back = back[1]
    choice.reverse()
    words = [BOS] + [slot[k][0] for slot, k in zip(slots, choice, strict=True)] + [EOS]
    return [
        (k, _confidence(history[i][words[i]], k, words[i], words[i + 2], model))
        if len(slot) > 1
        else (k, 1.0)
        for i, (slot, k) in enumerate(zip(slots, choice, strict=True))
    ]


def _confidence(group: Group, k: int, before: int, after: int, model: Model) -> float:
    """P(candidate k | the best paths into each candidate from the chosen previous word, and
    the chosen next word, by the bigram model), among the position's candidates. ``group``
    holds those paths' scores (channel and language model up to here)."""
    row, into, _ = group
    chosen = into[k]
    rest = sum(math.exp(s - chosen) for i, s in enumerate(into) if i != k)
    if rest < CLEAR:  # far ahead before the next word: that word will not change much
        return 1 / (1 + rest)
    bigrams, cache = model.bigrams, model.bigram_cache
    uni, uni_backoff = model.unigram[after], model.unigram_backoff
    scores = []
    for (w, _, _), score in zip(row, into, strict=True):
        lp = (cache[w] if w in cache else bigrams(w)).get(after)
        scores.append(score + (uni_backoff[w] + uni if lp is None else lp))
    top = max(scores)
    return math.exp(scores[k] - top) / sum(math.exp(x - top) for x in scores)
