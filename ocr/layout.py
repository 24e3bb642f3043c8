"""Layout: the two-column header of a Decree 30 page read as two blocks, then the body.

The issuing body and number sit on the left, the national motto and place-date on the right;
read line by line across the page they merge ("UBND HUYỆN ... CỘNG HÒA XÃ HỘI ..."). This finds
the gutter between the two columns at the top of the page and where the header ends (the first
line that crosses the gutter: the centred document type), so each part is read on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ocr.tables import find_frames, find_tables

BBox = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Region:
    name: str  # header-left | header-right | stamp | body | cell | closing-left | closing-right
    box: BBox  # x0, y0, x1, y1 in the prepared image
    row: int = -1  # for a cell: its table row, numbered down the page


def regions(binary: np.ndarray) -> list[Region]:
    """Reading order: header left, header right, framed stamps, body (tables cell by cell),
    closing left (Nơi nhận), closing right."""
    h, w = binary.shape
    ink = binary < 128
    rows = text_rows(ink)
    whole = [Region("body", (0, 0, w, h))]
    if len(rows) < 3:
        return whole
    letter = float(np.median([b - a for a, b in rows]))
    stamps = [Region("stamp", box) for box in stamp_boxes(ink, letter=letter)]
    if stamps:  # the rest of the page laid out as if the stamps were not there
        ink = ink.copy()
        for x0, y0, x1, y1 in (s.box for s in stamps):
            ink[y0:y1, x0:x1] = False
        rows = text_rows(ink)
        if len(rows) < 3:
            return [*stamps, *whole]
    top = _header_cut(ink, rows, w, letter=letter)
    below = [r for r in rows if r[0] >= (top[0] if top else 0)]
    bottom = _closing_start(ink, below, w, letter=letter)
    body_top = top[0] if top else 0
    body_bottom = bottom[0] if bottom else h
    out: list[Region] = []
    if top:
        out += [
            Region("header-left", (0, 0, top[1], top[0])),
            Region("header-right", (top[1], 0, w, top[0])),
        ]
    out += stamps  # after the header, as a reader of the page takes them in
    out += _body(ink, (0, body_top, w, body_bottom), letter=letter)
    if bottom:
        out += [
            Region("closing-left", (0, bottom[0], bottom[1], h)),
            Region("closing-right", (bottom[1], bottom[0], w, h)),
        ]
    return out if len(out) > 1 else whole


def stamp_boxes(ink: np.ndarray, *, letter: float) -> list[BBox]:
    """Framed stamps in the top third of the page: the receipt stamp ('ĐẾN / Giờ / Ngày')
    pressed beside the number or the title. Read on their own, after the header, they no
    longer break into the lines of the column or the title they overlap."""
    h = ink.shape[0]
    return [box for box in find_frames(ink, letter=letter) if box[3] < 0.35 * h]


def _body(ink: np.ndarray, box: BBox, *, letter: float) -> list[Region]:
    """The body, with each ruled table in it read cell by cell between the text around it."""
    x0, y0, x1, y1 = box
    out: list[Region] = []
    top = y0
    row = 0
    for (_, ty0, _, ty1), rows in find_tables(ink[y0:y1, x0:x1], letter=letter):
        if ink[top : y0 + ty0, x0:x1].any():
            out.append(Region("body", (x0, top, x1, y0 + ty0)))
        for cells in rows:
            out += [Region("cell", (x0 + a, y0 + b, x0 + c, y0 + d), row) for a, b, c, d in cells]
            row += 1
        top = y0 + ty1
    if top == y0 or ink[top:y1, x0:x1].any():
        out.append(Region("body", (x0, top, x1, y1)))
    return out


def _header_cut(
    ink: np.ndarray, rows: list[tuple[int, int]], w: int, *, letter: float
) -> tuple[int, int] | None:
    """(y where the header ends, x of its gutter), or None without a two-column header.

    The header is the longest run of top rows that share a gutter, up to the first row that
    sits on one side of it but is centred on the page: the document type.
    """
    h = ink.shape[0]
    top_rows = [r for r in rows if r[0] < h * 0.3]
    centre = _text_centre(ink, rows)
    band = 0
    while band < len(top_rows):
        gutter = _gutter(ink, top_rows[: band + 1], w)
        row = ink[slice(*top_rows[band])]
        if gutter is None or (band >= 2 and _centred(row, centre, w, gutter=gutter)):
            break
        band += 1
    gutter = _gutter(ink, top_rows[:band], w)
    if band < 2 or gutter is None:
        return None
    if band < len(top_rows):
        cut = (top_rows[band - 1][1] + top_rows[band][0]) // 2
    else:
        cut = top_rows[band - 1][1] + 2
    split = (gutter[0] + gutter[1]) // 2
    return (cut, split) if _two_sided(ink[:cut], split, letter=letter) else None


def _text_centre(ink: np.ndarray, rows: list[tuple[int, int]]) -> float:
    """The middle of the body's lines: the median middle of the rows below the header that
    run most of the page's width (marks in a margin, a stamp or a seal beside the text leave it alone); the
    middle of the page's text width (columns with more ink than dust) without such rows."""
    h, w = ink.shape
    middles = []
    for top, bottom in (r for r in rows if r[0] >= 0.3 * h):  # the body's, not the header's
        cols = np.flatnonzero(ink[top:bottom].sum(axis=0) >= max(2, (bottom - top) // 10))
        if len(cols) and cols[-1] - cols[0] >= 0.6 * w:
            middles.append((cols[0] + cols[-1]) / 2)
    if len(middles) >= 3:
        return float(np.median(middles))
    cols = np.flatnonzero(ink.sum(axis=0) > max(3, ink.shape[0] * 0.002))
    return float(cols[0] + cols[-1]) / 2 if len(cols) else w / 2


def _centred(row: np.ndarray, centre: float, w: int, *, gutter: tuple[int, int]) -> bool:
    """Whether a row's ink lies on one side of the gutter and is centred on the page."""
    # columns with a tenth of the row's height in ink: a speck beside the heading is no text
    cols = np.flatnonzero(row.sum(axis=0) >= max(2, row.shape[0] // 10))
    if not len(cols) or (cols[0] < gutter[0] and cols[-1] > gutter[1]):
        return False
    return bool(abs((cols[0] + cols[-1]) / 2 - centre) < 0.03 * w)


def _closing_start(
    ink: np.ndarray, rows: list[tuple[int, int]], w: int, *, letter: float
) -> tuple[int, int] | None:
    """(y where the closing two-column block starts, x of its gutter), or None."""
    best: tuple[int, int] | None = None
    for k in range(len(rows) - 1, max(-1, len(rows) - 25), -1):
        band = rows[k:]
        # wider than the header's gutter: word spaces of a few justified lines can line up
        gutter = _gutter(ink, band, w, min_width=0.035)
        if gutter is None:
            break
        best = (max(0, band[0][0] - 2), (gutter[0] + gutter[1]) // 2)
    if best is None or not _two_sided(ink[best[0] :], best[1], letter=letter):
        return None
    return best


def _two_sided(part: np.ndarray, split: int, *, letter: float) -> bool:
    left, right = part[:, :split], part[:, split:]
    return _inked_rows(left, letter=letter) >= 2 and _inked_rows(right, letter=letter) >= 2


def _inked_rows(part: np.ndarray, *, letter: float) -> int:
    """Lines of text in ``part`` (``letter``: the page's line height). A band many lines tall,
    where lines run together under a stamp or signature left black on a grey scan, counts
    as the lines it could hold."""
    rows = text_rows(part, height=letter)
    return sum(max(1, round((b - a) / (1.5 * letter))) for a, b in rows)


def text_rows(ink: np.ndarray, *, height: float | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line of text: bands of inked rows, with the bands of accents and
    dots that belong to a line merged into it and bands of dust dropped (``height``: the
    line height, when known from the whole page)."""
    # a row holds text when it has more ink than a few specks of dust, or than the arcs and
    # rules of a stamp beside the text (a small share of what a row of print holds)
    sums = np.asarray(ink.sum(axis=1))
    inked = sums[sums > 0]
    typical = float(np.percentile(inked, 90)) if len(inked) else 0.0
    floor = max(3, int(ink.shape[1] * 0.004), int(0.04 * typical))
    has: list[bool] = (sums > floor).tolist()
    bands, start = [], None
    for y, filled in enumerate([*has, False]):
        if filled and start is None:
            start = y
        elif not filled and start is not None:
            bands.append((start, y))
            start = None
    if not bands:
        return []
    if height is None:
        height = float(np.median([b - a for a, b in bands]))
    rows = [bands[0]]
    for a, b in bands[1:]:
        # a thin band close by is accents or descenders of a line; two full lines set close
        # (a bold title, lines of marks above capitals) stay two
        thin = min(b - a, rows[-1][1] - rows[-1][0]) < 0.6 * height
        if a - rows[-1][1] <= max(2, 0.2 * height) and thin:
            rows[-1] = (rows[-1][0], b)
        else:
            rows.append((a, b))
    tall = max(4, 0.35 * max(b - a for a, b in rows))
    return [r for r in rows if r[1] - r[0] >= min(tall, 0.5 * height + 4)]


def _gutter(
    ink: np.ndarray, rows: list[tuple[int, int]], w: int, *, min_width: float = 0.015
) -> tuple[int, int] | None:
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
    return best if best[1] - best[0] >= w * min_width else None
