"""Meeting details (venue, time, chair) of plans that organise a meeting or conference."""

from __future__ import annotations

import re

from core.record import Meeting
from extraction.lines import Line, squash

_EVENT = re.compile(r"\b(hội nghị|cuộc họp|hội thảo|họp)\b", re.I)
_TIME = re.compile(r"^[-+•]?\s*(?:\d+\.\s*)?Thời gian[^:]{0,40}:\s*(?P<v>.+)", re.I)
_VENUE = re.compile(r"^[-+•]?\s*(?:\d+\.\s*)?Địa điểm[^:]{0,40}:\s*(?:Tại\s+)?(?P<v>.+)", re.I)
_CHAIR = re.compile(r"^[-+•]?\s*(?:\d+\.\s*)?Chủ trì(?: hội nghị)?\s*:\s*(?P<v>.+)", re.I)
_CHAIR_INLINE = re.compile(r"^[-+•]?\s*(?:Đồng chí\s+)?(?P<v>[^()]+?)\s*\(\s*Chủ trì", re.I)
_TENTATIVE_TIME = re.compile(r"[^.]*\bdự kiến\b[^.]*(?:tháng|ngày|quý)[^.]*", re.I)


def find_meeting(lines: list[Line], *, title: str | None) -> Meeting | None:
    if not title or not _EVENT.search(title):
        return None
    time = _labelled(lines, _TIME) or _sentence(lines)
    venue = _labelled(lines, _VENUE)
    chair = _labelled(lines, _CHAIR) or _labelled(lines, _CHAIR_INLINE)
    if chair:
        chair = re.sub(r"^(?:Đồng chí|đ/c|Ông|Bà)\s+", "", chair, flags=re.I)
    if venue:
        venue = venue[0].upper() + venue[1:].rstrip(".")
    return Meeting(venue=venue, time=time, chair=chair.rstrip(".") if chair else None)


def _labelled(lines: list[Line], pattern: re.Pattern[str]) -> str | None:
    for idx, line in enumerate(lines):
        match = pattern.match(line.text)
        if match:
            value = match.group("v")
            for nxt in lines[idx + 1 : idx + 3]:  # wrapped continuation, e.g. "(dự kiến)."
                if not nxt.text or re.match(r"^([-+•]|\d+\.|[IVX]+\.)", nxt.text):
                    break
                value += " " + nxt.text
            return squash(value).rstrip(".;")
    return None


def _sentence(lines: list[Line]) -> str | None:
    for line in lines:
        match = _TENTATIVE_TIME.search(line.text)
        if match and _EVENT.search(line.text):
            return squash(match.group(0)).strip().rstrip(".;")
    return None
