"""Vietnamese persons' names: how often each syllable is spelled so as family, middle or given
name ("văn" as a middle name far more often than "vân"), counted in training text.

``person-names-v1.tsv`` (built by ``corpora.build --only names``, ``corpora.build.persons``) has one line per
(position, syllable): position (``family``, ``middle``, ``given``), the syllable (lower case,
tone placed the new way) and how many names of the training text spell it there. Names are runs
of two to four capitalised syllables whose first is a family name; the family names are
found by counting (syllables that start three-syllable capitalised runs often and rarely
appear capitalised elsewhere in such runs) and listed by hand (``family-names-v1.txt``, for
those that are also common words: "lâm", "lò").
"""

from __future__ import annotations

import functools
from pathlib import Path

from corpora import CORPORA_DIR

PERSON_NAMES_FILE = "person-names-v1.tsv"
POSITIONS = ("family", "middle", "given")


@functools.cache
def load_person_names(path: Path = CORPORA_DIR / PERSON_NAMES_FILE) -> dict[str, dict[str, int]]:
    """position -> syllable -> count (loaded once)."""
    table: dict[str, dict[str, int]] = {p: {} for p in POSITIONS}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            position, syllable, count = line.rstrip("\n").split("\t")
            table[position][syllable] = int(count)
    return table
