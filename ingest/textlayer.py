"""A PDF's own text layer, word by word with boxes, and what legacy font codes stand for.

Words come from poppler's ``pdftotext -bbox-layout`` (the reader most archives' tools
use), in points from the top-left corner of each page as it is shown, grouped into
blocks and lines. Fonts typed in TCVN3 or VNI copy out as the Latin-1/cp1252 reading of
their codes ("KÕ ho¹ch"); ``code_text`` says what each code of such a font stands for, so
a ToUnicode map can be written for it (``archive.repair``).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from core.errors import CorruptFile, PageTimeout, ResourceMissing
from ingest import legacy

_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True, slots=True)
class LayerWord:
    text: str
    box: tuple[float, float, float, float]  # points, y down from the top of the shown page
    line: int  # 0-based line of the page text (blocks set apart by a blank line)


@dataclass(frozen=True, slots=True)
class LayerPage:
    number: int  # 1-based
    width: float  # points, as shown (rotation applied)
    height: float
    words: tuple[LayerWord, ...]

    @property
    def text(self) -> str:
        """The page's lines (words joined by spaces), blocks set apart by a blank line."""
        lines: dict[int, list[str]] = {}
        for w in self.words:
            lines.setdefault(w.line, []).append(w.text)
        count = max(lines, default=-1) + 1
        return "\n".join(" ".join(lines.get(k, [])) for k in range(count))


def read_words(data: bytes, *, timeout: float = 120.0) -> tuple[LayerPage, ...]:
    """Every page's words with their boxes (none on a page of images only)."""
    with tempfile.TemporaryDirectory(prefix="vanban-") as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(data)
        try:
            done = subprocess.run(
                ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError:
            raise ResourceMissing(
                "poppler is not installed; run `apt-get install poppler-utils`."
            ) from None
        except subprocess.TimeoutExpired:
            raise PageTimeout(f"the PDF's text could not be read within {timeout:.0f} s.") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CorruptFile(f"the PDF's text cannot be read: {message[-1] if message else ''}")
    return _parse(done.stdout)


def _parse(xhtml: bytes) -> tuple[LayerPage, ...]:
    root = ElementTree.fromstring(xhtml)
    pages = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        words: list[LayerWord] = []
        line_no = 0
        for block in page.iter(f"{_XHTML}block"):
            if words:
                line_no += 1  # a blank line between blocks
            for line in block.iter(f"{_XHTML}line"):
                for word in line.iter(f"{_XHTML}word"):
                    box = tuple(float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
                    words.append(
                        LayerWord(word.text or "", (box[0], box[1], box[2], box[3]), line_no)
                    )
                line_no += 1
        pages.append(
            LayerPage(
                number, float(page.get("width", 0)), float(page.get("height", 0)), tuple(words)
            )
        )
    return tuple(pages)


def reading(code: int) -> str:
    """The character a byte of a simple font copies out as: its cp1252 reading, else
    its Latin-1 one (what poppler gives for a font with the standard encodings)."""
    return bytes([code]).decode("cp1252", errors="ignore") or chr(code)


def code_text(encoding: str, *, capitals: bool = False) -> dict[int, str]:
    """What each byte of a font typed in ``encoding`` (tcvn3, vni) stands for, in Unicode.

    TCVN3 codes are whole letters; .VnTimeH fonts draw every small letter's code as its
    capital (``capitals``). A VNI letter with marks is a base letter and a mark code: a mark code
    stands for its combining marks (NFC puts them back together)."""
    out: dict[int, str] = {}
    for code in range(32, 256):
        read = reading(code)
        if encoding == "tcvn3":
            text = legacy.convert_text(read, "tcvn3")
            if capitals:
                text = text.upper()
        elif encoding == "vni":
            text = _vni_code(read)
        else:
            raise ValueError(f"no font table for {encoding!r}")
        out[code] = text
    return out


def _vni_code(read: str) -> str:
    single = legacy.convert_text(read, "vni")
    if single != read:  # đ, ơ, ư, ì... : one code, one letter
        return single
    lower = read.lower()
    for table, mark in (
        (legacy._VNI_TONE, ""),
        (legacy._VNI_CIRCUMFLEX, legacy.CIRCUMFLEX),
        (legacy._VNI_BREVE, legacy.BREVE),
    ):
        if lower in table:
            return mark + table[lower]
    return read
