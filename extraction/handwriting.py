"""Figures written in by hand on a typed page: the number after 'Số:' and the day and month of
the date, filled in when the document was signed. OCR reads them as digits of some kind, often
the wrong ones ('215' as '245'), with a confidence that does not tell. A written figure stands
taller than the typed figures of its page, so a number that does is not taken into the record
but reported, with what OCR read, for a person to type."""

from __future__ import annotations

import re
import statistics

from core.record import OcrPage, Word
from extraction.evidence import line_words
from extraction.lines import Line

# taller than this many times the page's typed figures: written by hand (typed figures of one
# page differ by a tenth or so; a written figure on these forms by a third or more)
TALLER = 1.25
_FIGURES = re.compile(r"\d{2,}[.,;:)]?")


def written_by_hand(value: str, line: Line, pages: tuple[OcrPage, ...]) -> str | None:
    """What OCR read for ``value`` on ``line`` when that figure was written by hand, else None
    (also for text without page boxes, or a page with too few typed figures to compare)."""
    words = [w for w in line_words(line, pages) if w.text.strip(".,;:)") == value]
    if not words:
        return None
    word = words[0]
    typed = _typed_height(pages[line.page - 1], but=word)
    if typed is None:
        return None
    return word.text if _height(word) > TALLER * typed else None


def _typed_height(page: OcrPage, *, but: Word) -> float | None:
    """The usual height of the other runs of figures on ``page`` ('2026', '15.'), read surely:
    the typed ones, as most of them are."""
    heights = [
        _height(w)
        for w in page.words
        if w is not but and _FIGURES.fullmatch(w.text) and w.confidence >= 80
    ]
    return statistics.median(heights) if len(heights) >= 3 else None


def _height(word: Word) -> int:
    return word.bbox[3] - word.bbox[1]
