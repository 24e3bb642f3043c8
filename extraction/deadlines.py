"""Time-bound duties of a plan: what, by when, who leads and who supports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.record import Deadline
from extraction.agencies import Agency, find_agencies
from extraction.grid import Row, table_rows
from extraction.lines import LO, NUMBERED, SECTION, UP, Line, fold, is_caps, squash
from extraction.tables import HONORIFICS, NAME_STOPS, SIGNER_TITLES
from extraction.timex import TimeSpan, find_spans, is_tentative

_BULLET = re.compile(r"^[-+•]\s")
_LEAD = re.compile(
    r"(?:đơn vị\s+)?(?:chủ trì|cơ quan chủ trì|tham mưu)\s*:\s*(?P<who>[^;.]+)", re.I
)
_SUPPORT = re.compile(r"(?:đơn vị\s+)?phối hợp(?:\s+với)?\s*:\s*(?P<who>[^;.]+)", re.I)
_WITH = re.compile(r"phối hợp(?:\s+với)?\s+", re.I)
_TIME_LABEL = re.compile(r"^[-+•]?\s*(?:\d+\.\s*)?Thời gian[^:]{0,40}:\s*", re.I)
_LABEL_ANYWHERE = re.compile(r"Thời gian[^:.;]{0,40}:\s*", re.I)
_CUE = re.compile(
    r"(trước|chậm nhất|dự kiến|trong|từ|vào|hoàn thành|thời gian|hằng|hàng|định kỳ|"
    r"không muộn|hạn)[^.;]{0,25}$|:\s*$",
    re.I,
)
_TRAILING_CUE = re.compile(
    r"[,;]?\s*(?:hoàn thành|thực hiện|xong)?\s*(?:trước|chậm nhất|trong|vào|từ|dự kiến)?\s*$",
    re.I,
)
_LEADING_ROLE = re.compile(r"^\s*(?:chủ trì|tham mưu)?\s*,?\s*", re.I)
_ORG_SECTION = re.compile(r"to chuc thuc hien", re.I)  # matched on the folded heading
_END = re.compile(r"^(Nơi nhận|Trên đây là)", re.I)
_GENERIC = re.compile(r"^(các|UBND các|Ủy ban nhân dân các|cơ quan|đơn vị)\b", re.I)
_SEPARATE = re.compile(rf"[,;]\s*(?=[{UP}]|các\s)")  # "A, B; các C" not "Các cơ quan, đơn vị"
_SENTENCE = re.compile(rf"(?<=\.)\s+(?=[{UP}])")
_EVENT = re.compile(r"hội nghị|cuộc họp|hội thảo", re.I)
# A duty given to a person by office: 'Phó Hiệu trưởng phụ trách chuyên môn tổng hợp, ...'.
_OFFICE = re.compile(
    rf"^(?P<who>(?i:{'|'.join(SIGNER_TITLES)})(?:\s+phụ trách(?:\s+[{LO}]+)+?)?)"
    rf"(?=\s+(?:{'|'.join(sorted(NAME_STOPS))})\b)"
)
# Partners named by a plain noun phrase, up to the verb of the duty ('chủ nhiệm' is no verb).
_PARTNER = re.compile(
    rf"^(?P<who>[{LO}]+(?:\s+(?!(?:{'|'.join(sorted(NAME_STOPS - {'chủ'}))})\b)[{LO}]+){{1,7}})"
    rf"(?=\s+(?:{'|'.join(sorted(NAME_STOPS))})\b)"
)
_TIME_WORD = re.compile(r"^Thời gian\b", re.I)
_GIVEN = re.compile(rf"^(?:Giao(?:\s+cho)?|Yêu cầu)\s+(?=[{UP}])")
_ROLE = re.compile(r"^(?P<who>[^.;:()]{3,120}?)\s+(?:chủ trì|tham mưu)\b")
_PERSON = re.compile(rf"^(?i:{'|'.join(re.escape(h) for h in HONORIFICS)})\s+[{UP}]")


@dataclass
class Block:
    heading: str
    lines: list[Line] = field(default_factory=list)
    assigns: bool = False  # under 'Tổ chức thực hiện': an item's label names who does it
    parent: Block | None = None  # the numbered item over a lettered one ('1. Sở ...' over 'a)')


@dataclass(frozen=True, slots=True)
class Found:
    line: int
    order: int
    deadline: Deadline


def find_deadlines(
    lines: list[Line],
    *,
    year: int | None,
    title: str | None,
    skip_until: int = 0,
    since: str | None = None,
) -> list[Deadline]:
    """Duties with their time, in text order; none that ended before ``since`` (the ISO day
    the document was issued: 'Ngày 05/4/2012, ... chủ trì cuộc họp' is no duty)."""
    body = _body(lines, skip_until)
    rows, in_tables = table_rows(body)
    found = [f for row in rows for f in _from_row(row, year=year)]
    org = _org_items(lines)
    for block in _blocks([ln for ln in body if ln.number not in in_tables]):
        text = squash(" ".join(ln.text for ln in block.lines))
        spans = find_spans(text, year=year)
        for order, span in enumerate(spans):
            if _is_duty(text, span) and not _explains(text, span, spans[:order]):
                deadline = _deadline(block, text, span, org=org, title=title)
                found.append(Found(block.lines[0].number, order, deadline))
    found = [f for f in found if not (since and f.deadline.end and f.deadline.end < since)]
    return [f.deadline for f in sorted(found, key=lambda f: (f.line, f.order))]


def _explains(text: str, span: TimeSpan, earlier: list[TimeSpan]) -> bool:
    """In brackets right after another expression, which it details: 'định kỳ 6 tháng (trước
    ngày 15/6 và 15/12 hằng năm)' is one duty."""
    return any(re.fullmatch(r"\s*\([^()]*", text[e.stop : span.begin]) for e in earlier)


