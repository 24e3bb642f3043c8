"""Page clean-up before OCR, each step a pure function of the image (numpy arrays inside ocr/).

orientation -> colour suppression (red stamps, blue signatures) -> grey -> upscale low-dpi
pages -> background flattening -> deskew -> binarisation -> speckle removal -> grey stamps
and signatures (a scan without colour) lifted off the print.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

MIN_TEXT_HEIGHT = 22  # pixels of a capital letter below which a page is upscaled
TARGET_TEXT_HEIGHT = 30.0  # ... to this height


@dataclass(frozen=True, slots=True)
class Prepared:
    image: Image.Image  # grey page, only the ink the clean-up kept, ready for Tesseract
    binary: np.ndarray  # the same page binarised (ink 0, paper 255), for layout analysis
    skew_degrees: float
    scale: float  # prepared pixels per original pixel (boxes are divided by it)
    rotation: int  # degrees (0/90/180/270) the page was turned to read upright


def prepare(page: Image.Image, *, rotation: int = 0) -> Prepared:
    """The page cleaned up for reading. Connected components are found once for the paper
    (borders, holes and the letter height) and once for the ink (specks, grey marks)."""
    grey = _grey(page)
    if rotation:
        grey = np.ascontiguousarray(np.rot90(grey, k=rotation // 90))
    # the height is measured before upscaling: enlarged dust reaches letter size
    grey, height = _borders_and_height(grey)
    scale = upscale_factor(grey, height=height)
    if scale != 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        height = height * scale if height is not None else None
    grey = flatten_background(grey)
    angle = estimate_skew(grey)
    if abs(angle) > 0.05:
        grey = rotate(grey, angle)
    binary = binarize(grey)
    parts = Components.of(cv2.bitwise_not(binary))
    binary, removed = _remove_specks(binary, parts, letter_height=height)
    binary = _suppress_grey_marks(grey, binary, parts, removed, letter_height=height)
    return Prepared(Image.fromarray(keep_ink(grey, binary)), binary, angle, scale, rotation)


@dataclass(frozen=True, slots=True)
class Components:
    """Connected components of an ink mask (8-connected), as OpenCV labels them."""

    count: int
    labels: np.ndarray
    stats: np.ndarray

    @classmethod
    def of(cls, ink: np.ndarray) -> Components:
        return cls(*components(ink))


def components(mask: np.ndarray, *, connectivity: int = 8) -> tuple[int, np.ndarray, np.ndarray]:
    """(count, labels, stats) of the components of ``mask``, as OpenCV labels them.

    Labels are 16-bit when they fit (a page has some thousands of components): OpenCV
    labels and measures them in about a third of the time it takes with 32-bit labels,
    the same labels and stats. A page of more (noise) is labelled again in 32 bits."""
    try:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_16U
        )
    except cv2.error:  # more components than 16 bits can number
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_32S
        )
    return int(count), labels, stats


def _grey(page: Image.Image) -> np.ndarray:
    """The page in grey, red and blue ink taken off where it has colour (checked on a copy
    an eighth the size, so a grey scan costs only the conversion)."""
    if page.mode == "L":
        return np.asarray(page)
    rgb_page = page.convert("RGB")
    if not _coloured(np.asarray(rgb_page.reduce(8))).any():
        return np.asarray(rgb_page.convert("L"))
    return suppress_colour(np.asarray(rgb_page))


def _borders_and_height(grey: np.ndarray) -> tuple[np.ndarray, float | None]:
    """remove_borders and text_height on one set of components."""
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    parts = Components.of(ink)
    drop = _border_parts(parts.stats, grey.shape)
    height = _letter_height(np.delete(parts.stats[1:], drop - 1, axis=0))
    if not len(drop):
        return grey, height
    out = grey.copy()
    out[_among(parts.labels, drop, parts.count)] = 255
    return np.asarray(out), height


def remove_borders(grey: np.ndarray) -> np.ndarray:
    """Paper colour over the scanner bed around the sheet and over filing holes.

    Dark areas that touch the edge of the image are not on the paper; a punch hole is a
    solid round blob 3-10 mm across near the left, right or top edge (measured on A4 width).
    """
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    parts = Components.of(ink)
    drop = _border_parts(parts.stats, grey.shape)
    if not len(drop):
        return grey
    out = grey.copy()
    out[_among(parts.labels, drop, parts.count)] = 255
    return np.asarray(out)


def _border_parts(stats: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Labels of the components off the paper: touching the edge, or punch holes."""
    h, w = shape[:2]
    x, y, bw, bh, area = (stats[1:, k] for k in range(5))
    edge = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    mm = w / 210
    size = np.maximum(bw, bh)
    round_ = (np.abs(bw - bh) < 0.25 * size) & (area > 0.6 * bw * bh)
    cx, cy = x + bw / 2, y + bh / 2
    near_edge = (cx < 0.15 * w) | (cx > 0.85 * w) | (cy < 0.1 * h)
    hole = round_ & (size >= 3 * mm) & (size <= 10 * mm) & near_edge
    return np.flatnonzero(edge | hole) + 1


