"""Beam search over candidate syllables under the 4-gram model, with per-position confidence.

A segment is a run of tokens between sentence breaks; each position holds its candidates as
(word id, channel log-score) pairs. The search keeps the best path into each state (the last
three words): at most ``BEAM`` states, none more than ``THRESHOLD`` below the best. A choice's
confidence is its posterior among its position's candidates given the words chosen around it:
the best paths into each from the words before, and the next word, or the next three (as far as
a 4-gram reaches: "Hội đông nhân dân" read by OCR is sure of "đồng" by "dân" too).

The candidates of a position are scored after each previous word at once (each looked for
among the context's stored continuations, ``Model.row``); a ``Memo`` keeps those scores
for the rest of the text, where the same candidates follow the same word again ("các",
"huyện", "Ủy ban"...). The hot loops are typed for the compiled module (``@cython.locals``:
scores as C doubles, which sum as Python's floats do).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import chain
from operator import add, itemgetter
from typing import Any

import cython

from diacritics.model import BITS, BOS, EOS, WORD, Model

BEAM = 32  # states kept at most (16 lost readings the channel likes less in garble)
THRESHOLD = 7.0
RESCUE = 4.0  # states this much further below the best are kept where the next word favours them
RESCUED = 4  # and at most this many of them
WORD_BONUS = 1.0  # log bonus for two syllables that make (part of) a word of the lexicon
CLEAR = math.exp(-8)  # a choice this far ahead of the others needs no look at the next word
PAIR = (1 << (2 * BITS)) - 1  # the last two words of a packed history
HISTORY = (1 << (3 * BITS)) - 1  # the last three
JOINED = 1 << 40  # beside a state's last two words: they took the word bonus
_MISSING: Any = object()  # not in a cache (whose values may be None)
Candidates = tuple[tuple[int, float], ...]
# (score, the last three words packed, the index of the candidate taken at its position, the
# state before it: the path back, one tuple a position, None before the first)
State = tuple[float, int, int, "State | None"]
# per last two words: (the best path score into each candidate; the state that path came from)
Group = tuple[list[float], list[State]]


def decode(
    slots: list[Candidates],
    model: Model,
    *,
    memo: Memo | None = None,
    bonuses: list[tuple[float, ...] | None] | None = None,
    reach: int = 1,
) -> list[tuple[int, float]]:
    """(index of the chosen candidate, confidence 0..1) for each position of a segment.
    ``memo``: what earlier segments of the same text worked out, to reuse. ``bonuses``: per
    position, None or a log bonus for each of its candidates, added to every path into it
    (kept apart from the candidates' own scores, so the memo's rows still serve). ``reach``:
    how many words after a position its confidence weighs (``_confidence``)."""
    if not slots:
        return []
    memo = Memo() if memo is None else memo
    states: list[State] = [(0.0, 0, 0, None)]  # BOS is 0: three of them
    history: list[tuple[_Slot | None, dict[int, Group]]] = []  # per position, for the confidences
    # per position: its candidates unpacked, or the one candidate (a fixed token, a known word)
    unpacked: list[_Slot | tuple[int, float]] = []
    for cands in slots:
        if len(cands) == 1:
            unpacked.append(cands[0])
            continue
        got = memo.by_id.get(id(cands))
        if got is not None:  # these very candidates again
            unpacked.append(got[1])
            continue
        known = memo.slots.get(cands)
        if known is None:
            known = memo.slots[cands] = _Slot(cands, len(memo.slots), model)
        memo.by_id[id(cands)] = (cands, known)
        unpacked.append(known)
    last = len(slots) - 1
    for at, slot in enumerate(unpacked):
        if not isinstance(slot, _Slot):  # no choice to make here
            word, chan = slot
            states = _advance_one(states, word, chan, model)
            history.append((None, {}))
            continue
        groups = _advance(states, slot, model, memo, bonuses[at] if bonuses is not None else None)
        history.append((slot, groups))
        states = _prune(groups, slot.words, unpacked[at + 1] if at < last else None, model, memo)
    final = max(states, key=lambda s: s[0] + _logp(model, s[1], EOS))
    choice: list[int] = []
    state = final
    while state[3] is not None:
        choice.append(state[2])
        state = state[3]
    choice.reverse()
    # the words chosen, after three BOS (the first position's are at 3) and before EOS
    words = [BOS, BOS, BOS] + [slot[k][0] for slot, k in zip(slots, choice, strict=True)]
    words.append(EOS)
    return [
        (
            k,
            _confidence(
                chosen,
                groups[words[i + 1] << BITS | words[i + 2]],
                k,
                words,
                i + 3,
                model,
                memo,
                reach,
            ),
        )
        if chosen is not None
        else (k, 1.0)
        for i, (k, (chosen, groups)) in enumerate(zip(choice, history, strict=True))
    ]


def _logp(model: Model, history: int, word: int) -> float:
    return model.packed_logp(history, 3, word)


class _Slot:
    """One position's candidates, unpacked for the search."""

    __slots__ = ("words", "chans", "unigram", "number", "top_chan", "top_unigram")

    def __init__(self, cands: Candidates, number: int, model: Model) -> None:
        self.number = number  # in the memo, which keys what it keeps of the slot by it
        self.words = [w for w, _ in cands]
        self.chans = [c for _, c in cands]
        uni = model.unigram
        self.unigram = [c + uni[w] for w, c in cands]  # channel + unigram scores
        self.top_chan = max(self.chans)  # the highest of each: bounds on a row's values
        self.top_unigram = max(self.unigram)


