"""Make legacy OCR garble from clean Vietnamese text: render it, read it with ``tesseract -l eng``.

Used by the build (to learn which characters an OCR engine without Vietnamese reads for which
Vietnamese letters) and by ``benchmarks.restoration`` (garble of held-out text to measure on).
The same pages read with ``-l vie`` (``lang="vie"``) show the slips of good Vietnamese OCR
(``corpora.build.slips``).
Pages are rendered with Pillow at 300 dpi in a Vietnamese-capable serif font, optionally
degraded like a scan (blur, noise, binarisation), read with ``--psm 6``, and the lines read are
aligned back to the lines rendered. Results are cached by content, so reruns are cheap and
reproducible.
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
DPI = 300
PAGE_WIDTH_IN = 8.27
MARGIN_IN = 0.8


@dataclass(frozen=True, slots=True)
class Style:
    """How a page is rendered: font face, size in points, degradation."""

    face: str = "Regular"  # Regular | Bold | Italic
    size_pt: float = 13.0
    blur: float = 0.0  # Gaussian blur radius in pixels
    noise: float = 0.0  # standard deviation of added grey noise
    threshold: int = 0  # binarise at this grey level (0: keep grey)
    font: str = "LiberationSerif"  # a family of ``FONTS``
    stroke: int = 0  # strokes made thicker (1: a dark copy) or thinner (-1: faded ink)
    scale: float = 1.0  # the page scanned at this share of ``DPI`` (0.5: 150 dpi)

    @property
    def key(self) -> str:
        key = f"{self.face}-{self.size_pt}-{self.blur}-{self.noise}-{self.threshold}"
        if self.stroke or self.scale != 1.0:
            key += f"-{self.stroke}-{self.scale}"
        return key if self.font == "LiberationSerif" else f"{self.font}-{key}"


# serif families with Vietnamese: folder, file of each face
FONTS = {
    "LiberationSerif": (
        FONT_DIRS,
        {f: f"LiberationSerif-{f}.ttf" for f in ("Regular", "Bold", "Italic")},
    ),
    "DejaVuSerif": (
        (Path("/usr/share/fonts/truetype/dejavu"),),
        {
            "Regular": "DejaVuSerif.ttf",
            "Bold": "DejaVuSerif-Bold.ttf",
            "Italic": "DejaVuSerif-Italic.ttf",
        },
    ),
    "NotoSerif": (
        (Path("/usr/share/fonts/truetype/noto"),),
        {f: f"NotoSerif-{f}.ttf" for f in ("Regular", "Bold", "Italic")},
    ),
}


def font_path(face: str, font: str = "LiberationSerif") -> Path:
    folders, files = FONTS[font]
    for folder in folders:
        path = folder / files[face]
        if path.exists():
            return path
    raise FileNotFoundError(
        f"{font} {face} is not installed (fonts-liberation2, fonts-dejavu, fonts-noto)"
    )


def available_fonts() -> list[str]:
    """The families of ``FONTS`` installed here, in all three faces."""
    out = []
    for font in FONTS:
        try:
            for face in ("Regular", "Bold", "Italic"):
                font_path(face, font)
        except FileNotFoundError:
            continue
        out.append(font)
    return out


def _font(style: Style):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    return ImageFont.truetype(
        str(font_path(style.face, style.font)), round(style.size_pt * DPI / 72)
    )


def wrap(paragraphs: Sequence[str], style: Style) -> list[str]:
    """Paragraphs broken into lines that fit the page width in ``style``."""
    font = _font(style)
    width = (PAGE_WIDTH_IN - 2 * MARGIN_IN) * DPI
    lines: list[str] = []
    for para in paragraphs:
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if line and font.getlength(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        if line:
            lines.append(line)
    return lines


def render(lines: Sequence[str], style: Style, *, seed: int = 0):  # type: ignore[no-untyped-def]
    """A white A4-width page image of ``lines``, degraded as ``style`` says."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    font = _font(style)
    px = round(style.size_pt * DPI / 72)
    step = round(px * 1.5)
    page = Image.new("L", (round(PAGE_WIDTH_IN * DPI), step * (len(lines) + 3)), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((round(MARGIN_IN * DPI), step * (i + 1)), line, font=font, fill=0)
    if style.stroke:  # the darkest (thicker) or lightest (thinner) pixel of each 3 by 3
        page = page.filter(
            ImageFilter.MinFilter(3) if style.stroke > 0 else ImageFilter.MaxFilter(3)
        )
    if style.scale != 1.0:
        size = (round(page.width * style.scale), round(page.height * style.scale))
        page = page.resize(size, Image.Resampling.BOX)
    if style.blur:
        page = page.filter(ImageFilter.GaussianBlur(style.blur))
    if style.noise or style.threshold:
        pixels = np.asarray(page, dtype=np.float64)
        if style.noise:
            pixels = pixels + np.random.default_rng(seed).normal(0, style.noise, pixels.shape)
        if style.threshold:
            pixels = np.where(pixels < style.threshold, 0, 255)
        page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return page


def ocr(image, *, lang: str = "eng") -> str:  # type: ignore[no-untyped-def]
    """What Tesseract reads with the model ``lang`` (one uniform block of text)."""
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return str(pytesseract.image_to_string(image, lang=lang, config="--psm 6"))


def read_page(
    lines: Sequence[str], style: Style, *, cache: Path | None, seed: int = 0, lang: str = "eng"
) -> list[str]:
    """The OCR lines of a rendered page (cached under ``cache`` by content, style and
    language)."""
    key = style.key if lang == "eng" else f"{lang}-{style.key}"
    digest = hashlib.sha256("\n".join([key, str(seed), *lines]).encode()).hexdigest()
    path = cache / f"{digest[:32]}.txt" if cache else None
    if path and path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        text = ocr(render(lines, style, seed=seed), lang=lang)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


def garble_lines(
    lines: Sequence[str],
    style: Style,
    *,
    cache: Path | None,
    page_lines: int = 40,
    seed: int = 0,
    lang: str = "eng",
) -> list[tuple[str, str]]:
    """(line rendered, line read) pairs for ``lines``; lines the OCR lost are left out."""
    pairs: list[tuple[str, str]] = []
    for start in range(0, len(lines), page_lines):
        page = list(lines[start : start + page_lines])
        read = read_page(page, style, cache=cache, seed=seed + start, lang=lang)
        pairs += align_lines(page, read)
    return pairs


def _loose(text: str) -> str:
    from unidecode import unidecode

    return unidecode(text).lower()


def align_lines(source: Sequence[str], read: Sequence[str]) -> list[tuple[str, str]]:
    """Pair source lines with OCR lines in order, by similarity; unmatched lines are dropped."""
    if len(source) == len(read):
        return list(zip(source, read, strict=True))
    a, b = [_loose(s) for s in source], [_loose(r) for r in read]
    pairs = align(a, b, lambda x, y: Levenshtein.normalized_similarity(x, y), gap=0.3)
    return [(source[i], read[j]) for i, j in pairs if i is not None and j is not None]


def align(
    a: Sequence[str], b: Sequence[str], sim: Callable[[str, str], float], *, gap: float
) -> list[tuple[int | None, int | None]]:
    """Global alignment of two sequences maximising similarity; a gap scores ``-gap``."""
    n, m = len(a), len(b)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 diagonal, 1 up (a only), 2 left (b only)
    for i in range(1, n + 1):
        score[i][0], move[i][0] = -gap * i, 1
    for j in range(1, m + 1):
        score[0][j], move[0][j] = -gap * j, 2
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = (
                score[i - 1][j - 1] + sim(a[i - 1], b[j - 1]) - 0.5,
                score[i - 1][j] - gap,
                score[i][j - 1] - gap,
            )
            best = max(range(3), key=options.__getitem__)
            score[i][j], move[i][j] = options[best], best
    out: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        step = move[i][j]
        if step == 0:
            out.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == 1:
            out.append((i - 1, None))
            i -= 1
        else:
            out.append((None, j - 1))
            j -= 1
    out.reverse()
    return out


def styles_for_poor_scans(count: int, *, seed: int = 11) -> list[Style]:
    """A deterministic mix of poor scans in Liberation Serif: pages scanned at half to two
    thirds of ``DPI``, most of them binarised, with faded or thickened strokes, as old
    copies of typed documents were."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        stroke = (-1, 0, 1)[i % 3]
        faded = stroke < 0  # thin strokes read at all only a little less poorly scanned
        out.append(
            Style(
                face=("Regular", "Regular", "Bold", "Italic")[i % 4],
                size_pt=rng.choice((11.0, 12.0, 13.0, 14.0)),
                blur=round(rng.uniform(0.0, 1.0), 1),
                noise=round(rng.uniform(0, 25)),
                threshold=0
                if i % 4 == 3
                else rng.choice((140, 160) if faded else (140, 160, 180, 200)),
                stroke=stroke,
                scale=rng.choice((0.6, 0.67) if faded else (0.5, 0.6, 0.67)),
            )
        )
    return out


def styles_for_learning(count: int, *, seed: int = 7, others: int = 0) -> list[Style]:
    """A deterministic mix of faces, sizes and scan-like degradations in Liberation Serif
    (Times New Roman's metrics, the font of most documents), and ``others`` more in the other
    serif families installed (``FONTS``), taken in turn."""
    rng = random.Random(seed)
    out = []
    fonts = [f for f in available_fonts() if f != "LiberationSerif"]
    for i in range(count + (others if fonts else 0)):
        face = ("Regular", "Regular", "Regular", "Bold", "Italic")[i % 5]
        kind = i % 3
        out.append(
            Style(
                face=face,
                size_pt=rng.choice((12.0, 13.0, 14.0)),
                blur=0.0 if kind == 0 else round(rng.uniform(0.8, 1.8), 1),
                noise=0.0 if kind < 2 else round(rng.uniform(10, 30)),
                threshold=0 if kind < 2 else rng.choice((150, 170, 190)),
                font="LiberationSerif" if i < count else fonts[(i - count) % len(fonts)],
            )
        )
    return out
