"""The OCR channel: how likely a token read by an engine without Vietnamese is, per syllable.

P(read | syllable) is the product over the syllable's letters of P(what was read | letter),
with characters read for nothing in between; the letter probabilities are learned by the build
(``corpora/ocr-eng-chars-v1.tsv``, see ``corpora.confusions``). Candidate syllables for a token
come from a best-first search over ways to read it back, letter by letter, into a skeleton
("nhitng" -> "nhung"), pruned to the skeletons of the lexicon; each syllable of a skeleton
found is then scored exactly. Whole words seen read one way (``ocr-eng-words-v1.tsv``) are
always candidates too.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from corpora import CORPORA_DIR
from diacritics.normalize import skeleton

CHARS_FILE = CORPORA_DIR / "ocr-eng-chars-v1.tsv"
WORDS_FILE = CORPORA_DIR / "ocr-eng-words-v1.tsv"
MAX_READ = 2  # characters read for one letter
MAX_COST = 16.0  # -log P beyond which a reading is not considered
MARGIN = 9.0  # candidates further than this behind the best are dropped
MAX_EXPANSIONS = 4000
REVERSE_LIMIT = 9.0  # readings dearer than this are not searched for
DROP_LIMIT = 7.0


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


@dataclass(frozen=True, slots=True, eq=False)
class Channel:
    counts: dict[tuple[str, str], float]
    totals: dict[str, float]
    inserted: float  # chance that a character is read for nothing, per letter
    # read segment -> (skeleton letter, cheapest cost of any letter with that skeleton)
    reverse: dict[str, tuple[tuple[str, float], ...]]
    dropped: tuple[tuple[str, float], ...]  # skeleton letters that may be read as nothing
    words: dict[str, tuple[str, ...]]  # token read -> syllables it was seen for
    _costs: dict[tuple[str, str], float] = field(default_factory=dict)

    @classmethod
    def from_counts(
        cls, counts: dict[tuple[str, str], float], words: dict[str, tuple[str, ...]] | None = None
    ) -> Channel:
        totals: dict[str, float] = {}
        for (letter, _), n in counts.items():
            totals[letter] = totals.get(letter, 0.0) + n
        letters = sum(n for k, n in totals.items() if k)
        inserted = (totals.get("", 0.0) + 1.0) / (letters + 100.0)
        channel = cls(counts, totals, inserted, {}, (), words or {})
        reads = {r for _, r in counts if r} | set("abcdefghijklmnopqrstuvwxyz0123456789")
        reverse: dict[str, dict[str, float]] = {}
        dropped: dict[str, float] = {}
        for letter in (k for k in totals if k):
            base = skeleton(letter)
            for read in reads | {letter, base}:
                if len(read) > 1 and (letter, read) not in counts:
                    continue
                c = channel.cost(letter, read)
                if c < REVERSE_LIMIT:
                    slot = reverse.setdefault(read, {})
                    slot[base] = min(slot.get(base, math.inf), c)
            c = channel.cost(letter, "")
            if c < DROP_LIMIT:
                dropped[base] = min(dropped.get(base, math.inf), c)
        channel.reverse.update(
            {r: tuple(sorted(v.items(), key=lambda kv: kv[1])) for r, v in reverse.items()}
        )
        return dataclasses.replace(
            channel, dropped=tuple(sorted(dropped.items(), key=lambda kv: kv[1]))
        )

    def cost(self, letter: str, read: str) -> float:
        """-log P(read | letter); letter "" is a character read for nothing."""
        key = (letter, read)
        got = self._costs.get(key)
        if got is None:
            got = letter_cost(
                self.counts.get(key, 0.0),
                self.totals.get(letter, 0.0),
                letter,
                read,
                inserted=self.inserted,
            )
            self._costs[key] = got
        return got

    def word_cost(self, word: str, segments: tuple[str, ...], inserted: float) -> float:
        """-log P(token | word) for one way of reading the token letter by letter."""
        return inserted + sum(
            self.cost(letter, read) for letter, read in zip(word, segments, strict=True)
        )

    def best_cost(self, word: str, read: str) -> float:
        """-log P(read | word) along the cheapest alignment."""
        return align(word, read, self.cost)[0]

    def readings(
        self, token: str, keys: frozenset[str], prefixes: frozenset[str]
    ) -> list[tuple[str, tuple[str, ...], float]]:
        """(skeleton, read segment per letter, cost of characters read for nothing) for the
        ways to read ``token`` (lower case) as a skeleton in ``keys``, cheapest first."""
        heap: list[tuple[float, int, str, tuple[str, ...], float, bool]] = [
            (0.0, 0, "", (), 0.0, False)
        ]
        out: list[tuple[str, tuple[str, ...], float]] = []
        best = math.inf
        n = len(token)
        expansions = 0
        while heap and expansions < MAX_EXPANSIONS:
            bound, j, key, segs, inserted, dropped = heapq.heappop(heap)
            if bound > best + MARGIN:
                break
            expansions += 1
            if j == n and key in keys:
                out.append((key, segs, inserted))
                best = min(best, bound)
            for size in range(1, MAX_READ + 1) if j < n else ():
                if j + size > n:
                    break
                read = token[j : j + size]
                for letter, c in self.reverse.get(read, ()):
                    nkey = key + letter
                    if nkey in prefixes and bound + c < MAX_COST:
                        heapq.heappush(
                            heap, (bound + c, j + size, nkey, (*segs, read), inserted, dropped)
                        )
            if j < n:  # a character read for nothing
                c = self.cost("", token[j])
                if bound + c < MAX_COST:
                    heapq.heappush(heap, (bound + c, j + 1, key, segs, inserted + c, dropped))
            if not dropped:  # one letter read as nothing
                for letter, c in self.dropped:
                    nkey = key + letter
                    if nkey in prefixes and bound + c < MAX_COST:
                        heapq.heappush(heap, (bound + c, j, nkey, (*segs, ""), inserted, True))
        return out


@functools.cache
def load_channel() -> Channel:
    counts: dict[tuple[str, str], float] = {}
    with open(CHARS_FILE, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                letter, read, count = line.rstrip("\n").split("\t")[:3]
                counts[(letter, read)] = counts.get((letter, read), 0.0) + float(count)
    words: dict[str, list[str]] = {}
    with open(WORDS_FILE, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                read, word, _ = line.rstrip("\n").split("\t")
                words.setdefault(read, []).append(word)
    return Channel.from_counts(counts, {r: tuple(w) for r, w in words.items()})
