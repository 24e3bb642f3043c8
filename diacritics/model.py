"""The restorer's language data in memory: syllable ids, the n-gram model, skeleton index.

Loaded once from corpora/ (``corpora.lm``) by ``load_model``. The n-grams stay in compact
numpy arrays grouped by context (``Rows``, read through typed views where the module is
compiled); a word's log-probability after a context is found where it is stored, by a binary
search among the context's continuations (sorted by word). Nothing is copied out of the
arrays but the contexts looked up, kept per order as (back-off, row) or None, up to
``CONTEXT_LIMIT`` of them (then the cache starts again).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import cython
import numpy as np

from corpora import lm
from corpora.words import load_words
from diacritics.normalize import skeleton

BOS, EOS, UNK, NUM = lm.BOS, lm.EOS, lm.UNK, lm.NUM
BITS = lm.BITS
WORD = (1 << BITS) - 1
CONTEXT_LIMIT = 300_000  # contexts looked up and kept, per order: about 200 bytes each
# two syllables make a word of the lexicon for the decoder where log P(second | first) -
# log P(second) is at least this: the second follows the first no less often than it comes
# at all (1 also lost real words of two common syllables: "người lớn" 0.66, "cho nên" 0.69)
WORD_PMI = 0.0
Context = tuple[float, int]  # (log back-off weight, the context's number among its order's)
_UNKNOWN: Any = object()  # not in a cache (whose values may be None)


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    words: tuple[str, ...]  # by id
    ids: dict[str, int]
    syllables: frozenset[int]  # ids of lexicon syllables (others are context-only tokens)
    unigram: list[float]  # log P(w) by id
    unigram_backoff: list[float]
    by_skeleton: dict[str, tuple[int, ...]]  # 'duong' -> ids of đường, dương, ... likeliest first
    data: lm.LanguageModel
    bigram_levels: list[float]  # one float object per quantisation level: every score is one
    bigram_ceiling: float  # the highest of them: no stored bigram's log P is more
    levels: tuple[list[float], ...]  # of orders 3, 4, ...
    backoff_levels: tuple[list[float], ...]
    rows: tuple[Rows, ...]  # the stored n-grams of orders 2, 3, 4, ..., read in place
    # a << 16 | b for each two syllables next to each other in a word of the lexicon
    word_pairs: frozenset[int] = frozenset()
    # a -> the syllables b that follow it in a word of the lexicon (``word_pairs`` by a)
    word_nexts: dict[int, frozenset[int]] = field(default_factory=dict)
    # a << 32 | b << 16 | c for each three syllables next to each other in a word of the lexicon
    word_triples: frozenset[int] = frozenset()
    # per order 3, 4, ...: context key (its words packed) -> (back-off, number), or None
    caches: tuple[dict[int, Context | None], ...] = ()

    @property
    def order(self) -> int:
        return self.data.order

    def bigram(self, a: int, b: int) -> float | None:
        """log P(b | a) if the bigram is stored."""
        bigrams = cython.declare(Rows, self.rows[0])
        q = bigrams.get(a, b)
        return None if q < 0 else self.bigram_levels[q]

    def bigrams(self, a: int, words: list[int]) -> list[float | None]:
        """``bigram`` of ``a`` and each of ``words``."""
        return self.rows[0].scores(a, words, self.bigram_levels)

    def row(
        self,
        n: int,
        i: int,
        words: list[int],
        chans: list[float],
        backed: Sequence[float],
        add: float,
    ) -> tuple[float, ...]:
        """Per k: ``chans[k]`` + log P(``words[k]`` | context) where the n-gram is stored,
        else ``backed[k]`` + ``add`` (the context: number ``i`` of order n, or for n = 2 the
        word ``i``), as the decoder's rows are summed."""
        levels = self.bigram_levels if n == 2 else self.levels[n - 3]
        rows = cython.declare(Rows, self.rows[n - 2])
        return rows.row(i, words, chans, levels, backed, add)

    def reaches(
        self,
        a: int,
        words: list[int],
        chans: list[float],
        backed: list[float],
        start: float,
        bar: float,
    ) -> bool:
        """Does ``start`` plus the best of ``row(2, a, words, chans, backed, the back-off of
        a)`` reach ``bar``, as the floats sum? Without working out the whole row: a word's
        bigram is looked for only where it could reach, and none after the first that does."""
        bigrams = cython.declare(Rows, self.rows[0])
        return bigrams.reaches(
            a,
            words,
            chans,
            self.bigram_levels,
            backed,
            self.unigram_backoff[a],
            start,
            bar,
            self.bigram_ceiling,
        )

    def context(self, n: int, key: int) -> Context | None:
        """(log back-off, its number) of the n-gram context ``key`` (its n - 1 words packed,
        oldest first), if stored."""
        cache = self.caches[n - 3]
        got = cache.get(key, _UNKNOWN)
        if got is not _UNKNOWN:
            return got
        got = None
        if self._may_be_context(n, key):
            rows = cython.declare(Rows, self.rows[n - 2])  # (called in C where compiled)
            i = rows.find(key)
            if i >= 0:
                got = (self.backoff_levels[n - 3][rows.backoff(i)], i)
        if len(cache) >= CONTEXT_LIMIT:
            cache.clear()
        cache[key] = got
        return got

    def _may_be_context(self, n: int, key: int) -> bool:
        """False if the n-gram context ``key`` is surely not stored: a context of n - 1 words
        is stored only where its words are a stored (n - 1)-gram (but for the sentence
        start's padding, no n-gram of its own). Most contexts the decoder asks for are not
        stored, and looking for the shorter n-gram among its context's few continuations is
        cheaper than looking for the context among all."""
        last = key & WORD
        if last == BOS:
            return True
        prefix = key >> BITS
        shorter_rows = cython.declare(Rows, self.rows[n - 3])
        if n == 3:
            return shorter_rows.get(prefix, last) >= 0
        shorter = self.context(n - 1, prefix)
        return shorter is not None and shorter_rows.get(shorter[1], last) >= 0

    def clear_cache(self) -> None:
        """Forget the contexts looked up so far."""
        for cache in self.caches:
            cache.clear()

    def logp(self, *words: int) -> float:
        """log P(last word | the words before it), backing off from the longest context the
        model has."""
        *history, w = words
        history = history[-(self.order - 1) :]
        packed = 0
        for h in history:
            packed = (packed << BITS) | h
        return self.packed_logp(packed, len(history), w)

    def packed_logp(self, history: int, size: int, word: int) -> float:
        """``logp`` of ``word`` after the ``size`` words packed in ``history`` (oldest first),
        as the decoder keeps its histories."""
        backoff = 0.0
        for n in range(size + 1, 2, -1):
            key = history & ((1 << (BITS * (n - 1))) - 1)
            context = self.caches[n - 3].get(key, _UNKNOWN)
            if context is _UNKNOWN:
                context = self.context(n, key)
            if context is not None:
                rows = cython.declare(Rows, self.rows[n - 2])
                q = rows.get(context[1], word)
                if q >= 0:
                    return backoff + self.levels[n - 3][q]
                backoff += context[0]
        if not size:
            return self.unigram[word]
        last = history & WORD
        bigrams = cython.declare(Rows, self.rows[0])
        q = bigrams.get(last, word)
        if q >= 0:
            return backoff + self.bigram_levels[q]
        return backoff + self.unigram_backoff[last] + self.unigram[word]

    def is_known(self, word: str) -> bool:
        """Is ``word`` (lower case, new-style tone) a syllable of the lexicon?"""
        i = self.ids.get(word)
        return i is not None and i in self.syllables


