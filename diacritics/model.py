"""The restorer's data: syllable lexicon by skeleton, syllable trigram model, confusions.

Loaded once from corpora/ (built by scripts/build_corpora.py) through ``load_model``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from diacritics.normalize import strip_marks

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
BOS, UNK, NUM = 0, 1, 2
BACKOFF = math.log(0.4)


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    vocab: tuple[str, ...]
    ids: dict[str, int]
    unigram: tuple[float, ...]
    bigram: dict[int, float]
    trigram: dict[int, float]
    by_skeleton: dict[str, tuple[str, ...]]  # 'duong' -> ('đường', 'dương', ...) most common first

    def logp(self, a: int, b: int, c: int) -> float:
        """log P(c | a b), stupid backoff over trigram, bigram, unigram."""
        score = self.trigram.get((a << 40) | (b << 20) | c)
        if score is not None:
            return score
        score = self.bigram.get((b << 20) | c)
        if score is not None:
            return BACKOFF + score
        return 2 * BACKOFF + self.unigram[c]

    def is_known(self, syllable: str) -> bool:
        return syllable in self.ids


@functools.cache
def load_model(path: Path = CORPORA / "lm-v1.npz") -> Model:
    with np.load(path) as data:
        vocab = tuple(str(w) for w in data["vocab"])
        unigram = tuple(float(x) for x in data["unigram"])
        bigram = dict(zip(data["bigram_keys"].tolist(), data["bigram_logp"].tolist(), strict=True))
        trigram = dict(
            zip(data["trigram_keys"].tolist(), data["trigram_logp"].tolist(), strict=True)
        )
    ids = {w: i for i, w in enumerate(vocab)}
    groups: dict[str, list[str]] = {}
    for word in sorted(vocab[3:], key=lambda w: -unigram[ids[w]]):
        groups.setdefault(strip_marks(word), []).append(word)
    by_skeleton = {k: tuple(v) for k, v in groups.items()}
    return Model(vocab, ids, unigram, bigram, trigram, by_skeleton)
