"""Lines the engine lost: a row of print in a column that no word it read covers.

Tesseract reading a column can drop a whole line, most often one crossed by the arcs of a
stamp or a signature, whose layout analysis it misleads. The page's own rows of ink (as
the layout finds them) show where a line of print is; a row as wide and as tall as a line
of text with no word on it is read again on its own, as a single line, and kept when the
engine is sure enough of it. Its words go in between the lines around them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PIL import Image

from core.engine import Area, EngineWord, OcrEngine
from core.options import OcrOptions
from ocr.layout import text_rows

MIN_WIDTH = 0.2  # of the column: a row narrower than this is a short line or a mark
MIN_CONFIDENCE = 60.0  # mean confidence of a line read again, to keep it


def recover(
    page: Image.Image,
    binary: np.ndarray,
    areas: Sequence[Area],
    found: list[tuple[EngineWord, ...]],
    engine: OcrEngine,
    options: OcrOptions,
    *,
    letter: float,
) -> list[tuple[EngineWord, ...]]:
    """``found`` with the lines the engine lost in column areas read again and put back."""
    lost = [
        (i, row)
        for i, area in enumerate(areas)
        if area.mode == "column"
        for row in _lost_rows(binary, area.box, found[i], letter=letter)
    ]
    if not lost:
        return found
    read = engine.recognize(page, [Area(row, "line") for _, row in lost], options)
    out = list(found)
    for (i, _), words in zip(lost, read, strict=True):
        new = tuple(w for w in words if not any(_overlap(w.box, o.box) for o in out[i]))
        if len(new) < len(words) / 2:
            continue  # read already, where the row's ink reaches further than its words
        if new and np.mean([w.confidence for w in new]) >= MIN_CONFIDENCE:
            out[i] = _inserted(out[i], new)
    return out


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether box ``b`` covers half of box ``a`` or more."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = max(1, (a[2] - a[0]) * (a[3] - a[1]))
    return w > 0 and h > 0 and w * h >= 0.5 * area


def _lost_rows(
    binary: np.ndarray,
    box: tuple[int, int, int, int],
    words: Sequence[EngineWord],
    *,
    letter: float,
) -> list[tuple[int, int, int, int]]:
    """Boxes (page pixels) of the rows of print in ``box`` that no word covers."""
    x0, y0, x1, y1 = box
    ink = binary[y0:y1, x0:x1] < 128
    out = []
    for top, bottom in text_rows(ink, height=letter):
        if not 0.6 * letter <= bottom - top <= 2.5 * letter:
            continue
        cols = np.flatnonzero(ink[top:bottom].any(axis=0))
        if not len(cols) or cols[-1] - cols[0] < MIN_WIDTH * (x1 - x0):
            continue
        if _covered(words, (x0 + int(cols[0]), y0 + top, x0 + int(cols[-1]), y0 + bottom)):
            continue
        pad = max(4, int(letter * 0.3))
        out.append(
            (
                max(0, x0 + int(cols[0]) - pad),
                max(0, y0 + top - pad),
                x0 + int(cols[-1]) + pad,
                y0 + bottom + pad,
            )
        )
    return out


def _covered(words: Sequence[EngineWord], row: tuple[int, int, int, int]) -> bool:
    """Whether words centred on the row cover a good share of its ink's width (a tall word
    of the next line reaching into it does not)."""
    x0, top, x1, bottom = row
    on = [w for w in words if top <= (w.box[1] + w.box[3]) / 2 <= bottom]
    return sum(w.box[2] - w.box[0] for w in on) >= 0.3 * (x1 - x0)


def _inserted(
    words: tuple[EngineWord, ...], line: tuple[EngineWord, ...]
) -> tuple[EngineWord, ...]:
    """``words`` with ``line`` put after the line above it (line numbers spread to make room)."""
    top = min(w.box[1] for w in line)
    spread = tuple(replace(w, line=2 * w.line) for w in words)
    above = [w for w in spread if w.box[1] < top]
    if above:
        anchor = max(above, key=lambda w: (w.box[1], w.line))
        key = (anchor.block, anchor.paragraph, anchor.line + 1)
    elif spread:
        first = min(spread, key=lambda w: (w.block, w.paragraph, w.line))
        key = (first.block, first.paragraph, first.line - 1)
    else:
        key = (1, 1, 1)
    block, paragraph, number = key
    moved = tuple(replace(w, block=block, paragraph=paragraph, line=number) for w in line)
    return spread + moved
