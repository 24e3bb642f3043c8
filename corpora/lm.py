"""The syllable n-gram language model (4-gram): file format, loading and saving.

``syllables-v3.tsv`` is the vocabulary: line i (after the ``#`` header) is word id i; ids 0..3
are the special tokens ``<s>``, ``</s>``, ``<unk>`` and ``<num>``. Each line holds the word
(lower case, NFC, tone marks placed "new" style: hòa, thủy), its count in the training text,
and the lexicons it comes from (empty for frequent tokens that are not syllables, such as
"ubnd", kept as context only).

``lm-v3.npz`` (numpy's zip of ``.npy`` arrays; no pickles) is a back-off model of interpolated
modified Kneser-Ney estimates (three discounts per order, see ``corpora.build.estimate``),
natural logarithms. N-grams are grouped by context, so the restorer can read one context's
continuations at a time; a context of k words is one integer key, its word ids packed 16 bits
each, oldest first (``pack``):

=======================  =======  =========================================================
array                    dtype    meaning
=======================  =======  =========================================================
unigram_logp             float32  log P(w), by word id
unigram_backoff          float32  log back-off weight of the context (w)
bigram_offsets           uint32   bigrams (a, .) are rows bigram_offsets[a] : [a+1]
bigram_words             uint16   b of each bigram, ascending within its a
bigram_q                 uint8    log P(b | a), an index into ``bigram_levels``
o{n}_contexts            int64    for n = 3, 4: sorted keys of the contexts of stored n-grams
o{n}_backoff_q           uint8    log back-off weight of each context, into its levels
o{n}_offsets             uint32   n-grams of context i are rows offsets[i] : offsets[i+1]
o{n}_words               uint16   last word of each n-gram, ascending within its context
o{n}_q                   uint8    log P(w | context), an index into ``o{n}_levels``
*levels                  float32  256 quantisation levels each (``quantise``)
=======================  =======  =========================================================

log P(w | h) is the n-gram's value if stored, else back-off(h) + log P(w | h less its oldest
word) (a context without stored n-grams backs off with weight 1), down to log P(w).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from corpora import CORPORA_DIR

LM_FILE = "lm-v3.npz"
VOCAB_FILE = "syllables-v3.tsv"
SPECIALS = ("<s>", "</s>", "<unk>", "<num>")
BOS, EOS, UNK, NUM = range(4)
BITS = 16
MAX_VOCAB = 1 << (BITS - 1)  # four ids packed in a signed 64-bit key
ORDER = 4


def pack(*ids: np.ndarray) -> np.ndarray:
    """One integer key per n-gram of word-id arrays: a << 32 | b << 16 | c."""
    key = np.zeros_like(ids[0])
    for i in ids:
        key = (key << BITS) | i
    return key


@dataclass(frozen=True, eq=False)
class Order:
    """The stored n-grams of one order above two, grouped by their context."""

    contexts: np.ndarray
    backoff_q: np.ndarray
    offsets: np.ndarray
    words: np.ndarray
    q: np.ndarray
    levels: np.ndarray
    backoff_levels: np.ndarray


@dataclass(frozen=True, eq=False)
class LanguageModel:
    unigram_logp: np.ndarray
    unigram_backoff: np.ndarray
    bigram_offsets: np.ndarray
    bigram_words: np.ndarray
    bigram_q: np.ndarray
    bigram_levels: np.ndarray
    higher: tuple[Order, ...]  # orders 3, 4, ...

    @property
    def order(self) -> int:
        return 2 + len(self.higher)

    @property
    def ngrams(self) -> int:
        return len(self.bigram_words) + sum(len(o.words) for o in self.higher)


_LOWER = ("unigram_logp", "unigram_backoff", "bigram_offsets", "bigram_words", "bigram_q")


def offsets(groups: np.ndarray, count: int) -> np.ndarray:
    """Row offsets of ``count`` consecutive groups in the sorted group number of each row."""
    return np.searchsorted(groups, np.arange(count + 1)).astype(np.uint32)


def save(model: LanguageModel, path: Path) -> None:
    arrays = {name: getattr(model, name) for name in (*_LOWER, "bigram_levels")}
    for n, order in enumerate(model.higher, start=3):
        arrays |= {f"o{n}_{f.name}": getattr(order, f.name) for f in fields(Order)}
    with open(path, "wb") as fh:  # np.savez_compressed on a file handle: no stray suffix
        np.savez_compressed(fh, **arrays)


def load(path: Path = CORPORA_DIR / LM_FILE) -> LanguageModel:
    with np.load(path, allow_pickle=False) as data:
        higher = []
        n = 3
        while f"o{n}_contexts" in data.files:
            higher.append(Order(**{f.name: data[f"o{n}_{f.name}"] for f in fields(Order)}))
            n += 1
        return LanguageModel(
            **{name: data[name] for name in (*_LOWER, "bigram_levels")}, higher=tuple(higher)
        )


@dataclass(frozen=True, slots=True)
class Entry:
    word: str
    count: int
    sources: str  # lexicons, comma-separated


def load_vocabulary(path: Path = CORPORA_DIR / VOCAB_FILE) -> list[Entry]:
    """The vocabulary's entries by word id."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("# "):
                word, count, sources = line.rstrip("\n").split("\t")
                out.append(Entry(word, int(count), sources))
    return out


def quantise(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(256 levels, uint8 index of the nearest level per value): half the levels sit at the
    values' quantiles (precision where values are dense), half evenly over their range (no
    value far from a level)."""
    dense = np.quantile(values, (np.arange(128) + 0.5) / 128)
    even = np.linspace(values.min(), values.max(), 128)
    levels = np.sort(np.concatenate([dense, even])).astype(np.float32)
    edges = (levels[1:] + levels[:-1]) / 2
    return levels, np.searchsorted(edges, values).astype(np.uint8)
