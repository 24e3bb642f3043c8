"""Render Vietnamese administrative documents to page images that look like scans.

``render`` lays a ``Document`` (see ``benchmarks.documents``) out as Decree 30/2020 asks:
Liberation Serif, two-column header (issuing body and number | motto and place-date), centred
type and title, justified body with ruled tables, signer block on the right under a red round
stamp and a blue signature, "Nơi nhận" on the left. Pages are then degraded by a profile:
clean (300 dpi), office (±1°, light noise, JPEG 75) or poor (±2.5°, specks, uneven light,
blur, punch holes, scanner border, 200 dpi). Deterministic for a seed. The issuing body's lines
wrap within their column; an appendix (an attached list or table) starts a page of its own. The ground truth is the
text per page in reading order: each header row's left block, then its right block; tables row
by row, cell by cell; "Nơi nhận" before the signer block.
"""

from __future__ import annotations

import math
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from benchmarks.documents import Document, from_plain, parse

__all__ = ["Document", "Profile", "Rendered", "from_plain", "parse", "render"]

FIXED_DATE = time.strptime("2024-01-01", "%Y-%m-%d")
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")


@dataclass(frozen=True)
class Profile:
    name: str
    dpi: int = 300
    max_angle: float = 0.0
    noise: float = 0.0  # std of gaussian noise, 0..255
    specks: int = 0
    blur: float = 0.0
    uneven: float = 0.0  # depth of the background gradient, 0..1
    jpeg_quality: int | None = None
    holes: bool = False  # two punch holes in the left margin, dark as the scanner lid
    border: bool = False  # the scanner bed beyond the paper: a dark edge and corners


PROFILES = {
    "clean": Profile("clean"),
    "office": Profile("office", max_angle=1.0, noise=6.0, specks=60, jpeg_quality=75),
    "poor": Profile(
        "poor",
        dpi=200,
        max_angle=2.5,
        noise=12.0,
        specks=900,
        blur=0.8,
        uneven=0.25,
        holes=True,
        border=True,
    ),
}


@dataclass
class Rendered:
    pages: list[Image.Image] = field(default_factory=list)
    truth: list[list[str]] = field(default_factory=list)  # lines per page, reading order
    angles: list[float] = field(default_factory=list)
    dpi: int = 300

    def save_pdf(self, path: Path) -> None:
        first, *rest = [p.convert("RGB") for p in self.pages]
        first.save(
            path,
            format="PDF",
            save_all=True,
            append_images=rest,
            resolution=self.dpi,
            creationDate=FIXED_DATE,  # reproducible bytes
            modDate=FIXED_DATE,
        )


def _font(size: int, *, bold: bool = False, italic: bool = False) -> ImageFont.FreeTypeFont:
    style = "Bold" if bold else "Italic" if italic else "Regular"
    return ImageFont.truetype(str(FONT_DIR / f"LiberationSerif-{style}.ttf"), size)