def _among(labels: np.ndarray, chosen: np.ndarray, count: int) -> np.ndarray:
    """Pixels whose component is one of ``chosen``: a lookup table, linear in the pixels
    (np.isin sorts the whole label image)."""
    table = np.zeros(count, dtype=bool)
    table[chosen] = True
    return np.asarray(table[labels])


def keep_ink(grey: np.ndarray, binary: np.ndarray, *, margin: int = 2) -> np.ndarray:
    """The grey page where the binary page has ink (plus a margin), paper elsewhere.

    Tesseract reads anti-aliased grey letters better than thresholded ones; the binary
    mask carries over what the clean-up removed (specks, stamps, noise on the paper).
    """
    size = 2 * margin + 1
    near = cv2.dilate(_ink(binary), np.ones((size, size), np.uint8))
    return np.asarray(cv2.bitwise_or(grey, cv2.bitwise_not(near)))  # paper 255 off the ink


def _ink(binary: np.ndarray) -> np.ndarray:
    """255 where ``binary`` (uint8) is below 128, 0 elsewhere."""
    return np.asarray(cv2.threshold(binary, 127, 255, cv2.THRESH_BINARY_INV)[1])


def looks_sideways(binary: np.ndarray) -> bool:
    """Whether the text lines run up and down the page (a page turned by 90 or 270 degrees).

    Lines of text make the ink profile across rows sharp and the one across columns smooth;
    a sideways page swaps the two.
    """
    ink = _ink(binary)
    factor = 1600 / max(ink.shape)
    small = cv2.resize(ink, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    small = small.astype(np.float64)
    return _sharpness(small.sum(axis=1)) < _sharpness(small.sum(axis=0))


def _sharpness(profile: np.ndarray) -> float:
    return float(np.mean(np.diff(profile) ** 2) / (np.mean(profile) ** 2 + 1e-9))


def suppress_colour(rgb: np.ndarray) -> np.ndarray:
    """Grey page with saturated red (stamps) and blue (signatures, pen) ink turned to paper.

    A page without colour (most scans) is only converted: its channels are checked on a
    copy an eighth the size first."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if not _coloured(np.ascontiguousarray(rgb[::8, ::8])).any():
        return np.asarray(grey)
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue = hsv[..., 0]
    coloured = _coloured(rgb, hsv)
    red = coloured & ((hue < 12) | (hue > 165))
    blue = coloured & (hue > 95) & (hue < 135)
    out = grey.copy()
    out[red | blue] = 255
    return np.asarray(out)


def _coloured(rgb: np.ndarray, hsv: np.ndarray | None = None) -> np.ndarray:
    """Pixels of saturated, not dark, colour: ink of a stamp or a pen, not of the print."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV) if hsv is None else hsv
    return np.asarray((hsv[..., 1] > 70) & (hsv[..., 2] > 60))


def upscale_factor(grey: np.ndarray, *, height: float | None = None) -> float:
    """Scale that brings the typical letter height to a size Tesseract reads well."""
    height = height if height is not None else text_height(grey)
    if height is None or height >= MIN_TEXT_HEIGHT:
        return 1.0
    return min(2.0, TARGET_TEXT_HEIGHT / height)


def text_height(grey: np.ndarray) -> float | None:
    """Median height of letter-sized connected components, or None on a blank page."""
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return _letter_height(Components.of(ink).stats[1:])


def _letter_height(stats: np.ndarray) -> float | None:
    """Median height of the letter-sized components among ``stats`` (background excluded)."""
    heights = stats[:, cv2.CC_STAT_HEIGHT]
    widths = stats[:, cv2.CC_STAT_WIDTH]
    areas = stats[:, cv2.CC_STAT_AREA]
    # dust is small and compact; on a specky page it would outnumber the letters
    letters = heights[(heights >= 8) & (areas >= 30) & (heights < 200) & (widths < 3 * heights)]
    return float(np.median(letters)) if len(letters) > 20 else None


def flatten_background(grey: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness so uneven lighting and yellowed paper turn white.

    The background is estimated on a quarter-size copy (closing removes the text, a blur
    smooths it) and scaled back up: the same result at a fraction of the cost.
    """
    h, w = grey.shape
    small = cv2.resize(grey, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    size = max(9, (min(small.shape) // 20) | 1)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    background = cv2.GaussianBlur(background, (size, size), 0)
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(grey, background, scale=255)
    return np.asarray(flat)


def estimate_skew(grey: np.ndarray, *, limit: float = 5.0, step: float = 0.1) -> float:
    """Angle (degrees, counter-clockwise positive) that makes text lines horizontal.

    Projection profiles of the ink of a copy at reduced resolution: the right angle gives
    the sharpest rows. The page is not turned for each angle tried: the ink's pixels are
    counted once and projected along each angle onto the nearest row (no interpolation,
    which would blur every angle but zero and favour it).
    """
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    factor = 1600 / max(ink.shape)
    small = cv2.resize(ink, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small)
    if not len(ys):
        return 0.0
    weights = small[ys, xs].astype(np.float64)
    xs_centred = (xs - small.shape[1] // 2).astype(np.float64)
    ys_centred = (ys - small.shape[0] // 2).astype(np.float64)
    span = int(np.ceil(np.hypot(*small.shape))) + 2

    def sharpness(angle: float) -> float:
        # the row each pixel lands on when the page is turned by ``angle`` (as rotate() does)
        a = np.deg2rad(angle)
        y = np.rint(ys_centred * np.cos(a) - xs_centred * np.sin(a)).astype(np.intp)
        rows = np.bincount(y + span // 2, weights, minlength=span + 1)
        return float(np.sum(np.diff(rows) ** 2))

    coarse = max(np.arange(-limit, limit + 0.01, 0.5), key=sharpness)
    fine = np.arange(coarse - 0.5, coarse + 0.5 + 1e-9, step)
    return round(float(max(fine, key=sharpness)), 2)


def rotate(image: np.ndarray, angle: float, *, border: int = 255) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return np.asarray(
        cv2.warpAffine(
            image,
            matrix,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=border,
        )
    )


def binarize(grey: np.ndarray) -> np.ndarray:
    """Otsu on evenly lit pages; Sauvola's local threshold where the paper's brightness varies."""
    if _paper_spread(grey) < 12:
        _, out = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        return np.asarray(out)
    return sauvola(grey)


def _paper_spread(grey: np.ndarray, *, block: int = 256) -> float:
    """How much the paper's brightness varies: the spread of the 90th percentile of each
    whole block of ``block`` pixels (a page smaller than a block counts as even)."""
    h, w = (grey.shape[0] // block) * block, (grey.shape[1] // block) * block
    if not h or not w:
        return 0.0
    tiles = grey[:h, :w].reshape(h // block, block, w // block, block).swapaxes(1, 2)
    paper = np.percentile(tiles.reshape(-1, block * block), 90, axis=1)
    return float(np.std(paper))


def sauvola(grey: np.ndarray, *, window: int = 51, k: float = 0.2, r: float = 128.0) -> np.ndarray:
    """Sauvola's threshold: local mean m and deviation s over a window, T = m (1 + k (s/r - 1))."""
    g = grey.astype(np.float64)
    mean = cv2.boxFilter(g, -1, (window, window), borderType=cv2.BORDER_REFLECT)
    square = cv2.boxFilter(g * g, -1, (window, window), borderType=cv2.BORDER_REFLECT)
    deviation = np.sqrt(np.maximum(square - mean * mean, 0))
    threshold = mean * (1 + k * (deviation / r - 1))
    return np.asarray(np.where(g > threshold, 255, 0).astype(np.uint8))


def remove_specks(
    binary: np.ndarray, *, letter_height: float | None = None, min_specks: int = 40
) -> np.ndarray:
    """Dust and scanner specks become paper; diacritics stay because they sit by a letter.

    A small blob is removed when no letter-sized blob lies within about half a letter height.
    A page with fewer than ``min_specks`` such blobs is left as it is: on a clean page they
    are punctuation and marks, not dust.
    """
    parts = Components.of(cv2.bitwise_not(binary))
    return _remove_specks(binary, parts, letter_height=letter_height, min_specks=min_specks)[0]


def _remove_specks(
    binary: np.ndarray,
    parts: Components,
    *,
    letter_height: float | None = None,
    min_specks: int = 40,
) -> tuple[np.ndarray, np.ndarray]:
    """remove_specks on the ink's components; also the labels it removed."""
    height = letter_height or 30.0
    max_area = int((0.3 * height) ** 2)
    count, labels, stats = parts.count, parts.labels, parts.stats
    areas = stats[:, cv2.CC_STAT_AREA]
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    # hyphens and dashes are small but long: never dust
    dot_like = (areas <= max_area) & (np.maximum(w, h) < 2.5 * np.minimum(w, h))
    small = np.where(dot_like)[0]
    small = small[small != 0]
    dots = _among(labels, small, count)
    big = ((labels != 0) & ~dots).view(np.uint8)  # the ink of the other components
    reach = max(3, int(1.2 * height)) | 1  # extends 0.6 letter heights each way
    near = cv2.dilate(big, np.ones((reach, reach), np.uint8))
    touching = np.unique(labels[(near > 0) & dots])
    lonely = np.setdiff1d(small, touching)
    if len(lonely) < min_specks:
        return binary, small[:0]
    near_text = np.setdiff1d(small, lonely)
    floating = _floating_dots(stats, near_text, np.flatnonzero(~dot_like)[1:], height)
    removed = np.concatenate([lonely, floating])
    out = binary.copy()
    out[_among(labels, removed, count)] = 255
    return np.asarray(out), removed


PAIR_BUDGET = 1 << 20  # dot-component pairs compared at once: 8 MB per array, whatever the page


def _floating_dots(
    stats: np.ndarray, dots: np.ndarray, letters: np.ndarray, height: float
) -> np.ndarray:
    """Dots beside letters at mid-height, on a dusty page: dust, not punctuation or marks.

    A diacritic sits over or under a letter; a full stop or comma sits on the baseline of the
    letters around it; the upper dot of a colon has its partner right below. Anything else
    floating between words at letter height is a speck that would read as "-" or ".".
    Each dot is compared only with the components of its own band of the page, a bounded
    number of pairs at a time, so memory stays linear in the number of components.
    """
    x, y, w, h, area = (stats[:, k].astype(np.float64) for k in range(5))
    marks, dots = dots, dots[area[dots] > 0.55 * w[dots] * h[dots]]  # solid, not a slash
    if not len(dots) or not len(letters):
        return dots[:0]
    boxes = (x, y, x + w, y + h)
    found = [
        chunk[_floating(boxes, chunk, near, height) & ~_mark_below(boxes, chunk, below, height)]
        for chunk, near, below in _neighbourhoods(boxes, dots, letters, marks, height)
    ]
    return np.concatenate(found) if found else dots[:0]


Boxes = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _neighbourhoods(
    boxes: Boxes, dots: np.ndarray, letters: np.ndarray, marks: np.ndarray, height: float
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(dots, letters that may bear on them, marks that may sit below them), band by band.

    Dots are taken in bands one letter height tall; a band's letters are those within a
    letter height of it, its marks those starting within a letter height below it. A band
    with many components is cut so no more than PAIR_BUDGET pairs are compared at once.
    """
    x0, y0, x1, y1 = boxes
    centre = (y0 + y1) / 2
    dots = dots[np.argsort(centre[dots], kind="stable")]
    ys = centre[dots]
    start = 0
    while start < len(dots):
        end = int(np.searchsorted(ys, ys[start] + height, side="right"))
        lo, hi = ys[start], ys[end - 1]
        near = letters[(y0[letters] < hi + height) & (y1[letters] > lo - height)]
        below = marks[(y0[marks] > lo - height) & (y0[marks] < hi + height)]
        step = max(1, PAIR_BUDGET // max(1, len(near), len(below)))
        for k in range(start, end, step):
            yield dots[k : min(end, k + step)], near, below
        start = end


def _floating(boxes: Boxes, dots: np.ndarray, letters: np.ndarray, height: float) -> np.ndarray:
    """Whether each dot floats above the baseline of the letters beside it, over none."""
    if not len(letters):
        return np.ones(len(dots), dtype=bool)
    x0, y0, x1, y1 = boxes
    lx0, lx1, ly0, ly1 = (v[letters][None, :] for v in (x0, x1, y0, y1))
    dx0, dx1, dy0, dy1 = (v[dots][:, None] for v in (x0, x1, y0, y1))
    cy = (dy0 + dy1) / 2
    band = (cy > ly0 - 0.2 * height) & (cy < ly1 + 0.2 * height)
    beside = band & (np.abs((lx0 + lx1) / 2 - (dx0 + dx1) / 2) < 3 * height)
    over = (dx1 >= lx0 - 1) & (dx0 <= lx1 + 1) & (cy > ly0 - height) & (cy < ly1 + height)
    bottoms = np.where(beside, ly1, np.nan)
    counted = beside.any(axis=1)
    baseline = np.full(len(dots), np.inf)
    if counted.any():
        baseline[counted] = np.nanmedian(bottoms[counted], axis=1)
    high = cy[:, 0] < baseline - 0.3 * height
    return np.asarray(high & ~over.any(axis=1))


def _mark_below(boxes: Boxes, dots: np.ndarray, marks: np.ndarray, height: float) -> np.ndarray:
    """Whether each dot has a small mark right below it (a colon or semicolon)."""
    if not len(marks):
        return np.zeros(len(dots), dtype=bool)
    x0, y0, x1, y1 = boxes
    overlap = (x1[dots][:, None] >= x0[marks][None, :]) & (x0[dots][:, None] <= x1[marks][None, :])
    gap = y0[marks][None, :] - y1[dots][:, None]
    return np.asarray((overlap & (gap > 0) & (gap < 0.6 * height)).any(axis=1))


MARK_LIGHTER = 40  # grey levels: a stamp or signature this much lighter than the print


def suppress_grey_marks(
    grey: np.ndarray, binary: np.ndarray, *, letter_height: float | None
) -> np.ndarray:
    """Stamps and signatures of a grey scan taken off the ink mask, the print over them kept.

    On a scan without colour a red stamp or a blue signature is a large blob of ink lighter
    than the print. Each blob several letters tall and wide whose ink is clearly lighter than
    the letters' is cleared of its pixels lighter than halfway between the two; the darker
    ones (the print under and over the stamp) stay. Ruled tables and dark logos are as dark
    as the print and stay whole.
    """
    parts = Components.of(cv2.bitwise_not(binary))
    return _suppress_grey_marks(grey, binary, parts, np.zeros(0, int), letter_height=letter_height)


def _suppress_grey_marks(
    grey: np.ndarray,
    binary: np.ndarray,
    parts: Components,
    removed: np.ndarray,
    *,
    letter_height: float | None,
) -> np.ndarray:
    """suppress_grey_marks on the components of the ink before ``removed`` were taken off."""
    if letter_height is None:
        return binary
    count, labels, stats = parts.count, parts.labels, parts.stats
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    big = np.flatnonzero((w > 3 * letter_height) & (h > 3 * letter_height)) + 1
    if not len(big):
        return binary
    letters = ~_among(labels, np.concatenate([[0], big, removed]).astype(int), count)
    if letters.sum() < 1000:
        return binary
    print_level = float(np.median(grey[letters][::7]))
    out = binary
    for label in big:
        x, y, bw, bh = (int(v) for v in stats[label, :4])
        box = (slice(y, y + bh), slice(x, x + bw))
        mine = labels[box] == label
        level = float(np.median(grey[box][mine]))
        if level < print_level + MARK_LIGHTER:
            continue
        light = mine & (grey[box] > (print_level + level) / 2)
        if out is binary:
            out = binary.copy()
        out[box][light] = 255
    return np.asarray(out)
