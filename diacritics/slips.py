"""The slip channel of good Vietnamese OCR: which syllables a syllable read may have been.

Tesseract with its Vietnamese model reads clean pages almost perfectly, but some of its slips
give another valid syllable ("nhân" read "nhần", "phân" read "phần"). The build counts them on
rendered training text (``corpora/ocr-vie-slips-v1.tsv``, see ``corpora.slips``): for a
syllable read, the syllables it was when it was a slip, and how often each syllable was read
and was in the text. A slip seen ``MIN_SLIPS`` times or more makes its true syllable a
candidate of the syllable read, scored by log P(read | truth); the own reading keeps
log P(read | read). The language model, which the decoder adds, weighs in the context.
"""

from __future__ import annotations

import functools
import math

from corpora import CORPORA_DIR

SLIPS_FILE = CORPORA_DIR / "ocr-vie-slips-v1.tsv"
MIN_SLIPS = 3  # slips seen fewer times are left to chance
SMOOTHING = 5.0  # added to the times a syllable was in the text

Row = tuple[str, str, int, int, int]  # read, truth, count, times read, times in the text
Slips = dict[str, tuple[tuple[str, float], ...]]  # read -> ((syllable, log-score), ...), own first


def slip_scores(rows: list[Row], *, min_count: int = MIN_SLIPS) -> Slips:
    """For each syllable read with slips seen ``min_count`` times or more: itself and the
    syllables it may have been, with their channel log-scores."""
    others: dict[str, list[tuple[str, float]]] = {}
    slipped: dict[str, int] = {}  # truth -> times read as something else (the rows we have)
    for read, truth, count, _reads, truths in rows:
        slipped[truth] = slipped.get(truth, 0) + count
        if count >= min_count:
            p = count / (truths + SMOOTHING)
            others.setdefault(read, []).append((truth, math.log(p)))
    totals = {truth: truths for _read, truth, _count, _reads, truths in rows}
    out: Slips = {}
    for read, cands in others.items():
        total = totals.get(read, 0)
        right = (total - slipped.get(read, 0) + SMOOTHING) / (total + SMOOTHING)
        out[read] = ((read, math.log(right)), *sorted(cands, key=lambda c: -c[1]))
    return out


def read_rows(text: str) -> list[Row]:
    """The rows of the slips file."""
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            read, truth, count, reads, truths = line.split("\t")
            rows.append((read, truth, int(count), int(reads), int(truths)))
    return rows


@functools.cache
def load_slips() -> Slips:
    return slip_scores(read_rows(SLIPS_FILE.read_text(encoding="utf-8")))
