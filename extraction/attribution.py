"""Who does a duty: the agency that leads it and those that support it, and its words."""

from __future__ import annotations

import re

from extraction.agencies import Agency, find_agencies
from extraction.blocks import Block, bullets
from extraction.lines import LO, UP, squash
from extraction.tables import HONORIFICS, NAME_STOPS, SIGNER_TITLES, UNITS

_LEAD = re.compile(
    r"(?:đơn vị\s+)?(?:chủ trì|cơ quan chủ trì|tham mưu|(?:đơn vị|cơ quan) thực hiện)\s*:\s*"
    r"(?P<who>[^;.]+(?:;\s*[^.;:]+(?=[.;]|$))*)",
    re.I,
)
_SUPPORT = re.compile(
    r"(?:đơn vị\s+)?phối hợp(?:\s+với)?\s*:\s*(?P<who>[^;.]+(?:;\s*[^.;:]+(?=[.;]|$))*)", re.I
)
_WITH = re.compile(r"phối hợp(?:\s+với)?\s+", re.I)
_TRAILING_CUE = re.compile(
    r"[,;]?\s*(?:thời (?:gian|hạn))?\s*(?:hoàn thành|thực hiện|xong)?\s*:?\s*"
    r"(?:trước|chậm nhất|trong|vào|từ|dự kiến)?\s*$",
    re.I,
)
_LEADING_ROLE = re.compile(r"^\s*(?:chủ trì|tham mưu)?\s*,?\s*", re.I)
# Groups too vague to name a partner: 'phối hợp với các cơ quan, đơn vị liên quan'.
GENERIC = re.compile(r"^(?:các\s+)?(?:cơ quan|đơn vị)\b|^các\s+bộ phận\b", re.I)
SEPARATE = re.compile(rf"[,;]\s*(?=[{UP}]|các\s)")  # "A, B; các C" not "Các cơ quan, đơn vị"
EVENT = re.compile(r"hội nghị|cuộc họp|hội thảo", re.I)
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
_HEAD_OFFICE = re.compile(r"^(?:Chủ tịch|Giám đốc|Thủ trưởng|Trưởng)\s+(?=\S)")
_DUTIES_FOLLOW = re.compile(
    r"\s+(?:có|thực hiện)\s+(?:các\s+)?(?:nhiệm vụ|trách nhiệm)(?:\s+sau)?$"
)
# Labels that say who does a duty, not what it is: 'Tổ chức thực hiện: Phòng A chủ trì ...'.
_NOT_TASK = re.compile(
    r"(?:tổ chức |phân công |trách nhiệm )?thực hiện|phân công|trách nhiệm|đơn vị.*|cơ quan.*",
    re.I,
)
_GIVEN = re.compile(rf"^(?:Giao(?:\s+cho)?|Yêu cầu|Đề nghị)\s+(?=[{UP}])")
# What a subject does to lead a duty, right after its name: 'Phòng A chủ trì, phối hợp với'.
_ROLE_AFTER = re.compile(r"\s*(?:chủ trì|phối hợp với)\b")
# Places listed after a plural unit ('UBND các huyện Bát Xát, Văn Bàn'): one name, not two.
_PLACES_OF = re.compile(rf"\bcác\s+(?:{'|'.join(UNITS)})\s+[{UP}]\S*(?:\s+[{UP}]\S*)*$")
_PLACE = re.compile(rf"^[{UP}][{LO}]*(?:\s+[{UP}][{LO}]*){{0,3}}$")
_ROLE = re.compile(r"^(?P<who>[^.;:()]{3,120}?)\s+(?:chủ trì|tham mưu)\b")
_PERSON = re.compile(rf"^(?i:{'|'.join(re.escape(h) for h in HONORIFICS)})\s+[{UP}]")


