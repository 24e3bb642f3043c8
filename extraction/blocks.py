"""The body of a plan as blocks: numbered items and paragraphs, with their bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extraction.lines import NUMBERED, SECTION, Line, fold, is_caps

BULLET = re.compile(r"^[-+•]\s")
_ORG_SECTION = re.compile(r"to chuc thuc hien", re.I)  # matched on the folded heading
END = re.compile(r"^(Nơi nhận|Trên đây là)", re.I)


@dataclass
class Block:
    heading: str
    lines: list[Line] = field(default_factory=list)
    assigns: bool = False  # under 'Tổ chức thực hiện': an item's label names who does it
    parent: Block | None = None  # the numbered item over a lettered one ('1. Sở ...' over 'a)')


def split_blocks(lines: list[Line]) -> list[Block]:
    """Numbered items and paragraphs with their bullets; the heading is the item's first text."""
    blocks: list[Block] = [Block(heading="")]
    in_heading = blank = assigns = False
    item: Block | None = None
    for line in lines:
        numbered = NUMBERED.match(line.text)
        if is_org_section(line):
            assigns = True
        elif SECTION.match(line.text):
            assigns = False
        if numbered:
            lettered = numbered.group("label")[0].islower()
            block = Block(
                numbered.group("text"), assigns=assigns, parent=item if lettered else None
            )
            item = item if lettered else block
            blocks.append(block)
            in_heading = not is_caps(numbered.group("text"))
        elif blank and _opens_paragraph(line, blocks[-1]):
            blocks.append(Block(heading="", assigns=assigns))  # a paragraph after a blank line
            in_heading = False
        elif in_heading and line.text and not BULLET.match(line.text):
            blocks[-1].heading += " " + line.text
        else:
            in_heading = False
        blank = not line.text
        if line.text:
            blocks[-1].lines.append(line)
    return [b for b in blocks if b.lines]


def is_org_section(line: Line) -> bool:
    """The heading 'III. TỔ CHỨC THỰC HIỆN', also with a lost period or a wrong mark."""
    section = SECTION.match(line.text)
    return bool(section and _ORG_SECTION.match(fold(line.text[section.end() :])))


# The labelled line of a task's duties ('Chủ trì: ...; phối hợp: ... Thời gian: ...'), on the
# folded text: it belongs to the item above it, whatever blank line OCR put between them.
_DUTY_LABEL = re.compile(
    r"^[-+•]?\s*(?:(?:co quan|don vi)\s+)?(?:chu tri|phoi hop|thoi gian|thoi han)\b", re.I
)


def _opens_paragraph(line: Line, block: Block) -> bool:
    """After a blank line, a capitalised line opens a new paragraph, except under a bare
    heading (a numbered item's line and its wraps alone) and for a duty's labelled line."""
    if _DUTY_LABEL.match(fold(line.text)):
        return False
    joined = " ".join(ln.text for ln in block.lines)
    numbered = bool(block.lines) and bool(NUMBERED.match(block.lines[0].text))
    wrapped = joined.endswith(block.heading.strip()) and not re.search(r"[.;]$", joined)
    bare_heading = numbered and (len(block.lines) == 1 or wrapped)
    return line.text[:1].isupper() and not is_caps(line.text) and not bare_heading


def bullets(block: Block) -> list[str]:
    """The block's text split into its bullet items ('- Chủ trì: ...'), wrapped lines joined."""
    items: list[str] = []
    for line in block.lines:
        for part in re.split(r"(?<=[.;])\s*(?=-\s)", line.text):
            if items and items[-1].endswith(" -") and BULLET.match(part):
                # 'Đài Phát thanh -' / '- Truyền hình tỉnh': a name's dash OCR read twice
                items[-1] += " " + BULLET.sub("", part)
            elif not items or BULLET.match(part):
                items.append(part)
            else:
                items[-1] += " " + part
    return items


def org_items(lines: list[Line]) -> list[tuple[str, str]]:
    """(agency, text) for each numbered item of the 'Tổ chức thực hiện' section."""
    start = next((i for i, ln in enumerate(lines) if is_org_section(ln)), None)
    if start is None:
        return []
    items: list[tuple[str, str]] = []
    for line in lines[start + 1 :]:
        if SECTION.match(line.text) or END.match(line.text):
            break
        numbered = NUMBERED.match(line.text)
        if numbered and not numbered.group("label")[0].islower():
            agency, _, rest = numbered.group("text").partition(":")
            items.append((agency.strip().rstrip("."), rest))
        elif items:
            items[-1] = (items[-1][0], items[-1][1] + " " + line.text)
    return items
