"""The page reader: page image in, OcrPage (lines, words, boxes in page pixels) out.

It cleans the page up (ocr.preprocess), finds its layout (ocr.layout), asks the engine to
read the areas, and puts the words back together as lines in reading order. The engine is
whatever ``OcrOptions.engine`` names (ocr.engines); the reader knows nothing of Tesseract.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw

from core.engine import Area, EngineWord, Mode, OcrEngine
from core.errors import OcrTimeout, WarningCode
from core.options import OcrOptions
from core.record import Notice, OcrPage, Word
from ocr import lost
from ocr.engines import engine_for
from ocr.layout import Region, text_rows
from ocr.layout import regions as layout_regions
from ocr.preprocess import looks_sideways, prepare

LineKey = tuple[int, int, int]  # block, paragraph, line
Lines = tuple[list[str], tuple[Word, ...]]
SIMPLE_MAX_PIXELS = 4_000_000  # a page read again the simple way is brought under this
# read as one block: a table cell; the list of recipients, whose notes set beside an item
# ("(để b/c)") the engine's own search for columns takes for a column of their own
BLOCKS = frozenset({"cell", "closing-left", "stamp"})
# read again as one block when read as a column gave nothing: the signer's block, whose
# lines a seal and a signature run together
SECOND_TRY = frozenset({"closing-right"})


def recognize(
    image: Image.Image,
    *,
    number: int = 1,
    options: OcrOptions | None = None,
    engine: OcrEngine | None = None,
) -> OcrPage:
    """OCR one page image: clean it up, read it, and map word boxes back to the page."""
    options = options or OcrOptions()
    engine = engine or engine_for(options)
    lines, words, skew, rotation, notes = _recognize_upright(image, engine, options)
    confidences = [w.confidence for w in words if w.confidence >= 0]
    mean = sum(confidences) / len(confidences) if confidences else None
    warnings = [Notice(n.code, f"page {number}: {n.message}") for n in notes]
    if not words:
        message = f"page {number}: no text found (blank page?)"
        warnings.append(Notice(WarningCode.BLANK_PAGE, message))
    elif mean is not None and mean < 60:
        message = f"page {number}: mean OCR confidence {mean:.0f}%"
        warnings.append(Notice(WarningCode.LOW_CONFIDENCE, message))
    return OcrPage(
        number=number,
        width=image.width,
        height=image.height,
        text="\n".join(lines),
        words=words,
        confidence=mean,
        skew_degrees=skew,
        orientation=rotation,
        warnings=tuple(warnings),
    )


Reading = tuple[list[str], tuple[Word, ...], float, int, tuple[Notice, ...]]


def _recognize_upright(
    image: Image.Image, engine: OcrEngine, options: OcrOptions, rotation: int = 0
) -> Reading:
    """Read the page; a page that reads badly is checked for orientation and read again."""
    skew, scale, page = 0.0, 1.0, image
    binary: np.ndarray | None = None
    if options.preprocess:
        # numpy's rot90 turns counter-clockwise; OSD says how far to turn clockwise
        prepared = prepare(image, rotation=(360 - rotation) % 360)
        page, skew, scale = prepared.image, -prepared.skew_degrees, prepared.scale
        binary = prepared.binary
    if binary is not None and rotation == 0 and looks_sideways(binary):
        turn = engine.orientation(image)
        if turn:
            return _recognize_upright(image, engine, options, turn)
    try:
        lines, words = read_regions(page, binary, engine, options, scale=scale)
    except OcrTimeout as exc:
        lines, words = _read_simply(page, engine, options, scale=scale)
        note = f"read again as one block at lower resolution: {exc.message}"
        return lines, words, skew, rotation, (Notice(WarningCode.PAGE_SIMPLIFIED, note),)
    if options.preprocess and rotation == 0 and _reads_badly(words):
        turn = engine.orientation(image)
        if turn:
            return _recognize_upright(image, engine, options, turn)
    return lines, words, skew, rotation, ()


def _reads_badly(words: tuple[Word, ...]) -> bool:
    confident = [w for w in words if w.confidence >= 70 and len(w.text) > 1]
    return len(confident) < max(5, 0.5 * len(words))


def read_regions(
    page: Image.Image,
    binary: np.ndarray | None,
    engine: OcrEngine,
    options: OcrOptions,
    *,
    scale: float,
) -> Lines:
    """Read each layout region on its own, in reading order; boxes in original page pixels.

    One region: the engine finds the columns itself. Table cells of a row make one line,
    "| 1 | Thôn ... |"; blocks are set apart by a blank line, table rows are not."""
    parts = layout_regions(binary) if binary is not None else []
    if len(parts) <= 1:
        whole = Area((0, 0, page.width, page.height), "page")
        return _placed(engine.recognize(page, [whole], options)[0], scale=scale, first_line=0)
    areas = [Area(r.box, _mode(r)) for r in parts]
    assert binary is not None
    # the other regions read, and looked at again, without the framed stamps in them
    clean, binary = _without_stamps(page, binary, [r.box for r in parts if r.name == "stamp"])
    found = _read_again_as_blocks(
        clean, parts, areas, _recognize(page, clean, parts, areas, engine, options), engine, options
    )
    rows = text_rows(binary < 128)
    letter = float(np.median([b - a for a, b in rows])) if rows else 30.0
    found = lost.recover(clean, binary, areas, found, engine, options, letter=letter)
    return _assemble(parts, found, scale=scale)


def _without_stamps(
    page: Image.Image, binary: np.ndarray, stamps: list[tuple[int, int, int, int]]
) -> tuple[Image.Image, np.ndarray]:
    """The page and its binary image with the stamps' boxes painted white."""
    if not stamps:
        return page, binary
    clean, binary = page.copy(), binary.copy()
    paint = ImageDraw.Draw(clean)
    for x0, y0, x1, y1 in stamps:
        paint.rectangle((x0, y0, x1 - 1, y1 - 1), fill="white")
        binary[y0:y1, x0:x1] = 255
    return clean, binary


