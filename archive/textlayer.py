"""An invisible text layer for PDF pages: each word in its box, in a font with every
Vietnamese letter and a ToUnicode map, so search and copy give the text as written.

The font is a Type 0 font over a CIDFontType2 (TrueType) program from a Debian font
package, subset to the glyphs used (glyph ids kept, so CIDs are glyph ids: Identity-H and
an Identity CIDToGIDMap), with widths and a ToUnicode CMap. Words are drawn in text render
mode 3 (neither filled nor stroked), stretched (Tz) to their box's width; a line's words
share its height, so readers see one line of text.
"""

from __future__ import annotations

import functools
import io
import math
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont

from core.errors import ResourceMissing

# Fonts with every precomposed Vietnamese letter: fonts-noto-core, fonts-liberation2.
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)
FONT_RESOURCE = "/VbText"
TYPE_DESCENT = 0.2  # how far below its baseline an em-high box of type reaches, in ems
Box = tuple[float, float, float, float]  # x0, y0, x1, y1, y down from the top
Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class PlacedWord:
    """A word of text and its box on the page (in the page frame's units, y down)."""

    text: str
    box: Box
    line: int  # words with the same line number are drawn as one line


@dataclass(frozen=True, slots=True)
class Frame:
    """How the words' coordinates (top-left origin) map to the page's user space: a
    point (x, y) of the words is ``matrix`` applied to (x, y); ``width``/``height`` are
    the frame's size."""

    width: float
    height: float
    matrix: Matrix
    # a small turn applied to where each line is, not to the text: a line stays level, so
    # readers see one baseline (poppler parts turned words of one line without a space)
    shift: Matrix | None = None
    # boxes of ink (OCR words: a line's marks and descenders span the font's ascent to
    # descent) or of type (an old text layer's words as poppler reports them: one em)
    ink: bool = True


@dataclass(frozen=True)
class _Font:
    path: Path
    cmap: dict[int, int]  # code point -> glyph id
    widths: dict[int, int]  # glyph id -> advance in 1/1000 em
    ascent: float  # in 1/1000 em
    descent: float  # negative
    bbox: tuple[int, int, int, int]
    cap_height: float
    name: str


@functools.lru_cache(maxsize=1)
def font() -> _Font:
    for path in FONT_PATHS:
        if path.exists():
            break
    else:
        raise ResourceMissing(
            "no font for the text layer; run `apt-get install fonts-noto-core` "
            "(or fonts-liberation2)."
        )
    tt = TTFont(str(path), lazy=True)
    em = tt["head"].unitsPerEm
    order = tt.getGlyphOrder()
    gid = {name: k for k, name in enumerate(order)}
    cmap = {cp: gid[name] for cp, name in tt.getBestCmap().items() if name in gid}
    hmtx = tt["hmtx"].metrics
    widths = {gid[name]: round(adv * 1000 / em) for name, (adv, _) in hmtx.items()}
    head, hhea, os2 = tt["head"], tt["hhea"], tt["OS/2"]
    scale = 1000 / em
    bbox = (
        round(head.xMin * scale),
        round(head.yMin * scale),
        round(head.xMax * scale),
        round(head.yMax * scale),
    )
    name = tt["name"].getDebugName(6) or path.stem
    cap = getattr(os2, "sCapHeight", 0) or hhea.ascent * 0.7
    return _Font(
        path, cmap, widths, hhea.ascent * scale, hhea.descent * scale, bbox, cap * scale, name
    )