@cython.cclass
class Rows:
    """The stored n-grams of one order, grouped by context, read where they are: the numpy
    arrays of ``corpora.lm`` (in the compiled module through typed views, without a Python
    object per n-gram)."""

    cython.declare(
        contexts=cython.long[::1],
        backoffs=cython.uchar[::1],
        offsets=cython.uint[::1],
        words=cython.ushort[::1],
        q=cython.uchar[::1],
        size=cython.Py_ssize_t,
        arrays=tuple,
    )

    def __init__(
        self,
        contexts: np.ndarray,
        backoffs: np.ndarray,
        offsets: np.ndarray,
        words: np.ndarray,
        q: np.ndarray,
    ) -> None:
        self.arrays = (contexts, backoffs, offsets, words, q)  # as numpy arrays, for the source
        self.contexts = contexts
        self.backoffs = backoffs
        self.offsets = offsets
        self.words = words
        self.q = q
        self.size = len(contexts)

    @cython.ccall
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(
        key=cython.long, lo=cython.Py_ssize_t, hi=cython.Py_ssize_t, mid=cython.Py_ssize_t
    )
    @cython.returns(cython.Py_ssize_t)
    def find(self, key: int) -> int:
        """The number of the context ``key`` (its words packed), or -1 if not stored."""
        if not cython.compiled:
            contexts = self.arrays[0]
            i = int(contexts.searchsorted(key))
            return i if i < len(contexts) and contexts[i] == key else -1
        lo, hi = 0, self.size
        while lo < hi:  # a binary search, as numpy's searchsorted without its call's cost
            mid = (lo + hi) >> 1
            if self.contexts[mid] < key:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < self.size and self.contexts[lo] == key else -1

    @cython.ccall
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(i=cython.Py_ssize_t)
    def backoff(self, i: int) -> int:
        """The quantised back-off weight of context number ``i``."""
        return self.backoffs[i]

    @cython.ccall
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(
        i=cython.Py_ssize_t,
        word=cython.long,
        lo=cython.Py_ssize_t,
        hi=cython.Py_ssize_t,
        mid=cython.Py_ssize_t,
        end=cython.Py_ssize_t,
    )
    @cython.returns(cython.int)
    def get(self, i: int, word: int) -> int:
        """The quantised log-prob of ``word`` after context number ``i``, or -1 if not stored
        (a binary search among the context's continuations, which are sorted)."""
        lo, hi = self.offsets[i], self.offsets[i + 1]
        if not cython.compiled:
            words = self.arrays[3]
            at = lo + int(words[lo:hi].searchsorted(word))
            return int(self.arrays[4][at]) if at < hi and words[at] == word else -1
        end = hi
        while lo < hi:
            mid = (lo + hi) >> 1
            if self.words[mid] < word:
                lo = mid + 1
            else:
                hi = mid
        return self.q[lo] if lo < end and self.words[lo] == word else -1

    @cython.ccall
    @cython.locals(
        i=cython.Py_ssize_t,
        k=cython.Py_ssize_t,
        q=cython.int,
        add=cython.double,
        chan=cython.double,
        value=cython.double,
        words=list,
        chans=list,
        levels=list,
        out=list,
        found=list,
    )
    def row(
        self,
        i: int,
        words: list[int],
        chans: list[float],
        levels: list[float],
        backed: Sequence[float],
        add: float,
    ) -> tuple[float, ...]:
        """``Model.row``, with the levels of this order."""
        out = [0.0] * len(words)
        found = None if cython.compiled else self._found(i, words)
        for k in range(len(words)):
            q = self.get(i, words[k]) if found is None else found[k]
            if q >= 0:
                chan, value = chans[k], levels[q]
                out[k] = chan + value
            else:
                value = backed[k]
                out[k] = value + add
        return tuple(out)

    @cython.ccall
    @cython.locals(
        i=cython.Py_ssize_t,
        k=cython.Py_ssize_t,
        q=cython.int,
        add=cython.double,
        start=cython.double,
        bar=cython.double,
        ceiling=cython.double,
        chan=cython.double,
        value=cython.double,
        words=list,
        chans=list,
        levels=list,
        backed=list,
    )
    @cython.returns(cython.bint)
    def reaches(
        self,
        i: int,
        words: list[int],
        chans: list[float],
        levels: list[float],
        backed: list[float],
        add: float,
        start: float,
        bar: float,
        ceiling: float,
    ) -> bool:
        """Does ``start`` plus the highest value of ``row(i, words, chans, levels, backed,
        add)`` reach ``bar``? A word is looked for among the context's continuations only
        where its value could reach it if stored (``ceiling``: the highest of ``levels``,
        added to its channel score, bounds that value) or does if not; and the search ends
        at the first word that reaches it. The sums are the row's, so the answer is the
        same as the whole row's."""
        for k in range(len(words)):
            value = backed[k]
            value = value + add  # its value if not stored
            chan = chans[k]
            if start + value < bar and start + (chan + ceiling) < bar:
                continue
            q = self.get(i, words[k])
            if q >= 0:
                value = levels[q]
                value = chan + value
            if start + value >= bar:
                return True
        return False

    @cython.ccall
    @cython.locals(
        i=cython.Py_ssize_t,
        k=cython.Py_ssize_t,
        q=cython.int,
        words=list,
        levels=list,
        out=list,
        found=list,
    )
    def scores(self, i: int, words: list[int], levels: list[float]) -> list[float | None]:
        """The log-prob (of the shared float objects of ``levels``) of each of ``words``
        after context number ``i``, None where not stored."""
        out: list[float | None] = [None] * len(words)
        found = None if cython.compiled else self._found(i, words)
        for k in range(len(words)):
            q = self.get(i, words[k]) if found is None else found[k]
            if q >= 0:
                out[k] = levels[q]
        return out

    def _found(self, i: int, words: list[int]) -> list[int]:
        """``get`` for each of ``words`` at once, with numpy (for the source: one call
        instead of one a word)."""
        _, _, offsets, stored, q = self.arrays
        lo, hi = int(offsets[i]), int(offsets[i + 1])
        if lo == hi:
            return [-1] * len(words)
        at = np.minimum(stored[lo:hi].searchsorted(words), hi - lo - 1) + lo
        return np.where(stored[at] == words, q[at].astype(np.int64), -1).tolist()


