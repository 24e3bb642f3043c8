"""Beam search over candidate syllables under the trigram model, with per-position confidence.

A segment is a run of tokens between sentence breaks; each position holds its candidates as
(word id, channel log-score) pairs. The search keeps the best path into each (previous word,
word) state: at most ``BEAM`` states, none more than ``THRESHOLD`` below the best. A choice's
confidence is its posterior among its position's candidates given the words chosen around it
(two before, one after).
"""

from __future__ import annotations

import math

from diacritics.model import BOS, EOS, Model

BEAM = 8
THRESHOLD = 9.0
CLEAR = math.exp(-8)  # a choice this far ahead of the others needs no look at the next word
Candidates = tuple[tuple[int, float], ...]
Back = tuple[int, "Back"] | None  # (candidate index, the previous position's pointer)
State = tuple[float, int, int, Back]  # (score, previous word, word, back-pointer)
# per previous word: (channel + bigram (or backed-off unigram) score of each candidate; the
# best path score into each candidate; that path's back-pointer)
Group = tuple[list[float], list[float], list[Back]]


def decode(slots: list[Candidates], model: Model) -> list[tuple[int, float]]:
    """(index of the chosen candidate, confidence 0..1) for each position of a segment."""
    if not slots:
        return []
    states: list[State] = [(0.0, BOS, BOS, None)]
    history: list[dict[int, Group]] = []  # per position, for the confidences
    for cands in slots:
        words = [w for w, _ in cands]
        groups = _advance(states, cands, words, model)
        history.append(groups)
        states = _prune(groups, words)
    final = max(states, key=lambda s: s[0] + model.logp(s[1], s[2], EOS))
    choice: list[int] = []
    back = final[3]
    while back is not None:
        choice.append(back[0])
        back = back[1]
    choice.reverse()
    words = [BOS] + [slot[k][0] for slot, k in zip(slots, choice, strict=True)] + [EOS]
    return [
        (k, _confidence(slot, history[i][words[i]], k, words[i + 2], model))
        if len(slot) > 1
        else (k, 1.0)
        for i, (slot, k) in enumerate(zip(slots, choice, strict=True))
    ]


def _advance(
    states: list[State], cands: Candidates, words: list[int], model: Model
) -> dict[int, Group]:
    """The best path from ``states`` (best first) into each candidate, by last word."""
    tri_cache, trigrams = model.trigram_cache, model.trigrams
    groups: dict[int, Group] = {}
    index = {w: k for k, w in enumerate(words)}
    for score, p2, p1, back in states:
        key = (p2 << 16) | p1
        context = tri_cache[key] if key in tri_cache else trigrams(key)
        group = groups.get(p1)
        if group is None:
            base = _base(p1, cands, index, model)
            groups[p1] = (base, _totals(score, context, cands, index, base), [back] * len(cands))
            continue
        base, best, backs = group
        for k, total in enumerate(_totals(score, context, cands, index, base)):
            if total > best[k]:
                best[k] = total
                backs[k] = back
    return groups


def _base(p1: int, cands: Candidates, index: dict[int, int], model: Model) -> list[float]:
    """Channel + log P(candidate | p1) by the bigrams, backed off to the unigrams."""
    bigrams = model.bigram_cache.get(p1)
    if bigrams is None:
        bigrams = model.bigrams(p1)
    b1, uni = model.unigram_backoff[p1], model.unigram
    base = [chan + b1 + uni[w] for w, chan in cands]
    for w in bigrams.keys() & index.keys():  # the few stored, found by a C-level intersection
        k = index[w]
        base[k] = cands[k][1] + bigrams[w]
    return base


def _totals(
    score: float,
    context: tuple[float, dict[int, float]] | None,
    cands: Candidates,
    index: dict[int, int],
    base: list[float],
) -> list[float]:
    """The score of the path from a state into each candidate: its trigram where the state's
    context has one, else the backed-off bigram score."""
    if context is None:  # no trigram has this context
        return [score + b for b in base]
    backoff, table = context
    at = score + backoff
    totals = [at + b for b in base]
    for w in table.keys() & index.keys():
        k = index[w]
        totals[k] = score + cands[k][1] + table[w]
    return totals


def _prune(groups: dict[int, Group], words: list[int]) -> list[State]:
    """The best ``BEAM`` states (every group has a path into every candidate), none more than
    ``THRESHOLD`` below the best."""
    n = len(words)
    heads = list(groups)
    scores = [s for _, best, _ in groups.values() for s in best]
    top = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:BEAM]
    floor = scores[top[0]] - THRESHOLD
    states: list[State] = []
    for i in top:
        if scores[i] < floor:
            break
        g, k = divmod(i, n)
        states.append((scores[i], heads[g], words[k], (k, groups[heads[g]][2][k])))
    return states


def _confidence(cands: Candidates, group: Group, k: int, after: int, model: Model) -> float:
    """P(candidate k | the best paths into each candidate from the chosen previous word, and
    the chosen next word, by the bigram model), among the position's candidates. ``group``
    holds those paths' scores (channel and language model up to here)."""
    into = group[1]
    chosen = into[k]
    rest = sum([math.exp(s - chosen) for s in into]) - 1.0
    if rest < CLEAR:  # far ahead before the next word: that word will not change much
        return 1 / (1 + rest)
    bigrams, cache = model.bigrams, model.bigram_cache
    uni, uni_backoff = model.unigram[after], model.unigram_backoff
    scores = []
    for (w, _), score in zip(cands, into, strict=True):
        lp = (cache[w] if w in cache else bigrams(w)).get(after)
        scores.append(score + (uni_backoff[w] + uni if lp is None else lp))
    top = max(scores)
    return math.exp(scores[k] - top) / sum([math.exp(x - top) for x in scores])
