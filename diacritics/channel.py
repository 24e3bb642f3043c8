"""The OCR channel: how likely a token read by an engine without Vietnamese is, per syllable
(learned from English mostly, and other Latin-script models: "cäc", "nhi&m", "lićn").

P(read | syllable) is the product over the syllable's letters of P(what was read | letter),
with characters read for nothing in between; the letter probabilities are learned by the build
(``corpora/ocr-eng-chars-v1.tsv``, see ``corpora.build.confusions``). Candidate syllables for a token
come from an A* search over ways to read it back, letter by letter, into a skeleton
("nhitng" -> "nhung"), pruned to the prefixes of the lexicon's skeletons (and of the skeletons
less the one letter that may have been read as nothing); each syllable of a skeleton found is
then scored exactly. Whole words seen read one way (``ocr-eng-words-v1.tsv``) are
always candidates too; one seen at least ``WORD_MIN`` times has a cost of its own, the share
of that word's readings it was, which the candidates use where it is far below the letters'
("thực" read "thu": the hook and the last letter lost together, as the letters alone rarely
are).
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import math
from dataclasses import dataclass, field

import cython

from corpora import CORPORA_DIR
from corpora.edits import MAX_READ, align, letter_cost
from diacritics.normalize import skeleton

CHARS_FILE = CORPORA_DIR / "ocr-eng-chars-v1.tsv"
WORDS_FILE = CORPORA_DIR / "ocr-eng-words-v1.tsv"
MAX_COST = 16.0  # -log P beyond which a reading is not considered
MARGIN = 7.0  # readings further than this behind the best are not searched for
MAX_EXPANSIONS = 4000
REVERSE_LIMIT = 9.0  # readings dearer than this are not searched for
DROP_LIMIT = 7.0
WORD_MIN = 5  # times a whole word was seen read one way before that way has a cost of its own
WORD_SMOOTHING = 10.0  # readings of a word not in the table, added to those that are


# the segments read so far, one per letter, as a chain: (the segments before, the last), or ()
# for none (a partial reading adds one without copying the others; chains of as many
# segments compare as the tuples of their segments do)
_Chain = tuple["_Chain", str] | tuple[()]
# a partial reading: (cost + least cost of the rest, cost, characters read, skeleton letters
# read back, segment per letter, cost of the characters read for nothing, done)
_Partial = tuple[float, float, int, str, _Chain, float, bool]
_NO_STEPS: dict[str, tuple[str, bool]] = {}


@dataclass(frozen=True, slots=True, eq=False)
class Skeletons:
    """The skeletons a token may be read as, indexed for the search of ``Channel.readings``."""

    keys: frozenset[str]
    # each prefix of the keys and of the keys less one letter -> for each letter that it goes
    # on with: (the longer prefix, whether that is a prefix of the keys themselves)
    steps: dict[str, dict[str, tuple[str, bool]]]
    deleted: dict[str, tuple[tuple[str, int, float], ...]]  # key less one letter -> (key,
    # position of that letter, -log P of it read as nothing)


@dataclass(frozen=True, slots=True, eq=False)
class Channel:
    counts: dict[tuple[str, str], float]
    totals: dict[str, float]
    inserted: float  # chance that a character is read for nothing, per letter
    # read segment -> (skeleton letter, cheapest cost of any letter with that skeleton)
    reverse: dict[str, tuple[tuple[str, float], ...]]
    dropped: tuple[tuple[str, float], ...]  # skeleton letters that may be read as nothing
    words: dict[str, tuple[str, ...]]  # token read -> syllables it was seen for
    # (token read, syllable) -> -log P(token | syllable) as whole words were seen read
    word_costs: dict[tuple[str, str], float] = field(default_factory=dict)
    # the letters' costs worked out so far: letter -> read segment -> cost; and for each word
    # scored so far, its letters' tables in its order (a word's cost is then found without a
    # string or a tuple made per letter)
    _by_letter: dict[str, dict[str, float]] = field(default_factory=dict)
    _spelled: dict[str, tuple[dict[str, float], ...]] = field(default_factory=dict)

    @classmethod
    def from_counts(
        cls,
        counts: dict[tuple[str, str], float],
        words: dict[str, tuple[str, ...]] | None = None,
        word_costs: dict[tuple[str, str], float] | None = None,
    ) -> Channel:
        totals: dict[str, float] = {}
        for (letter, _), n in counts.items():
            totals[letter] = totals.get(letter, 0.0) + n
        letters = sum(n for k, n in totals.items() if k)
        inserted = (totals.get("", 0.0) + 1.0) / (letters + 100.0)
        channel = cls(counts, totals, inserted, {}, (), words or {}, word_costs or {})
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
        table = self._by_letter.get(letter)
        if table is None:
            table = self._by_letter[letter] = {}
        got = table.get(read)
        if got is None:
            got = table[read] = letter_cost(
                self.counts.get((letter, read), 0.0),
                self.totals.get(letter, 0.0),
                letter,
                read,
                inserted=self.inserted,
            )
        return got

    @cython.locals(
        total=cython.double, got=cython.double, k=cython.Py_ssize_t, tables=tuple, table=dict
    )
    def word_cost(self, word: str, segments: tuple[str, ...], inserted: float) -> float:
        """-log P(token | word) for one way of reading the token letter by letter."""
        if len(word) != len(segments):
            raise ValueError(f"{len(segments)} segments for the {len(word)} letters of {word!r}")
        tables = self._spelled.get(word)
        if tables is None:
            tables = self._letter_tables(word)
        total = 0.0
        for k in range(len(tables)):
            table = tables[k]
            seg = segments[k]
            found = table.get(seg)
            if found is None:
                found = self.cost(word[k], seg)  # (which keeps it in the table)
            got = found
            total += got
        return inserted + total

    def _letter_tables(self, word: str) -> tuple[dict[str, float], ...]:
        """The cost tables of the letters of ``word``, in its order (kept for the word)."""
        tables = tuple(self._by_letter.setdefault(letter, {}) for letter in word)
        self._spelled[word] = tables
        return tables

    def best_cost(self, word: str, read: str) -> float:
        """-log P(read | word) along the cheapest alignment."""
        return align(word, read, self.cost)[0]

    def index(self, keys: frozenset[str]) -> Skeletons:
        """The skeletons ``keys`` indexed for ``readings``."""
        drop = dict(self.dropped)
        deleted: dict[str, list[tuple[str, int, float]]] = {}
        for key in keys:
            for pos, letter in enumerate(key):
                if letter in drop:
                    deleted.setdefault(key[:pos] + key[pos + 1 :], []).append(
                        (key, pos, drop[letter])
                    )
        prefixes = {k[:n] for k in keys for n in range(len(k) + 1)}
        reach = prefixes | {k[:n] for k in deleted for n in range(len(k) + 1)}
        steps: dict[str, dict[str, tuple[str, bool]]] = {p: {} for p in reach}
        for longer in reach:
            if longer:  # (every prefix of a prefix is one)
                steps[longer[:-1]][longer[-1]] = (longer, longer in prefixes)
        return Skeletons(keys, steps, {k: tuple(v) for k, v in deleted.items()})

    @cython.locals(
        bound=cython.double,
        cost=cython.double,
        inserted=cython.double,
        c=cython.double,
        f=cython.double,
        after=cython.double,
        limit=cython.double,
        min_drop=cython.double,
        j=cython.Py_ssize_t,
        n=cython.Py_ssize_t,
        size=cython.Py_ssize_t,
        expansions=cython.int,
        done=cython.bint,
        heap=list,
        out=list,
        rest=list,
        reverse=dict,
        deleted=dict,
        starts=list,
        nothing=list,
        read=str,
        longer=str,
        prefix=cython.bint,
        segs=tuple,
        lost=tuple,
        steps=dict,
        step=dict,
    )
    def readings(
        self, token: str, index: Skeletons
    ) -> list[tuple[str, tuple[str, ...], float, float]]:
        """(skeleton, read segment per letter, cost of characters read for nothing, cost) for
        the ways to read ``token`` (lower case) as a skeleton of ``index``, cheapest first; one
        letter may have been read as nothing ("" for its segment). The cost is the least any
        syllable of the skeleton read that way can cost.

        A* search over the strings read back so far: a partial reading is ranked by its cost
        plus the least the rest of the token can cost (``_rest_costs``). It grows by a letter
        read as the next one or two characters, or by the next character read for nothing; at
        the end of the token, into the skeletons with one more letter, read as nothing (done).
        A reading that is no prefix of a skeleton must still lose a letter, which costs at
        least the cheapest drop. (Written out as one loop, typed where the module is
        compiled.)"""
        n = len(token)
        out: list[tuple[str, tuple[str, ...], float, float]] = []
        limit = MAX_COST
        expansions = 0
        reverse, deleted = self.reverse, index.deleted
        keys, steps = index.keys, index.steps
        min_drop = self.dropped[0][1] if self.dropped else 0.0
        push, pop = heapq.heappush, heapq.heappop
        # per position of the token: each segment that may start there, with the letters it
        # may be read back as; and the cost of its character read for nothing
        starts = [
            [
                (token[j : j + size], size, reverse.get(token[j : j + size], ()))
                for size in range(1, min(MAX_READ, n - j) + 1)
            ]
            for j in range(n)
        ]
        nothing = [self.cost("", token[j]) for j in range(n)]
        rest = _rest_costs(starts, nothing)
        heap: list[_Partial] = [(rest[0], 0.0, 0, "", (), 0.0, False)]
        while heap and expansions < MAX_EXPANSIONS:
            bound, cost, j, read, chain, inserted, done = pop(heap)
            if bound > limit:
                break
            expansions += 1
            if done or (j == n and read in keys):
                out.append((read, _segments(chain), inserted, cost))
                limit = min(limit, bound + MARGIN)
            if done:
                continue
            if j == n:
                for key, pos, drop in deleted.get(read, ()):
                    f = cost + drop
                    if f < limit:
                        segs = _segments(chain)
                        lost = _chain((*segs[:pos], "", *segs[pos:]))
                        push(heap, (f, f, j, key, lost, inserted, True))
                continue
            step = steps.get(read, _NO_STEPS)
            for seg, size, letters in starts[j]:
                after = rest[j + size]
                for letter, c in letters:  # the cheapest first
                    if cost + c + after >= limit:
                        break  # this reading and all dearer ones would be over the limit
                    got = step.get(letter)
                    if got is not None:
                        longer, prefix = got
                        f = cost + c + after + (0.0 if prefix else min_drop)
                        if f < limit:
                            push(
                                heap, (f, cost + c, j + size, longer, (chain, seg), inserted, False)
                            )
            c = nothing[j]  # a character read for nothing
            f = bound - rest[j] + c + rest[j + 1]
            if f < limit:
                push(heap, (f, cost + c, j + 1, read, chain, inserted + c, False))
        return out


@cython.locals(
    best=cython.double,
    c=cython.double,
    j=cython.Py_ssize_t,
    size=cython.Py_ssize_t,
    rest=list,
    starts=list,
    nothing=list,
)
def _rest_costs(
    starts: list[list[tuple[str, int, tuple[tuple[str, float], ...]]]], nothing: list[float]
) -> list[float]:
    """For each position j of a token, the least cost of reading the rest of it back: each
    segment at the cost of the cheapest letter read as it, or as read for nothing (per
    position: ``starts``, the segments that start there, and ``nothing``, the cost of its
    character read for nothing, as ``Channel.readings`` has them)."""
    n = len(nothing)
    rest = [0.0] * (n + 1)
    for j in range(n - 1, -1, -1):
        best = nothing[j] + rest[j + 1]
        for _, size, letters in starts[j]:
            if letters:
                c = letters[0][1] + rest[j + size]
                best = min(best, c)
        rest[j] = best
    return rest


def _segments(chain: _Chain) -> tuple[str, ...]:
    """The segments of ``chain``, first to last."""
    out = []
    while chain:
        chain, seg = chain
        out.append(seg)
    out.reverse()
    return tuple(out)


def _chain(segments: tuple[str, ...]) -> _Chain:
    """``segments`` as a chain."""
    chain: _Chain = ()
    for seg in segments:
        chain = (chain, seg)
    return chain


@functools.cache
def load_channel() -> Channel:
    counts: dict[tuple[str, str], float] = {}
    with open(CHARS_FILE, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                letter, read, count = line.rstrip("\n").split("\t")[:3]
                counts[(letter, read)] = counts.get((letter, read), 0.0) + float(count)
    words: dict[str, list[str]] = {}
    seen: dict[tuple[str, str], float] = {}
    totals: dict[str, float] = {}
    with open(WORDS_FILE, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                read, word, count = line.rstrip("\n").split("\t")
                words.setdefault(read, []).append(word)
                seen[(read, word)] = float(count)
                totals[word] = totals.get(word, 0.0) + float(count)
    word_costs = {
        (read, word): -math.log(n / (totals[word] + WORD_SMOOTHING))
        for (read, word), n in seen.items()
        if n >= WORD_MIN
    }
    return Channel.from_counts(counts, {r: tuple(w) for r, w in words.items()}, word_costs)