def _rows(data: lm.LanguageModel) -> tuple[Rows, ...]:
    """The rows of each order: the bigrams' contexts are their first word's id (none stored)."""
    none = np.zeros(0, dtype=np.int64)
    bigrams = Rows(
        none, np.zeros(0, dtype=np.uint8), data.bigram_offsets, data.bigram_words, data.bigram_q
    )
    return (bigrams, *(Rows(o.contexts, o.backoff_q, o.offsets, o.words, o.q) for o in data.higher))


def _word_pairs(words: tuple[str, ...]) -> frozenset[int]:
    ids = {w: i for i, w in enumerate(words)}
    out = set()
    for word in load_words():
        got = [ids.get(s) for s in word.split()]
        for a, b in zip(got, got[1:], strict=False):
            if a is not None and b is not None:
                out.add((a << BITS) | b)
    return frozenset(out)


def _word_triples(words: tuple[str, ...]) -> frozenset[int]:
    ids = {w: i for i, w in enumerate(words)}
    out = set()
    for word in load_words():
        got = [ids.get(s) for s in word.split()]
        for a, b, c in zip(got, got[1:], got[2:], strict=False):
            if a is not None and b is not None and c is not None:
                out.add((a << 2 * BITS) | (b << BITS) | c)
    return frozenset(out)


