"""Agencies named in running text ("Sở Tư pháp", "Công an huyện", "UBND các xã, thị trấn").

A blank spaCy pipeline tokenises the text; a Matcher finds the heads of agency names (from
``tables.ORG_HEADS``) and each head is extended over the words of the name until a verb of
duty, a clause mark or the head of the next agency. The pipeline is built once, on first use.

Names are read with the slips restoration leaves: a head one letter off in one of its words
('Vian phòng' for 'Văn phòng') and a unit word with the wrong marks after an abbreviation
('HĐND-UBND huyền' for 'huyện') are found and given back repaired; ``tidy_name`` repairs
the name a duty gives ('Trung tâm Y tế tinh' for 'tỉnh').
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

if TYPE_CHECKING:  # spaCy is imported when first used: a second at start-up otherwise
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span, Token

from extraction.lines import fold, is_syllable, loose, one_tone_style
from extraction.tables import (
    AGENCIES,
    GROUP_WORDS,
    NAME_STOPS,
    NOT_HEADS,
    ORG_HEADS,
    STOP_PAIRS,
    UNITS,
)

_MAX_TOKENS = 16
_LONG_HEADS = tuple(tuple(head.split()) for head in ORG_HEADS if " " in head)
_UNIT_OF_FOLD = {fold(unit): unit for unit in UNITS if " " not in unit}


@dataclass(frozen=True, slots=True)
class Agency:
    text: str
    start: int  # character offsets in the text searched
    end: int


@functools.cache
def pipeline() -> tuple[Language, Matcher]:
    """The tokenizer and the matcher of agency heads (built once)."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("xx")
    matcher = Matcher(nlp.vocab)
    for head in ORG_HEADS:
        matcher.add("HEAD", [[{"LOWER": word} for word in head.split()]])
    return nlp, matcher


def find_agencies(text: str) -> list[Agency]:
    """Every agency named in ``text``, left to right, without overlaps."""
    nlp, matcher = pipeline()
    doc = nlp.make_doc(one_tone_style(text))  # 'Uỷ ban' matched as 'Ủy ban', same offsets
    fixes = _near_heads(doc)
    heads = {(start, end) for _, start, end in matcher(doc)} | {(s, e) for s, e, _ in fixes}
    repairs = {s + i: word for s, _, words in fixes for i, word in enumerate(words)}
    out: list[Agency] = []
    taken = 0
    for start, end in sorted(heads, key=lambda s: (s[0], -s[1])):
        if start < taken or not _is_name_start(doc, start, end):
            continue
        stop = _extend(doc, end)
        span = doc[_with_plural(doc, start) : stop]
        name = _repaired(span, repairs)
        if name == span.text.strip():  # nothing repaired: the document's own spelling
            name = text[span.start_char : span.end_char].strip()
        out.append(Agency(name, span.start_char, span.end_char))
        taken = stop
    return out


def repair_names(text: str) -> str:
    """``text`` with every agency it names repaired ('Vian phòng' -> 'Văn phòng')."""
    out = text
    for agency in reversed(find_agencies(text)):
        out = out[: agency.start] + agency.text + out[agency.end :]
    return out


def _near_heads(doc: Doc) -> list[tuple[int, int, tuple[str, ...]]]:
    """Heads of several words read with one letter wrong in some of them ('Vian phòng')."""
    out = []
    for words in _LONG_HEADS:
        for i in range(len(doc) - len(words) + 1):
            if _is_near(doc[i : i + len(words)], words):
                out.append((i, i + len(words), words))
    return out


def _is_near(tokens: Span, words: tuple[str, ...]) -> bool:
    """Some but not all words as the head's, the others one letter off (marks aside), none
    shorter than the head's word ('Vian phòng' is 'Văn phòng', 'Trung tá' not 'Trung tâm')."""
    same = [t.lower_ == w for t, w in zip(tokens, words, strict=True)]
    if all(same) or not any(same):
        return False
    return all(
        equal or len(t) >= len(w) >= 3 and Levenshtein.distance(fold(t.lower_), fold(w)) <= 1
        for t, w, equal in zip(tokens, words, same, strict=True)
    )


