"""Interpolated modified Kneser-Ney estimates for the n-gram model, stored in back-off form.

Counts come as sorted packed keys (``corpora.lm.pack``) with (weighted) counts. The highest
order uses the counts themselves; lower orders use continuation counts (how many distinct
words precede, each counted with the largest weight of a text it occurs in) as Kneser and Ney
do, unless ``continuation=False``, where they use the weighted counts too. Each order has its
own three discounts (Chen and Goodman's D1, D2, D3+). N-grams of the two highest orders seen
less than ``min_count`` times (weighted) are pruned after estimation, and the back-off
weight of each context is worked out again from what is kept (``backoffs``), so that its
distribution still sums to one: the pruned n-grams' mass goes to the back-off.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from corpora import lm


class Counts(Protocol):
    order: int

    def counts(self, order: int) -> tuple[np.ndarray, np.ndarray]: ...

    def type_weights(self, order: int) -> tuple[np.ndarray, np.ndarray]: ...


def mask(words: int) -> int:
    return (1 << (lm.BITS * words)) - 1


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


def _level(keys: np.ndarray, counts: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """log p per key for one order, interpolated with ``lower``: the lower order's
    probability of each n-gram's last word given the shortened context."""
    ds = discounts(counts)
    disc = _discount(counts, ds)
    _, inverse = np.unique(keys >> lm.BITS, return_inverse=True)
    total = np.bincount(inverse, weights=counts)
    gamma = np.bincount(inverse, weights=disc) / total
    p = (counts - disc) / total[inverse] + gamma[inverse] * lower
    return np.log(p)


def backoffs(
    kept: dict[int, tuple[np.ndarray, np.ndarray]], unigram: np.ndarray
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per order n >= 2: (its contexts with n-grams kept, their log back-off weights) from
    the n-grams kept (``kept``: order -> sorted keys and their log p) and the unigram log p.

    A context's back-off weight is what its kept n-grams leave of the probability, over
    what the lower order gives their words outside them: (1 - sum of P(w | context) over
    the kept w) / (1 - sum of P(w | shorter context) over the same w), the lower order's as
    the model gives it, itself backed off where pruned. Where nothing was pruned this is
    the interpolation weight itself; where something was, the pruned mass joins it."""
    out: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def final(n: int, keys: np.ndarray) -> np.ndarray:
        """log P of each n-gram of ``keys`` as the pruned model gives it."""
        if n == 1:
            return unigram[keys & mask(1)]
        stored, lp = kept[n]
        at = np.minimum(np.searchsorted(stored, keys), max(len(stored) - 1, 0))
        found = stored[at] == keys if len(stored) else np.zeros(len(keys), dtype=bool)
        result = np.empty(len(keys), dtype=np.float64)
        result[found] = lp[at[found]]
        missing = keys[~found]
        ctx, bow = out[n]
        contexts = missing >> lm.BITS
        i = np.minimum(np.searchsorted(ctx, contexts), max(len(ctx) - 1, 0))
        weight = np.where(ctx[i] == contexts, bow[i], 0.0) if len(ctx) else 0.0
        result[~found] = weight + final(n - 1, missing & mask(n - 1))
        return result

    for n in sorted(kept):
        keys, lp = kept[n]
        ctx, inverse = np.unique(keys >> lm.BITS, return_inverse=True)
        own = np.bincount(inverse, weights=np.exp(lp.astype(np.float64)), minlength=len(ctx))
        lower = np.exp(final(n - 1, keys & mask(n - 1)))
        shorter = np.bincount(inverse, weights=lower, minlength=len(ctx))
        left = np.maximum(1.0 - own, 1e-12) / np.maximum(1.0 - shorter, 1e-12)
        out[n] = (ctx, np.log(np.maximum(left, 1e-12)))
    return out


def continuation_counts(counts: Counts, order: int, keys: np.ndarray) -> np.ndarray:
    """How many distinct words precede each n-gram of ``keys`` (sorted), by the n+1-grams."""
    longer, weights = counts.type_weights(order + 1)
    suffixes, inverse = np.unique(longer & mask(order), return_inverse=True)
    if not np.array_equal(suffixes, keys):  # each n-gram ends some n+1-gram (padding)
        raise ValueError(f"{order}-grams that end no {order + 1}-gram")
    return np.bincount(inverse, weights=weights)


def estimate(
    counts: Counts,
    vocab_size: int,
    *,
    min_count: float = 2,
    min_trigram: float = 1,
    min_bigram: float = 1,
    continuation: bool = True,
) -> lm.LanguageModel:
    top = counts.order
    keys: dict[int, np.ndarray] = {}
    values: dict[int, np.ndarray] = {}
    raw: dict[int, np.ndarray] = {}
    for n in range(1, top + 1):
        keys[n], raw[n] = counts.counts(n)
        values[n] = raw[n]
        if continuation and n < top:
            values[n] = continuation_counts(counts, n, keys[n])
    uni = np.zeros(vocab_size, dtype=np.float64)
    uni[keys[1]] = values[1]
    uni += 0.5  # every word of the vocabulary gets some probability
    uni[lm.BOS] = 0
    p1 = uni / uni.sum()
    logp1 = np.log(np.maximum(p1, 1e-30)).astype(np.float32)
    logp1[lm.BOS] = -99.0

    logp: dict[int, np.ndarray] = {}
    lower = p1[keys[2] & mask(1)]
    for n in range(2, top + 1):
        logp[n] = _level(keys[n], values[n], lower)
        if n < top:
            longer = keys[n + 1] & mask(n)
            lower = np.exp(logp[n][np.searchsorted(keys[n], longer)])
    # order -> (keys, log p) kept: those seen often enough, and the context of any kept
    # n-gram of the order above (the model looks for a context only where its words are kept)
    kept: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for n in range(top, 1, -1):
        least = min_bigram if n == 2 else min_count if n == top else min_trigram
        keep = raw[n] >= least
        if n < top:
            keep |= np.isin(keys[n], kept[n + 1][0] >> lm.BITS, assume_unique=False)
        kept[n] = (keys[n][keep], logp[n][keep])
    bows = backoffs(kept, logp1.astype(np.float64))

    uni_backoff = np.zeros(vocab_size, dtype=np.float32)
    ctx2, bow2 = bows[2]
    uni_backoff[ctx2] = bow2
    k2, lp2 = kept[2]
    bigram_levels, bigram_q = lm.quantise(lp2)
    higher = []
    for n in range(3, top + 1):
        kn, lpn = kept[n]
        contexts, rows = np.unique(kn >> lm.BITS, return_inverse=True)
        ctx, bow = bows[n]
        levels, q = lm.quantise(lpn)
        backoff_levels, backoff_q = lm.quantise(bow[np.searchsorted(ctx, contexts)])
        higher.append(
            lm.Order(
                contexts=contexts.astype(np.int64),
                backoff_q=backoff_q,
                offsets=lm.offsets(rows, len(contexts)),
                words=(kn & mask(1)).astype(np.uint16),
                q=q,
                levels=levels,
                backoff_levels=backoff_levels,
            )
        )
    return lm.LanguageModel(
        unigram_logp=logp1,
        unigram_backoff=uni_backoff,
        bigram_offsets=lm.offsets(k2 >> lm.BITS, vocab_size),
        bigram_words=(k2 & mask(1)).astype(np.uint16),
        bigram_q=bigram_q,
        bigram_levels=bigram_levels,
        higher=tuple(higher),
    )
