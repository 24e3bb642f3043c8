"""Meeting details (venue, time, chair) of plans that organise a meeting or conference."""

from __future__ import annotations

import re

from core.record import Meeting
from extraction.dates import DATE_IN_TEXT
from extraction.lines import Line, squash
from extraction.tables import HONORIFICS

_EVENT = re.compile(r"\b(hội nghị|cuộc họp|hội thảo|họp)\b", re.I)
_TIME = re.compile(r"^[-+•]?\s*(?:\d+\.\s*)?Thời gian[^:]{0,40}:\s*(?P<v>.+)", re.I)
_VENUE = re.compile(r"^[-+•]?\s*(?:\d+\.\s*)?Địa điểm[^:]{0,40}:\s*(?:Tại\s+)?(?P<v>.+)", re.I)
_CHAIR = re.compile(r"^[-+•]?\s*(?:\d+\.\s*)?Chủ trì(?: hội nghị)?\s*:\s*(?P<v>.+)", re.I)
_CHAIR_INLINE = re.compile(r"^[-+•]?\s*(?:Đồng chí\s+)?(?P<v>[^()]+?)\s*\(\s*Chủ trì", re.I)
# A notice of conclusions opens with the meeting it reports: 'Ngày 05/4/2012, đồng chí Chủ
# tịch UBND huyện chủ trì cuộc họp ...' (also 'Chiều ngày ..., tại ..., ...').
_HELD = re.compile(
    rf"(?P<time>(?:(?:sáng|chiều|hồi)[^,]{{0,30}}\s)?ngày\s+(?:{DATE_IN_TEXT}))\s*,\s*"
    rf"(?:tại\s+(?P<venue>[^,]{{3,120}}),\s*)?(?P<chair>[^;.]{{3,120}}?)\s+(?:đã\s+)?chủ trì\s+"
    r"(?:cuộc họp|hội nghị|buổi làm việc|phiên họp)",
    re.I,
)
_HONORIFIC = re.compile(rf"^(?:{'|'.join(re.escape(h) for h in HONORIFICS)})\s+", re.I)
_TENTATIVE_TIME = re.compile(r"[^.]*\bdự kiến\b[^.]*(?:tháng|ngày|quý)[^.]*", re.I)


def find_meeting(lines: list[Line], *, title: str | None) -> Meeting | None:
    if not title or not _EVENT.search(title):
        return None
    held = _held(lines)
    time = _labelled(lines, _TIME) or _sentence(lines) or held.get("time")
    venue = _labelled(lines, _VENUE) or held.get("venue")
    chair = _labelled(lines, _CHAIR) or _labelled(lines, _CHAIR_INLINE) or held.get("chair")
    if chair:
        chair = _HONORIFIC.sub("", chair)
    if venue:
        venue = venue[0].upper() + venue[1:].rstrip(".")
    return Meeting(venue=venue, time=time, chair=chair.rstrip(".") if chair else None)


def _held(lines: list[Line]) -> dict[str, str]:
    """Time, venue and chair of the meeting a notice reports ('Ngày ..., ... chủ trì cuộc họp')."""
    match = _HELD.search(squash(" ".join(line.text for line in lines)))
    return {k: v for k, v in match.groupdict().items() if v} if match else {}


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