@dataclass(slots=True)
class Memo:
    """What the decoder worked out for one text, reused where the same candidates follow the
    same words again: each position's candidates unpacked, and their scores after a context."""

    slots: dict[Candidates, _Slot] = field(default_factory=dict)
    # the same by id() of the candidates, which it holds (so no other object takes their
    # id): most positions' candidates are the very tuple of another's, found without hashing
    by_id: dict[int, tuple[Candidates, _Slot]] = field(default_factory=dict)
    # by context words << 24 | slot number (ints and tuples of floats: nothing for the garbage
    # collector): channel + log P(candidate | one word), (| two words)
    bigram_rows: dict[int, tuple[float, ...]] = field(default_factory=dict)
    trigram_rows: dict[int, tuple[float, ...]] = field(default_factory=dict)
    # by the last three words << 24 | slot number: channel + log P(candidate | them)
    fourgram_rows: dict[int, tuple[float, ...]] = field(default_factory=dict)
    # by the next word << 24 | slot number: log P(it | candidate) by the bigrams
    next_rows: dict[int, tuple[float, ...]] = field(default_factory=dict)
    # by the last word << 24 | slot number: the word bonus of each candidate, or None; by
    # the last two words (where they took it): the same, but for the candidates that would
    # make a second word with the last word
    word_rows: dict[int, tuple[float, ...] | None] = field(default_factory=dict)
    joined_rows: dict[int, tuple[float, ...] | None] = field(default_factory=dict)


