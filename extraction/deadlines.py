"""Time-bound duties of a plan: what, by when, who leads and who supports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.record import Deadline
from extraction.lines import Line, is_caps, squash
from extraction.timex import TimeSpan, find_spans

_NUMBERED = re.compile(r"^(?P<label>(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)])\s+(?P<text>.+)")
_ROMAN = re.compile(r"^[IVX]+\.\s")
_LEAD = re.compile(
    r"(?:đơn vị\s+)?(?:chủ trì|cơ quan chủ trì|tham mưu)\s*:\s*(?P<who>[^;.]+)", re.I
)
_SUPPORT = re.compile(r"(?:đơn vị\s+)?phối hợp(?:\s+với)?\s*:?\s*(?P<who>[^;.]+)", re.I)
_TIME_LABEL = re.compile(r"^[-+•]?\s*(?:\d+\.\s*)?Thời gian[^:]{0,40}:\s*", re.I)
_LABEL_ANYWHERE = re.compile(r"Thời gian[^:.;]{0,40}:\s*", re.I)
_CUE = re.compile(
    r"(trước|chậm nhất|dự kiến|trong|từ|vào|hoàn thành|thời gian|hằng|hàng|định kỳ|"
    r"không muộn|hạn)[^.;]{0,25}$",
    re.I,
)
_ORG_SECTION = re.compile(r"^[IVX]+\.\s*TỔ CHỨC THỰC HIỆN", re.I)
_GENERIC = re.compile(r"^(các|UBND các|Ủy ban nhân dân các|cơ quan|đơn vị)\b", re.I)
_EVENT = re.compile(r"hội nghị|cuộc họp|hội thảo", re.I)


@dataclass
class Block:
    heading: str
    lines: list[Line] = field(default_factory=list)


def find_deadlines(
    lines: list[Line], *, year: int | None, title: str | None, skip_until: int = 0
) -> list[Deadline]:
    blocks = _blocks([ln for ln in lines if ln.number > skip_until])
    org = _org_items(lines)
    out: list[Deadline] = []
    for block in blocks:
        text = squash(" ".join(ln.text for ln in block.lines))
        for span in find_spans(text, year=year):
            if not _is_duty(text, span):
                continue
            lead, support = _agencies(_bullets(block))
            task = _task(block, text, span)
            if not lead and _EVENT.search(task + " " + (title or "")) and org:
                lead, support = _event_agencies(org)
                if title and (_TIME_LABEL.match(block.lines[0].text) or is_caps(block.heading)):
                    task = title
            out.append(
                Deadline(
                    task=task,
                    raw=_raw(text, span),
                    start=span.start,
                    end=span.end,
                    kind=span.kind,
                    lead=lead,
                    support=tuple(support),
                )
            )
    return out


def _blocks(lines: list[Line]) -> list[Block]:
    """Numbered items with their bullets; the heading is the item's text before any bullet."""
    blocks: list[Block] = [Block(heading="")]
    in_heading = False
    for line in lines:
        numbered = _NUMBERED.match(line.text)
        if numbered:
            blocks.append(Block(heading=numbered.group("text")))
            in_heading = not is_caps(numbered.group("text"))
        elif in_heading and line.text and not re.match(r"^[-+•]", line.text):
            blocks[-1].heading += " " + line.text
        else:
            in_heading = False
        if line.text:
            blocks[-1].lines.append(line)
    return [b for b in blocks if b.lines]


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
        start = cue.start() if cue else span.begin
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
            if not items or re.match(r"^[-+•]\s", part):
                items.append(part)
            else:
                items[-1] += " " + part
    return items


def _agencies(items: list[str]) -> tuple[str | None, list[str]]:
    lead = support = None
    for item in items:
        lead = lead or _LEAD.search(item)
        support = support or _SUPPORT.search(item)
    names = _names(support.group("who")) if support else []
    return (squash(lead.group("who")).rstrip(" ,") if lead else None), names


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*|\s+và\s+(?=[A-ZĐÀ-Ỹ])", text)
    return [squash(p).rstrip(" .") for p in parts if p.strip() and not _GENERIC.match(p.strip())]


def _org_items(lines: list[Line]) -> list[tuple[str, str]]:
    """(agency, text) for each numbered item of the 'Tổ chức thực hiện' section."""
    start = next((i for i, ln in enumerate(lines) if _ORG_SECTION.match(ln.text)), None)
    if start is None:
        return []
    items: list[tuple[str, str]] = []
    for line in lines[start + 1 :]:
        if _ROMAN.match(line.text) or re.match(r"^Nơi nhận", line.text, re.I):
            break
        numbered = _NUMBERED.match(line.text)
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
    found = re.findall(
        r"phối hợp với\s+([^,;.]+?)(?=\s+(?:chuẩn bị|tổ chức|thực hiện|để)|[,;.])", text, re.I
    )
    return [squash(f) for f in found]