def _recognize(
    page: Image.Image,
    clean: Image.Image,
    parts: list[Region],
    areas: list[Area],
    engine: OcrEngine,
    options: OcrOptions,
) -> list[tuple[EngineWord, ...]]:
    """Every area read: the framed stamps from the page, the others from ``clean`` (the
    page with the stamps painted out, so the column or title a stamp overlaps is read
    without it)."""
    stamps = [i for i, region in enumerate(parts) if region.name == "stamp"]
    if not stamps:
        return engine.recognize(page, areas, options)
    rest = [i for i in range(len(parts)) if i not in stamps]
    found: list[tuple[EngineWord, ...]] = [()] * len(parts)
    for indices, image in ((rest, clean), (stamps, page)):
        read = engine.recognize(image, [areas[i] for i in indices], options)
        for i, words in zip(indices, read, strict=True):
            found[i] = words
    return found


def _read_again_as_blocks(
    page: Image.Image,
    parts: list[Region],
    areas: list[Area],
    found: list[tuple[EngineWord, ...]],
    engine: OcrEngine,
    options: OcrOptions,
) -> list[tuple[EngineWord, ...]]:
    """``found`` with the SECOND_TRY regions the engine read nothing in read as blocks."""
    empty = [
        i
        for i, region in enumerate(parts)
        if region.name in SECOND_TRY and not any(w.confidence >= 60 for w in found[i])
    ]
    if not empty:
        return found
    again = engine.recognize(page, [Area(areas[i].box, "block") for i in empty], options)
    out = list(found)
    for i, words in zip(empty, again, strict=True):
        out[i] = words
    return out


def _mode(region: Region) -> Mode:
    """How the engine reads a region: as one block (BLOCKS) or as a column of text."""
    return "block" if region.name in BLOCKS else "column"


def _assemble(parts: list[Region], found: list[tuple[EngineWord, ...]], *, scale: float) -> Lines:
    lines: list[str] = []
    words: list[Word] = []
    for i, region in enumerate(parts):
        if region.name == "cell" and i and parts[i - 1].row == region.row:
            _, more = _placed(found[i], scale=scale, first_line=len(lines) - 1)
            lines[-1] += " " + " ".join(w.text for w in more) + " |"
            words += [replace(w, line=len(lines) - 1) for w in more]
            continue
        if lines and not (region.name == "cell" and parts[i - 1].name == "cell"):
            lines.append("")  # a blank line between blocks, none between table rows
        texts, more = _placed(found[i], scale=scale, first_line=len(lines))
        if region.name == "cell":  # a row's first cell starts its line
            lines.append("| " + " ".join(w.text for w in more) + " |")
            more = tuple(replace(w, line=len(lines) - 1) for w in more)
        else:
            lines += texts
        words += more
    while lines and not lines[-1]:
        lines.pop()
    return lines, tuple(words)


