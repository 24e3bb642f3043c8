"""Tesseract as the OCR engine (core.engine.OcrEngine).

Areas are read by one Tesseract process per reading mode, not one per area: the crops of
a mode go in as one multi-image input (a text file of image paths), so the model is loaded
once per page and mode. That is why the process is run directly rather than through
pytesseract, which starts one process per image: on a page cut into a dozen regions or
table cells, a dozen model loads.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from core.engine import Area, EngineWord, Mode
from core.errors import OcrFailed, OcrTimeout, ResourceMissing
from core.options import OcrOptions
from core.processes import die_with_parent

TESSERACT = "tesseract"
# pages run in parallel processes: one thread per Tesseract, or they fight over the cores
ONE_THREAD = {"OMP_THREAD_LIMIT": "1"}
PSM: dict[Mode, int] = {"page": 3, "column": 4, "block": 6, "line": 7}
PAD = 16  # Tesseract finds lines best with some paper around them
A4_PIXELS = 2481 * 3508  # an A4 page at 300 dpi: the page OcrOptions.timeout is given for
MIN_TIMEOUT = 20.0  # seconds: Tesseract's start and model load, whatever the image
DEFAULT_TIMEOUT = OcrOptions().timeout
Table = dict[str, list]  # Tesseract's TSV output, by column
# Tesseract's Vietnamese model now and then reads the capital Đ as the Icelandic eth Ð
# (U+00D0), which looks the same and has no place in Vietnamese text
VIETNAMESE_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})
# ... and the figure 1 as 'l' or 'I' inside a number ('ngày l4 tháng l2'): a run of
# figures with such a letter is a number, as no Vietnamese word mixes them
_ONE_AS_LETTER = re.compile(r"(?=[\dlI]*\d)(?=[\dlI]*[lI])[\dlI]{2,}[.,;:)]?")
_ONES = str.maketrans({"l": "1", "I": "1"})


def figures(text: str) -> str:
    """``text`` with the figure 1 put back where a run of figures has it as a letter."""
    if _ONE_AS_LETTER.fullmatch(text):
        return text.translate(_ONES)
    return text


@dataclass(frozen=True, slots=True)
class TesseractEngine:
    """Tesseract through its command line, one thread a process."""

    language: str = "vie"  # Tesseract's form: "vie", "vie+eng"
    name: str = "tesseract"

    @property
    def slips(self) -> bool:
        return "vie" in self.languages()

    def version(self) -> str:
        return engine_version()

    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.language.split("+") if lang)

    def recognize(
        self, image: Image.Image, areas: Sequence[Area], options: OcrOptions
    ) -> list[tuple[EngineWord, ...]]:
        require_tesseract(self.language)
        found: dict[int, tuple[EngineWord, ...]] = {}
        for mode, psm in PSM.items():
            ids = [i for i, area in enumerate(areas) if area.mode == mode]
            if not ids:
                continue
            crops = [_crop(image, areas[i]) for i in ids]
            tables = run_tesseract_many(
                crops, languages=self.language, psm=psm, timeout=options.timeout
            )
            for i, table in zip(ids, tables, strict=True):
                found[i] = _words(table, _offset(areas[i]), vietnamese="vie" in self.languages())
        return [found[i] for i in range(len(areas))]

    def orientation(self, image: Image.Image) -> int:
        return detect_rotation(image)


def _crop(image: Image.Image, area: Area) -> Image.Image:
    if area.mode == "page" and area.box == (0, 0, image.width, image.height):
        return image
    return ImageOps.expand(image.crop(area.box), border=PAD, fill=255)


def _offset(area: Area) -> tuple[int, int]:
    if area.mode == "page" and area.box[:2] == (0, 0):
        return (0, 0)
    return (area.box[0] - PAD, area.box[1] - PAD)


def _words(
    table: Table, offset: tuple[int, int], *, vietnamese: bool = False
) -> tuple[EngineWord, ...]:
    dx, dy = offset
    out = []
    for i, text in enumerate(table["text"]):
        if not str(text).strip():
            continue
        if vietnamese:
            text = figures(str(text).translate(VIETNAMESE_LOOKALIKES))
        left, top = table["left"][i] + dx, table["top"][i] + dy
        box = (left, top, left + table["width"][i], top + table["height"][i])
        key = (table["block_num"][i], table["par_num"][i], table["line_num"][i])
        out.append(EngineWord(str(text), box, float(table["conf"][i]), *key))
    return tuple(out)


@functools.cache
def engine_version() -> str:
    """e.g. 'tesseract 5.3.0'."""
    require_tesseract()
    out = subprocess.run([TESSERACT, "--version"], capture_output=True, text=True)
    first = (out.stdout or out.stderr).strip().splitlines()[:1]
    return first[0] if first else "tesseract"


@functools.cache
def _installed_languages() -> frozenset[str]:
    out = subprocess.run([TESSERACT, "--list-langs"], capture_output=True, text=True)
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:])


def require_tesseract(languages: str = "") -> None:
    """ResourceMissing, saying what to install, unless Tesseract and ``languages`` are there."""
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
) -> Table:
    """Tesseract's word table (its TSV output, by column) for ``image``."""
    return run_tesseract_many([image], languages=languages, psm=psm, timeout=timeout)[0]


def run_tesseract_many(
    images: list[Image.Image],
    *,
    languages: str,
    psm: int = 4,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Table]:
    """One word table per image, from one Tesseract process (its model is loaded once).

    ``timeout`` is for an A4 page at 300 dpi; the process gets it in proportion to the pixels
    it reads (at least MIN_TIMEOUT for its start, unless ``timeout`` is shorter) and is
    killed past it (OcrTimeout)."""
    require_tesseract(languages)
    pixels = sum(image.width * image.height for image in images)
    seconds = max(min(timeout, MIN_TIMEOUT), timeout * pixels / A4_PIXELS)
    tsv = _run(images, ["-l", languages, "--psm", str(psm), "tsv"], timeout=seconds)
    rows = [line.split("\t") for line in tsv.splitlines()]
    if not rows:
        raise OcrFailed("Tesseract gave no output for the page.")
    header, body = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
    page_at = header.index("page_num") if "page_num" in header else None
    tables: list[Table] = []
    for number in range(1, len(images) + 1):
        mine = [r for r in body if page_at is None or int(r[page_at]) == number]
        tables.append(_columns(header, mine))
    return tables


INT_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num")
BOX_COLUMNS = ("left", "top", "width", "height")


def _columns(header: list[str], body: list[list[str]]) -> Table:
    data: Table = {name: [r[i] for r in body] for i, name in enumerate(header)}
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
        for i, image in enumerate(images):  # uncompressed PNM: nothing to encode or decode
            grey = image.mode in ("L", "1")
            paths.append(os.path.join(tmp, f"page-{i:04d}.{'pgm' if grey else 'ppm'}"))
            (image if image.mode in ("L", "RGB") else image.convert("L")).save(paths[-1])
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
