"""Tables of tasks as OCR gives them, under a header row naming the columns: pipe-separated

| STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |

or laid out with runs of spaces, as a text layer keeps the columns of a printed table:

STT   Nội dung nhiệm vụ        Chủ trì       Phối hợp        Thời gian
1     Rà soát dữ liệu dân cư   Công an xã    Các ấp          Tháng 9, 10/2025
      trên địa bàn xã
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.lines import Line, fold, squash

# Matched on the header cell folded, its spaces and specks left out, so that a header still
# reads as OCR leaves it ('Cơ quanphối ' hợp', 'Thời gỉan').
COLUMNS: dict[str, re.Pattern[str]] = {
    "lead": re.compile(r"chutri|thuchienchinh|donvithuchien|coquanthuchien", re.I),
    "support": re.compile(r"phoihop", re.I),
    "time": re.compile(r"thoigian|thoihan|tiendo|hoanthanh", re.I),
    "task": re.compile(r"noidung|nhiemvu|congviec|hoatdong", re.I),
}
_RULE = re.compile(r"^\|?\s*:?-{2,}")
_GAP = re.compile(r"\S+(?: \S+)*")  # a cell: words one space apart, cells two or more apart


@dataclass(frozen=True, slots=True)
class Row:
    line: Line
    cells: dict[str, str]  # column kind -> cell text


@dataclass(frozen=True, slots=True)
class Cell:
    at: int  # column of the cell's first character in the raw line
    text: str


def is_row(line: Line) -> bool:
    return line.text.count("|") >= 2


def cells_of(text: str) -> list[str]:
    parts = [squash(c) for c in text.strip().strip("|").split("|")]
    return parts


def find_rows(lines: list[Line]) -> list[Row]:
    """Data rows of every task table, keyed by the meaning of their header cells."""
    return table_rows(lines)[0]


def table_rows(lines: list[Line]) -> tuple[list[Row], set[int]]:
    """(data rows, numbers of every line a table takes: header, rows and their wraps)."""
    rows: list[Row] = []
    taken: set[int] = set()
    header: list[Cell] | None = None
    kinds: list[str | None] = []
    for line in lines:
        cells = _cells(line)
        found = [_kind(c.text) for c in cells]
        if len(cells) >= 3 and "time" in found and ("task" in found or "lead" in found):
            header, kinds = cells, found
            taken.add(line.number)
            continue
        if header is None or _RULE.match(line.text):
            taken |= {line.number} if header is not None else set()
            continue
        if not cells or not _in_table(line, cells, header):
            header = None
            continue
        taken.add(line.number)
        named = _named(cells, header, kinds, piped=is_row(line))
        if is_row(line):
            wraps = not cells[0].text
        else:
            wraps = cells[0].at > header[0].at + 1 and len(cells) < len(header)
        if rows and wraps and rows[-1].line.number >= line.number - 1:
            rows[-1] = _continued(rows[-1], named, line)
        else:
            rows.append(Row(line, named))
    return rows, taken


def _cells(line: Line) -> list[Cell]:
    if is_row(line):
        return [Cell(i, c) for i, c in enumerate(cells_of(line.text))]
    raw = line.raw or line.text
    if "  " not in raw.strip() and not raw.startswith("  "):
        return [Cell(0, line.text)] if line.text else []
    return [Cell(m.start(), m.group(0)) for m in _GAP.finditer(raw.replace("\t", "    "))]


def _in_table(line: Line, cells: list[Cell], header: list[Cell]) -> bool:
    """A row of the table under ``header``: pipes, or cells in its columns (a wrap too)."""
    if is_row(line):
        return True
    return len(cells) >= 3 or (cells[0].at > header[0].at + 1 and len(cells) < len(header))


def _named(
    cells: list[Cell], header: list[Cell], kinds: list[str | None], *, piped: bool
) -> dict[str, str]:
    """Cells keyed by their column: in order when the row has every cell, else by position."""
    if piped or len(cells) == len(header):
        pairs = list(zip(kinds, (c.text for c in cells), strict=False))
    else:
        pairs = [(kinds[_column(c, header)], c.text) for c in cells]
    out: dict[str, str] = {}
    for kind, text in pairs:
        if kind and text:
            out[kind] = squash(f"{out.get(kind, '')} {text}")
    return out


def _column(cell: Cell, header: list[Cell]) -> int:
    """The header column a cell stands under: the last starting at or before it."""
    starts = [h.at for h in header]
    return max((i for i, at in enumerate(starts) if at <= cell.at + 2), default=0)


def _continued(row: Row, more: dict[str, str], line: Line) -> Row:
    """A row whose cells wrapped onto the next line (no number in its first cell)."""
    kinds = dict.fromkeys([*row.cells, *more])
    cells = {k: squash(f"{row.cells.get(k, '')} {more.get(k, '')}") for k in kinds}
    return Row(
        Line(row.line.number, f"{row.line.text} {line.text}", row.line.page, row.line.raw), cells
    )


def _kind(cell: str) -> str | None:
    key = re.sub(r"[^a-z]", "", fold(cell).lower())
    for kind, pattern in COLUMNS.items():
        if pattern.search(key):
            return kind
    return None