def _placed(found: Sequence[EngineWord], *, scale: float, first_line: int) -> Lines:
    """Lines and words of an area, boxes brought back to the original page's pixels."""
    if scale != 1.0:
        found = [replace(w, box=_unscaled(w.box, scale)) for w in found]
    lines, words = words_and_lines(found)
    return lines, tuple(replace(w, line=w.line + first_line) for w in words)


def _unscaled(box: tuple[int, int, int, int], scale: float) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    w, h = int(round((x1 - x0) / scale)), int(round((y1 - y0) / scale))
    left, top = int(round(x0 / scale)), int(round(y0 / scale))
    return (left, top, left + w, top + h)


def _read_simply(
    page: Image.Image, engine: OcrEngine, options: OcrOptions, *, scale: float
) -> Lines:
    """The page read in one pass as a single block, at reduced resolution: what is left to
    try when reading it region by region overran its time. Raises OcrTimeout if this
    overruns too."""
    factor = min(1.0, (SIMPLE_MAX_PIXELS / (page.width * page.height)) ** 0.5)
    if factor < 1.0:
        size = (max(1, round(page.width * factor)), max(1, round(page.height * factor)))
        page = page.resize(size, Image.Resampling.LANCZOS)
    whole = Area((0, 0, page.width, page.height), "block")
    found = engine.recognize(page, [whole], options)[0]
    return _placed(found, scale=scale * factor, first_line=0)


def _is_dust(word: EngineWord) -> bool:
    """A word of punctuation only, read with little confidence: dust or a rule's end."""
    return word.confidence < 60 and not any(c.isalnum() for c in word.text)


# a section's Roman numeral as OCR reads it ('HI.' for 'III.', 'lI.' for 'II.', 'v.' for 'V.')
_NUMERAL = re.compile(r"(?=[IVXHlv1]*[Hlv1])(?=[IVXHlv1]*[IVXHlv])[IVXHlv1]{1,4}\.")
_ROMAN = re.compile(r"X{0,2}(?:IX|IV|V?I{0,3})\.")
_NUMERAL_LETTERS = str.maketrans({"H": "II", "l": "I", "1": "I", "v": "V"})


def _section_numeral(row: list[EngineWord]) -> list[EngineWord]:
    """A line opening a section in capitals ('III. TỔ CHỨC THỰC HIỆN') with its numeral put
    back where OCR read a stroke of it as another letter."""
    if len(row) < 2:
        return row
    first, second = sorted(row, key=lambda w: w.box[0])[:2]
    if not (_NUMERAL.fullmatch(first.text) and second.text.isupper()):
        return row
    numeral = first.text.translate(_NUMERAL_LETTERS)
    if not _ROMAN.fullmatch(numeral):
        return row
    return [replace(w, text=numeral) if w is first else w for w in row]


def _without_flat(row: list[EngineWord]) -> list[EngineWord]:
    """The line's words but those a rule or an underline made: read with next to no
    confidence and far flatter than the letters beside them ('wÃqĐk' 6 px high in a line of
    27 px letters)."""
    if len(row) < 3:
        return row
    letters = float(np.median([w.box[3] - w.box[1] for w in row]))
    return [w for w in row if not (w.confidence < 30 and w.box[3] - w.box[1] < 0.4 * letters)]


def words_and_lines(found: Sequence[EngineWord]) -> Lines:
    """Group an area's words into text lines in reading order, keeping their boxes."""
    groups: dict[LineKey, list[EngineWord]] = defaultdict(list)
    for word in found:
        if word.text.strip() and not _is_dust(word):
            groups[(word.block, word.paragraph, word.line)].append(word)
    groups = {key: _section_numeral(_without_flat(row)) for key, row in groups.items()}
    lines: list[str] = []
    words: list[Word] = []
    previous_block: tuple[int, int] | None = None
    for key in sorted(groups, key=lambda k: (*k, min(w.box[1] for w in groups[k]))):
        if previous_block is not None and key[:2] != previous_block:
            lines.append("")  # paragraph break, as a blank line
        previous_block = key[:2]
        row = sorted(groups[key], key=lambda w: w.box[0])
        words += [Word(w.text, w.box, w.confidence, len(lines)) for w in row]
        lines.append(" ".join(w.text for w in row))
    return lines, tuple(words)