def _repaired(span: Span, repairs: dict[int, str]) -> str:
    """The span's text with the words of near heads and a garbled last unit word repaired."""
    words = {
        i: _cased(repairs[i], span.doc[i].text) for i in range(span.start, span.end) if i in repairs
    }
    last = span[-1]
    unit = _UNIT_OF_FOLD.get(fold(last.lower_))
    before = span.doc[last.i - 1] if last.i > span.start else None
    if (
        unit
        and last.is_lower
        and before is not None
        and (before.is_upper or before.lower_ == "các")
    ):
        words[last.i] = unit  # "HĐND-UBND huyền", "UBND các phương"
    return "".join(words.get(t.i, t.text) + t.whitespace_ for t in span).strip()


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word


def _is_name_start(doc: Doc, start: int, end: int) -> bool:
    """A head opens a name when written as one and followed by a name, a unit or 'các'.

    'Sở Tư pháp', 'Công an huyện', 'UBND các xã' are agencies; 'Hội nghị', 'phòng họp' are not.
    """
    first = doc[start]
    if doc[start : start + 2].text.lower() in NOT_HEADS:
        return False
    plural = start > 0 and doc[start - 1].lower_ == "các"
    if not (first.is_title or first.is_upper or plural):
        return False
    if end >= len(doc):
        return first.is_upper and len(first) > 1
    nxt = doc[end]
    return (
        nxt.is_title
        or (nxt.is_upper and len(nxt) > 1)
        or nxt.text in ("-", "–")
        or nxt.lower_ == "các"
        or (plural and nxt.text == ",")
        or _is_unit(doc, nxt)
        or (first.is_upper and len(first) > 1)
        or (nxt.like_num and _numbered(doc, nxt))
    )


def _with_plural(doc: Doc, start: int) -> int:
    return start - 1 if start > 0 and doc[start - 1].text == "Các" else start


def _extend(doc: Doc, end: int) -> int:
    """Index just after the last token of the name whose head ends at ``end``."""
    i = end
    while i < len(doc) and i - end < _MAX_TOKENS:
        token = doc[i]
        if not _continues(doc, token):
            break
        i += 1
    while i > end and (doc[i - 1].is_punct or doc[i - 1].lower_ in ("và", "các")):
        i -= 1
    return i


def _continues(doc: Doc, token: Token) -> bool:
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if token.text in ("-", "–"):
        return nxt is not None and (nxt.is_title or nxt.is_upper)
    if token.text == ",":
        return nxt is not None and _after_comma(doc, nxt)
    if token.like_num:
        return _numbered(doc, token)
    if token.is_punct:
        return False
    if token.lower_ == "và":
        if nxt is not None and nxt.is_upper and doc[token.i - 1].is_upper:
            return True  # "Văn phòng HĐND và UBND huyện"
        return nxt is not None and (nxt.is_title or nxt.is_upper) and not _is_head(doc, nxt)
    if token.is_upper and len(token) > 1:
        return doc[token.i - 1].text != ","  # "Ban Kinh tế - Xã hội HĐND huyện"
    if token.is_title:
        return not _is_head(doc, token) or doc[token.i - 1].text in ("-", "và")
    if token.lower_ in STOP_PAIRS and (nxt is None or nxt.lower_ != STOP_PAIRS[token.lower_]):
        return True  # 'Công báo' in a name, not 'báo cáo'
    return token.lower_ not in NAME_STOPS or _is_unit(doc, token) or _second_of_pair(doc, token)


def _numbered(doc: Doc, token: Token) -> bool:
    """A number inside a name, before more of it: 'Ban Chỉ đạo 389 các huyện', 'Thuế cơ sở 2
    Thành phố Hồ Chí Minh' (not 'Công an xã 02 lần')."""
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is None or len(token) > 4 or not token.text.isdigit():
        return False
    return nxt.lower_ == "các" or nxt.is_title or _is_unit(doc, nxt)