def _body(lines: list[Line], skip_until: int) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if line.number <= skip_until:
            continue
        if _END.match(line.text):
            break
        out.append(line)
    return out


def _from_row(row: Row, *, year: int | None) -> list[Found]:
    when = row.cells.get("time", "")
    out: list[Found] = []
    for order, span in enumerate(find_spans(when, year=year)):
        kind = "tentative" if is_tentative(when) else span.kind
        support = [squash(s) for s in _SEPARATE.split(row.cells.get("support", ""))]
        deadline = Deadline(
            task=row.cells.get("task"),
            raw=when,
            start=span.start,
            end=span.end,
            kind=kind,
            lead=row.cells.get("lead") or None,
            support=tuple(s for s in support if s),
        )
        out.append(Found(row.line.number, order, deadline))
    return out


def _blocks(lines: list[Line]) -> list[Block]:
    """Numbered items and paragraphs with their bullets; the heading is the item's first text."""
    blocks: list[Block] = [Block(heading="")]
    in_heading = blank = assigns = False
    item: Block | None = None
    for line in lines:
        numbered = NUMBERED.match(line.text)
        if _is_org_section(line):
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
        elif in_heading and line.text and not _BULLET.match(line.text):
            blocks[-1].heading += " " + line.text
        else:
            in_heading = False
        blank = not line.text
        if line.text:
            blocks[-1].lines.append(line)
    return [b for b in blocks if b.lines]


def _is_org_section(line: Line) -> bool:
    """The heading 'III. TỔ CHỨC THỰC HIỆN', also with a lost period or a wrong mark."""
    section = SECTION.match(line.text)
    return bool(section and _ORG_SECTION.match(fold(line.text[section.end() :])))


def _opens_paragraph(line: Line, block: Block) -> bool:
    """After a blank line, a capitalised line opens a new paragraph (not under a bare heading)."""
    bare_heading = len(block.lines) == 1 and bool(NUMBERED.match(block.lines[0].text))
    return line.text[:1].isupper() and not is_caps(line.text) and not bare_heading


