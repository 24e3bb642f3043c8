"""The syllable trigram language model: file format, loading and saving.

``syllables-v2.tsv`` is the vocabulary: line i (after the ``#`` header) is word id i; ids 0..3
are the special tokens ``<s>``, ``</s>``, ``<unk>`` and ``<num>``. Each line holds the word
(lower case, NFC, tone marks placed "new" style: hòa, thủy), its count in the training text,
and the lexicons it comes from (empty for frequent tokens that are not syllables, such as
"ubnd", kept as context only).

``lm-v2.npz`` (numpy's zip of ``.npy`` arrays; no pickles) is a back-off trigram model with
interpolated Kneser-Ney-style estimates (see ``corpora.build.estimate``), natural logarithms. N-grams
are grouped by context, so the restorer can read one context's continuations at a time:

====================  =======  ============================================================
array                 dtype    meaning
====================  =======  ============================================================
unigram_logp          float32  log P(w), by word id
unigram_backoff       float32  log back-off weight of the context (w)
bigram_offsets        uint32   bigrams (a, .) are rows bigram_offsets[a] : bigram_offsets[a+1]
bigram_words          uint16   b of each bigram, ascending within its a
bigram_q              uint8    log P(b | a), an index into ``bigram_levels``
trigram_contexts      int64    sorted keys ``a << 16 | b`` of the contexts of stored trigrams
trigram_backoff_q     uint8    log back-off weight of each context, into ``backoff_levels``
trigram_offsets       uint32   trigrams of context i are rows offsets[i] : offsets[i+1]
trigram_words         uint16   c of each trigram, ascending within its context
trigram_q             uint8    log P(c | a, b), an index into ``trigram_levels``
*_levels              float32  256 quantisation levels each (``quantise``)
====================  =======  ============================================================

log P(c | a, b) is the trigram's value if stored, else back-off(a, b) + log P(c | b) (a
context without stored trigrams backs off with weight 1); log P(c | b) is the bigram's value
if stored, else back-off(b) + log P(c).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from corpora import CORPORA_DIR

LM_FILE = "lm-v2.npz"
VOCAB_FILE = "syllables-v2.tsv"
SPECIALS = ("<s>", "</s>", "<unk>", "<num>")
BOS, EOS, UNK, NUM = range(4)
BITS = 16
MAX_VOCAB = 1 << BITS


def pack(*ids: np.ndarray) -> np.ndarray:
    """One integer key per n-gram of word-id arrays: a << 32 | b << 16 | c."""
    key = np.zeros_like(ids[0])
    for i in ids:
        key = (key << BITS) | i
    return key


@dataclass(frozen=True, eq=False)
class LanguageModel:
    unigram_logp: np.ndarray
    unigram_backoff: np.ndarray
    bigram_offsets: np.ndarray
    bigram_words: np.ndarray
    bigram_q: np.ndarray
    trigram_contexts: np.ndarray
    trigram_backoff_q: np.ndarray
    trigram_offsets: np.ndarray
    trigram_words: np.ndarray
    trigram_q: np.ndarray
    bigram_levels: np.ndarray
    trigram_levels: np.ndarray
    backoff_levels: np.ndarray

    @property
    def ngrams(self) -> int:
        return len(self.bigram_words) + len(self.trigram_words)


def offsets(groups: np.ndarray, count: int) -> np.ndarray:
    """Row offsets of ``count`` consecutive groups in the sorted group number of each row."""
    return np.searchsorted(groups, np.arange(count + 1)).astype(np.uint32)


def save(model: LanguageModel, path: Path) -> None:
    arrays = {f.name: getattr(model, f.name) for f in fields(model)}
    with open(path, "wb") as fh:  # np.savez_compressed on a file handle: no stray suffix
        np.savez_compressed(fh, **arrays)


def load(path: Path = CORPORA_DIR / LM_FILE) -> LanguageModel:
    with np.load(path, allow_pickle=False) as data:
        return LanguageModel(**{f.name: data[f.name] for f in fields(LanguageModel)})


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
