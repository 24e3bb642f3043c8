"""The restorer's language data in memory: syllable ids, the n-gram model, skeleton index.

Loaded once from corpora/ (``corpora.lm``) by ``load_model``. The n-grams stay in compact
numpy arrays grouped by context (``Rows``, read through typed views where the module is
compiled); the continuations of a context are turned into a small dict the first time the
decoder asks for them, and kept, up to ``CACHE_LIMIT`` n-grams beyond
those of the contexts with the most continuations (then the cache starts again from these,
kept as they are and the rest of them read, ``preload``, which keeps memory bounded).
Nothing is read ahead at load time: a document asks for a small share of the contexts, and
reading the most frequent ones ahead cost more than the document's own.
"""

from __future__ import annotations

import functools
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
CACHE_LIMIT = 2_000_000  # n-grams held in dicts beyond the preloaded ones; about 45 bytes each
PRELOAD = 100  # contexts with at least this many continuations are kept over a clearing
# two syllables make a word of the lexicon for the decoder where log P(second | first) -
# log P(second) is at least this: the second follows the first no less often than it comes
# at all (1 also lost real words of two common syllables: "người lớn" 0.66, "cho nên" 0.69)
WORD_PMI = 0.0
Context = tuple[float, dict[int, float]]  # (log back-off weight, {word: log P(word | context)})
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
    bigram_levels: list[float]  # one float object per quantisation level, shared by all tables
    levels: tuple[list[float], ...]  # of orders 3, 4, ...
    backoff_levels: tuple[list[float], ...]
    word_ids: list[int]  # one int object per word id, shared by all tables
    rows: tuple[Rows, ...]  # the stored n-grams of orders 2, 3, 4, ..., read in place
    # a << 16 | b for each two syllables next to each other in a word of the lexicon
    word_pairs: frozenset[int] = frozenset()
    # a -> the syllables b that follow it in a word of the lexicon (``word_pairs`` by a)
    word_nexts: dict[int, frozenset[int]] = field(default_factory=dict)
    bigram_cache: dict[int, dict[int, float]] = field(default_factory=dict)
    # per order 3, 4, ...: context key (its words packed) -> its continuations, or None
    caches: tuple[dict[int, Context | None], ...] = ()
    # n-grams in the caches, and how many of them were preloaded
    cached: list[int] = field(default_factory=lambda: [0, 0])

    @property
    def order(self) -> int:
        return self.data.order

    def bigrams(self, a: int) -> dict[int, float]:
        """{b: log P(b | a)} for the stored bigrams of ``a``."""
        got = self.bigram_cache.get(a)
        if got is None:
            got = self.rows[0].table(a, self.word_ids, self.bigram_levels)
            self.bigram_cache[a] = got
            self.cached[0] += len(got)
        return got

    def context(self, n: int, key: int) -> Context | None:
        """(log back-off, {w: log P(w | context)}) of the n-gram context ``key`` (its n - 1
        words packed, oldest first), if stored."""
        cache = self.caches[n - 3]
        if key in cache:
            return cache[key]
        got: Context | None = None
        if not self._may_be_context(n, key):
            cache[key] = got
            return got
        rows = self.rows[n - 2]
        i = rows.find(key)
        if i >= 0:
            table = rows.table(i, self.word_ids, self.levels[n - 3])
            got = (self.backoff_levels[n - 3][rows.backoff(i)], table)
            self.cached[0] += len(table)
        cache[key] = got
        if self.cached[0] > self.cached[1] + CACHE_LIMIT:
            self.clear_cache()
        return got

    def _may_be_context(self, n: int, key: int) -> bool:
        """False if the n-gram context ``key`` is surely not stored, told by what is already
        cached: a context of n - 1 words is stored only where its words are a stored
        (n - 1)-gram (but for the sentence start's padding, no n-gram of its own), so where
        the table of its first n - 2 words is at hand and lacks its last word, it is not.
        Most contexts the decoder asks for are not stored; this spares looking them up."""
        last = key & WORD
        if last == BOS:
            return True
        prefix = key >> BITS
        if n == 3:
            table = self.bigram_cache.get(prefix)
        else:
            shorter = self.caches[n - 4].get(prefix, _UNKNOWN)
            if shorter is None:
                return False
            table = None if shorter is _UNKNOWN else shorter[1]
        return table is None or last in table

    def clear_cache(self) -> None:
        """Forget the continuations read so far, but for those of the contexts with the most
        (``preload``: those kept are not read again)."""
        kept = 0
        for cache in self.caches:
            big = {k: v for k, v in cache.items() if v is not None and len(v[1]) >= PRELOAD}
            cache.clear()
            cache.update(big)
            kept += sum(len(v[1]) for v in big.values())
        big_rows = {a: row for a, row in self.bigram_cache.items() if len(row) >= PRELOAD}
        self.bigram_cache.clear()
        self.bigram_cache.update(big_rows)
        self.cached[0] = kept + sum(map(len, big_rows.values()))
        preload(self)

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
                score = context[1].get(word)
                if score is not None:
                    return backoff + score
                backoff += context[0]
        if not size:
            return self.unigram[word]
        last = history & WORD
        bigrams = self.bigram_cache.get(last)
        if bigrams is None:
            bigrams = self.bigrams(last)
        score = bigrams.get(word)
        if score is not None:
            return backoff + score
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
        j=cython.Py_ssize_t,
        lo=cython.Py_ssize_t,
        hi=cython.Py_ssize_t,
        word_ids=list,
        levels=list,
        out=dict,
    )
    def table(self, i: int, word_ids: list[int], levels: list[float]) -> dict[int, float]:
        """{word: log-prob} of the continuations of context number ``i``, built from the
        shared int objects of the word ids and float objects of the levels (half the memory)."""
        lo, hi = self.offsets[i], self.offsets[i + 1]
        if not cython.compiled:
            _, _, _, words, q = self.arrays
            return dict(
                zip(
                    map(word_ids.__getitem__, words[lo:hi].tolist()),
                    map(levels.__getitem__, q[lo:hi].tolist()),
                    strict=True,
                )
            )
        out = {}
        for j in range(lo, hi):
            out[word_ids[self.words[j]]] = levels[self.q[j]]
        return out


