"""Time-bound duties of a plan: what, by when, who leads and who supports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.record import Deadline
from extraction.agencies import tidy_name
from extraction.attribution import (
    EVENT,
    duty_of,
    event_agencies,
    labelled_elsewhere,
    split_names,
    task_text,
)
from extraction.blocks import BULLET, END, Block, bullets, org_items, split_blocks
from extraction.grid import Row, table_rows
from extraction.lines import NUMBERED, UP, Line, fold, is_caps, squash
from extraction.timex import TimeSpan, find_spans, is_tentative

_TIME_LABEL = re.compile(r"^[-+•]?\s*(?:\d+[.,]\s*)?Thời (?:gian|hạn)[^:]{0,40}:\s*", re.I)
_LABEL_ANYWHERE = re.compile(r"Thời (?:gian|hạn)[^:.;]{0,40}:\s*", re.I)
_CUE_WORDS = (
    "trước",
    "chậm nhất",
    "dự kiến",
    "trong",
    "từ",
    "vào",
    "hoàn thành",
    "thời gian",
    "hằng",
    "hàng",
    "định kỳ",
    "không muộn",
    "hạn",
    "phấn đấu",
)
_CUE = re.compile(rf"({'|'.join(_CUE_WORDS)})[^.;]{{0,25}}$|:\s*$", re.I)
# the longest a _CUE match may be: its longest word, even with its marks as combining
# characters, and the 25 characters it allows after it
_CUE_REACH = 3 * max(map(len, _CUE_WORDS)) + 25
# The cue a bare expression needs ('Thời hạn: thường xuyên'); 'Trong 6 tháng đầu năm, ...'
# opens what was done, not what is to be done.
# Matched on the folded text, so a cue still reads where restoration left a wrong mark on it
# ('phàn đấu').
_BARE_CUE = re.compile(r"(hoan thanh|phan dau|thoi gian|thoi han|du kien)[^.;]{0,25}$|:\s*$", re.I)
_SENTENCE = re.compile(rf"(?<=\.)\s+(?=[{UP}])")
_TIME_WORD = re.compile(r"^Thời (?:gian|hạn)\b", re.I)
# A sentence that tells what is expected, not what to do: 'Dự báo từ đêm 18/10 ...'.
_FORECAST = re.compile(r"(?:^|[.;:]\s+)(?:Theo dự báo|Dự báo)\b[^.;]*$", re.I)


# 'hằng năm' as a word of a name, not a time: 'Giải thưởng Sáng tạo trẻ hằng năm', 'danh hiệu
# ... hằng năm'; matched on the folded text of the clause before the expression.
_NAME_NOUN = re.compile(
    r"\b(?:chuong trinh|giai thuong|danh hieu|hang muc|danh muc|cuoc thi|hoi thi|phong trao|"
    r"de an|du an)\b[^.;:,()\"“”]{0,60}$",
    re.I,
)


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
    rows, in_tables = table_rows([ln for ln in lines if ln.number > skip_until])  # appendix too
    found = [f for row in rows for f in _from_row(row, year=year)]
    org = org_items(lines)
    for block in split_blocks([ln for ln in body if ln.number not in in_tables]):
        text = squash(" ".join(ln.text for ln in block.lines))
        spans = find_spans(text, year=year)
        items: list[str] | None = None  # the block's bullet items, once it has a duty
        for order, span in enumerate(spans):
            if _is_duty(text, span) and not _explains(text, span, spans[:order]):
                items = bullets(block) if items is None else items
                deadline = _deadline(block, items, text, span, org=org, title=title)
                found.append(Found(block.lines[0].number, order, deadline))
    found = [f for f in found if not (since and f.deadline.end and f.deadline.end < since)]
    return [f.deadline for f in sorted(found, key=lambda f: (f.line, f.order))]


def _explains(text: str, span: TimeSpan, earlier: list[TimeSpan]) -> bool:
    """In brackets right after another expression, which it details: 'định kỳ 6 tháng (trước
    ngày 15/6 và 15/12 hằng năm)' is one duty: an earlier expression ends, but for spaces,
    at the last opening bracket before this one, and no bracket closes after it. (Found from
    the bracket, not by reading the text after each earlier expression: a block may hold
    thousands of them.)"""
    opening = text.rfind("(", 0, span.begin)
    if opening < 0 or ")" in text[opening : span.begin]:
        return False
    spaces = len(text[:opening].rstrip())  # where the spaces before the bracket start
    return any(spaces <= e.stop <= opening for e in earlier)


def _body(lines: list[Line], skip_until: int) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if line.number <= skip_until:
            continue
        if END.match(line.text):
            break
        out.append(line)
    return out


def _from_row(row: Row, *, year: int | None) -> list[Found]:
    when = row.cells.get("time", "").rstrip(" .,;:_-")  # specks OCR reads after the cell's text
    out: list[Found] = []
    for order, span in enumerate(find_spans(when, year=year)):
        kind = "tentative" if is_tentative(when) else span.kind
        support = split_names(row.cells.get("support", ""))
        deadline = Deadline(
            task=row.cells.get("task"),
            raw=when,
            start=span.start,
            end=span.end,
            kind=kind,
            lead=tidy_name(row.cells.get("lead", "")) or None,
            support=tuple(tidy_name(s) for s in support if s),
        )
        out.append(Found(row.line.number, order, deadline))
    return out


def _is_duty(text: str, span: TimeSpan) -> bool:
    before = text[: span.begin]
    needs_cue = span.bare or span.kind in ("date", "month")
    if re.search(r"số\s*\S*$|ngày\s*$", before[-30:], re.I) and span.kind == "date":
        return False
    if re.search(r"(Căn cứ|Thực hiện|theo)\s+[^;]*$", before[-120:]) and needs_cue:
        return False
    if _FORECAST.search(before[-200:]):
        return False
    if span.kind == "recurring" and _in_name(before):
        return False
    if not needs_cue:
        return True  # the expression carries its own cue: trước, từ ... đến, quý, hằng tháng
    if span.bare:
        return bool(_BARE_CUE.search(fold(before[-40:]))) or span.begin < 3
    return bool(_CUE.search(before[-40:])) or span.begin < 3


def _in_name(before: str) -> bool:
    """The expression is a word of a programme's, prize's or category's name: right after
    the name's noun, or inside quotation marks."""
    clause = re.split(r"[.;:]\s", before)[-1]
    quotes = clause.count('"') + clause.count("“") - clause.count("”")
    return bool(_NAME_NOUN.search(fold(clause))) or quotes % 2 == 1


