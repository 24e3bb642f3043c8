"""The restorer's language data in memory: syllable ids, the trigram model, skeleton index.

Loaded once from corpora/ (``corpora.lm``) by ``load_model``. The n-grams stay in compact
numpy arrays grouped by context; the continuations of a context are turned into a small dict
the first time the decoder asks for them, and kept: the contexts with the most continuations
from load time on (``preload``), the others as they come, up to ``CACHE_LIMIT`` n-grams in all
(then the cache starts again from the preloaded contexts, which keeps memory bounded).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from corpora import lm
from diacritics.normalize import skeleton

BOS, EOS, UNK, NUM = lm.BOS, lm.EOS, lm.UNK, lm.NUM
CACHE_LIMIT = 4_000_000  # n-grams held in dicts; about 45 bytes each
PRELOAD_TRIGRAMS = 30  # contexts with at least this many continuations are read at load time
PRELOAD_BIGRAMS = 30
Context = tuple[float, dict[int, float]]  # (log back-off weight, {word: log P(word | context)})


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
    trigram_levels: list[float]
    backoff_levels: list[float]
    word_ids: list[int]  # one int object per word id, shared by all tables
    bigram_cache: dict[int, dict[int, float]] = field(default_factory=dict)
    trigram_cache: dict[int, Context | None] = field(default_factory=dict)
    cached: list[int] = field(default_factory=lambda: [0])  # n-grams in the two caches

    def bigrams(self, a: int) -> dict[int, float]:
        """{b: log P(b | a)} for the stored bigrams of ``a``."""
        got = self.bigram_cache.get(a)
        if got is None:
            d = self.data
            lo, hi = int(d.bigram_offsets[a]), int(d.bigram_offsets[a + 1])
            got = self._table(d.bigram_words[lo:hi], d.bigram_q[lo:hi], self.bigram_levels)
            self.bigram_cache[a] = got
            self.cached[0] += hi - lo
        return got

    def trigrams(self, key: int) -> Context | None:
        """(log back-off, {c: log P(c | a, b)}) of the context ``a << 16 | b``, if stored."""
        if key in self.trigram_cache:
            return self.trigram_cache[key]
        d = self.data
        i = int(d.trigram_contexts.searchsorted(key))
        got: Context | None = None
        if i < len(d.trigram_contexts) and d.trigram_contexts[i] == key:
            lo, hi = int(d.trigram_offsets[i]), int(d.trigram_offsets[i + 1])
            table = self._table(d.trigram_words[lo:hi], d.trigram_q[lo:hi], self.trigram_levels)
            got = (self.backoff_levels[d.trigram_backoff_q[i]], table)
            self.cached[0] += hi - lo
        self.trigram_cache[key] = got
        if self.cached[0] > CACHE_LIMIT:
            self.clear_cache()
        return got

    def clear_cache(self) -> None:
        """Forget the continuations read so far, but for the preloaded ones."""
        self.trigram_cache.clear()
        self.bigram_cache.clear()
        self.cached[0] = 0
        preload(self)

    def _table(self, words: np.ndarray, q: np.ndarray, levels: list[float]) -> dict[int, float]:
        """{word: log-prob}, built from shared int and float objects (half the memory)."""
        return dict(
            zip(
                map(self.word_ids.__getitem__, words.tolist()),
                map(levels.__getitem__, q.tolist()),
                strict=True,
            )
        )

    def logp(self, a: int, b: int, c: int) -> float:
        """log P(c | a b) (the decoder inlines this)."""
        key = (a << 16) | b
        cache = self.trigram_cache
        context = cache[key] if key in cache else self.trigrams(key)
        backoff = 0.0
        if context is not None:
            backoff, table = context
            score = table.get(c)
            if score is not None:
                return score
        bigrams = self.bigram_cache.get(b)
        score = (self.bigrams(b) if bigrams is None else bigrams).get(c)
        if score is not None:
            return backoff + score
        return backoff + self.unigram_backoff[b] + self.unigram[c]

    def is_known(self, word: str) -> bool:
        """Is ``word`` (lower case, new-style tone) a syllable of the lexicon?"""
        i = self.ids.get(word)
        return i is not None and i in self.syllables


def preload(model: Model) -> None:
    """Read the continuations of the contexts with the most of them (which are the most used)
    now, at load time, rather than while decoding the first documents."""
    d = model.data
    sizes = np.diff(d.trigram_offsets.astype(np.int64))
    for i in np.nonzero(sizes >= PRELOAD_TRIGRAMS)[0].tolist():
        model.trigrams(int(d.trigram_contexts[i]))
    sizes = np.diff(d.bigram_offsets.astype(np.int64))
    for a in np.nonzero(sizes >= PRELOAD_BIGRAMS)[0].tolist():
        model.bigrams(a)


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
    model = Model(
        words=words,
        ids={w: i for i, w in enumerate(words)},
        syllables=syllables,
        unigram=unigram,
        unigram_backoff=data.unigram_backoff.tolist(),
        by_skeleton={k: tuple(v) for k, v in by_skeleton.items()},
        data=data,
        bigram_levels=data.bigram_levels.tolist(),
        trigram_levels=data.trigram_levels.tolist(),
        word_ids=list(range(len(words))),
        backoff_levels=data.backoff_levels.tolist(),
    )
    preload(model)
    return model