def _is_duty(text: str, span: TimeSpan) -> bool:
    before = text[: span.begin]
    if re.search(r"số\s*\S*$|ngày\s*$", before[-30:], re.I) and span.kind == "date":
        return False
    if re.search(r"(Căn cứ|Thực hiện|theo)\s+[^;]*$", before[-120:]) and span.kind in (
        "date",
        "month",
    ):
        return False
    if span.kind not in ("date", "month"):
        return True  # the expression carries its own cue: trước, từ ... đến, quý, hằng tháng
    return bool(_CUE.search(before[-40:])) or span.begin < 3


def _deadline(
    block: Block, text: str, span: TimeSpan, *, org: list[tuple[str, str]], title: str | None
) -> Deadline:
    item, bullet = _item_of(block, text, span)
    lead, support, task = _duty_of(item, text[span.begin : span.stop], block)
    if not lead:
        lead, support = _labelled_elsewhere(block, support)
    if not task and bullet and not _TIME_LABEL.match(item):
        task = _task_text(item, text[span.begin : span.stop])
    if not task:
        task = _task(block, text, span)
    if not lead and title and _TIME_LABEL.match(block.lines[0].text) and _TIME_WORD.match(task):
        task = title  # '2. Thời gian thực hiện: từ năm ...' of what the document is about
    if not lead and _EVENT.search(task + " " + (title or "")):
        if org:
            lead, support = _event_agencies(org)
        if title and (_TIME_LABEL.match(block.lines[0].text) or is_caps(block.heading)):
            task = title
    return Deadline(
        task=task,
        raw=_raw(text, span),
        start=span.start,
        end=span.end,
        kind=span.kind,
        lead=lead,
        support=tuple(support),
    )


def _labelled_elsewhere(block: Block, support: list[str]) -> tuple[str | None, list[str]]:
    """Lead and support from a sibling bullet ('- Chủ trì: ...; phối hợp: ...') of the task."""
    for bullet in _bullets(block):
        lead = _LEAD.search(bullet)
        if lead and not _is_person(lead.group("who")):
            partners = _SUPPORT.search(bullet)
            names = _names(partners.group("who")) if partners else []
            return squash(lead.group("who")).rstrip(" ,"), support or names
    return None, support


def _item_of(block: Block, text: str, span: TimeSpan) -> tuple[str, bool]:
    """The bullet item (or the numbered item's own text) holding the time expression, and
    whether it is a bullet ('- Gửi danh sách ...') under the block's heading."""
    offset = 0
    for item in _bullets(block):
        end = offset + len(item) + 1
        if offset <= span.begin < end:
            bullet = bool(_BULLET.match(item))
            own = _BULLET.sub("", NUMBERED.sub(r"\g<text>", item))
            return _sentence_of(own, text[span.begin : span.stop]), bullet
        offset = end
    return _sentence_of(text, text[span.begin : span.stop]), False


def _sentence_of(item: str, when: str) -> str:
    """The sentence of a paragraph that holds ``when``; a numbered item is kept whole."""
    if NUMBERED.match(item) or len(item) < 200 and not _SENTENCE.search(item):
        return item
    for sentence in _SENTENCE.split(item):
        if when in sentence:
            return sentence
    return item


