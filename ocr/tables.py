"""Ruled tables: found by their rules, read cell by cell; a row's cells make one line.

Long horizontal and vertical strokes are the rules; the paper they enclose splits into cells.
A table needs both kinds of rule and at least two cells, so an underline is not a table.
"""

from __future__ import annotations

import cv2
import numpy as np

from ocr.preprocess import components

BBox = tuple[int, int, int, int]


def find_tables(ink: np.ndarray, *, letter: float = 40.0) -> list[tuple[BBox, list[list[BBox]]]]:
    """(table box, its rows of cell boxes, left to right) for each ruled table, top to bottom.

    ``ink`` is a boolean mask; ``letter`` the height of a line of text in pixels, so that
    no letter stem is taken for a rule. Boxes are in the mask's pixels.
    """
    h, w = ink.shape
    found = _rules(ink, across=max(20, w // 12), down=int(1.5 * letter))
    if found is None:
        return []  # no rule of one kind or the other: no table (most pages)
    across, down, count, labels, stats = found
    out = []
    for k in range(1, count):
        x, y, bw, bh, _ = stats[k]
        part = labels[y : y + bh, x : x + bw] == k
        if bw < w * 0.25 or not down[y : y + bh, x : x + bw][part].any():
            continue
        if not across[y : y + bh, x : x + bw][part].any():
            continue
        rows = _cells(part, letter=letter)
        if sum(len(row) for row in rows) >= 2:
            x, y = int(x), int(y)
            shifted = [[(a + x, b + y, c + x, d + y) for a, b, c, d in row] for row in rows]
            out.append(((int(x), int(y), int(x + bw), int(y + bh)), shifted))
    return sorted(out, key=lambda t: t[0][1])


def find_frames(ink: np.ndarray, *, letter: float = 40.0) -> list[BBox]:
    """Boxes drawn round a few lines of print, such as a receipt stamp ('ĐẾN / Giờ / Ngày'):
    a rule on each of their four sides, a tenth to a half of the page wide and two to eight
    lines of text high. Boxes in the mask's pixels, top to bottom."""
    h, w = ink.shape
    found = _rules(ink, across=max(20, w // 40), down=int(1.2 * letter))
    if found is None:
        return []
    across, down, count, _, stats = found
    out: list[BBox] = []
    for k in range(1, count):
        x, y, bw, bh, _ = (int(v) for v in stats[k])
        if not (0.1 * w <= bw <= 0.5 * w and 2 * letter <= bh <= 8 * letter):
            continue
        # each side a rule along most of it, near its edge of the box: stamps are often
        # pressed askew and their rules broken where the ink was thin
        deep, wide = max(3, min(bh // 4, int(letter))), max(3, min(bw // 10, int(letter)))
        sides = (
            across[y : y + deep, x : x + bw].any(axis=0).mean(),
            across[y + bh - deep : y + bh, x : x + bw].any(axis=0).mean(),
            down[y : y + bh, x : x + wide].any(axis=1).mean(),
            down[y : y + bh, x + bw - wide : x + bw].any(axis=1).mean(),
        )
        inside = down[y : y + bh, x + wide : x + bw - wide].any(axis=0).mean()
        if min(sides) >= 0.5 and sum(sides) >= 3.0 and inside < 0.02:  # no column rule: no table
            out.append((x, y, x + bw, y + bh))
    return sorted(out, key=lambda b: b[1])


def _rules(
    ink: np.ndarray, *, across: int, down: int
) -> tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray] | None:
    """The horizontal and vertical strokes at least ``across`` and ``down`` pixels long, and
    the connected groups of them (count, labels, stats); None without both kinds."""
    mask = ink.astype(np.uint8)
    tall = _strokes(mask, (down, 1))
    flat = _strokes(mask, (1, across)) if tall is not None else None
    if tall is None or flat is None:
        return None
    rules = cv2.dilate(cv2.bitwise_or(flat, tall), np.ones((3, 3), np.uint8))
    count, labels, stats = components(rules)
    return flat, tall, count, labels, stats


def _strokes(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray | None:
    """The strokes of ``mask`` at least ``size`` (rows, columns) long (an opening), or None
    when there are none: then the erosion shows it and the dilation is spared."""
    kernel = np.ones(size, np.uint8)
    eroded = cv2.erode(mask, kernel)
    if not cv2.countNonZero(eroded):
        return None
    return np.asarray(cv2.dilate(eroded, kernel))


def _cells(rules: np.ndarray, *, letter: float) -> list[list[BBox]]:
    """The enclosed areas of one table's rules, a little inside the rules, row by row."""
    space = (~rules).astype(np.uint8)
    count, _, stats = components(space, connectivity=4)
    h, w = rules.shape
    boxes: list[BBox] = []
    for k in range(1, count):
        x, y, bw, bh, _ = stats[k]
        touches = x == 0 or y == 0 or x + bw >= w or y + bh >= h
        if touches or bh < 0.5 * letter or bw < 0.5 * letter:
            continue
        inset = max(2, int(letter * 0.08))  # clear of the rule, even on a slanted scan
        boxes.append((int(x) + inset, int(y) + inset, int(x + bw) - inset, int(y + bh) - inset))
    return _reading_order(boxes)


def _reading_order(boxes: list[BBox]) -> list[list[BBox]]:
    """Rows (cells whose tops are close share a row), each left to right."""
    rows: list[list[BBox]] = []
    for box in sorted(boxes, key=lambda b: b[1]):
        if rows and box[1] - rows[-1][0][1] < 0.5 * (rows[-1][0][3] - rows[-1][0][1]):
            rows[-1].append(box)
        else:
            rows.append([box])
    return [sorted(row) for row in rows]