@cython.locals(
    score=cython.double,
    total=cython.double,
    value=cython.double,
    pair=cython.longlong,
    wkey=cython.longlong,
    key=cython.longlong,
    number=cython.longlong,
    k=cython.Py_ssize_t,
    n=cython.Py_ssize_t,
    fresh=cython.bint,
    row=tuple,
    bonus=tuple,
    lean=tuple,
    best=list,
    backs=list,
    chans=list,
    groups=dict,
    plain=set,
    cache3=dict,
    cache4=dict,
    bigram_rows=dict,
    trigram_rows=dict,
    fourgram_rows=dict,
    word_rows=dict,
    joined_rows=dict,
    seen=cython.longlong,
)
def _advance(
    states: list[State],
    slot: _Slot,
    model: Model,
    memo: Memo,
    lean: tuple[float, ...] | None = None,
) -> dict[int, Group]:
    """The best path from ``states`` (best first) into each candidate, by last two words.

    The decoder's hot loop, written out (typed where the module is compiled): per state, the
    memo's row of the position after its last two words (the trigram row, or the bigram row
    where no trigram has them), the state's stored 4-grams over it, and the word bonus after
    its last word. ``lean``: a bonus for each candidate, whatever the state."""
    cache3, cache4 = model.caches[0], model.caches[1]
    bigram_rows, trigram_rows = memo.bigram_rows, memo.trigram_rows
    fourgram_rows, word_rows = memo.fourgram_rows, memo.word_rows
    joined_rows = memo.joined_rows
    number, chans = slot.number, slot.chans
    n = len(chans)
    groups: dict[int, Group] = {}
    plain: set[int] = set()  # groups entered by a state without 4-grams (and if joined)
    for state in states:
        score, hist = state[0], state[1]
        pair = hist & PAIR
        context3 = cache3.get(pair, _MISSING)
        if context3 is _MISSING:
            context3 = model.context(3, pair)
        context = None  # no 4-gram has a context whose last two words no trigram has
        if context3 is not None:
            context = cache4.get(hist, _MISSING)
            if context is _MISSING:
                context = model.context(4, hist)
        key = ((hist & WORD) << 24) | number
        got = word_rows.get(key, _MISSING)
        if got is _MISSING:
            got = _word_row(key, slot, model, memo)
        bonus = got
        seen = pair  # states alike: the same last two words, the same word bonuses
        if bonus is not None and _in_word(model, hist):  # the last two took the bonus
            seen = pair | JOINED
            wkey = (pair << 24) | number
            got = joined_rows.get(wkey, _MISSING)
            if got is _MISSING:
                got = _joined_row(wkey, bonus, slot, model, memo)
            bonus = got
        if context is None and seen in plain:
            continue  # the same rows as a better state's: it is better into no candidate
        if context3 is None:  # the bigram row: the same key as the word bonus's
            got = bigram_rows.get(key)
            row = _bigram_row(pair & WORD, slot, model, memo) if got is None else got
        else:
            got = trigram_rows.get((pair << 24) | number)
            row = _trigram_row(pair, slot, model, memo) if got is None else got
        if context is None:
            plain.add(seen)
        else:  # the state's 4-grams, where stored
            key4 = (hist << 24) | number  # (a Python int: more than 64 bits)
            got = fourgram_rows.get(key4)
            if got is None:
                got = fourgram_rows[key4] = model.row(
                    4, context[1], slot.words, chans, row, context[0]
                )
            row = got
        group = groups.get(pair)
        fresh = group is None
        if group is None:
            best = [0.0] * n
            backs = [state] * n
            groups[pair] = (best, backs)
        else:
            best, backs = group
        for k in range(n):  # (value: a C double in the compiled module, a float here)
            value = row[k]
            total = score + value
            if bonus is not None:
                value = bonus[k]
                total = total + value
            if lean is not None:
                value = lean[k]
                total = total + value
            if fresh:
                best[k] = total
            else:
                value = best[k]
                if total > value:
                    best[k] = total
                    backs[k] = state
    return groups


def _advance_one(states: list[State], word: int, chan: float, model: Model) -> list[State]:
    """``_advance`` and ``_prune`` for a position with one candidate."""
    groups: dict[int, State] = {}
    for state in states:
        score, hist = state[0], state[1]
        total = score + chan + _logp(model, hist, word)
        if _word_bonus(model, hist & PAIR, _in_word(model, hist), word):
            total += WORD_BONUS
        pair = hist & PAIR
        got = groups.get(pair)
        if got is None or total > got[0]:
            groups[pair] = (total, (pair << BITS) | word, 0, state)
    new = sorted(groups.values(), key=itemgetter(0), reverse=True)
    floor = new[0][0] - THRESHOLD
    return [s for s in new[:BEAM] if s[0] >= floor]


def _word_row(key: int, slot: _Slot, model: Model, memo: Memo) -> tuple[float, ...] | None:
    """``WORD_BONUS`` for each candidate that makes a word with the previous word (``key``:
    that word << 24 | the slot's number); None if none does."""
    nexts = model.word_nexts.get(key >> 24)
    if nexts is None or nexts.isdisjoint(slot.words):
        memo.word_rows[key] = None
        return None
    got = memo.word_rows[key] = tuple([WORD_BONUS if w in nexts else 0.0 for w in slot.words])
    return got


def _joined_row(
    key: int, row: tuple[float, ...], slot: _Slot, model: Model, memo: Memo
) -> tuple[float, ...] | None:
    """``row`` (the word bonuses after the last word) after two words that took the bonus
    (``key``: they << 24 | the slot's number): kept only by a candidate that makes one word
    of three with them; None if none does."""
    pair = key >> 24
    triples = model.word_triples
    kept = [
        b if b and ((pair << BITS) | w) in triples else 0.0
        for b, w in zip(row, slot.words, strict=True)
    ]
    got = tuple(kept) if any(kept) else None
    memo.joined_rows[key] = got
    return got