def _duty_of(item: str, when: str, block: Block) -> tuple[str | None, list[str], str | None]:
    """(lead, support, task) from the item's own words: labels, its subject, 'phối hợp với'."""
    item = _GIVEN.sub("", item)  # 'Giao UBND tỉnh phê duyệt ...': the body given the duty
    lead_label = _LEAD.search(item)
    support_label = _SUPPORT.search(item)
    support = _names(support_label.group("who")) if support_label else _partners(item)
    if lead_label and not _is_person(lead_label.group("who")):
        return squash(lead_label.group("who")).rstrip(" ,"), support, None
    agencies = find_agencies(item)
    first = agencies[0] if agencies else None
    labelled = re.match(r"^(?P<who>[^:]{3,160}):\s*", item)
    if labelled and not block.assigns and not (first and first.start == 0):
        rest = item[labelled.end() :]  # 'Tổ chức thực hiện: Phòng A chủ trì, ...'
        if find_agencies(rest[:80])[:1] and find_agencies(rest)[0].start == 0:
            return _duty_of(rest, when, block)
    if labelled and (block.assigns or first and first.start == 0):
        who = squash(labelled.group("who")).rstrip(". ")
        return who, support, _task_text(item[labelled.end() :], when)
    if first and first.start == 0:
        role = _ROLE.match(item)
        if role and _names_only(role.group("who"), agencies):  # 'Đội ... về ma túy chủ trì'
            named = Agency(role.group("who"), 0, role.end("who"))
            return named.text, support, _task_text(_after_role(item, named, agencies), when)
    office = _OFFICE.match(item) if item[:1].isupper() else None
    if office and not (first and first.start == 0):
        who = office.group("who")
        return who, support, _task_text(item[office.end() :], when)
    if first and first.start == 0 and re.match(rf"\s+[{LO}]", item[first.end :]):
        return first.text, support, _task_text(_after_role(item, first, agencies), when)
    for holder in (block, block.parent) if block.parent else (block,):
        heading_lead = _named_heading(holder.heading)
        if heading_lead:
            return heading_lead, support, None  # "1. Phòng Nội vụ" over its bullets or a), b)
    return None, support, None


def _names_only(who: str, agencies: list[Agency]) -> bool:
    """``who`` is agencies one after another, the last perhaps read short ('Đội Cảnh sát điều
    tra tội phạm' of '... về ma túy'), and no clause: 'Sở Nội vụ tổng hợp,' is not."""
    chain = _chain(agencies, 0, who, glue=(",", ";", "và", ", và"))
    return bool(chain) and not re.search(r"[,;]", who[chain[-1].end :])


def _named_heading(heading: str) -> str | None:
    """The agencies a heading names and nothing else: '1. Phòng Nội vụ', 'Các sở, ngành; UBND
    các huyện:' over the bullets of their duties."""
    agencies = find_agencies(heading)
    if not agencies or agencies[0].start != 0:
        return None
    chain = _chain(agencies, 0, heading, glue=(",", ";", "và", ", và"))
    if chain[-1].end >= len(heading.rstrip(" :.")) - 2:
        return squash(heading[: chain[-1].end])
    return None


def _is_person(text: str) -> bool:
    """'Thầy Nguyễn Văn Bảo, Phó Hiệu trưởng': a meeting's chair, not an agency leading a duty."""
    return bool(_PERSON.match(text.strip()))


def _after_role(item: str, lead: Agency, agencies: list[Agency]) -> str:
    rest = item[lead.end :]
    rest = _LEADING_ROLE.sub("", rest)
    with_ = _WITH.match(rest)
    if with_:
        offset = len(item) - len(rest) + with_.end()
        chain = _chain(agencies, offset, item)
        rest = item[chain[-1].end :] if chain else rest[with_.end() :]
    return rest


def _task_text(rest: str, when: str) -> str | None:
    """The duty's words: ``rest`` up to where the time expression ``when`` starts."""
    at = rest.find(when)
    head = rest[:at] if at >= 0 else rest
    if at >= 0 and ";" in head.rstrip().rstrip(";"):  # the clause of ``when`` only
        head = head.rstrip()[:-1] if head.rstrip().endswith(";") else head
        head = head[head.rfind(";") + 1 :] + " "
    opens_clause = not head.strip() or re.search(r"(;|\bvà)\s*$", head) is not None
    head = _TRAILING_CUE.sub("", squash(head)).strip(" ,:.")
    if at >= 0 and (not head or opens_clause):  # "...; định kỳ hằng quý tổng hợp, ..."
        head = re.split(r"[;.]", rest[at + len(when) :])[0]
    return squash(head).strip(" ,;:./") or None