def _deadline(
    block: Block,
    items: list[str],
    text: str,
    span: TimeSpan,
    *,
    org: list[tuple[str, str]],
    title: str | None,
) -> Deadline:
    item, bullet = _item_of(items, text, span)
    lead, support, task = duty_of(item, text[span.begin : span.stop], block)
    if not lead:
        lead, support = labelled_elsewhere(block, support)
    if not task and bullet and not _TIME_LABEL.match(item):
        task = task_text(item, text[span.begin : span.stop])
    if not task:
        task = _task(block, text, span)
    if not lead and title and _TIME_LABEL.match(block.lines[0].text) and _TIME_WORD.match(task):
        task = title  # '2. Thời gian thực hiện: từ năm ...' of what the document is about
    if not lead and EVENT.search(task + " " + (title or "")):
        if org:
            lead, support = event_agencies(org)
        if title and (_TIME_LABEL.match(block.lines[0].text) or is_caps(block.heading)):
            task = title
    return Deadline(
        task=task,
        raw=_raw(text, span),
        start=span.start,
        end=span.end,
        kind=span.kind,
        lead=tidy_name(lead) if lead else lead,
        support=tuple(tidy_name(s) for s in support),
    )


def _cue_from(text: str, end: int) -> int:
    """The first place a ``_CUE`` that ends at ``end`` may start: its word and 25 more
    characters before it (``_CUE_REACH`` in all), or the colon before the spaces that end
    there. (Searched from there, not from the start of the text: a block may be long.)"""
    return max(0, min(end - _CUE_REACH, len(text[:end].rstrip()) - 1))


def _item_of(items: list[str], text: str, span: TimeSpan) -> tuple[str, bool]:
    """The bullet item (or the numbered item's own text) of its block's ``items``
    (``bullets``) holding the time expression, and whether it is a bullet ('- Gửi danh sách
    ...') under the block's heading."""
    offset = 0
    for item in items:
        end = offset + len(item) + 1
        if offset <= span.begin < end:
            bullet = bool(BULLET.match(item))
            own = BULLET.sub("", NUMBERED.sub(r"\g<text>", item))
            return _sentence_of(own, text[span.begin : span.stop]), bullet
        offset = end
    return _sentence_of(text, text[span.begin : span.stop]), False


def _sentence_of(item: str, when: str) -> str:
    """The sentence of a paragraph that holds ``when``; a numbered item is kept whole."""
    if NUMBERED.match(item) or len(item) < 200 and not _SENTENCE.search(item):
        return item
    start = 0
    for cut in _SENTENCE.finditer(item):  # sentence by sentence, as far as the one needed
        if when in item[start : cut.start()]:
            return item[start : cut.start()]
        start = cut.end()
    return item[start:] if when in item[start:] else item


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
        cue = _CUE.search(text, _cue_from(text, span.begin), span.begin)
        named = cue and re.search(r"[\"”]", text[cue.start() : span.begin])
        if cue and named:  # the cue was a word of a name in quotes: look after the name
            cue = _CUE.search(text, cue.start() + named.end(), span.begin)
        start = cue.start() if cue and cue.group(1) else span.begin
    end = span.stop
    paren = re.match(r"\s*\([^)]*\)", text[end:])
    if paren:
        end += paren.end()
    return text[start:end].strip().rstrip(".;,")