def _rows(data: lm.LanguageModel) -> tuple[Rows, ...]:
    """The rows of each order: the bigrams' contexts are their first word's id (none stored)."""
    none = np.zeros(0, dtype=np.int64)
    bigrams = Rows(
        none, np.zeros(0, dtype=np.uint8), data.bigram_offsets, data.bigram_words, data.bigram_q
    )
    return (bigrams, *(Rows(o.contexts, o.backoff_q, o.offsets, o.words, o.q) for o in data.higher))


def preload(model: Model) -> None:
    """Read the continuations of the contexts with the most of them (which are the most used)
    now, when the cache starts again, rather than while decoding the next documents."""
    d = model.data
    model.cached[1] = 1 << 62  # no clearing while preloading
    for n, order in enumerate(d.higher, start=3):
        sizes = np.diff(order.offsets.astype(np.int64))
        for i in np.nonzero(sizes >= PRELOAD)[0].tolist():
            model.context(n, int(order.contexts[i]))
    sizes = np.diff(d.bigram_offsets.astype(np.int64))
    for a in np.nonzero(sizes >= PRELOAD)[0].tolist():
        model.bigrams(a)
    model.cached[1] = model.cached[0]


def _preloaded(data: lm.LanguageModel) -> int:
    """How many n-grams ``preload`` reads: the cache's allowance on top of ``CACHE_LIMIT``
    from the start, so the first documents, which read these as they need them, do not
    clear the cache any sooner than later ones."""
    total = 0
    for offsets in (data.bigram_offsets, *(o.offsets for o in data.higher)):
        sizes = np.diff(offsets.astype(np.int64))
        total += int(sizes[sizes >= PRELOAD].sum())
    return total


def _word_pairs(words: tuple[str, ...]) -> frozenset[int]:
    ids = {w: i for i, w in enumerate(words)}
    out = set()
    for word in load_words():
        got = [ids.get(s) for s in word.split()]
        for a, b in zip(got, got[1:], strict=False):
            if a is not None and b is not None:
                out.add((a << BITS) | b)
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
        levels=tuple(o.levels.tolist() for o in data.higher),
        backoff_levels=tuple(o.backoff_levels.tolist() for o in data.higher),
        word_ids=list(range(len(words))),
        rows=_rows(data),
        caches=tuple({} for _ in data.higher),
        word_pairs=pairs,
        word_nexts=_word_nexts(pairs),
        cached=[0, _preloaded(data)],
    )
    return model
