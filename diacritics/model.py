"""The restorer's language data in memory: syllable ids, the trigram model, skeleton index.

Loaded once from corpora/ (``corpora.lm``) by ``load_model``. The n-grams stay in compact
numpy arrays grouped by context; the continuations of a context are turned into a small dict
the first time the decoder asks for them, and kept (up to ``CACHE_LIMIT`` contexts).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from corpora import lm
from diacritics.normalize import skeleton

BOS, EOS, UNK, NUM = lm.BOS, lm.EOS, lm.UNK, lm.NUM
CACHE_LIMIT = 400_000
PRELOAD_TRIGRAMS = 100  # contexts with at least this many continuations are read at load time
PRELOAD_BIGRAMS = 300
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
    bigram_logp: np.ndarray  # log P(b | a) of each stored bigram, dequantised
    trigram_logp: np.ndarray  # log P(c | a, b) of each stored trigram, dequantised
    backoff_levels: list[float]
    bigram_cache: dict[int, dict[int, float]] = field(default_factory=dict)
    trigram_cache: dict[int, Context | None] = field(default_factory=dict)

    def bigrams(self, a: int) -> dict[int, float]:
        """{b: log P(b | a)} for the stored bigrams of ``a``."""
        got = self.bigram_cache.get(a)
        if got is None:
            d = self.data
            lo, hi = int(d.bigram_offsets[a]), int(d.bigram_offsets[a + 1])
            got = dict(
                zip(d.bigram_words[lo:hi].tolist(), self.bigram_logp[lo:hi].tolist(), strict=True)
            )
            self.bigram_cache[a] = got
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
            table = dict(
                zip(d.trigram_words[lo:hi].tolist(), self.trigram_logp[lo:hi].tolist(), strict=True)
            )
            got = (self.backoff_levels[d.trigram_backoff_q[i]], table)
        if len(self.trigram_cache) >= CACHE_LIMIT:
            self.trigram_cache.clear()
            self.bigram_cache.clear()
        self.trigram_cache[key] = got
        return got

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
        bigram_logp=data.bigram_levels[data.bigram_q],
        trigram_logp=data.trigram_levels[data.trigram_q],
        backoff_levels=data.backoff_levels.tolist(),
    )
    preload(model)
    return model
