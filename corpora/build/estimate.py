"""Interpolated modified Kneser-Ney estimates for the trigram model, stored in back-off form.

Counts come as sorted packed keys (``corpora.lm.pack``) with (weighted) counts. The highest
order uses the counts themselves; lower orders use continuation counts (how many distinct
words precede) as Kneser and Ney do, unless ``continuation=False``, where they use the
weighted counts too, so that in-domain text weighted up counts at every order.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from corpora import lm

MASK16 = (1 << 16) - 1
MASK32 = (1 << 32) - 1


class Counts(Protocol):
    def counts(self, order: int) -> tuple[np.ndarray, np.ndarray]: ...

    def type_weights(self, order: int) -> tuple[np.ndarray, np.ndarray]: ...


def discounts(counts: np.ndarray) -> tuple[float, float, float]:
    """Chen and Goodman's D1, D2, D3+ from the counts of counts."""
    rounded = np.rint(counts).astype(np.int64)
    n = [max(1, int(np.sum(rounded == k))) for k in (1, 2, 3, 4)]
    y = n[0] / (n[0] + 2 * n[1])
    d = (1 - 2 * y * n[1] / n[0], 2 - 3 * y * n[2] / n[1], 3 - 4 * y * n[3] / n[2])
    d1, d2, d3 = (float(min(max(x, 0.05), k + 0.95)) for k, x in enumerate(d))
    return d1, d2, d3


def _discount(counts: np.ndarray, ds: tuple[float, float, float]) -> np.ndarray:
    out = np.full(len(counts), ds[2])
    out[counts < 2.5] = ds[1]
    out[counts < 1.5] = ds[0]
    return np.minimum(out, counts)


def _level(
    keys: np.ndarray, counts: np.ndarray, context: np.ndarray, lower: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(log p per key, context keys, log back-off per context) for one order.

    ``context``: the context key of each n-gram; ``lower``: the lower order's probability of
    each n-gram's last word given the shortened context.
    """
    ds = discounts(counts)
    disc = _discount(counts, ds)
    ctx, inverse = np.unique(context, return_inverse=True)
    total = np.bincount(inverse, weights=counts)
    gamma = np.bincount(inverse, weights=disc) / total
    p = (counts - disc) / total[inverse] + gamma[inverse] * lower
    return np.log(p), ctx, np.log(np.maximum(gamma, 1e-12))


def estimate(
    counts: Counts,
    vocab_size: int,
    *,
    min_bigram: float = 1,
    min_trigram: float = 2,
    continuation: bool = True,
) -> lm.LanguageModel:
    k1, c1 = counts.counts(1)
    k2, c2 = counts.counts(2)
    k3, c3 = counts.counts(3)
    if continuation:  # how many distinct words precede (each counted with its text's weight)
        k3t, w3 = counts.type_weights(3)
        k2c, inverse = np.unique(k3t & MASK32, return_inverse=True)
        assert np.array_equal(k2c, k2)
        c2 = np.bincount(inverse, weights=w3)
        k2t, w2 = counts.type_weights(2)
        k1c, inverse = np.unique(k2t & MASK16, return_inverse=True)
        c1 = np.zeros(len(k1), dtype=np.float64)
        c1[np.searchsorted(k1, k1c)] = np.bincount(inverse, weights=w2)
    uni = np.zeros(vocab_size, dtype=np.float64)
    uni[k1] = c1
    uni += 0.5  # every word of the vocabulary gets some probability
    uni[lm.BOS] = 0
    p1 = uni / uni.sum()
    logp1 = np.log(np.maximum(p1, 1e-30)).astype(np.float32)
    logp1[lm.BOS] = -99.0

    logp2, ctx1, bo1 = _level(k2, c2, k2 >> 16, p1[k2 & MASK16])
    logp3, ctx2, bo2 = _level(k3, c3, k3 >> 16, np.exp(logp2[np.searchsorted(k2, k3 & MASK32)]))
    uni_backoff = np.zeros(vocab_size, dtype=np.float32)
    uni_backoff[ctx1] = bo1

    counts2 = counts.counts(2)[1]
    keep2 = counts2 >= min_bigram
    keep3 = c3 >= min_trigram
    k2, logp2 = k2[keep2], logp2[keep2]
    k3, logp3 = k3[keep3], logp3[keep3]
    contexts, context_rows = np.unique(k3 >> 16, return_inverse=True)
    backoff3 = bo2[np.searchsorted(ctx2, contexts)]
    bigram_levels, bigram_q = lm.quantise(logp2)
    trigram_levels, trigram_q = lm.quantise(logp3)
    backoff_levels, backoff_q = lm.quantise(backoff3)
    return lm.LanguageModel(
        unigram_logp=logp1,
        unigram_backoff=uni_backoff,
        bigram_offsets=lm.offsets(k2 >> 16, vocab_size),
        bigram_words=(k2 & MASK16).astype(np.uint16),
        bigram_q=bigram_q,
        trigram_contexts=contexts,
        trigram_backoff_q=backoff_q,
        trigram_offsets=lm.offsets(context_rows, len(contexts)),
        trigram_words=(k3 & MASK16).astype(np.uint16),
        trigram_q=trigram_q,
        bigram_levels=bigram_levels,
        trigram_levels=trigram_levels,
        backoff_levels=backoff_levels,
    )