def _associated(pairs: frozenset[int], data: lm.LanguageModel) -> frozenset[int]:
    """The ``pairs`` whose second syllable follows the first at least as often as it comes at
    all (``WORD_PMI``), by the stored bigrams: the lexicon's phrase-like entries, two words
    that merely may stand side by side ("của thông", -1.2), are left out."""
    packed = np.fromiter(pairs, dtype=np.int64, count=len(pairs))
    offsets = data.bigram_offsets.astype(np.int64)
    rows = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    stored = (rows << BITS) | data.bigram_words  # each bigram packed as a pair, ascending
    at = np.minimum(np.searchsorted(stored, packed), len(stored) - 1)
    logp = data.bigram_levels[data.bigram_q[at]]
    pmi = logp - data.unigram_logp[packed & WORD]
    return frozenset(packed[(stored[at] == packed) & (pmi >= WORD_PMI)].tolist())


def _word_nexts(pairs: frozenset[int]) -> dict[int, frozenset[int]]:
    nexts: dict[int, set[int]] = {}
    for pair in pairs:
        nexts.setdefault(pair >> BITS, set()).add(pair & WORD)
    return {a: frozenset(b) for a, b in nexts.items()}


@functools.cache
def load_model() -> Model:
    vocab = lm.load_vocabulary()
    data = lm.load()
    words = tuple(e.word for e in vocab)
    syllables = frozenset(i for i, e in enumerate(vocab) if e.sources)
    unigram = data.unigram_logp.tolist()
    by_skeleton: dict[str, list[int]] = {}
    for i in sorted(syllables, key=lambda i: -unigram[i]):
        by_skeleton.setdefault(skeleton(words[i]), []).append(i)
    pairs = _associated(_word_pairs(words), data)
    model = Model(
        words=words,
        ids={w: i for i, w in enumerate(words)},
        syllables=syllables,
        unigram=unigram,
        unigram_backoff=data.unigram_backoff.tolist(),
        by_skeleton={k: tuple(v) for k, v in by_skeleton.items()},
        data=data,
        bigram_levels=data.bigram_levels.tolist(),
        bigram_ceiling=float(data.bigram_levels.max()),
        levels=tuple(o.levels.tolist() for o in data.higher),
        backoff_levels=tuple(o.backoff_levels.tolist() for o in data.higher),
        rows=_rows(data),
        caches=tuple({} for _ in data.higher),
        word_pairs=pairs,
        word_nexts=_word_nexts(pairs),
        word_triples=_word_triples(words),
    )
    return model
