"""Tesseract as the OCR engine: page image in, OcrPage (lines, words, boxes) out."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from core.errors import OcrFailed, OcrTimeout, ResourceMissing, WarningCode
from core.options import OcrOptions
from core.processes import die_with_parent
from core.record import Notice, OcrPage, Word
from ocr.layout import regions as layout_regions
from ocr.preprocess import looks_sideways, prepare

TESSERACT = "tesseract"
# pages run in parallel processes: one thread per Tesseract, or they fight over the cores
ONE_THREAD = {"OMP_THREAD_LIMIT": "1"}
INT_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num")
BOX_COLUMNS = ("left", "top", "width", "height")

LineKey = tuple[int, int, int]  # block, paragraph, line
A4_PIXELS = 2481 * 3508  # an A4 page at 300 dpi: the page OcrOptions.timeout is given for
MIN_TIMEOUT = 20.0  # seconds: Tesseract's start and model load, whatever the image
DEFAULT_TIMEOUT = OcrOptions().timeout


@functools.cache
def engine_version() -> str:
    """e.g. 'tesseract 5.3.0'."""
    _require_tesseract()
    out = subprocess.run([TESSERACT, "--version"], capture_output=True, text=True)
    first = (out.stdout or out.stderr).strip().splitlines()[:1]
    return first[0] if first else "tesseract"


@functools.cache
def _installed_languages() -> frozenset[str]:
    out = subprocess.run([TESSERACT, "--list-langs"], capture_output=True, text=True)
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:])


def _require_tesseract(languages: str = "") -> None:
    if shutil.which(TESSERACT) is None:
        raise ResourceMissing(
            "Tesseract is not installed; run `apt-get install tesseract-ocr tesseract-ocr-vie`."
        )
    missing = [lang for lang in languages.split("+") if lang and lang not in _installed_languages()]
    if missing:
        raise ResourceMissing(
            f"Tesseract language data missing: {', '.join(missing)}; run "
            f"`apt-get install {' '.join('tesseract-ocr-' + m for m in missing)}`."
        )


def run_tesseract(
    image: Image.Image, *, languages: str, psm: int = 4, timeout: float = DEFAULT_TIMEOUT
) -> dict[str, list]:
    """Tesseract's word table (its TSV output, by column) for ``image``."""
    return run_tesseract_many([image], languages=languages, psm=psm, timeout=timeout)[0]