class TextLayer:
    """Adds invisible text to pages of one PDF; ``finish`` embeds the font subset."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.font = font()
        self.used: dict[int, str] = {}  # glyph id -> the text it stands for
        self.dropped: set[str] = set()  # characters the font has no glyph for
        self._descendant = pdf.make_indirect(pikepdf.Dictionary())
        self._tounicode = pdf.make_stream(b"")
        self._fontfile = pdf.make_stream(b"")
        self._type0 = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type0,
                Encoding=pikepdf.Name("/Identity-H"),
                DescendantFonts=pikepdf.Array([self._descendant]),
                ToUnicode=self._tounicode,
            )
        )

    def add(self, page: pikepdf.Page, words: Sequence[PlacedWord], frame: Frame) -> int:
        """Draw ``words`` on ``page`` invisibly, over what is there; returns how many."""
        ops = _content(self, words, frame)
        if not ops:
            return 0
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = pikepdf.Dictionary()
        fonts = resources.get("/Font")
        if fonts is None:
            resources.Font = fonts = pikepdf.Dictionary()
        fonts[FONT_RESOURCE] = self._type0
        # the page's own content runs in a saved state, so ours starts from the default
        page.contents_add(self.pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(flate(self.pdf, b"\nQ\n" + ops), prepend=False)
        return sum(1 for w in words if w.text.strip())

    def glyphs(self, text: str) -> list[int]:
        out = []
        for ch in unicodedata.normalize("NFC", text):
            gid = self.font.cmap.get(ord(ch))
            if gid is None or gid == 0:
                self.dropped.add(ch)
                continue
            self.used.setdefault(gid, ch)
            out.append(gid)
        return out

    def finish(self) -> None:
        """Embed the subset of the font with the glyphs used; nothing if none was."""
        f = self.font
        gids = sorted(self.used)
        tag = _subset_tag(gids)
        base = pikepdf.Name("/" + tag + "+" + f.name.replace(" ", ""))
        self._fontfile.write(
            zlib.compress(_subset(f.path, gids), 9), filter=pikepdf.Name.FlateDecode
        )
        descriptor = pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=base,
            Flags=32,
            FontBBox=pikepdf.Array(list(f.bbox)),
            ItalicAngle=0,
            Ascent=round(f.ascent),
            Descent=round(f.descent),
            CapHeight=round(f.cap_height),
            StemV=80,
            FontFile2=self._fontfile,
        )
        widths: list[object] = []
        for gid in gids:
            widths += [gid, pikepdf.Array([f.widths.get(gid, 0)])]
        self._descendant.update(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.CIDFontType2,
                BaseFont=base,
                CIDSystemInfo=pikepdf.Dictionary(
                    Registry=pikepdf.String("Adobe"),
                    Ordering=pikepdf.String("Identity"),
                    Supplement=0,
                ),
                FontDescriptor=self.pdf.make_indirect(descriptor),
                DW=1000,
                W=pikepdf.Array(widths),
                CIDToGIDMap=pikepdf.Name.Identity,
            )
        )
        self._type0.BaseFont = base
        self._tounicode.write(
            zlib.compress(_tounicode(self.used), 9), filter=pikepdf.Name.FlateDecode
        )


def _content(layer: TextLayer, words: Sequence[PlacedWord], frame: Frame) -> bytes:
    f = layer.font
    lines: dict[int, list[PlacedWord]] = {}
    for w in words:
        if w.text.strip() and w.box[2] > w.box[0] and w.box[3] > w.box[1]:
            lines.setdefault(w.line, []).append(w)
    if not lines:
        return b""
    a, b, c, d, e, g = frame.matrix
    out = [b"q", _fmt_cm(a, b, c, d, e, g).encode(), b"BT", b"3 Tr"]
    span = (f.ascent - f.descent) / 1000  # a line's height in ems
    for line in (row for found in lines.values() for row in _rows(found)):
        top = min(w.box[1] for w in line)
        bottom = max(w.box[3] for w in line)
        if frame.shift is not None:
            line = _shifted(line, frame.shift, (top + bottom) / 2)
            top, bottom = min(w.box[1] for w in line), max(w.box[3] for w in line)
        # readers judge the gaps between words against the font size: it is the size of
        # the type on the page, or gaps read as no space (ink) or as gutters (type)
        if frame.ink:
            size = (bottom - top) / span
            baseline = bottom + f.descent / 1000 * size  # descent < 0: above the bottom
        else:
            size = bottom - top
            baseline = bottom - TYPE_DESCENT * size
        out.append(f"{FONT_RESOURCE} {_num(size)} Tf".encode())
        row = sorted(line, key=lambda w: w.box[0])
        for w in row:
            gids = layer.glyphs(w.text)
            if not gids:
                continue
            advance = sum(f.widths.get(gid, 0) for gid in gids) / 1000 * size
            stretch = 100 * (w.box[2] - w.box[0]) / advance if advance > 0 else 100
            # the words' frame has y down: the text matrix flips it back up
            out.append(f"{_num(stretch)} Tz".encode())
            out.append(f"1 0 0 -1 {_num(w.box[0])} {_num(baseline)} Tm".encode())
            out.append(b"<" + b"".join(b"%04X" % gid for gid in gids) + b"> Tj")
    out += [b"ET", b"Q"]
    return b"\n".join(out) + b"\n"


def _rows(line: list[PlacedWord]) -> list[list[PlacedWord]]:
    """A line's words in rows of print: one row for a line of text, several for a table
    row whose cells wrap (the reader joins a row's cells into one line), so no drawn line
    is taller than the print it covers."""
    rows: list[list[PlacedWord]] = []
    band = (0.0, -1.0)
    for w in sorted(line, key=lambda w: (w.box[1] + w.box[3]) / 2):
        middle = (w.box[1] + w.box[3]) / 2
        if rows and band[0] <= middle <= band[1]:
            rows[-1].append(w)
            band = (min(band[0], w.box[1]), max(band[1], w.box[3]))
        else:
            rows.append([w])
            band = (w.box[1], w.box[3])
    return rows


def _shifted(line: list[PlacedWord], shift: Matrix, middle: float) -> list[PlacedWord]:
    """The line's words moved where ``shift`` takes them: each across by its centre's
    move, all down by the move of the line's middle."""
    a, b, c, d, e, f = shift
    x0, x1 = min(w.box[0] for w in line), max(w.box[2] for w in line)
    mx = (x0 + x1) / 2
    down = b * mx + d * middle + f - middle
    out = []
    for w in line:
        cx = (w.box[0] + w.box[2]) / 2
        across = a * cx + c * middle + e - cx
        box = (w.box[0] + across, w.box[1] + down, w.box[2] + across, w.box[3] + down)
        out.append(PlacedWord(w.text, box, w.line))
    return out


def flate(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    """A new stream of ``data``, compressed here: the file is written with its other
    streams as they are (no compression pass), so new ones come compressed."""
    stream = pdf.make_stream(b"")
    stream.write(zlib.compress(data, 9), filter=pikepdf.Name.FlateDecode)
    return stream


def _fmt_cm(*values: float) -> str:
    return " ".join(_num(v) for v in values) + " cm"


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _subset_tag(gids: Iterable[int]) -> str:
    """Six capitals naming the subset (PDF's convention), from the glyphs it has."""
    h = 0
    for gid in gids:
        h = (h * 131 + gid) % (26**6)
    letters = []
    for _ in range(6):
        h, r = divmod(h, 26)
        letters.append(chr(65 + r))
    return "".join(letters)


@functools.lru_cache(maxsize=64)
def _subset_cached(path: Path, gids: tuple[int, ...]) -> bytes:
    tt = TTFont(str(path))
    options = subset.Options()
    options.retain_gids = True  # CIDs are glyph ids
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG"]
    sub = subset.Subsetter(options)
    order = tt.getGlyphOrder()
    sub.populate(glyphs=[order[g] for g in gids if g < len(order)])
    sub.subset(tt)
    buf = io.BytesIO()
    tt.save(buf)
    return buf.getvalue()


def _subset(path: Path, gids: list[int]) -> bytes:
    return _subset_cached(path, tuple(gids))


def _tounicode(used: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        for gid, text in chunk:
            lines.append(f"<{gid:04X}> <{_utf16(text)}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


# --------------------------------------------------------------------------- frames


def page_frame(page: pikepdf.Page, width: float, height: float) -> Frame:
    """The frame of an image of the page as displayed (rotation applied, crop box), of
    ``width`` x ``height`` units with y down, as poppler renders it."""
    box = [float(v) for v in page.obj.get("/CropBox", page.mediabox)]
    llx, urx = min(box[0], box[2]), max(box[0], box[2])
    lly, ury = min(box[1], box[3]), max(box[1], box[3])
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    shown_w, shown_h = (ury - lly, urx - llx) if rotate in (90, 270) else (urx - llx, ury - lly)
    sx, sy = shown_w / width, shown_h / height
    # displayed (dx, dy), y down -> user space (x, y), for each /Rotate
    if rotate == 90:
        m = (0.0, sx, sy, 0.0, llx, lly)
    elif rotate == 180:
        m = (-sx, 0.0, 0.0, sy, urx, lly)
    elif rotate == 270:
        m = (0.0, -sx, -sy, 0.0, urx, ury)
    else:
        m = (sx, 0.0, 0.0, -sy, llx, ury)
    return Frame(width, height, m)


def compose(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying ``first`` then ``then`` (PDF's row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def upright_to_image(width: int, height: int, orientation: int, skew: float) -> Matrix:
    """Boxes read on the page turned upright (by ``orientation`` degrees clockwise) and
    deskewed (by ``skew`` degrees, about its centre) -> the scan's own pixels.

    ``width`` x ``height`` is the scan's size; the reader turned it with numpy's rot90 and
    straightened it with OpenCV's rotation about the centre, which this undoes."""
    return compose(unskew(width, height, orientation, skew), unturn(width, height, orientation))


def unskew(width: int, height: int, orientation: int, skew: float) -> Matrix:
    """The upright page's deskew undone (the first part of ``upright_to_image``)."""
    w, h = (height, width) if orientation % 360 in (90, 270) else (width, height)
    # OpenCV turned the upright page by -skew about its centre:
    # p_deskewed = R(theta) (p - c) + c with R = [[cos, sin], [-sin, cos]];
    # p = R^T (p_deskewed - c) + c
    theta = math.radians(-skew)
    cos, sin = math.cos(theta), math.sin(theta)
    cx, cy = w / 2, h / 2
    return (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)


def unturn(width: int, height: int, orientation: int) -> Matrix:
    """Upright (u, v) -> scan (x, y): the page turned back by ``orientation`` degrees."""
    turn = orientation % 360
    if turn == 90:
        return (0.0, -1.0, 1.0, 0.0, 0.0, float(height))
    if turn == 180:
        return (-1.0, 0.0, 0.0, -1.0, float(width), float(height))
    if turn == 270:
        return (0.0, 1.0, -1.0, 0.0, float(width), 0.0)
    return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