def _second_of_pair(doc: Doc, token: Token) -> bool:
    """The second word of a capitalised pair after 'và': 'Nông nghiệp và Phát triển nông thôn'."""
    return token.i >= 2 and doc[token.i - 1].is_title and doc[token.i - 2].lower_ == "và"


def _is_unit(doc: Doc, token: Token) -> bool:
    pair = doc[token.i : token.i + 2].text.lower()
    return token.lower_ in UNITS or pair in UNITS


def _after_comma(doc: Doc, nxt: Token) -> bool:
    if _is_unit(doc, nxt):
        return True  # "các huyện, thị xã, thành phố"
    if nxt.is_lower and nxt.lower_ in GROUP_WORDS:
        return True  # "các sở, ban, ngành"
    return (nxt.is_title and not _is_head(doc, nxt)) and nxt.lower_ not in NAME_STOPS


def _is_head(doc: Doc, token: Token) -> bool:
    if any(doc[token.i : token.i + 2].text.lower() == words for words in NOT_HEADS):
        return False
    for head in ORG_HEADS:
        words = head.split()
        window = doc[token.i : token.i + len(words)]
        if [t.lower_ for t in window] == words:
            return True
    return False


_UNIT_WORDS = {fold(unit): unit for unit in UNITS if " " not in unit}
_SEGMENT_END = re.compile(r"(?P<before>\w+)\s+(?P<word>\w+)(?=\s*(?:[,;]|$))")
# Words that end a name with the letters of a unit word: 'Cục Hải quan', 'cơ quan liên quan'.
_NOT_UNIT_AFTER = {"hai", "co", "lien", "tham", "khach", "chu", "vung", "tu", "dia", "thi"}
_SO = re.compile(r"(?:(?<=^)|(?<=[,;] ))Số(?= [A-ZĐ])|(?<=[a-zđà-ỹ] )Số(?=\s*(?:[,;]|$))")


def tidy_name(name: str) -> str:
    """An agency's name (or a list of them) read through slips restoration and OCR leave: a
    unit word with the wrong marks where a name ends ('Trung tâm Y tế tinh', 'ngành tĩnh;',
    'Chi cục Thuế quan') and 'Số' for the department 'Sở' ('Số Giáo dục', 'Văn phòng Số')."""

    def unit(match: re.Match[str]) -> str:
        word = match.group("word")
        fixed = _UNIT_WORDS.get(fold(word))
        if (
            fixed is None
            or not word.islower()
            or fold(match.group("before").lower()) in _NOT_UNIT_AFTER
        ):
            return match.group()
        return match.group()[: match.start("word") - match.start()] + fixed

    name = _unglued(name)  # 'SởNông', 'văntỉnh': the space OCR lost between two words
    name = _SPECK.sub("", name).rstrip(" -.")  # 'Sở Nông . nghiệp', '... tỉnh -'
    name = _ABBREVIATION.sub(_abbreviation, name)
    return branch_marks(head_marks(_SO.sub("Sở", _SEGMENT_END.sub(unit, name))))


_GLUED = re.compile(r"(?<=[^\W\d_])(?=[^\W\d_]{2})")


_VOWEL_LETTERS = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_ONSET = re.compile(
    rf"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[{_VOWEL_LETTERS}]"
)


def _two(word: str, k: int) -> tuple[str, str]:
    return word[:k], word[k:]


def _unglued(name: str) -> str:
    """'SởNông' -> 'Sở Nông': a small letter then a capital and a small one inside a word;
    'văntỉnh' -> 'văn tỉnh': a word in small letters that is no syllable but two, one way."""
    words = []
    for word in name.split(" "):
        if word.isalpha() and word.islower() and not is_syllable(word):
            cuts = [
                k
                for k in range(2, len(word) - 1)
                if all(map(is_syllable, _two(word, k))) and _ONSET.match(word[k:])
            ]
            if len(cuts) > 1:  # 'xã|tỉnh' rather than 'xãt|ỉnh': a word opens with its consonant
                cuts = [k for k in cuts if word[k] not in _VOWEL_LETTERS]
            word = " ".join(_two(word, cuts[0])) if len(cuts) == 1 else word
        words.append(word)
    name = " ".join(words)
    return _GLUED.sub(
        lambda m: (
            " "
            if name[m.start() - 1].islower()
            and name[m.start()].isupper()
            and name[m.start() + 1].islower()
            else ""
        ),
        name,
    )