def _in_word(model: Model, history: int) -> bool:
    """Did the last two of the three words of ``history`` take the word bonus: a word of the
    lexicon, not sharing its first syllable with a word of the one before (unless the three
    are in one word)? Looked back over three words only."""
    if history & PAIR not in model.word_pairs:
        return False
    return history >> BITS not in model.word_pairs or history in model.word_triples


def _word_bonus(model: Model, pair: int, joined: bool, word: int) -> bool:
    """Does ``word`` take the word bonus after the two words of ``pair`` (``joined``: which
    took it)? It makes a word of the lexicon with the last of them, and that syllable is not
    already in a word with the one before: two words may not share a syllable ("cự đại" and
    "đại biểu" in "cự đại biểu"), but three syllables of one word do ("ủy ban nhân")."""
    if ((pair & WORD) << BITS | word) not in model.word_pairs:
        return False
    return not joined or ((pair << BITS) | word) in model.word_triples


def _bigram_row(p1: int, slot: _Slot, model: Model, memo: Memo) -> tuple[float, ...]:
    """Channel + log P(candidate | p1) by the bigrams, backed off to the unigrams."""
    key = (p1 << 24) | slot.number
    got = memo.bigram_rows.get(key)
    if got is None:
        got = memo.bigram_rows[key] = model.row(
            2, p1, slot.words, slot.chans, slot.unigram, model.unigram_backoff[p1]
        )
    return got


def _trigram_row(pair: int, slot: _Slot, model: Model, memo: Memo) -> tuple[float, ...]:
    """Channel + log P(candidate | the two words of ``pair``), backed off to the bigrams."""
    key = (pair << 24) | slot.number
    got = memo.trigram_rows.get(key)
    if got is None:
        context = model.context(3, pair)
        got = _bigram_row(pair & WORD, slot, model, memo)
        if context is not None:
            got = model.row(3, context[1], slot.words, slot.chans, got, context[0])
        memo.trigram_rows[key] = got
    return got


@cython.locals(
    n=cython.Py_ssize_t,
    i=cython.Py_ssize_t,
    k=cython.Py_ssize_t,
    g=cython.Py_ssize_t,
    top=cython.double,
    floor=cython.double,
    low=cython.double,
    s=cython.double,
    scores=list,
    near=list,
    per=list,
    heads=list,
    lost=list,
    states=list,
)
def _prune(
    groups: dict[int, Group],
    words: list[int],
    following: _Slot | tuple[int, float] | None,
    model: Model,
    memo: Memo,
) -> list[State]:
    """The best ``BEAM`` states (every group has a path into every candidate), none more than
    ``THRESHOLD`` below the best; ties in the order of the groups and candidates. Of the
    candidates the beam kept no path into, the path from the best state's group, if up to
    ``RESCUE`` further below, is kept too where the next position (``following``) so favours
    the candidate's word that it is within ``THRESHOLD`` of the best once the best each can
    go on with there is counted ("tờ", a poor reading of "t6", before "trình"; at most
    ``RESCUED`` of them)."""
    n = len(words)
    heads = list(groups)
    if len(heads) == 1:
        scores = groups[heads[0]][0]
    else:
        scores = list(chain.from_iterable([best for best, _ in groups.values()]))
    top = max(scores)
    floor = top - THRESHOLD
    near = []  # usually a few of many
    for i in range(len(scores)):
        s = scores[i]
        if s >= floor:
            near.append(i)
    if len(near) > 1:
        near.sort(key=scores.__getitem__, reverse=True)  # stable: ties keep their order
    near = near[:BEAM]
    if following is not None:
        # the candidates the beam lost, by the path into each from the best state's words
        g = near[0] // n
        per = groups[heads[g]][0]
        low = floor - RESCUE
        lost = []
        for k in range(n):
            s = per[k]
            if low <= s < floor:
                lost.append(k)
        if lost and len(heads) > 1:
            kept = {i % n for i in near}
            lost = [k for k in lost if k not in kept]
        if lost:
            bar = top + _ahead(following, words[near[0] % n], model, memo) - THRESHOLD
            saved = []
            for k in lost:
                if _reaches(following, words[k], per[k], bar, model, memo):
                    saved.append(g * n + k)
                    if len(saved) == RESCUED:
                        break
            near += saved
    states: list[State] = []
    for i in near:
        g = i // n
        k = i - g * n
        head = heads[g]
        states.append((scores[i], (head << BITS) | words[k], k, groups[head][1][k]))
    return states


