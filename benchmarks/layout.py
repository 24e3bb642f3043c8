"""A test document's text laid out by the parts of the Decree 30 layout, for rendering as a scan.

The test documents are written as OCR reads a page: the header's two columns share lines
("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), and so do the closing's ("- Như trên;
PHÓ GIÁM ĐỐC"). ``lay_out`` splits them back into the columns of a ``Document``: issuing body,
number, "V/v" excerpt and marks on the left; motto, place and date on the right; recipients on
the left and the signer block on the right; an attachment after the signer's name (a list or
table headed in capitals) is the appendix, not the signer block. Body lines are joined into paragraphs (a paragraph
ends where a line ends a sentence or clause, or the next one starts an item), and tables (with
pipes, or laid out with spaces) become ruled tables, a row wrapped onto a second line joined.

A layout is faithful when it holds every word of the text and no other: ``missing_words``
tells what differs, and ``lay_out`` refuses a text it cannot lay out faithfully.
"""

from __future__ import annotations

import re
from collections import Counter

from benchmarks.documents import SECTIONS, Document, from_plain

_MOTTO = re.compile(r"(CỘNG HÒA|CỘNG HOÀ|Độc lập\b)")
_MARK = re.compile(r"^(MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC)$")
_ITEM = re.compile(r"^([-+•]\s|[a-zđ]\)\s|\d+(\.\d+)*\.\s|[IVX]+\.?\s|Điều \d|Căn cứ\b)")
_SIGNATURE = re.compile(r"^(Ký bởi|Người ký|Email|Cơ quan|Thời gian ký)\s*:")
_DECORATION = re.compile(r"^[\W_]+$")  # "-----", "____", "|---|---|"


def lay_out(text: str) -> Document:
    """The document to render; ValueError (with the words that differ) if not faithful."""
    plain = from_plain(text)
    if plain.doc_type and plain.number and not missing_words(plain, text):
        return plain
    if len(_MOTTO_LINE.findall(text)) > 1:
        raise ValueError("a second document (an attachment) follows the signature")
    if len(re.findall(r"^\s*Số:", text, flags=re.M)) > 1:
        raise ValueError("a second number (a received-document stamp) in the header")
    doc = from_columns(text)
    if wrong := missing_words(doc, text):
        raise ValueError("layout loses or adds words: " + ", ".join(wrong[:6]))
    if not doc.number or not (doc.doc_type or doc.under_number):
        raise ValueError("no number, type or 'V/v' excerpt found in the header")
    return doc