_SPECK = re.compile(r"\s[.,'`]+(?=\s)")
# Abbreviations of the branches in agencies' names, which OCR reads a letter off ('PINT').
_ABBREVIATIONS = ("PTNT", "GDĐT", "KHĐT", "TTTT", "TNMT", "LĐTBXH", "VHTTDL", "KHCN", "ATTP")
_ABBREVIATION = re.compile(r"(?<=\bvà )[A-ZĐ]{4,6}\b|(?<=&)[A-ZĐ]{4,6}\b")


def _abbreviation(match: re.Match[str]) -> str:
    """The one abbreviation a letter away from the word read, if it is none itself."""
    word = match.group()
    if word in _ABBREVIATIONS:
        return word
    near = [a for a in _ABBREVIATIONS if len(a) == len(word) and Levenshtein.distance(a, word) == 1]
    return near[0] if len(near) == 1 else word


_FULL_HEADS = tuple((fold(head), head) for head in (*AGENCIES, "thủ tướng chính phủ"))


def head_marks(name: str) -> str:
    """A name opening with a head written in full whose marks OCR lost or changed ('Uy ban
    nhân dân tỉnh ...', 'Thủ tưởng Chính phủ'): the head spelled right, in the name's case."""
    folded = fold(name.lower())
    for key, head in _FULL_HEADS:
        if folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalpha()):
            written = name[: len(head)]
            if one_tone_style(written.lower()) == one_tone_style(head):
                if head == "thủ tướng chính phủ" and not written.isupper():
                    return "Thủ tướng Chính phủ" + name[len(head) :]
                return name
            spelled = head.upper() if written.isupper() else head[:1].upper() + head[1:]
            if head == "thủ tướng chính phủ":
                spelled = "Thủ tướng Chính phủ"
            return spelled + name[len(head) :]
    return name


# The branches departments and ministries are named after ('Sở Thông tin và Truyền thông'),
# spelled right where a name holds one with its letters but other marks ('Truyền thống').
_BRANCHES = (
    "Thông tin và Truyền thông",
    "Tài nguyên và Môi trường",
    "Giáo dục và Đào tạo",
    "Kế hoạch và Đầu tư",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Nông nghiệp và Phát triển nông thôn",
    "Khoa học và Công nghệ",
    "Giao thông vận tải",
    "Công Thương",
    "Xây dựng",
    "Tư pháp",
    "Nội vụ",
    "Tài chính",
    "Y tế",
    "Phát thanh - Truyền hình",
)
_BRANCH = re.compile(
    r"\b(?:Sở|Bộ|Phòng|Đài|Ban)\s+(?P<branch>(?i:"
    + "|".join(r"\s+".join(loose(w) for w in b.split()) for b in _BRANCHES)
    + r"))(?!\w)"
)
_BRANCH_OF_FOLD = {fold(b).lower(): b for b in _BRANCHES}


def branch_marks(name: str) -> str:
    """'Sở Thông tin và Truyền thống' -> '... Truyền thông' (old tone placement kept)."""

    def right(match: re.Match[str]) -> str:
        written = match.group("branch")
        spelled = _BRANCH_OF_FOLD.get(fold(" ".join(written.split())).lower())
        if spelled is None:
            return match.group()
        if one_tone_style(written.lower()) == one_tone_style(spelled.lower()):
            # the marks as printed ('hoá'), the capitals as the name has them ('Công Thương',
            # 'Xã hội', where casing by word kind read 'thương' and 'xã' as common words)
            spelled = "".join(
                w.upper() if c.isupper() else w.lower()
                for w, c in zip(" ".join(written.split()), spelled, strict=True)
            )
        return match.group()[: match.start("branch") - match.start()] + spelled

    return _BRANCH.sub(right, name)
