"""Layout: the two-column header of a Decree 30 page read as two blocks, then the body.

The issuing body and number sit on the left, the national motto and place-date on the right;
read line by line across the page they merge ("UBND HUYỆN ... CỘNG HÒA XÃ HỘI ..."). This finds
the gutter between the two columns at the top of the page and where the header ends (the first
line that crosses the gutter: the centred document type), so each part is read on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BBox = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Region:
    name: str  # header-left | header-right | body
    box: BBox  # x0, y0, x1, y1 in the prepared image


def regions(binary: np.ndarray) -> list[Region]:
    """Reading order: left header column, right header column, the rest of the page."""
    h, w = binary.shape
    ink = binary < 128
    rows = _text_rows(ink)
    if len(rows) < 3:
        return [Region("body", (0, 0, w, h))]
    top_rows = [r for r in rows if r[0] < h * 0.3][:8]
    gutter = _gutter(ink, top_rows, w)
    if gutter is None:
        return [Region("body", (0, 0, w, h))]
    g0, g1 = gutter
    bottom = next(
        (r[0] for r in rows if r[0] > top_rows[0][0] and ink[r[0] : r[1], g0:g1].any()), None
    )
    if bottom is None or bottom - rows[0][0] < 2 * (rows[0][1] - rows[0][0]):
        return [Region("body", (0, 0, w, h))]
    split = (g0 + g1) // 2
    cut = max(0, bottom - 2)
    header = ink[:cut]
    if _inked_rows(header[:, :split]) < 2 or _inked_rows(header[:, split:]) < 2:
        return [Region("body", (0, 0, w, h))]  # one column only: not a two-column header
    return [
        Region("header-left", (0, 0, split, cut)),
        Region("header-right", (split, 0, w, cut)),
        Region("body", (0, cut, w, h)),
    ]


def _inked_rows(part: np.ndarray) -> int:
    return len(_text_rows(part))


def _text_rows(ink: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each band of rows that holds ink."""
    has: list[bool] = np.asarray(ink.any(axis=1)).tolist()
    rows, start = [], None
    for y, filled in enumerate(has):
        if filled and start is None:
            start = y
        elif not filled and start is not None:
            if y - start > 3:
                rows.append((start, y))
            start = None
    return rows


def _gutter(ink: np.ndarray, rows: list[tuple[int, int]], w: int) -> tuple[int, int] | None:
    """The widest run of empty columns in the middle of the page across the header rows."""
    if not rows:
        return None
    band = ink[rows[0][0] : rows[-1][1]]
    empty: list[bool] = np.logical_not(band.any(axis=0)).tolist()
    lo, hi = int(w * 0.3), int(w * 0.7)
    best, run_start = (0, 0), None
    for x in range(lo, hi):
        if empty[x] and run_start is None:
            run_start = x
        elif not empty[x] and run_start is not None:
            if x - run_start > best[1] - best[0]:
                best = (run_start, x)
            run_start = None
    if run_start is not None and hi - run_start > best[1] - best[0]:
        best = (run_start, hi)
    return best if best[1] - best[0] >= w * 0.015 else None