class _Layout:
    """Draws lines onto A4 pages, starting a new page when one is full."""

    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self.width, self.height = int(8.27 * dpi), int(11.69 * dpi)
        self.left, self.right = self.mm(30), self.width - self.mm(15)
        self.top, self.bottom = self.mm(20), self.height - self.mm(20)
        self.pages: list[Image.Image] = []
        self.inks: list[Image.Image] = []  # stamp and pen ink, laid over the print
        self.truth: list[list[str]] = []
        self.new_page()

    def mm(self, value: float) -> int:
        return int(value / 25.4 * self.dpi)

    def pt(self, value: float) -> int:
        return int(value / 72 * self.dpi)

    def new_page(self) -> None:
        self.pages.append(Image.new("RGB", (self.width, self.height), "white"))
        self.inks.append(Image.new("RGB", (self.width, self.height), "white"))
        self.truth.append([])
        self.draw = ImageDraw.Draw(self.pages[-1])
        self.ink = ImageDraw.Draw(self.inks[-1])
        self.y = self.top

    def ensure(self, height: int) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def text(self, x: int, line: str, font: ImageFont.FreeTypeFont, *, record: bool = True) -> None:
        self.draw.text((x, self.y), line, font=font, fill="black")
        if record:
            self.truth[-1].append(line)

    def centred(self, line: str, font: ImageFont.FreeTypeFont, *, centre: int) -> None:
        self.text(centre - int(self.draw.textlength(line, font=font)) // 2, line, font)

    def wrap(self, words: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[list[str]]:
        lines: list[list[str]] = [[]]
        for word in words:
            trial = " ".join([*lines[-1], word])
            if lines[-1] and self.draw.textlength(trial, font=font) > width:
                lines.append([])
            lines[-1].append(word)
        return lines

    def justified(
        self, words: list[str], font: ImageFont.FreeTypeFont, x: int, width: int, *, last: bool
    ) -> None:
        self.truth[-1].append(" ".join(words))
        if last or len(words) == 1:
            self.draw.text((x, self.y), " ".join(words), font=font, fill="black")
            return
        ink = sum(self.draw.textlength(w, font=font) for w in words)
        gap = (width - ink) / (len(words) - 1)
        pos = float(x)
        for word in words:
            self.draw.text((int(pos), self.y), word, font=font, fill="black")
            pos += self.draw.textlength(word, font=font) + gap


COLUMN_MM = 66  # the issuing body's column: centred 38 mm in, clear of the motto


_UNIT_WORD = re.compile(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|XÃ|PHƯỜNG|VÀ) ")


def _column_lines(
    lay: _Layout, line: str, font: ImageFont.FreeTypeFont, width: int
) -> list[list[str]]:
    """A header line too wide for its column, broken in two as a typist does: before the
    unit word or 'VÀ' ('ỦY BAN NHÂN DÂN' / 'XÃ EA KAO', 'PHÒNG GIÁO DỤC' / 'VÀ ĐÀO TẠO') when
    both parts fit, else where the two parts are most even; word by word if two lines are
    not enough."""
    words = line.split()
    if lay.draw.textlength(line, font=font) <= width:
        return [words]
    cuts = []
    for k in range(1, len(words)):
        first, second = " ".join(words[:k]), " ".join(words[k:])
        sizes = [lay.draw.textlength(p, font=font) for p in (first, second)]
        if max(sizes) <= width:
            cuts.append((not _UNIT_WORD.match(second + " "), abs(sizes[0] - sizes[1]), k))
    if not cuts:
        return lay.wrap(words, font, width)
    k = min(cuts)[2]
    return [words[:k], words[k:]]


def _header(lay: _Layout, doc: Document, size: int) -> None:
    """Two columns: issuing body over the number | motto over place and date.

    Drawn column by column, so the ground truth reads the left column, then the right one.
    """
    regular, bold = _font(lay.pt(size - 1)), _font(lay.pt(size - 1), bold=True)
    left_centre, right_centre = lay.left + lay.mm(38), lay.left + lay.mm(118)
    step = lay.pt(size * 1.35)
    top = lay.y
    right = doc.lines("right")
    left = [  # each line wrapped within its column, as printed: it never runs into the motto
        (" ".join(words), font)
        for i, line in enumerate(doc.lines("left"))
        for font in [regular if i == 0 and len(doc.left) > 1 else bold]
        for words in _column_lines(lay, line, font, lay.mm(COLUMN_MM))
    ]
    second_row = top + max(len(left), len(right)) * step + step // 2
    for i, (line, font) in enumerate(left):
        lay.y = top + i * step
        lay.centred(line, font, centre=left_centre)
    lay.y = second_row
    for line in doc.lines("number"):
        lay.centred(line, regular, centre=left_centre)
    for i, line in enumerate(doc.lines("under-number"), start=1):  # excerpt, then marks
        lay.y = second_row + i * step
        lay.centred(line, bold if line.isupper() else regular, centre=left_centre)
    for i, line in enumerate(right):
        lay.y = top + i * step
        lay.centred(line, bold, centre=right_centre)
    lay.y = second_row
    for line in doc.lines("place-date"):
        lay.centred(line, _font(lay.pt(size), italic=True), centre=right_centre)
    lay.y = second_row + step * (2 + len(doc.under_number))


def _heading(lay: _Layout, doc: Document, size: int) -> None:
    centre = (lay.left + lay.right) // 2
    for line in doc.lines("type"):
        lay.centred(line, _font(lay.pt(size + 1), bold=True), centre=centre)
        lay.y += lay.pt(size * 1.4)
    font = _font(lay.pt(size), bold=True)
    for line in doc.lines("title"):  # a long title wraps within 80% of the text width
        for words in lay.wrap(line.split(), font, int((lay.right - lay.left) * 0.8)):
            lay.centred(" ".join(words), font, centre=centre)
            lay.y += lay.pt(size * 1.35)
    lay.y += lay.pt(size)


def _body(lay: _Layout, doc: Document, size: int) -> None:
    _paragraphs(lay, doc.lines("body"), size)


def _appendix(lay: _Layout, doc: Document, size: int) -> None:
    """An attachment on a page of its own: its heading (the lines before its first paragraph
    or table: capitals in bold, a '(Kèm theo ...)' line in italics) centred, then the rest as
    in the body."""
    paras = doc.lines("appendix")
    if not paras:
        return
    lay.new_page()
    centre, width = (lay.left + lay.right) // 2, int((lay.right - lay.left) * 0.9)
    heading = 0
    while heading < len(paras) and (paras[heading].isupper() or paras[heading].startswith("(")):
        para = paras[heading]
        font = _font(lay.pt(size), bold=para.isupper(), italic=not para.isupper())
        for words in lay.wrap(para.split(), font, width):
            lay.centred(" ".join(words), font, centre=centre)
            lay.y += lay.pt(size * 1.35)
        heading += 1
    lay.y += lay.pt(size * 0.6)
    _paragraphs(lay, paras[heading:], size)


def _paragraphs(lay: _Layout, paras: tuple[str, ...], size: int) -> None:
    step, indent = lay.pt(size * 1.4), lay.mm(12)
    table: list[list[str]] = []
    for para in [*paras, ""]:
        if para.startswith("|"):  # a table row: | cell | cell |
            table.append([c.strip() for c in para.strip("|").split("|")])
            continue
        if table:
            _table(lay, table, size)
            table = []
        if not para:
            continue
        bold = para.startswith("**")
        font = _font(lay.pt(size), bold=bold)
        words = para.removeprefix("**").split()
        lines = lay.wrap(words, font, lay.right - lay.left - indent)
        if len(lines) > 1:  # continuation lines use the full width
            first, rest = lines[0], [w for ln in lines[1:] for w in ln]
            lines = [first, *lay.wrap(rest, font, lay.right - lay.left)]
        for i, line in enumerate(lines):
            lay.ensure(step)
            x = lay.left + (indent if i == 0 else 0)
            width = lay.right - x
            lay.justified(line, font, x, width, last=i == len(lines) - 1)
            lay.y += step
        lay.y += lay.pt(size * 0.3)


def _table(lay: _Layout, rows: list[list[str]], size: int) -> None:
    """A ruled table; the truth reads it row by row, cell by cell, each cell's lines in turn.

    The first row is the bold heading row; columns are as wide as their longest text wants.
    """
    font, bold = _font(lay.pt(size - 1)), _font(lay.pt(size - 1), bold=True)
    pad, step = lay.mm(1.5), lay.pt((size - 1) * 1.3)
    total = lay.right - lay.left
    want = [max(len(r[i]) if i < len(r) else 0 for r in rows) + 4 for i in range(len(rows[0]))]
    # every column at least as wide as its longest word, the rest shared by the text it holds
    floor = [
        max(
            (lay.draw.textlength(w, font=bold) for r in rows if i < len(r) for w in r[i].split()),
            default=0,
        )
        + 2 * pad
        + lay.mm(1)
        for i in range(len(rows[0]))
    ]
    spare = max(0.0, total - sum(floor))
    widths = [int(f + spare * x / sum(want)) for f, x in zip(floor, want, strict=True)]
    line = max(2, lay.pt(0.8))
    lay.y += lay.pt(size * 0.3)
    for k, row in enumerate(rows):
        f = bold if k == 0 else font
        row = [*row, *[""] * (len(widths) - len(row))][: len(widths)]
        cells = [
            lay.wrap(c.split(), f, wd - 2 * pad) if c else []
            for c, wd in zip(row, widths, strict=True)
        ]
        height = max(len(c) for c in cells) * step + 2 * pad
        lay.ensure(height)
        x = lay.left
        for cell, wd in zip(cells, widths, strict=True):
            lay.draw.rectangle((x, lay.y, x + wd, lay.y + height), outline="black", width=line)
            y0 = lay.y
            for words in cell:
                lay.draw.text((x + pad, y0 + pad), " ".join(words), font=f, fill="black")
                lay.truth[-1].append(" ".join(words))
                y0 += step
            x += wd
        lay.y += height
    lay.y += lay.pt(size * 0.6)


def _closing(lay: _Layout, doc: Document, size: int, rng: random.Random) -> None:
    signer, recipients = doc.lines("signer"), doc.lines("recipients")
    step = lay.pt(size * 1.35)
    lay.ensure(step * (len(signer) + 5))
    top, centre = lay.y + step // 2, lay.left + lay.mm(118)
    small = _font(lay.pt(size - 3))
    lay.y = top
    for i, line in enumerate(recipients):
        font = _font(lay.pt(size - 1), bold=True, italic=True) if i == 0 else small
        lay.text(lay.left, line, font)
        lay.y += lay.pt((size - 2) * 1.3)
    lay.y = top
    for line in signer:
        if line == "~":
            _signature(lay, centre, rng)
            lay.y += step * 3
            continue
        label = ":" in line  # a digital signature's "Ký bởi: ...", in small print
        lay.centred(line, small if label else _font(lay.pt(size), bold=True), centre=centre)
        lay.y += step
    _stamp(lay, centre - lay.mm(18), top + step * 2, rng)


def _signature(lay: _Layout, centre: int, rng: random.Random) -> None:
    points = [
        (
            centre - lay.mm(20) + i * lay.mm(2),
            lay.y + lay.mm(8) + rng.randint(-lay.mm(5), lay.mm(5)),
        )
        for i in range(21)
    ]
    lay.ink.line(points, fill=(20, 40, 170), width=max(2, lay.pt(1.2)), joint="curve")


def _stamp(lay: _Layout, cx: int, cy: int, rng: random.Random) -> None:
    radius = lay.mm(17)
    red = (205, 30, 40)
    for r, width in ((radius, lay.pt(2.2)), (int(radius * 0.72), lay.pt(1))):
        lay.ink.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=width)
    star = [
        (
            cx
            + int(
                radius * 0.3 * (1 if k % 2 == 0 else 0.45) * math.cos(math.pi * k / 5 - math.pi / 2)
            ),
            cy
            + int(
                radius * 0.3 * (1 if k % 2 == 0 else 0.45) * math.sin(math.pi * k / 5 - math.pi / 2)
            ),
        )
        for k in range(10)
    ]
    lay.ink.polygon(star, fill=red)
    del rng


def render(
    doc: Document, *, profile: str | Profile = "clean", seed: int = 0, size: int = 14
) -> Rendered:
    prof = PROFILES[profile] if isinstance(profile, str) else profile
    rng = random.Random(seed)
    lay = _Layout(prof.dpi)
    _header(lay, doc, size)
    _heading(lay, doc, size)
    _body(lay, doc, size)
    _closing(lay, doc, size, rng)
    _appendix(lay, doc, size)
    out = Rendered(dpi=prof.dpi, truth=lay.truth)
    for printed, ink in zip(lay.pages, lay.inks, strict=True):
        page = ImageChops.multiply(printed, ink)  # stamp ink darkens the print, never hides it
        angle = rng.uniform(-prof.max_angle, prof.max_angle) if prof.max_angle else 0.0
        out.pages.append(degrade(page, prof, angle=angle, rng=rng))
        out.angles.append(angle)
    return out


def _punch_holes(page: Image.Image, dpi: int) -> Image.Image:
    """Two filing holes, 6 mm across, 12 mm from the left edge, 80 mm apart about the middle."""
    out = page.copy()
    draw = ImageDraw.Draw(out)
    r, x = int(3 / 25.4 * dpi), int(12 / 25.4 * dpi)
    for dy in (-40, 40):
        y = page.height // 2 + int(dy / 25.4 * dpi)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(45, 45, 45))
    return out


def degrade(page: Image.Image, prof: Profile, *, angle: float, rng: random.Random) -> Image.Image:
    """Rotate, stain, speckle, blur and compress a clean page as a scanner and copier would."""
    if prof.holes:
        page = _punch_holes(page, prof.dpi)
    lid = (45, 45, 45) if prof.border else (255, 255, 255)
    if angle or prof.border:
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=lid)
    if prof.border:  # the paper sits a little off the scanner's edge
        page = page.copy()
        ImageDraw.Draw(page).rectangle((0, 0, int(prof.dpi * 0.12), page.height), fill=lid)
    arr = np.asarray(page, dtype=np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    if prof.uneven:
        h, w = arr.shape[:2]
        grad = np.linspace(1.0, 1.0 - prof.uneven, w, dtype=np.float32)[None, :, None]
        arr = arr * np.broadcast_to(grad, (h, w, 1))
    if prof.noise:
        arr = arr + nrng.normal(0, prof.noise, arr.shape).astype(np.float32)
    if prof.specks:
        h, w = arr.shape[:2]
        ys, xs = nrng.integers(0, h, prof.specks), nrng.integers(0, w, prof.specks)
        for y, x in zip(ys, xs, strict=True):
            r = int(nrng.integers(1, 3))
            arr[max(0, y - r) : y + r, max(0, x - r) : x + r] = nrng.uniform(0, 80)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if prof.blur:
        out = out.filter(ImageFilter.GaussianBlur(prof.blur))
    if prof.jpeg_quality:
        import io

        buf = io.BytesIO()
        out.save(buf, format="JPEG", quality=prof.jpeg_quality)
        out = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return out