def run_tesseract_many(
    images: list[Image.Image],
    *,
    languages: str,
    psm: int = 4,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[dict[str, list]]:
    """One word table per image, from one Tesseract process (its model is loaded once: a
    page cut into a dozen regions or table cells costs one start, not a dozen).

    ``timeout`` is for an A4 page at 300 dpi; the process gets it in proportion to the pixels
    it reads (at least MIN_TIMEOUT for its start, unless ``timeout`` is shorter) and is
    killed past it (OcrTimeout)."""
    _require_tesseract(languages)
    pixels = sum(image.width * image.height for image in images)
    seconds = max(min(timeout, MIN_TIMEOUT), timeout * pixels / A4_PIXELS)
    tsv = _run(images, ["-l", languages, "--psm", str(psm), "tsv"], timeout=seconds)
    rows = [line.split("\t") for line in tsv.splitlines()]
    if not rows:
        raise OcrFailed("Tesseract gave no output for the page.")
    header, body = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
    page_at = header.index("page_num") if "page_num" in header else None
    tables: list[dict[str, list]] = []
    for number in range(1, len(images) + 1):
        mine = [r for r in body if page_at is None or int(r[page_at]) == number]
        tables.append(_columns(header, mine))
    return tables


def _columns(header: list[str], body: list[list[str]]) -> dict[str, list]:
    data: dict[str, list] = {name: [r[i] for r in body] for i, name in enumerate(header)}
    for name in (*INT_COLUMNS, *BOX_COLUMNS):
        data[name] = [int(v) for v in data.get(name, [])]
    data["conf"] = [float(v) for v in data.get("conf", [])]
    return data


def _run(images: list[Image.Image], args: list[str], *, timeout: float = MIN_TIMEOUT) -> str:
    """Run Tesseract (one thread) on ``images`` and return what it writes to stdout.

    The process dies with its caller (a page worker killed for overrunning takes its
    Tesseract with it) and is killed itself after ``timeout`` seconds."""
    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        paths = []
        for i, image in enumerate(images):
            paths.append(os.path.join(tmp, f"page-{i:04d}.png"))
            image.save(paths[-1], compress_level=1)
        source = paths[0]
        if len(paths) > 1:  # Tesseract reads a text file of image paths as a multi-page input
            source = os.path.join(tmp, "pages.txt")
            Path(source).write_text("\n".join(paths) + "\n", encoding="utf-8")
        try:
            done = subprocess.run(
                [TESSERACT, source, "stdout", *args],
                capture_output=True,
                env={**os.environ, **ONE_THREAD},
                check=False,
                timeout=timeout,
                preexec_fn=die_with_parent,  # noqa: PLW1509 - page workers run no threads
            )
        except subprocess.TimeoutExpired:
            raise OcrTimeout(
                f"Tesseract did not finish the page within {timeout:.0f} s (VANBAN_OCR_TIMEOUT)."
            ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise OcrFailed(f"Tesseract failed on the page: {' '.join(message) or done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _is_dust(text: str, confidence: float) -> bool:
    """A word of punctuation only, read with little confidence: dust or a rule's end."""
    return confidence < 60 and not any(c.isalnum() for c in text)


def words_and_lines(data: dict[str, list]) -> tuple[list[str], tuple[Word, ...]]:
    """Group Tesseract's words into text lines in reading order, keeping their boxes."""
    groups: dict[LineKey, list[int]] = defaultdict(list)
    for i, text in enumerate(data["text"]):
        if str(text).strip() and not _is_dust(str(text), float(data["conf"][i])):
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            groups[key].append(i)
    lines: list[str] = []
    words: list[Word] = []
    previous_block: tuple[int, int] | None = None
    for key in sorted(groups, key=lambda k: _line_order(groups[k], data, k)):
        if previous_block is not None and key[:2] != previous_block:
            lines.append("")  # paragraph break, as a blank line
        previous_block = key[:2]
        ids = sorted(groups[key], key=lambda i: data["left"][i])
        for i in ids:
            box = (
                data["left"][i],
                data["top"][i],
                data["left"][i] + data["width"][i],
                data["top"][i] + data["height"][i],
            )
            words.append(Word(str(data["text"][i]), box, float(data["conf"][i]), len(lines)))
        lines.append(" ".join(str(data["text"][i]) for i in ids))
    return lines, tuple(words)


def _line_order(ids: list[int], data: dict[str, list], key: LineKey) -> tuple[int, int, int, int]:
    return (key[0], key[1], key[2], min(data["top"][i] for i in ids))


def _read_regions(
    page: Image.Image, *, binary: np.ndarray | None, options: OcrOptions, scale: float
) -> tuple[list[str], tuple[Word, ...]]:
    """Read each layout region on its own, in reading order; boxes in original page pixels."""
    languages, timeout = options.languages, options.timeout
    parts = layout_regions(binary) if binary is not None else []
    if len(parts) <= 1:  # one block: let Tesseract find the columns itself
        data = run_tesseract(page, languages=languages, psm=3, timeout=timeout)
        return _placed(data, scale=scale, offset=(0, 0), first_line=0)
    pad = 16  # Tesseract finds lines best with some paper around them
    crops = [ImageOps.expand(page.crop(r.box), border=pad, fill=255) for r in parts]
    tables: dict[int, dict[str, list]] = {}
    for psm in (4, 6):  # a column of lines; a block (a table cell)
        ids = [i for i, r in enumerate(parts) if (r.name == "cell") == (psm == 6)]
        if ids:
            chosen = [crops[i] for i in ids]
            read = run_tesseract_many(chosen, languages=languages, psm=psm, timeout=timeout)
            tables.update(zip(ids, read, strict=True))
    lines: list[str] = []
    words: list[Word] = []
    for i, region in enumerate(parts):
        offset = (region.box[0] - pad, region.box[1] - pad)
        if region.name == "cell" and i and parts[i - 1].row == region.row:
            _, found = _placed(tables[i], scale=scale, offset=offset, first_line=len(lines) - 1)
            lines[-1] += " " + " ".join(w.text for w in found) + " |"
            words += [replace(w, line=len(lines) - 1) for w in found]
            continue
        if lines and not (region.name == "cell" and parts[i - 1].name == "cell"):
            lines.append("")  # a blank line between blocks, none between table rows
        more, found = _placed(tables[i], scale=scale, offset=offset, first_line=len(lines))
        if region.name == "cell":  # a row's first cell starts its line: "| 1 | Thôn ... |"
            lines.append("| " + " ".join(w.text for w in found) + " |")
            found = tuple(replace(w, line=len(lines) - 1) for w in found)
        else:
            lines += more
        words += found
    while lines and not lines[-1]:
        lines.pop()
    return lines, tuple(words)


def _placed(
    data: dict[str, list], *, scale: float, offset: tuple[int, int], first_line: int
) -> tuple[list[str], tuple[Word, ...]]:
    """Lines and words of a word table read from a crop, boxes moved to page pixels."""
    data["left"] = [v + offset[0] for v in data["left"]]
    data["top"] = [v + offset[1] for v in data["top"]]
    if scale != 1.0:
        for key in ("left", "top", "width", "height"):
            data[key] = [int(round(v / scale)) for v in data[key]]
    lines, words = words_and_lines(data)
    shifted = tuple(Word(w.text, w.bbox, w.confidence, w.line + first_line) for w in words)
    return lines, shifted


SIMPLE_MAX_PIXELS = 4_000_000  # a page read again the simple way is brought under this


def _read_simply(
    page: Image.Image, *, options: OcrOptions, scale: float
) -> tuple[list[str], tuple[Word, ...]]:
    """The page read in one pass as a single block, at reduced resolution: what is left to
    try when reading it region by region overran its time. Raises OcrTimeout if this
    overruns too."""
    factor = min(1.0, (SIMPLE_MAX_PIXELS / (page.width * page.height)) ** 0.5)
    if factor < 1.0:
        size = (max(1, round(page.width * factor)), max(1, round(page.height * factor)))
        page = page.resize(size, Image.Resampling.LANCZOS)
    data = run_tesseract(page, languages=options.languages, psm=6, timeout=options.timeout)
    return _placed(data, scale=scale * factor, offset=(0, 0), first_line=0)


def detect_rotation(image: Image.Image) -> int:
    """Degrees (0/90/180/270) to turn the page so it reads upright, by Tesseract's OSD."""
    small = image.convert("L")
    small.thumbnail((1700, 1700))
    try:
        osd = _run([small], ["--psm", "0", "-c", "min_characters_to_try=20"])
    except OcrFailed:
        return 0  # too little text to tell: leave the page as it is
    rotate = re.search(r"Rotate: (\d+)", osd)
    confidence = re.search(r"Orientation confidence: ([\d.]+)", osd)
    if not rotate or not confidence or float(confidence.group(1)) < 2.0:
        return 0
    return int(rotate.group(1)) % 360


Reading = tuple[list[str], tuple[Word, ...], float, int, tuple[Notice, ...]]


def _recognize_upright(image: Image.Image, *, options: OcrOptions, rotation: int = 0) -> Reading:
    """Read the page; a page that reads badly is checked for orientation and read again."""
    skew, scale, page = 0.0, 1.0, image
    binary: np.ndarray | None = None
    if options.preprocess:
        # numpy's rot90 turns counter-clockwise; OSD says how far to turn clockwise
        prepared = prepare(image, rotation=(360 - rotation) % 360)
        page, skew, scale = prepared.image, -prepared.skew_degrees, prepared.scale
        binary = prepared.binary
    if binary is not None and rotation == 0 and looks_sideways(binary):
        turn = detect_rotation(image)
        if turn:
            return _recognize_upright(image, options=options, rotation=turn)
    try:
        lines, words = _read_regions(page, binary=binary, options=options, scale=scale)
    except OcrTimeout as exc:
        lines, words = _read_simply(page, options=options, scale=scale)
        note = f"read again as one block at lower resolution: {exc.message}"
        return lines, words, skew, rotation, (Notice(WarningCode.PAGE_SIMPLIFIED, note),)
    if options.preprocess and rotation == 0 and _reads_badly(words):
        turn = detect_rotation(image)
        if turn:
            return _recognize_upright(image, options=options, rotation=turn)
    return lines, words, skew, rotation, ()


def _reads_badly(words: tuple[Word, ...]) -> bool:
    confident = [w for w in words if w.confidence >= 70 and len(w.text) > 1]
    return len(confident) < max(5, 0.5 * len(words))


def recognize(image: Image.Image, *, number: int = 1, options: OcrOptions | None = None) -> OcrPage:
    """OCR one page image: clean it up, read it, and map word boxes back to the page."""
    options = options or OcrOptions()
    _require_tesseract(options.languages)
    lines, words, skew, rotation, notes = _recognize_upright(image, options=options)
    confidences = [w.confidence for w in words if w.confidence >= 0]
    mean = sum(confidences) / len(confidences) if confidences else None
    warnings = [Notice(n.code, f"page {number}: {n.message}") for n in notes]
    if not words:
        warnings.append(
            Notice(WarningCode.BLANK_PAGE, f"page {number}: no text found (blank page?)")
        )
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
