"""The OCR engine seam: what the page reader asks of an engine.

The page reader (ocr.reader) cleans the page up and finds its layout; an engine only reads
the areas it is given and answers with words, their boxes and confidences. Tesseract is the
engine (ocr.tesseract); a recording of it (ocr.recorded) replays its answers in fast tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from core.options import OcrOptions

if TYPE_CHECKING:
    from PIL.Image import Image

BBox = tuple[int, int, int, int]  # x0, y0, x1, y1
# page: find the columns and blocks itself; column: the lines of one column of text;
# block: one block of text (a table cell); line: one line of text
Mode = Literal["page", "column", "block", "line"]


@dataclass(frozen=True, slots=True)
class Area:
    """A part of the page image to read, and how."""

    box: BBox
    mode: Mode


@dataclass(frozen=True, slots=True)
class EngineWord:
    """A word as an engine reads it: box in the pixels of the image it was given, and the
    engine's block, paragraph and line numbers within its area (they order the lines)."""

    text: str
    box: BBox
    confidence: float  # 0..100
    block: int
    paragraph: int
    line: int


class OcrEngine(Protocol):
    """An OCR engine, as the page reader uses it."""

    @property
    def name(self) -> str: ...

    @property
    def slips(self) -> bool:
        """Whether the restorer should look for the slips this engine is known to make in
        good Vietnamese text (Tesseract with Vietnamese: "nhần" read for "nhân")."""
        ...

    def version(self) -> str:
        """e.g. 'tesseract 5.3.0'."""
        ...

    def languages(self) -> tuple[str, ...]:
        """The languages it reads with (e.g. ('vie',))."""
        ...

    def recognize(
        self, image: Image, areas: Sequence[Area], options: OcrOptions
    ) -> list[tuple[EngineWord, ...]]:
        """The words of each area, in the area's order, boxes in ``image`` pixels."""
        ...

    def orientation(self, image: Image) -> int:
        """Degrees (0/90/180/270) to turn the page clockwise to read it upright; 0 when
        unsure or when the engine cannot tell."""
        ...
