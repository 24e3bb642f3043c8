"""Evidence of each field: the line it came from and, for scans, that line's box on the page."""

from __future__ import annotations

from core.record import BBox, Evidence, OcrPage
from extraction.lines import Line


def evidence_of(found: dict[str, Line], pages: tuple[OcrPage, ...]) -> dict[str, Evidence]:
    out: dict[str, Evidence] = {}
    starts = _page_starts(pages)
    for name, line in found.items():
        bbox = _bbox(line, pages, starts) if pages else None
        out[name] = Evidence(line=line.number, text=line.text, page=line.page, bbox=bbox)
    return out


def _page_starts(pages: tuple[OcrPage, ...]) -> list[int]:
    """1-based number, in the whole text, of each page's first line."""
    starts, total = [], 1
    for page in pages:
        starts.append(total)
        total += page.text.count("\n") + 1
    return starts


def _bbox(line: Line, pages: tuple[OcrPage, ...], starts: list[int]) -> BBox | None:
    if not 1 <= line.page <= len(pages):
        return None
    index = line.number - starts[line.page - 1]
    boxes = [w.bbox for w in pages[line.page - 1].words if w.line == index]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