def duty_of(item: str, when: str, block: Block) -> tuple[str | None, list[str], str | None]:
    """(lead, support, task) from the item's own words: labels, its subject, 'phối hợp với'."""
    item = _GIVEN.sub("", item)  # 'Giao UBND tỉnh phê duyệt ...': the body given the duty
    lead_label = _LEAD.search(item)
    support_label = _SUPPORT.search(item)
    support = split_names(support_label.group("who")) if support_label else _partners(item)
    if lead_label and not _is_person(lead_label.group("who")):
        return squash(lead_label.group("who")).rstrip(" ,"), support, None
    item = _without_aside(item)
    agencies = find_agencies(item)
    first = agencies[0] if agencies else None
    labelled = re.match(r"^(?P<who>[^:]{3,160}):\s*", item)
    if labelled and not block.assigns and not (first and first.start == 0):
        rest = item[labelled.end() :]  # 'Tổ chức thực hiện: Phòng A chủ trì, ...'
        if find_agencies(rest[:80])[:1] and find_agencies(rest)[0].start == 0:
            lead, support, task = duty_of(rest, when, block)
            label = squash(labelled.group("who"))
            return lead, support, task if _NOT_TASK.fullmatch(label) else label
    if labelled and (block.assigns or first and first.start == 0):
        who = squash(labelled.group("who")).rstrip(". ")
        return who, support, task_text(item[labelled.end() :], when)
    if first and first.start == 0:
        role = _ROLE.match(item)
        if role and _names_only(role.group("who"), agencies):  # 'Đội ... về ma túy chủ trì'
            named = Agency(role.group("who"), 0, role.end("who"))
            return named.text, support, task_text(_after_role(item, named, agencies), when)
    office = _OFFICE.match(item) if item[:1].isupper() else None
    if office and not (first and first.start == 0):
        who = office.group("who")
        return who, support, task_text(item[office.end() :], when)
    chain = _chain(agencies, 0, item, glue=("", ",", ";", "và", ", và")) if first else []
    if chain and chain[0].start == 0 and re.match(rf"\s+[{LO}]", item[chain[-1].end :]):
        named = Agency(item[: chain[-1].end], 0, chain[-1].end)  # 'Các sở, ngành; UBND ...'
        return named.text, support, task_text(_after_role(item, named, agencies), when)
    subject = _subject_of_role(item, agencies)
    if subject:  # 'Công tác tuyên truyền Giao Phòng A chủ trì, phối hợp với B tổ chức ...'
        return subject.text, support, task_text(_after_role(item, subject, agencies), when)
    for holder in (block, block.parent) if block.parent else (block,):
        heading_lead = _named_heading(holder.heading)
        if heading_lead:
            return heading_lead, support, None  # "1. Phòng Nội vụ" over its bullets or a), b)
    return _bullet_over(block, item), support, _after_partners(item, agencies, when)


def _subject_of_role(item: str, agencies: list[Agency]) -> Agency | None:
    """The agencies that lead or partner in the item's own words, wherever the sentence starts:
    named one after another right before 'chủ trì' or 'phối hợp với', not after 'với'."""
    for agency in agencies:
        if re.search(r"(?:với|và|,)\s*$", item[: agency.start]):
            continue
        chain = _chain(agencies, agency.start, item, glue=("", ",", ";", "và", ", và"))
        if _ROLE_AFTER.match(item, chain[-1].end):
            return Agency(item[agency.start : chain[-1].end], agency.start, chain[-1].end)
    return None


def _bullet_over(block: Block, item: str) -> str | None:
    """The agency of the '- Phòng Kinh tế:' bullet over the '+' bullet ``item``."""
    over: str | None = None
    for bullet in bullets(block):
        if item in bullet:
            return over if bullet.startswith("+") else None
        if bullet.startswith("-") and bullet.rstrip().endswith(":"):
            over = _named_heading(bullet[1:].strip())
    return None


def _after_partners(item: str, agencies: list[Agency], when: str) -> str | None:
    """'Phối hợp với Thuế cơ sở 2 phấn đấu thu ngân sách ...': the duty after the partners."""
    with_ = _WITH.match(item)
    chain = _chain(agencies, with_.end(), item) if with_ else []
    return task_text(item[chain[-1].end :], when) if chain else None


def labelled_elsewhere(block: Block, support: list[str]) -> tuple[str | None, list[str]]:
    """Lead and support from sibling bullets ('- Chủ trì: ...; phối hợp: ...', or '- Đơn vị
    chủ trì: ...' and '- Đơn vị phối hợp: ...' one under the other) of the task."""
    items = bullets(block)
    for bullet in items:
        lead = _LEAD.search(bullet)
        if lead and not _is_person(lead.group("who")):
            labels = [m for m in map(_SUPPORT.search, [bullet, *items]) if m]
            names = split_names(labels[0].group("who")) if labels else []
            return squash(lead.group("who")).rstrip(" ,"), support or names
    return None, support


def _without_aside(item: str) -> str:
    """'Sở Công Thương (Cơ quan thường trực ...) chủ trì, ...' without the words in brackets
    after the agency that opens the item."""
    agencies = find_agencies(item[:120])
    if agencies and agencies[0].start == 0:
        aside = re.match(r"\s*\([^()]*\)", item[agencies[0].end :])
        if aside:
            return item[: agencies[0].end] + item[agencies[0].end + aside.end() :]
    return item


