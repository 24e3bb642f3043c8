"""Tables of tasks as OCR gives them: pipe-separated rows under a header row.

| STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.lines import Line, squash

COLUMNS: dict[str, re.Pattern[str]] = {
    "lead": re.compile(r"chủ trì|thực hiện chính|đơn vị thực hiện|cơ quan thực hiện", re.I),
    "support": re.compile(r"phối hợp", re.I),
    "time": re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành", re.I),
    "task": re.compile(r"nội dung|nhiệm vụ|công việc|hoạt động", re.I),
}
_RULE = re.compile(r"^\|?\s*:?-{2,}")


@dataclass(frozen=True, slots=True)
class Row:
    line: Line
    cells: dict[str, str]  # column kind -> cell text


def is_row(line: Line) -> bool:
    return line.text.count("|") >= 2


def cells_of(text: str) -> list[str]:
    parts = [squash(c) for c in text.strip().strip("|").split("|")]
    return parts


def find_rows(lines: list[Line]) -> list[Row]:
    """Data rows of every task table, keyed by the meaning of their header cells."""
    rows: list[Row] = []
    header: list[str | None] | None = None
    for line in lines:
        if not is_row(line):
            header = None
            continue
        if _RULE.match(line.text):
            continue
        cells = cells_of(line.text)
        kinds = [_kind(c) for c in cells]
        if "time" in kinds and ("task" in kinds or "lead" in kinds):
            header = kinds
            continue
        if header:
            named = {k: c for k, c in zip(header, cells, strict=False) if k and c}
            if rows and not cells[0] and rows[-1].line.number == line.number - 1:
                rows[-1] = _continued(rows[-1], named, line)
            else:
                rows.append(Row(line, named))
    return rows


def _continued(row: Row, more: dict[str, str], line: Line) -> Row:
    """A row whose cells wrapped onto the next line (no number in its first cell)."""
    kinds = dict.fromkeys([*row.cells, *more])
    cells = {k: squash(f"{row.cells.get(k, '')} {more.get(k, '')}") for k in kinds}
    return Row(Line(row.line.number, f"{row.line.text} {line.text}", row.line.page), cells)


def _kind(cell: str) -> str | None:
    for kind, pattern in COLUMNS.items():
        if pattern.search(cell):
            return kind
    return None
