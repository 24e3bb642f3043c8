"""The slip channel of good Vietnamese OCR: which syllables a syllable read may have been.

Tesseract with its Vietnamese model reads clean pages almost perfectly, but some of its slips
give another valid syllable ("nhân" read "nhần", "phân" read "phần"). The build counts them on
rendered training text (``corpora.build.slips``): per syllable read, the syllables it was when it
was a slip (``corpora/ocr-vie-slips-v1.tsv``), and per letter read, the letters it was in the
slips that changed one letter (``ocr-vie-letter-slips-v1.tsv``: "ầ" read for "â").

A syllable with slips seen ``MIN_SLIPS`` times or more has those syllables as readings, scored
by log P(read | truth); the own reading keeps log P(read | read). A syllable without slips of
its own backs off to the letters: each of its letters with slips seen ``MIN_LETTER_SLIPS``
times or more gives a reading, scored by log P(letter read | letter). Real scans slip in
ways clean renders never show ("phố" read "phó", "bổ" read "bỗ"): every other syllable of
the same letters is a reading too, as likely as the least likely slip the tables hold
(``Slips.unseen``). The decoder adds the language model, so the context decides;
P(truth | read) would count the prior twice.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from corpora import CORPORA_DIR

SLIPS_FILE = CORPORA_DIR / "ocr-vie-slips-v1.tsv"
LETTERS_FILE = CORPORA_DIR / "ocr-vie-letter-slips-v1.tsv"
MIN_SLIPS = 3  # slips of a syllable seen fewer times are left to chance
MIN_LETTER_SLIPS = 6  # letter slips generalise to unseen syllables: they need more evidence
SMOOTHING = 5.0  # added to the times a syllable or letter was in the text

Readings = tuple[tuple[str, float], ...]  # (syllable or letter, log-score), own reading first
Row = tuple[str, str, int, int, int]  # read, truth, count, times read, times in the text
LetterRow = tuple[str, str, int, int]  # letter read, letter it was, count, times in the text


@dataclass(frozen=True, slots=True)
class Slips:
    syllables: dict[str, Readings]  # syllable read -> itself, then what it may have been
    letters: dict[str, Readings]  # letter read -> the letters it may have been (not itself)
    # the log-score of a slip the renders never showed (another syllable of the same letters):
    # as likely as the least likely one they did; -inf: none
    unseen: float = -math.inf

    def readings(self, token: str) -> Readings:
        """``token`` (a syllable read, lower case) and the syllables it may have been: its own
        slips if any were seen, else one letter at a time."""
        got = self.syllables.get(token)
        if got is not None:
            return got
        out = [(token, 0.0)]
        for i, letter in enumerate(token):
            for truth, score in self.letters.get(letter, ()):
                out.append((token[:i] + truth + token[i + 1 :], score))
        return tuple(out)


def syllable_scores(rows: list[Row], *, min_count: int = MIN_SLIPS) -> dict[str, Readings]:
    """For each syllable read with slips seen ``min_count`` times or more: itself and the
    syllables it may have been, with their channel log-scores."""
    others: dict[str, list[tuple[str, float]]] = {}
    slipped: dict[str, int] = {}  # truth -> times read as something else (the rows we have)
    totals: dict[str, int] = {}  # truth -> times in the text
    for read, truth, count, _reads, truths in rows:
        slipped[truth] = slipped.get(truth, 0) + count
        totals[truth] = truths
        if count >= min_count:
            others.setdefault(read, []).append((truth, math.log(count / (truths + SMOOTHING))))
    out: dict[str, Readings] = {}
    for read, cands in others.items():
        total = totals.get(read, 0)
        right = (total - slipped.get(read, 0) + SMOOTHING) / (total + SMOOTHING)
        out[read] = ((read, math.log(right)), *sorted(cands, key=lambda c: -c[1]))
    return out


def letter_scores(
    rows: list[LetterRow], *, min_count: int = MIN_LETTER_SLIPS
) -> dict[str, Readings]:
    """For each letter read with slips seen ``min_count`` times or more: the letters it may
    have been, with log P(letter read | letter)."""
    out: dict[str, list[tuple[str, float]]] = {}
    for read, truth, count, truths in rows:
        if count >= min_count:
            out.setdefault(read, []).append((truth, math.log(count / (truths + SMOOTHING))))
    return {r: tuple(sorted(c, key=lambda c: -c[1])) for r, c in out.items()}


def read_rows(text: str) -> list[tuple[str, ...]]:
    """The rows of a slips file, split at tabs."""
    return [
        tuple(line.split("\t")) for line in text.splitlines() if line and not line.startswith("#")
    ]


def least_score(syllables: dict[str, Readings], letters: dict[str, Readings]) -> float:
    """The least log-score of any slip of the tables (the own readings left out)."""
    scores = [s for got in syllables.values() for _, s in got[1:]]
    scores += [s for got in letters.values() for _, s in got]
    return min(scores, default=-math.inf)


@functools.cache
def load_slips() -> Slips:
    syllables = read_rows(SLIPS_FILE.read_text(encoding="utf-8"))
    letters = read_rows(LETTERS_FILE.read_text(encoding="utf-8"))
    by_syllable = syllable_scores([(r, t, int(n), int(a), int(b)) for r, t, n, a, b in syllables])
    by_letter = letter_scores([(r, t, int(n), int(b)) for r, t, n, b in letters])
    return Slips(by_syllable, by_letter, least_score(by_syllable, by_letter))
