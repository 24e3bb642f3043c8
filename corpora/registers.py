"""How often each word of the vocabulary is used in administrative and in general text.

``registers-v1.tsv`` (built by ``corpora.build --only registers``) has one line per word of
``syllables-v3.tsv`` seen in either: the word, its count in administrative training text
(Decree 30/2020 less its held-out parts, ``admin-phrases-v1.txt``, ``admin-texts-v1.txt``)
and its count in general training text (Wikipedia less its held-out articles, UD
Vietnamese-VTB, ``general-texts-v1.txt`` less its held-out articles). The restorer weighs its
language model towards the register of the text it restores (``diacritics.register``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from corpora import CORPORA_DIR

REGISTERS_FILE = "registers-v1.tsv"
# how much more an administrative training text counts than a general one in the language
# model (``corpora.build``), which the restorer needs to undo that mix
IN_DOMAIN_WEIGHT = 10.0


@functools.cache
def load_registers(path: Path = CORPORA_DIR / REGISTERS_FILE) -> dict[str, tuple[int, int]]:
    """word -> (count in administrative text, count in general text) (loaded once)."""
    out: dict[str, tuple[int, int]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            word, admin, general = line.rstrip("\n").split("\t")
            out[word] = (int(admin), int(general))
    return out
