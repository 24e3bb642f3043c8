"""The text as numbered lines, with markdown emphasis and OCR noise stripped for matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from diacritics.normalize import normalize_text
from extraction.tables import AGENCIES, AGENCY_HEADS, NAME_OPENERS, UNITS

# Character classes of Vietnamese capitals and small letters (the ranges À-Ỹ and à-ỹ mix both).
UP = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper() and c.isalpha())
LO = "a-z" + "".join(c for c in map(chr, range(0xDF, 0x1EFA)) if c.islower() and c.isalpha())

# The label of a numbered item or section: 'III.', '2.1.', 'a)', 'Điều 2.'. A numeral whose period OCR
# dropped still labels a heading when the rest of the line is in capitals ('III TỔ CHỨC ...').
_CAPS_REST = rf"(?=\s+[{UP}]{{2}}[^{LO}]*$)"
LABEL = rf"(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ]|Điều \d+)[.)]|(?:[IVX]+|\d{{1,2}}){_CAPS_REST}"
# As OCR reads it, a number may have a speck before it ('.3. Bộ Chỉ huy') or a comma for its
# period ('4, Tuyên truyền'), before a capital.
_OCR_LABEL = rf"\d{{1,2}},(?=\s+[{UP}])"
NUMBERED = re.compile(rf"^[.,'`‘]?(?P<label>{LABEL}|{_OCR_LABEL})\s+(?P<text>.+)")
SECTION = re.compile(rf"^[IVX]+(?:\.|{_CAPS_REST})\s*")  # 'II. ', 'III ' before capitals

_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")
_SPACES = re.compile(r"[ \t\u00a0]+")
_GAP = re.compile(r"[ \u00a0]{4,}|\t")


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based in the whole text
    text: str  # cleaned: no markdown emphasis, single spaces, stripped
    page: int  # 1-based
    raw: str = ""  # as given, its runs of spaces kept (the columns of a table laid out in text)


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    page = 1
    for i, raw in enumerate(text.split("\n"), start=1):
        page += raw.count("\f")
        out.append(Line(i, clean(raw), page, raw.replace("\f", "").rstrip()))
    return out


def columns(line: Line) -> list[str]:
    """The line's columns where a text layer set them apart with runs of spaces ('- Lưu: VT.
    <spaces> Lò Thị Hương'), each cleaned; the line's text alone when it has one column."""
    parts = [clean(part) for part in _GAP.split(line.raw.strip())]
    return [part for part in parts if part] or [line.text]


def one_tone_style(text: str) -> str:
    """``text`` with every tone mark placed one way ('UỶ BAN', 'HOÀ' -> 'ỦY BAN', 'HÒA'),
    letter for letter, so that names match whichever convention the document followed."""
    return normalize_text(text)


# A period between 'Ban' and the rest of a committee's name ('Ban. Chỉ đạo'): a speck.
_SPECK_IN_NAME = re.compile(
    r"\b(Ban)\.(?=\s+(?:Chỉ (?:đạo|huy)|Quản lý|Thường vụ|Tuyên giáo|Dân vận|Tổ chức|"
    r"Pháp chế|Kinh tế|Văn hóa|Giám đốc|Điều hành|Tiếp công dân|Thi đua)\b)"
)
_SPECK_COMMA = re.compile(r"(?<=\w),[.'`]\s*(?=\w)")


def clean(raw: str) -> str:
    text = raw.replace("\f", "").replace("\u2013", "-").replace("\u2014", "-")
    text = _EMPHASIS.sub("", text)
    text = _SPECK_COMMA.sub(", ", text)  # 'Các phòng,.ban': a speck OCR read after a comma
    text = _SPECK_IN_NAME.sub(r"\1", text)  # 'thường trực Ban. Chỉ đạo': a speck inside a name
    return _SPACES.sub(" ", text).strip()


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """``text`` without its marks, letter for letter ('Quỹ II' -> 'Quy II', 'Đ' -> 'D').

    Same length as ``text`` (NFC), so a match in the folded text is a match in the text at the
    same offsets: key words still read when restoration left a wrong mark on them.
    """
    return text.translate(_FOLD)


def loose(word: str) -> str:
    """A pattern matching ``word`` with any marks on its letters: 'Số' -> 'S[oòóỏõọô...]'."""
    return "".join(_LOOSE.get(c, re.escape(c)) for c in word)


def _folding() -> tuple[dict[int, str], dict[str, str]]:
    """Vietnamese letters with marks (vowels with tones, â ă ê ô ơ ư, đ) -> their base letter."""
    marks = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for c in map(chr, range(0xC0, 0x1EFA)):
        nfd = unicodedata.normalize("NFD", c)
        if nfd[0] in "aeiouyAEIOUY" and len(nfd) > 1 and set(nfd[1:]) <= marks:
            table[ord(c)] = nfd[0]
    groups: dict[str, str] = {}
    for code, base in table.items():
        groups[base] = groups.get(base, base) + chr(code)
    variants = {c: f"[{groups[base]}]" for base in groups for c in groups[base]}
    return table, variants


_FOLD, _LOOSE = _folding()


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def proper_case(caps: str) -> str:
    """'ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG' -> 'Ủy ban nhân dân huyện Tam Đường'.

    Agency words in sentence case, unit words in lower case, place names in title case;
    abbreviations (UBND, HĐND) stay as they are.
    """
    words = squash(caps).split(" ")
    out: list[str] = []
    i = 0
    mode = "start"
    while i < len(words):
        matched = _match_phrase(words, i, AGENCIES)
        if not matched and mode in ("start", "agency-done"):
            matched = _match_phrase(words, i, AGENCY_HEADS)
        unit = _match_phrase(words, i, UNITS) or _match_phrase(words, i, NAME_OPENERS)
        if unit:
            out += [_case_word(w, mode="unit", first=False) for w in words[i : i + unit]]
            i, mode = i + unit, "name"
            continue
        if matched and mode != "name":
            phrase = [w.lower() for w in words[i : i + matched]]
            out += [phrase[0].capitalize(), *phrase[1:]]
            i, mode = i + matched, "agency"
            continue
        out.append(_case_word(words[i], mode=mode, first=not out))
        if words[i] == "-" and _match_phrase(words, i + 1, AGENCY_HEADS):
            mode = "agency-done"  # a second body: 'SỞ Y TẾ - SỞ GIÁO DỤC VÀ ĐÀO TẠO'
        elif words[i].lower() in ("và", ",", "-") and mode == "agency-name":
            mode = "agency"
        elif mode == "agency":
            mode = "agency-name"
        i += 1
    return " ".join(out)


def _case_word(word: str, *, mode: str, first: bool) -> str:
    if len(word) > 1 and word.isupper() and not _is_syllable(word):
        return word  # an abbreviation: UBND, HĐND, CCHC
    if mode == "unit":
        return word.lower()
    if mode == "name" or first:
        return word.capitalize()
    if mode == "agency":  # first word of an agency's own name: Sở Nội vụ, Phòng Tài chính
        return word.capitalize()
    return word.lower()


_VOWELS = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_SYLLABLE = re.compile(
    rf"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]{{1,2}})?[{_VOWELS}]{{1,3}}"
    r"(ng|nh|ch|[cmnptk])?[.,;:]?$"
)


def _is_syllable(word: str) -> bool:
    return bool(_SYLLABLE.match(word.lower()))


def is_syllable(word: str) -> bool:
    """``word`` is one Vietnamese syllable ('VỊ', 'Thượng'), not an abbreviation ('TP', 'UBND')."""
    return _is_syllable(word)


def _match_phrase(words: list[str], i: int, phrases: object) -> int:
    for phrase in phrases:  # type: ignore[attr-defined]
        parts = one_tone_style(str(phrase)).split(" ")
        if [one_tone_style(w.lower()) for w in words[i : i + len(parts)]] == parts:
            return len(parts)
    return 0
