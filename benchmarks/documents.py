"""Documents to render: a small description by the parts of the Decree 30 layout.

Written either in a sectioned text format (``parse``; see ``examples/*.txt``): ``[left]`` and
``[right]`` header columns, ``[number]``, ``[under-number]`` (a công văn's "V/v" excerpt,
secrecy and urgency marks, in the left column), ``[place-date]``, ``[type]``, ``[title]``, ``[body]``
(one paragraph per line; ``**`` starts a bold heading; ``| a | b |`` lines make a ruled table),
``[signer]`` (``~`` marks the hand signature), ``[recipients]`` and ``[appendix]`` (an attached
list or table after the signature, on a page of its own: its heading lines in capitals, then
paragraphs and tables as in the body); or as plain text with blank lines between paragraphs
(``from_plain``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTIONS = (
    "left",
    "right",
    "number",
    "under-number",
    "place-date",
    "type",
    "title",
    "body",
    "signer",
    "recipients",
    "appendix",
)


@dataclass(frozen=True)
class Document:
    """What a page says, by the parts of the Decree 30 layout."""

    left: tuple[str, ...] = ()  # issuing body (parent body over it)
    right: tuple[str, ...] = ()  # national motto
    number: str = ""  # "Số: 45/KH-UBND"
    under_number: tuple[str, ...] = ()  # "V/v ..." excerpt lines, "MẬT", "KHẨN"
    place_date: str = ""  # "An Bình, ngày 12 tháng 9 năm 2024"
    doc_type: str = ""  # "KẾ HOẠCH"
    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()  # paragraphs; "**" starts a bold heading
    signer: tuple[str, ...] = ()  # "~" marks the hand signature
    recipients: tuple[str, ...] = ()  # "Nơi nhận:" first
    appendix: tuple[str, ...] = ()  # heading lines, then paragraphs and table rows

    def lines(self, name: str) -> tuple[str, ...]:
        """The lines of a section by its name in the text format."""
        value = getattr(self, _FIELDS[name])
        if isinstance(value, str):
            return (value,) if value else ()
        return tuple(value)


_FIELDS = {name: name.replace("-", "_") for name in SECTIONS} | {"type": "doc_type"}


def parse(text: str) -> Document:
    """A document written in the sectioned text format (see the module docstring)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]") and line[1:-1] in SECTIONS:
            current = sections.setdefault(line[1:-1], [])
        elif current is not None and line:
            current.append(line)
    values: dict[str, object] = {}
    for name, lines in sections.items():
        single = name in ("number", "place-date", "type")
        values[_FIELDS[name]] = " ".join(lines) if single else tuple(lines)
    return Document(**values)  # type: ignore[arg-type]


_TYPES = re.compile(
    r"^(KẾ HOẠCH|QUYẾT ĐỊNH|CÔNG VĂN|THÔNG BÁO|BÁO CÁO|TỜ TRÌNH|CHỈ THỊ|NGHỊ QUYẾT)$"
)


def from_plain(text: str) -> Document:
    """A document from plain text, one paragraph per block of lines (blank line between).

    The header is what comes before the type line (e.g. "KẾ HOẠCH"): "Số:" is the number,
    a line with "ngày" the place and date, the motto goes right, the rest left. The title
    runs to the next blank line; the closing starts at "Nơi nhận": "-" lines are recipients,
    the others the signer block, whose last line (the name) follows the signature. A block in
    capitals after the signer's name opens an attachment ('DANH MỤC ...', 'PHỤ LỤC'): it and
    what follows are the appendix, never lines of the signer block.
    """
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.replace("*", ""))]
    paras = [p for p in paras if p]
    kind = next((i for i, p in enumerate(paras) if _TYPES.match(p)), None)
    if kind is None or kind + 1 >= len(paras):
        return Document(body=tuple(paras))
    head, title, rest = paras[:kind], paras[kind + 1], paras[kind + 2 :]
    close = next((i for i, p in enumerate(rest) if p.startswith("Nơi nhận")), len(rest))
    attached = _appendix_start(rest, close)
    tail = [ln for p in rest[close:attached] for ln in _lines_of(text, p)]
    signer = [p for p in tail[1:] if not p.startswith("-")]
    return Document(
        left=tuple(p for p in head if not _is_right(p) and not p.startswith("Số")),
        right=tuple(p for p in head if p.startswith(("CỘNG HÒA", "Độc lập"))),
        number=next((p for p in head if p.startswith("Số")), ""),
        place_date=next((p for p in head if "ngày" in p and not p.startswith("Số")), ""),
        doc_type=paras[kind],
        title=(title,),
        body=tuple("**" + p if _HEADING.match(p) else p for p in rest[:close]),
        signer=(*signer[:-1], "~", *signer[-1:]) if signer else (),
        recipients=tuple(["Nơi nhận:", *(p for p in tail[1:] if p.startswith("-"))])
        if tail
        else (),
        appendix=tuple(_appendix(text, rest[attached:])),
    )


def _appendix_start(paras: list[str], close: int) -> int:
    """Index of the paragraph opening an attachment after the closing: the first in capitals
    after a paragraph that names the signer (not in capitals, no list dash, no label)."""
    named = False
    for i in range(close + 1, len(paras)):
        para = paras[i]
        if named and para.isupper():
            return i
        named = named or not (para.isupper() or para.startswith("-") or ":" in para)
    return len(paras)


def _appendix(text: str, paras: list[str]) -> list[str]:
    """The attachment's paragraphs, a table's rows one by one (each starts with '|')."""
    out: list[str] = []
    for para in paras:
        if para.startswith("|"):
            out += _lines_of(text, para)
        else:
            out.append(para)
    return out


def _lines_of(text: str, para: str) -> list[str]:
    """The original lines of a paragraph of ``text`` (closing blocks keep their lines)."""
    for block in re.split(r"\n\s*\n", text.replace("*", "")):
        if " ".join(block.split()) == para:
            return [" ".join(ln.split()) for ln in block.splitlines() if ln.strip()]
    return [para]


_HEADING = re.compile(r"^([IVX]+|\d+)\. .{0,60}$")


def _is_right(line: str) -> bool:
    return line.startswith(("CỘNG HÒA", "Độc lập")) or ("ngày" in line and "tháng" in line)
