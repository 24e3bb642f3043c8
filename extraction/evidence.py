"""Evidence of each field: the line it came from and, for scans, that line's box on the page."""

from __future__ import annotations

from core.record import BBox, Evidence, OcrPage, Word
from extraction.lines import Line


def evidence_of(found: dict[str, Line], pages: tuple[OcrPage, ...]) -> dict[str, Evidence]:
    out: dict[str, Evidence] = {}
    for name, line in found.items():
        bbox = _bbox(line_words(line, pages)) if pages else None
        out[name] = Evidence(line=line.number, text=line.text, page=line.page, bbox=bbox)
    return out


def line_words(line: Line, pages: tuple[OcrPage, ...]) -> list[Word]:
    """The words OCR read on ``line`` (of the whole text), with their boxes; none for text."""
    if not 1 <= line.page <= len(pages):
        return []
    first = 1 + sum(page.text.count("\n") + 1 for page in pages[: line.page - 1])
    index = line.number - first
    return [w for w in pages[line.page - 1].words if w.line == index]


def _bbox(words: list[Word]) -> BBox | None:
    boxes = [w.bbox for w in words]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
