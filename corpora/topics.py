"""Which syllables the words around a syllable speak for: the topic table, format and loading.

Stripped of its marks, "muoi" is salt, a mosquito or ten; the words a few lines around it
("sot", "truyen", "benh") tell which, where the syllables just before and after it do not.
``topics-v1.npz`` (built by ``corpora.build --only topics``) holds, for each syllable whose
letters spell more than one syllable (a *candidate*), how much likelier each other skeleton
(a *feature*: a syllable's letters without marks, "sot") is within ``window`` words of it
than within that window of its skeleton in general:

    w(c, f) = log P(f near c) - log P(f near the skeleton of c)

estimated from the language model's training text and smoothed towards the skeleton
(``ALPHA`` words of context). Only values at least ``EPS`` from 0 are stored; the most
frequent skeletons, which are near every word, are no features. Numpy's zip of arrays,
no pickles:

==========  =======  ==============================================================
array       dtype    meaning
==========  =======  ==============================================================
words       <U       the candidates (lower case, NFC, tone marks placed the new way)
features    <U       the feature skeletons
offsets     uint32   the values of feature i are rows offsets[i] : offsets[i + 1]
rows        uint16   the candidate of each value (an index into ``words``), ascending
q           uint8    the value w(c, f), an index into ``levels``
levels      float32  256 quantisation levels (``corpora.lm.quantise``)
window      int64    words on each side counted as near (a scalar)
==========  =======  ==============================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpora import CORPORA_DIR

TOPICS_FILE = "topics-v1.npz"


@dataclass(frozen=True, eq=False)
class TopicTable:
    words: tuple[str, ...]
    features: tuple[str, ...]
    offsets: np.ndarray
    rows: np.ndarray
    q: np.ndarray
    levels: np.ndarray
    window: int

    @property
    def values(self) -> int:
        return len(self.rows)


def save(table: TopicTable, path: Path) -> None:
    with open(path, "wb") as fh:
        np.savez_compressed(
            fh,
            words=np.array(table.words, dtype=str),
            features=np.array(table.features, dtype=str),
            offsets=table.offsets.astype(np.uint32),
            rows=table.rows.astype(np.uint16),
            q=table.q.astype(np.uint8),
            levels=table.levels.astype(np.float32),
            window=np.array(table.window, dtype=np.int64),
        )


def load(path: Path = CORPORA_DIR / TOPICS_FILE) -> TopicTable:
    with np.load(path, allow_pickle=False) as data:
        return TopicTable(
            words=tuple(data["words"].tolist()),
            features=tuple(data["features"].tolist()),
            offsets=data["offsets"],
            rows=data["rows"],
            q=data["q"],
            levels=data["levels"],
            window=int(data["window"]),
        )
