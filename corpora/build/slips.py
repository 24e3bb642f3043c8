"""Learn the slips of good Vietnamese OCR, ``tesseract -l vie`` (build side).

On clean pages Tesseract with its Vietnamese model reads almost every syllable right, but it
makes a few systematic slips that give another valid syllable ("nhân" read "nhần", "phân"
read "phần"). Training text (never evaluation text) is rendered in Liberation Serif at a few
sizes and faces, clean and scan-like (``corpora.build.garble``), read back with ``-l vie``, and each
line read is aligned with its source syllable by syllable. Among the pairs where both are
well-formed syllables, two tables count the slips (all lower case, tone marks placed the new
way; only slips seen ``MIN_COUNT`` times or more are written):

- ``ocr-vie-slips-v1.tsv``: syllable read, the syllable it was, count, times the syllable read
  was read (rightly or not), times the true syllable was in the text;
- ``ocr-vie-letter-slips-v1.tsv``: of the slips that changed one letter ("nhân" read "nhần":
  "â" read "ầ"), letter read, the letter it was, count, times that letter was in the text.
  They let the restorer guess the slips of syllables seen too rarely to have their own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from corpora import CORPORA_DIR
from corpora.build import garble
from corpora.build import sources as src
from corpora.build.lexicon import valid_syllable
from corpora.spelling import normalize_tone

SLIPS_FILE = "ocr-vie-slips-v1.tsv"
LETTERS_FILE = "ocr-vie-letter-slips-v1.tsv"
MIN_COUNT = 2  # slips seen fewer times are not written
WIKI_EVERY = 50  # of the training Wikipedia articles, every n-th (after the first)
_SYLLABLE = re.compile(r"[^\W\d_]+")


@dataclass(slots=True)
class SlipCounts:
    """(read, truth) slips and how often each syllable was read, and was in the text; the
    same for the letters of the slips that changed one letter."""

    slips: Counter[tuple[str, str]] = field(default_factory=Counter)
    reads: Counter[str] = field(default_factory=Counter)
    truths: Counter[str] = field(default_factory=Counter)
    letters: Counter[tuple[str, str]] = field(default_factory=Counter)
    letter_truths: Counter[str] = field(default_factory=Counter)


def slip_text(shared: Path) -> list[str]:
    """Training paragraphs to render: Decree 30 (less the held-out parts) and administrative
    phrasing twice, some Wikipedia training articles once; some in capitals, as headings are."""
    admin = [
        ln for t in src.nd30_documents(shared, held_out=False).values() for ln in t.split("\n")
    ]
    admin += (CORPORA_DIR / "admin-phrases-v1.txt").read_text(encoding="utf-8").splitlines()
    paras = admin + admin
    for index, _name, text in src.wiki_articles(shared, held_out=False):
        if index % WIKI_EVERY == 1:
            paras += src.wiki_prose(text)[:10]
    return [p.upper() if i % 12 == 5 else p for i, p in enumerate(paras) if p.strip()]


# Liberation Serif at 12 to 14 pt, mostly regular; some pages scan-like (blurred, noisy, binarised)
STYLES = (
    garble.Style("Regular", 13.0),
    garble.Style("Regular", 14.0),
    garble.Style("Regular", 12.0),
    garble.Style("Bold", 14.0),
    garble.Style("Italic", 13.0),
    garble.Style("Regular", 14.0, blur=1.0, noise=8, threshold=170),
    garble.Style("Regular", 13.0, blur=0.8, noise=12, threshold=180),
    garble.Style("Bold", 13.0, blur=1.0, noise=10, threshold=160),
)


def syllable_pairs(source: str, read: str) -> list[tuple[str, str]]:
    """(syllable read, syllable in the source) pairs of a line, lower case, tone marks placed
    the new way, aligned by similarity; pairs too unlike to be one word are left out."""
    a = [normalize_tone(w.lower()) for w in _SYLLABLE.findall(source)]
    b = [normalize_tone(w.lower()) for w in _SYLLABLE.findall(read)]
    pairs = garble.align(a, b, Levenshtein.normalized_similarity, gap=0.4)
    return [
        (b[j], a[i])
        for i, j in pairs
        if i is not None and j is not None and Levenshtein.normalized_similarity(a[i], b[j]) >= 0.5
    ]


def count_slips(lines: Iterable[tuple[str, str]]) -> SlipCounts:
    """Counts over (source line, line read) pairs, of the pairs of well-formed syllables."""
    counts = SlipCounts()
    for source, read in lines:
        for got, truth in syllable_pairs(source, read):
            if valid_syllable(got) and valid_syllable(truth):
                counts.reads[got] += 1
                counts.truths[truth] += 1
                counts.letter_truths.update(truth)
                if got != truth:
                    counts.slips[(got, truth)] += 1
                    counts.letters.update(letter_slips(got, truth))
    return counts


def letter_slips(read: str, truth: str) -> list[tuple[str, str]]:
    """The (letter read, letter it was) of a slip that changed one letter, else nothing."""
    if len(read) != len(truth):
        return []
    changed = [(r, t) for r, t in zip(read, truth, strict=True) if r != t]
    return changed if len(changed) == 1 else []


def write_slips(counts: SlipCounts, folder: Path, *, min_count: int = MIN_COUNT) -> tuple[int, int]:
    """Write ``SLIPS_FILE`` and ``LETTERS_FILE``: the slips seen ``min_count`` times or more,
    sorted; their numbers."""
    rows = sorted((read, truth, n) for (read, truth), n in counts.slips.items() if n >= min_count)
    with open(folder / SLIPS_FILE, "w", encoding="utf-8") as fh:
        fh.write(
            "# syllable read\tsyllable it was\tcount\ttimes the syllable read was read\t"
            "times the true syllable was in the text\n"
        )
        for read, truth, n in rows:
            fh.write(f"{read}\t{truth}\t{n}\t{counts.reads[read]}\t{counts.truths[truth]}\n")
    letters = sorted((r, t, n) for (r, t), n in counts.letters.items() if n >= min_count)
    with open(folder / LETTERS_FILE, "w", encoding="utf-8") as fh:
        fh.write("# letter read\tletter it was\tcount\ttimes the true letter was in the text\n")
        for read, truth, n in letters:
            fh.write(f"{read}\t{truth}\t{n}\t{counts.letter_truths[truth]}\n")
    return len(rows), len(letters)