_MOTTO_LINE = re.compile(r"CỘNG HO?ÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_GAP = re.compile(r"(?<=\S) {6,}(?=\S)")  # between two columns laid out with spaces


def missing_words(doc: Document, text: str) -> list[str]:
    """Words of the text the document lacks ('-w') or adds ('+w'); decoration ignored."""
    laid = " ".join(" ".join(doc.lines(s)) for s in SECTIONS)
    want, got = _words(text), _words(laid)
    lost = [f"-{w}" for w in (want - got).elements()]
    return lost + [f"+{w}" for w in (got - want).elements()]


def _words(text: str) -> Counter[str]:
    tokens = text.replace("*", "").replace("|", " ").split()
    return Counter(t for t in tokens if not _DECORATION.match(t) and t != "~")


def from_columns(text: str) -> Document:
    """A document whose header and closing columns share lines, as OCR reads them."""
    lines = [" ".join(ln.split()) for ln in text.splitlines()]
    lines = ["" if _DECORATION.match(ln) else ln for ln in lines]
    start = _heading_start(lines)
    kind = _type_line(lines, start)
    head = lines[:kind] if kind is not None else lines[:start]
    after = kind + 1 if kind is not None else start
    while kind is not None and after < len(lines) and not lines[after]:
        after += 1
    title_end = after
    while kind is not None and title_end < len(lines) and lines[title_end]:
        title_end += 1
    close = next(
        (i for i in range(title_end, len(lines)) if lines[i].startswith("Nơi nhận")), len(lines)
    )
    raw = text.splitlines()
    header = _header(raw[: len(head)])
    attached = _appendix_start(raw, close)
    recipients, signer = _closing(raw[close:attached])
    title = " ".join(lines[after:title_end])
    return Document(
        left=header["left"],
        right=header["right"],
        number=" ".join(header["number"]),
        under_number=header["under"],
        place_date=" ".join(header["place"]),
        doc_type=lines[kind] if kind is not None else "",
        title=(title,) if title else (),
        body=paragraphs(text.splitlines()[title_end:close]),
        signer=signer,
        recipients=recipients,
        appendix=_appendix(raw[attached:]),
    )


def _appendix_start(lines: list[str], close: int) -> int:
    """Where an attachment after the closing starts ('DANH MỤC ...', 'PHỤ LỤC'): the first line
    in capitals after the line naming the signer; the end of the text when there is none."""
    named = False
    for i in range(close, len(lines)):
        line, beside = _columns(lines[i])
        if named and line.isupper() and not line.startswith("-") and not beside:
            return i
        for part in (line, beside):
            if part and not part.isupper() and not part.startswith(("-", "Nơi nhận")):
                named = named or not _SIGNATURE.match(part)
    return len(lines)


def _appendix(lines: list[str]) -> tuple[str, ...]:
    """The attachment: its heading lines (capitals, '(Kèm theo ...)'), then its paragraphs and
    tables as in the body."""
    clean = [" ".join(ln.split()) for ln in lines]
    k = next((i for i, ln in enumerate(clean) if ln), len(clean))
    heading: list[str] = []
    while k < len(clean) and clean[k] and (clean[k].isupper() or clean[k].startswith("(")):
        heading.append(clean[k])
        k += 1
    return (*heading, *paragraphs(lines[k:]))


def _heading_start(lines: list[str]) -> int:
    """Where the header ends: the first line after the number that opens the body."""
    number = next((i for i, ln in enumerate(lines) if ln.startswith("Số")), 0)
    for i in range(number + 1, len(lines)):
        if lines[i].startswith(("Kính gửi", "Căn cứ", "Thực hiện")):
            return i
    return len(lines)


def _type_line(lines: list[str], end: int) -> int | None:
    """The type line ('KẾ HOẠCH'): upper case, short, after the number, not a mark or motto."""
    number = next((i for i, ln in enumerate(lines) if ln.startswith("Số")), 0)
    for i in range(number + 1, end):
        ln = lines[i]
        if ln.isupper() and len(ln.split()) <= 4 and not _MARK.match(ln) and not _MOTTO.match(ln):
            return i
    return None


def _header(lines: list[str]) -> dict[str, tuple[str, ...]]:
    """Issuer, motto, number, excerpt and marks, place and date from the header's lines."""
    parts: dict[str, list[str]] = {k: [] for k in ("left", "right", "number", "under", "place")}
    excerpt = False
    for raw in lines:
        if _DECORATION.match(raw.strip() or "-"):
            continue
        left, right = _columns(raw)
        if not right:
            left, right = _split_motto(left)
        if right and _place_start(right) == 0:
            parts["place"].append(right)
        elif right:
            parts["right"].append(right)
        if not left:
            continue
        if _place_start(left) is not None and "tháng" in left and not left.startswith("Số"):
            left, place = _split_place(left)
            parts["place"].append(place)
            if not left:
                continue
        if left.startswith("Số"):
            number, place = _split_place(left)
            parts["number"].append(number)
            parts["place"] += [place] if place else []
            excerpt = False
        elif _MARK.match(left):
            parts["under"].append(left)
        elif left.startswith("V/v") or (excerpt and not left.isupper()):
            parts["under"].append(left)
            excerpt = True
        else:
            parts["left"].append(left)
    marks = [ln for ln in parts["under"] if _MARK.match(ln)]
    parts["under"] = [ln for ln in parts["under"] if not _MARK.match(ln)] + marks
    return {k: tuple(v) for k, v in parts.items()}


def _columns(raw: str) -> tuple[str, str]:
    """A line laid out with spaces: (left column, right column), each space-normalised."""
    if raw.startswith(" " * 8):
        return "", " ".join(raw.split())
    left, *right = _GAP.split(raw.strip(), maxsplit=1)
    return " ".join(left.split()), " ".join(" ".join(right).split())
    return " ".join(left.split()), " ".join(right.split())


def _split_motto(line: str) -> tuple[str, str]:
    found = _MOTTO.search(line)
    if not found:
        return line, ""
    return line[: found.start()].strip(), line[found.start() :].strip()


def _split_place(line: str) -> tuple[str, str]:
    """'Số: 47/BC-CAH Mường Nhé, ngày 28 ...' -> the number, the place and date."""
    start = _place_start(line)
    if start is None:
        return line, ""
    return line[:start].strip(), line[start:].strip()


def _place_start(line: str) -> int | None:
    """Where 'Mường Nhé, ngày ...' starts: the capitalised words before ', ngày'."""
    comma = line.find(", ngày")
    if comma < 0:
        return None
    words = line[:comma].split(" ")
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and words[k - 1][1:].islower():
        k -= 1
    return None if k == len(words) else len(" ".join(words[:k])) + (1 if k else 0)


def _closing(lines: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Recipients (left) and the signer block (right: titles, the signature, the name)."""
    recipients: list[str] = []
    titles: list[str] = []
    names: list[str] = []
    rest: list[str] = []
    for raw in lines:
        line, beside = _columns(raw)
        if line.startswith(("Nơi nhận", "-")) and not rest:
            if not beside:
                line, beside = _split_title(line)
            recipients.append(line)
        elif line:
            rest.append(line)
        if beside:
            (titles if beside.isupper() else names).append(beside)
    signed = [ln for ln in rest if _SIGNATURE.match(ln)]
    rest = [ln for ln in rest if not _SIGNATURE.match(ln)]
    titles += [ln for ln in rest if ln.isupper()]
    names += [ln for ln in rest if not ln.isupper()]
    if not titles and not names:
        return tuple(recipients), tuple(signed)
    return tuple(recipients), (*titles, "~", *names, *signed)


def _split_title(line: str) -> tuple[str, str]:
    """'- Như trên; PHÓ GIÁM ĐỐC' -> the recipient, the signer's title beside it."""
    words = line.split(" ")
    k = len(words)
    while k > 1 and words[k - 1].isupper() and not re.search(r"[,;]", words[k - 1]):
        k -= 1
    if len(words) - k < 2 or not re.search(r"[;:.)]$", words[k - 1]):
        return line, ""
    return " ".join(words[:k]), " ".join(words[k:])


def paragraphs(lines: list[str]) -> tuple[str, ...]:
    """Body lines joined into paragraphs; upper-case headings bold; tables as '| a | b |'."""
    out: list[str] = []
    table: list[list[str]] = []
    columns: list[int] = []
    joinable = False
    for raw in lines:
        line = " ".join(raw.split())
        cells = _cells(raw)
        if cells is not None or (table and raw.startswith("  ") and line):
            columns = columns or [start for start, _ in _spaced_cells(raw)]
            _add_row(table, cells, raw, columns)
            joinable = False
            continue
        if table:
            out += ["| " + " | ".join(row) + " |" for row in table]
            table, columns = [], []
        if not line or _DECORATION.match(line):
            joinable = False
            continue
        if joinable and not _ITEM.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
        # a wrapped line runs near the full width; a heading or a short line ends its paragraph
        joinable = len(line) >= 50 and not line.isupper() and not re.search(r"[.;:!?]$", line)
    out += ["| " + " | ".join(row) + " |" for row in table]
    return tuple("**" + p if p.isupper() and not p.startswith("|") else p for p in out)


def _spaced_cells(raw: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", raw)]


def _cells(raw: str) -> list[str] | None:
    """The cells of a table row: with pipes, or laid out with runs of spaces; None if not."""
    if raw.count("|") >= 2:
        return [c.strip() for c in raw.strip().strip("|").split("|")]
    if len(re.findall(r"\S {2,}(?=\S)", raw.strip())) >= 2:
        return [c for _, c in _spaced_cells(raw)]
    return None


def _add_row(table: list[list[str]], cells: list[str] | None, raw: str, columns: list[int]) -> None:
    """A row, or the continuation of the row above (first cell empty, or indented)."""
    if cells is not None and all(_DECORATION.match(c) or not c for c in cells):
        return  # the markdown rule under the heading row
    if cells is not None and (cells[0] or not table) and not raw.startswith(" "):
        if len(cells) != len(columns) and "|" not in raw:
            cells = _by_column(raw, columns)
        table.append(cells)
        return
    more = cells if cells is not None and "|" in raw else _by_column(raw, columns)
    row = table[-1]
    for i, cell in enumerate(more[: len(row)]):
        if cell:
            row[i] = f"{row[i]} {cell}".strip()


def _by_column(raw: str, columns: list[int]) -> list[str]:
    """Cells of a space-aligned row placed by where they start under the heading row."""
    out = [""] * len(columns)
    for start, cell in _spaced_cells(raw):
        i = max((k for k, c in enumerate(columns) if c <= start + 1), default=0)
        out[i] = f"{out[i]} {cell}".strip()
    return out