def _names_only(who: str, agencies: list[Agency]) -> bool:
    """``who`` is agencies one after another, the last perhaps read short ('Đội Cảnh sát điều
    tra tội phạm' of '... về ma túy'), and no clause: 'Sở Nội vụ tổng hợp,' is not."""
    chain = _chain(agencies, 0, who, glue=(",", ";", "và", ", và"))
    return bool(chain) and not re.search(r"[,;]", who[chain[-1].end :])


def _named_heading(heading: str) -> str | None:
    """The agencies a heading names and nothing else: '1. Phòng Nội vụ', 'Các sở, ngành; UBND
    các huyện:', '1. Chủ tịch UBND các huyện:', 'Ban Chỉ đạo có nhiệm vụ:' over the bullets of
    their duties."""
    heading = _DUTIES_FOLLOW.sub("", heading.rstrip(" :."))
    office = _HEAD_OFFICE.match(heading)
    agencies = find_agencies(heading)
    opening = office.end() if office else 0
    if not agencies or agencies[0].start != opening:
        return None
    chain = _chain(agencies, opening, heading, glue=("", ",", ";", "và", ", và"))
    if chain[-1].end >= len(heading) - 2:
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


def task_text(rest: str, when: str) -> str | None:
    """The duty's words: ``rest`` up to where the time expression ``when`` starts."""
    at = rest.find(when)
    head = rest[:at] if at >= 0 else rest
    if at >= 0 and ";" in head.rstrip().rstrip(";"):  # the clause of ``when`` only
        head = head.rstrip()[:-1] if head.rstrip().endswith(";") else head
        head = head[head.rfind(";") + 1 :] + " "
    opens_clause = not head.strip() or re.search(r"(;|\bvà)\s*$", head) is not None
    head = _TRAILING_CUE.sub("", squash(head)).strip(" ,:.")
    if at >= 0 and (not head or opens_clause):  # "...; định kỳ hằng quý tổng hợp, ..."
        after = re.split(r"[;.]", rest[at + len(when) :])[0]
        head = after if after.strip(" ,;:./") else _clause_before(rest[:at])
    return squash(head).strip(" ,;:./") or None


def _clause_before(text: str) -> str:
    """The clause before the time's own ('Rà soát ...; hoàn thành trước ...'): the duty."""
    clauses = [c for c in re.split(r";", text) if c.strip()]
    if len(clauses) < 2:
        return ""
    return _TRAILING_CUE.sub("", squash(clauses[-2]))


def _partners(item: str) -> list[str]:
    with_ = _WITH.search(item)
    if not with_:
        return []
    agencies = find_agencies(item)
    chain = _chain(agencies, with_.end(), item)
    if not chain:  # '... phối hợp với giáo viên chủ nhiệm các lớp tổ chức ôn tập'
        phrase = _PARTNER.match(item[with_.end() :])
        named = phrase.group("who") if phrase else ""
        return [named] if named and not GENERIC.match(named) else []
    return [a.text for a in chain if not GENERIC.match(a.text)]


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


def split_names(text: str) -> list[str]:
    """The agencies a label or a cell lists: 'Phòng A, UBND các phường', 'Các phòng, ban
    chuyên môn thuộc UBND quận' (one group: a comma before a small letter does not part names),
    'Phòng Văn hóa và Thông tin' (one: 'và' parts names only before another agency)."""
    out: list[str] = []
    for part in (squash(p).rstrip(" .") for p in SEPARATE.split(text)):
        if out and _PLACES_OF.search(out[-1]) and _PLACE.match(part):
            out[-1] += f", {part}"  # 'UBND các huyện Bát Xát, Văn Bàn'
        elif part:
            out += _split_and(part)
    return out


def _split_and(text: str) -> list[str]:
    names = find_agencies(text)
    for match in re.finditer(r"\s+và\s+", text):
        if any(a.start < match.start() < a.end for a in names):
            continue  # 'Văn phòng HĐND và UBND quận' is one office
        rest = text[match.end() :]
        opens = find_agencies(rest[:80])
        if rest.startswith("các ") or opens and opens[0].start == 0:
            return [text[: match.start()], *_split_and(rest)]
    return [text]


def event_agencies(org: list[tuple[str, str]]) -> tuple[str | None, list[str]]:
    specific = [(a, t) for a, t in org if not GENERIC.match(a)]
    if not specific:
        return None, []
    lead, text = specific[0]
    support = [s for s in _support_with(text) if not GENERIC.match(s)]
    support += [a for a, t in specific[1:] if EVENT.search(t)]
    return lead, list(dict.fromkeys(support))


def _support_with(text: str) -> list[str]:
    """The agencies named after each 'phối hợp với' of ``text``."""
    agencies = find_agencies(text)
    return [a.text for m in _WITH.finditer(text) for a in _chain(agencies, m.end(), text)]
