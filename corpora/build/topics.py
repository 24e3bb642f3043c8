"""Count which skeletons occur near each candidate syllable and write ``topics-v1.npz``
(format: ``corpora.topics``)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from corpora import lm
from corpora.spelling import skeleton
from corpora.topics import TopicTable

WINDOW = 50  # words on each side
STOP = 100  # the most frequent skeletons are no features
ALPHA = 3000.0  # words of context the skeleton's own distribution counts for
EPS = 0.3  # values nearer 0 are not stored


def build_topics(
    texts: Iterable[list[int]],
    words: list[str],
    syllables: set[int],
    *,
    window: int = WINDOW,
    stop: int = STOP,
    alpha: float = ALPHA,
    eps: float = EPS,
) -> TopicTable:
    """The table from documents given as lists of word ids (of ``words``, the vocabulary);
    ``syllables``: the ids that are syllables of the lexicon (other tokens are no candidates
    and no features)."""
    by_letters: dict[str, list[int]] = {}
    for i in sorted(syllables):
        by_letters.setdefault(skeleton(words[i]), []).append(i)
    letters = sorted(by_letters)
    letter_of = np.full(len(words), -1, dtype=np.int64)
    for k, key in enumerate(letters):
        letter_of[by_letters[key]] = k
    ambiguous = np.zeros(len(words), dtype=bool)
    for ids in by_letters.values():
        if len(ids) > 1:
            ambiguous[ids] = True
    stream = _stream(texts, window)
    known = stream >= 0
    letter = np.where(known, letter_of[np.maximum(stream, 0)], -1)
    frequency = np.bincount(letter[letter >= 0], minlength=len(letters))
    stopped = np.argsort(-frequency, kind="stable")[:stop]
    feature_of = np.full(len(letters), -1, dtype=np.int64)
    kept = np.setdiff1d(np.arange(len(letters)), stopped)
    feature_of[kept] = np.arange(len(kept))
    feature = np.where(letter >= 0, feature_of[np.maximum(letter, 0)], -1)
    target = np.where(known & ambiguous[np.maximum(stream, 0)], stream, -1)
    counts = _cooccurrences(target, feature, letter, len(words), len(kept), window)
    own = np.where(letter_of >= 0, feature_of[np.maximum(letter_of, 0)], -1)
    rows, columns, values = _weights(counts, letter_of, own, kept.size, alpha, eps)
    levels, q = lm.quantise(values)
    order = np.lexsort((rows, columns))
    used = np.unique(rows)  # candidates with a stored value, renumbered
    renumber = np.full(len(words), -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    return TopicTable(
        words=tuple(words[i] for i in used.tolist()),
        features=tuple(letters[i] for i in kept.tolist()),
        offsets=lm.offsets(columns[order], len(kept)),
        rows=renumber[rows[order]],
        q=q[order],
        levels=levels,
        window=window,
    )


def _stream(texts: Iterable[list[int]], window: int) -> np.ndarray:
    """All documents in one array, a window's gap (-1) after each: no window spans two."""
    parts: list[np.ndarray] = []
    gap = np.full(window, -1, dtype=np.int64)
    for ids in texts:
        parts += [np.asarray(ids, dtype=np.int64), gap]
    return np.concatenate(parts) if parts else gap


def _cooccurrences(
    target: np.ndarray,
    feature: np.ndarray,
    letter: np.ndarray,
    n_words: int,
    n_features: int,
    window: int,
) -> np.ndarray:
    """counts[c, f]: how often feature f is within ``window`` words of candidate c, but for
    the candidate's own skeleton (its letters again are no evidence for one spelling)."""
    counts = np.zeros(n_words * n_features, dtype=np.int64)
    for d in range(1, window + 1):
        for a, b, same in (
            (target[:-d], feature[d:], letter[:-d] == letter[d:]),
            (target[d:], feature[:-d], letter[d:] == letter[:-d]),
        ):
            ok = (a >= 0) & (b >= 0) & ~same
            counts += np.bincount(a[ok] * n_features + b[ok], minlength=counts.size)
    return counts.reshape(n_words, n_features)


def _weights(
    counts: np.ndarray,
    letter_of: np.ndarray,
    own: np.ndarray,
    n_features: int,
    alpha: float,
    eps: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(candidate, feature, w) of the values at least ``eps`` from 0, smoothed towards the
    skeleton by ``alpha`` words of context; none for a candidate's ``own`` skeleton."""
    by_letter = np.zeros((int(letter_of.max()) + 1, n_features))
    candidates = np.nonzero(counts.sum(axis=1))[0]
    np.add.at(by_letter, letter_of[candidates], counts[candidates])
    overall = counts.sum(axis=0) + 1.0
    overall /= overall.sum()
    # P(f near the skeleton), smoothed by one word of the overall distribution
    near_letter = (by_letter + overall) / (by_letter.sum(axis=1, keepdims=True) + 1.0)
    rows, columns, values = [], [], []
    for c in candidates.tolist():
        base = near_letter[letter_of[c]]
        row = counts[c]
        w = np.log((row + alpha * base) / (row.sum() + alpha)) - np.log(base)
        if own[c] >= 0:
            w[own[c]] = 0.0
        keep = np.nonzero(np.abs(w) >= eps)[0]
        rows.append(np.full(len(keep), c, dtype=np.int64))
        columns.append(keep)
        values.append(w[keep])
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(rows), np.concatenate(columns), np.concatenate(values)
