"""Letter edits between a syllable and what an OCR engine read for it, and their costs.

Shared by the build, which learns the edit counts (``corpora.build.confusions``), and the
restorer's channel (``diacritics.channel``), which scores readings with them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from corpora.spelling import skeleton

MAX_READ = 2  # characters read for one letter
GENERIC_SHARE = 0.1  # of the probability mass given to readings by shape alone, not by data
_VOWEL_BASES = frozenset("aeiouy")


def generic(letter: str, read: str) -> float:
    """P(read | letter) by shape alone: the letter itself, its skeleton, another vowel..."""
    if not letter:
        return 0.02  # which character is read for nothing
    if read == letter:
        return 0.45
    if not read:
        return 0.01
    base = skeleton(letter)
    if read == base:
        return 0.3
    if len(read) > 1:
        return 1e-4
    other = skeleton(read)
    if other == base:
        return 0.01
    if base in _VOWEL_BASES and other in _VOWEL_BASES:
        return 0.005
    return 1e-3 if not read.isalpha() else 5e-4


def letter_cost(
    count: float, total: float, letter: str, read: str, *, inserted: float = 1.0
) -> float:
    """-log P(read | letter) mixing the learned counts with ``generic``; for a character read
    for nothing (letter ""), times ``inserted``, the chance of that happening at all."""
    learned = count / (total + 2.0)
    p = (1 - GENERIC_SHARE) * learned + GENERIC_SHARE * generic(letter, read)
    return -math.log(p * (inserted if not letter else 1.0))


Edit = tuple[str, str]  # (letter or "" for a character read for nothing, what was read or "")


def align(word: str, read: str, cost: Callable[[str, str], float]) -> tuple[float, list[Edit]]:
    """The cheapest edits turning the letters of ``word`` into ``read``, and their cost."""
    n, m = len(word), len(read)
    inf = math.inf
    total = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    total[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = total[i][j]
            if here == inf:
                continue
            if j < m:  # a character read for nothing
                c = here + cost("", read[j])
                if c < total[i][j + 1]:
                    total[i][j + 1], back[i][j + 1] = c, (i, j)
            if i < n:
                for k in range(min(MAX_READ, m - j) + 1):
                    c = here + cost(word[i], read[j : j + k])
                    if c < total[i + 1][j + k]:
                        total[i + 1][j + k], back[i + 1][j + k] = c, (i, j)
    edits: list[Edit] = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        edits.append((word[pi:i], read[pj:j]))
        i, j = pi, pj
    edits.reverse()
    return total[n][m], edits