def _partners(item: str) -> list[str]:
    with_ = _WITH.search(item)
    if not with_:
        return []
    agencies = find_agencies(item)
    chain = _chain(agencies, with_.end(), item)
    if not chain:  # '... phối hợp với giáo viên chủ nhiệm các lớp tổ chức ôn tập'
        phrase = _PARTNER.match(item[with_.end() :])
        named = phrase.group("who") if phrase else ""
        return [named] if named and not _GENERIC.match(named) else []
    return [a.text for a in chain if not _GENERIC.match(a.text)]


def _chain(
    agencies: list[Agency],
    offset: int,
    text: str,
    *,
    glue: tuple[str, ...] = ("", ",", "và", ", và"),
) -> list[Agency]:
    """Agencies named one after another from ``offset`` ('A, B và C')."""
    out: list[Agency] = []
    position = offset
    for agency in agencies:
        if agency.start < position:
            continue
        gap = text[position : agency.start]
        if gap.strip() not in ("", *glue):
            break
        out.append(agency)
        position = agency.end
    return out


def _task(block: Block, text: str, span: TimeSpan) -> str:
    heading = re.split(r"\s*:\s*|(?<=[.;])\s*-\s|(?<=\.)\s", block.heading, maxsplit=1)[0]
    if heading and not _TIME_LABEL.match(block.heading) and not is_caps(heading):
        return squash(heading).rstrip(".;: ")
    sentence = re.split(r"(?<=[.;])\s", text[: span.begin])[-1]
    return squash(_TIME_LABEL.sub("", sentence)).rstrip(",.;: ") or heading


def _raw(text: str, span: TimeSpan) -> str:
    labels = [m for m in _LABEL_ANYWHERE.finditer(text[: span.begin])]
    if labels and not re.search(r"[.;]\s", text[labels[-1].end() : span.begin]):
        start = labels[-1].end()
    else:
        cue = _CUE.search(text[: span.begin])
        start = cue.start() if cue and cue.group(1) else span.begin
    end = span.stop
    paren = re.match(r"\s*\([^)]*\)", text[end:])
    if paren:
        end += paren.end()
    return text[start:end].strip().rstrip(".;,")


def _bullets(block: Block) -> list[str]:
    """The block's text split into its bullet items ('- Chủ trì: ...'), wrapped lines joined."""
    items: list[str] = []
    for line in block.lines:
        for part in re.split(r"(?<=[.;])\s*(?=-\s)", line.text):
            if not items or _BULLET.match(part):
                items.append(part)
            else:
                items[-1] += " " + part
    return items


def _names(text: str) -> list[str]:
    parts = re.split(rf",\s*|\s+và\s+(?=[{UP}])", text)
    return [squash(p).rstrip(" .") for p in parts if p.strip() and not _GENERIC.match(p.strip())]


def _org_items(lines: list[Line]) -> list[tuple[str, str]]:
    """(agency, text) for each numbered item of the 'Tổ chức thực hiện' section."""
    start = next((i for i, ln in enumerate(lines) if _is_org_section(ln)), None)
    if start is None:
        return []
    items: list[tuple[str, str]] = []
    for line in lines[start + 1 :]:
        if SECTION.match(line.text) or _END.match(line.text):
            break
        numbered = NUMBERED.match(line.text)
        if numbered and not numbered.group("label")[0].islower():
            agency, _, rest = numbered.group("text").partition(":")
            items.append((agency.strip().rstrip("."), rest))
        elif items:
            items[-1] = (items[-1][0], items[-1][1] + " " + line.text)
    return items


def _event_agencies(org: list[tuple[str, str]]) -> tuple[str | None, list[str]]:
    specific = [(a, t) for a, t in org if not _GENERIC.match(a)]
    if not specific:
        return None, []
    lead, text = specific[0]
    support = [s for s in _support_with(text) if not _GENERIC.match(s)]
    support += [a for a, t in specific[1:] if _EVENT.search(t)]
    return lead, list(dict.fromkeys(support))


def _support_with(text: str) -> list[str]:
    """The agencies named after each 'phối hợp với' of ``text``."""
    agencies = find_agencies(text)
    return [a.text for m in _WITH.finditer(text) for a in _chain(agencies, m.end(), text)]