def _ahead(following: _Slot | tuple[int, float], word: int, model: Model, memo: Memo) -> float:
    """The best channel + log P(candidate | ``word``) of the next position (its candidates
    unpacked, or its one candidate), by the bigrams, backed off, as ``_prune`` looks ahead
    from the best state: the best of the bigram row it keeps in the memo (the next position
    reads that row again after this word, which the beam holds)."""
    if not isinstance(following, _Slot):
        after, chan = following
        return chan + model.packed_logp(word, 1, after)
    return max(_bigram_row(word, following, model, memo))


@cython.locals(start=cython.double, bar=cython.double, backoff=cython.double)
def _reaches(
    following: _Slot | tuple[int, float],
    word: int,
    start: float,
    bar: float,
    model: Model,
    memo: Memo,
) -> bool:
    """Does ``start`` (the score of a path into ``word``) plus ``_ahead`` of ``word`` reach
    ``bar``? Most such words are left behind, and their rows would not be read again: where
    the memo does not have the row, the candidates are looked at only as far as the answer
    needs (``Model.reaches``), and none at all where the highest channel and unigram scores
    of the next position's candidates show that none can reach it."""
    if not isinstance(following, _Slot):
        after, chan = following
        return start + (chan + model.packed_logp(word, 1, after)) >= bar
    row = memo.bigram_rows.get((word << 24) | following.number)
    if row is not None:
        return start + max(row) >= bar
    backoff = model.unigram_backoff[word]
    if (
        start + (following.top_unigram + backoff) < bar
        and start + (following.top_chan + model.bigram_ceiling) < bar
    ):
        return False
    return model.reaches(word, following.words, following.chans, following.unigram, start, bar)


def _confidence(
    slot: _Slot,
    group: Group,
    k: int,
    words: list[int],
    at: int,
    model: Model,
    memo: Memo,
    reach: int,
) -> float:
    """P(candidate k | the words chosen around it), among the position's candidates: the best
    paths into each candidate from the chosen previous words (``group``: channel and language
    model up to here), and the chosen word after it by the bigrams; where that leaves the
    choice open and ``reach`` is more than one, the words after it up to ``reach`` (or the
    segment's end), each by the 4-grams. ``words``: the words chosen; ``at``: the position's
    index among them. A choice far ahead of the others before the next word needs no look."""
    into = group[0]
    chosen = into[k]
    rest = sum([math.exp(s - chosen) for s in into]) - 1.0
    if rest < CLEAR:
        return 1 / (1 + rest)
    after = words[at + 1]
    nexts = memo.next_rows.get((after << 24) | slot.number)
    if nexts is None:
        nexts = memo.next_rows[(after << 24) | slot.number] = _next_row(slot, after, model)
    scores = list(map(add, into, nexts))
    if reach > 1 and sum([math.exp(s - scores[k]) for s in scores]) - 1.0 >= CLEAR:
        # the candidates the search could still take (within THRESHOLD of the best into
        # here), weighed by the words after them as far as their 4-grams reach
        floor = max(into) - THRESHOLD
        before, following = words[at - 2] << BITS | words[at - 1], words[at + 1 : at + 1 + reach]
        scores = [
            s + _after(before << BITS | w, following, model) if s >= floor or i == k else -math.inf
            for i, (s, w) in enumerate(zip(into, slot.words, strict=True))
        ]
    top = max(scores)
    return math.exp(scores[k] - top) / sum([math.exp(x - top) for x in scores])


def _next_row(slot: _Slot, after: int, model: Model) -> tuple[float, ...]:
    """log P(after | candidate) by the bigrams, backed off to the unigrams, per candidate."""
    uni, uni_backoff = model.unigram[after], model.unigram_backoff
    row = []
    for w in slot.words:
        lp = model.bigram(w, after)
        row.append(uni_backoff[w] + uni if lp is None else lp)
    return tuple(row)


def _after(history: int, after: list[int], model: Model) -> float:
    """log P of the words ``after``, each after the three words before it (``history``, packed,
    then the words between)."""
    lp = 0.0
    for word in after:
        lp += _logp(model, history, word)
        history = (history << BITS | word) & HISTORY
    return lp
