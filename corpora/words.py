"""Words of more than one syllable ("liên quan", "công tác", "cải cách hành chính").

``words-v1.tsv`` (built by ``corpora.build --only words``) has one word per line, lower case,
tone marks placed the new way, syllables separated by spaces: the lower-case entries of two
to four syllables of underthesea's Viet74K word list whose syllables are all well formed.
The restorer favours candidates that make words with their neighbours (``diacritics.words``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from corpora import CORPORA_DIR

WORDS_FILE = "words-v1.tsv"


@functools.cache
def load_words(path: Path = CORPORA_DIR / WORDS_FILE) -> tuple[str, ...]:
    """The words, in file order (loaded once)."""
    with open(path, encoding="utf-8") as fh:
        return tuple(line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#"))
