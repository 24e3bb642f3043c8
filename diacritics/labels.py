"""Header and closing labels and type lines, restored by position and shape.

A document's fixed labels stand at the start of a line and end in a colon ("Số:", "Nơi
nhận:", "Kính gửi:", "Lưu:"); "Số:" and "Ngày:" are known anywhere on a line too, by the
number and symbol or the date after them (a header's two columns, or a received stamp's
fields, read as one line). Its type line is a line of capitals that is only a document type
name ("KẾ HOẠCH", "QUYẾT ĐỊNH"); each legal basis of its preamble opens a line with "Căn
cứ"; its urgency or secrecy mark ("KHẨN", "HỎA TỐC", "MẬT") stands alone on a line in
capitals, or ends a received stamp's line after its date. Garbled, they are short words the
language model alone may read as ordinary ones ("SO:" as "SƠ:", "Sb:" as "Sổ:", "Can cue"
as "Cận của"), and the number after "Số:" is lost downstream. Where the words at such a
place are read by the garble channel as a label (each syllable's cost at most ``MAX_COST``,
or ``MAX_COST_BEFORE_NUMBER`` where a number follows the colon; stripped text: the same
letters, unless a digit shows garble), they get that label's syllables as their only
candidates.

The labels and type names are those of Decree 30/2020/NĐ-CP (its forms and appendix III).
"""

from __future__ import annotations

import functools
import re

from diacritics.channel import load_channel
from diacritics.model import Model
from diacritics.normalize import skeleton

Candidates = tuple[tuple[int, float], ...]
MAX_COST = 9.0  # -log P(read | label syllable) for a word to be read as that syllable
# ... before a colon and a number ("S06: 55/2007/CT-UBND"), where the place says more
MAX_COST_BEFORE_NUMBER = 12.0
# labels at the start of a line, before a colon
LABELS = (("số",), ("nơi", "nhận"), ("kính", "gửi"), ("lưu",), ("nơi", "gửi"))
# the words that open each line of a preamble's legal bases ("Căn cứ Luật ...;"), capitalised
LEAD = ("căn", "cứ")
# ... unless the garble reads as well as the words of another line's opening ("Cần có")
LEAD_RIVAL = ("cần", "có")
# document type names, alone on a line of capitals
TYPE_NAMES = tuple(
    tuple(name.split())
    for name in (
        "nghị quyết",
        "quyết định",
        "chỉ thị",
        "quy chế",
        "quy định",
        "thông cáo",
        "thông báo",
        "hướng dẫn",
        "chương trình",
        "kế hoạch",
        "phương án",
        "đề án",
        "dự án",
        "báo cáo",
        "biên bản",
        "tờ trình",
        "hợp đồng",
        "công văn",
        "công điện",
        "bản ghi nhớ",
        "bản thỏa thuận",
        "giấy ủy quyền",
        "giấy mời",
        "giấy giới thiệu",
        "giấy nghỉ phép",
        "phiếu gửi",
        "phiếu chuyển",
        "phiếu báo",
        "thư công",
        "thông tư",
        "nghị định",
    )
)
# a document's urgency and secrecy marks (Decree 30/2020: "Hỏa tốc", "Thượng khẩn", "Khẩn";
# and "Tuyệt mật", "Tối mật", "Mật"), in capitals alone on a line, or at the end of a received
# stamp's line after its date ("ĐẾN ... Ngày: 9/10/2025 KHẨN")
MARKS = tuple(
    tuple(name.split())
    for name in ("hỏa tốc", "thượng khẩn", "khẩn", "tuyệt mật", "tối mật", "mật")
)
_DATE_BEFORE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\s*$")
# the first syllables of what a legal basis cites ("Căn cứ Luật", "Căn cứ Nghị định", "Căn
# cứ Kế hoạch số ..."), capitalised after "Căn cứ"
CITED = tuple(sorted({name[0] for name in TYPE_NAMES} | {"luật", "hiến", "pháp", "bộ"}))
_COLON = re.compile(r"\s*:")
_NUMBER_AFTER = re.compile(r"\s*:\s*\d")
# a colon, then a number and symbol ("3722/VPCP-CN", "115 /NQ-CP", ".../TB-UBND", a blank
# number "/KH-UBND"): the number label's own shape, wherever on its line
_CODE_AFTER = re.compile(r"\s*:\s*(?:[\d.…]+\s*)?/\s*(?:\d{4}\s*/\s*)?[^\W\d_][\w.]*-[^\W_]")
# a colon, then a date ("28/4/2026"): the date label of a received stamp ("Ngày: 28/4/2026")
_DATE_AFTER = re.compile(r"\s*:\s*\d{1,2}\s*[/.-]\s*\d{1,2}(?!\d)")
NUMBER_LABEL = "số"
FILED_LABEL = "lưu"  # "Lưu: VT, TH, nvc": where the copies are kept, then who typed it
# labels known anywhere on a line by what follows their colon
INLINE = ((NUMBER_LABEL, _CODE_AFTER), ("ngày", _DATE_AFTER))
_MARKERS = ("", "-", "+", "•", "–")


def fixed_labels(
    lines: list[str], words: list[tuple[int, int, int, str]], mode: str, model: Model
) -> dict[int, int]:
    """{index in ``words``: word id} for the words that are a label or a type line.

    ``words``: (line, start, end, text) of the word tokens in text order."""
    by_line: dict[int, list[int]] = {}
    for k, (line, *_rest) in enumerate(words):
        by_line.setdefault(line, []).append(k)
    out: dict[int, int] = {}
    for line, ks in by_line.items():
        text = lines[line]
        first = words[ks[0]]
        if text[: first[1]].strip() not in _MARKERS:  # a label starts its line (or list item)
            continue
        if _leads(words, ks, mode):
            out |= {ks[i]: model.ids[LEAD[i]] for i in range(len(LEAD))}
            continue
        for label in LABELS:
            n = len(label)
            if len(ks) < n:
                continue
            last = words[ks[n - 1]]
            if not _COLON.match(text, last[2]):
                continue
            limit = MAX_COST_BEFORE_NUMBER if _NUMBER_AFTER.match(text, last[2]) else MAX_COST
            if all(_reads_as(words[ks[i]][3], label[i], mode, limit) for i in range(n)):
                out |= {ks[i]: model.ids[label[i]] for i in range(n) if label[i] in model.ids}
                break
        else:
            spelled = _capitals_ending_line(words, ks, text)
            if spelled is None:
                continue
            got = _read_as_one_of(MARKS, spelled, mode)
            if got is None and 2 <= len(ks) <= 3:
                got = _read_as_one_of(TYPE_NAMES, spelled, mode)
            if got is not None:
                out |= {k: model.ids[s] for k, s in zip(ks, got, strict=True)}
    # a mark at the end of a line, after a date (a received stamp's fields on one line)
    for ks in by_line.values():
        for n in (2, 1):
            if len(ks) <= n or any(k in out for k in ks[-n:]):
                continue
            line, start = words[ks[-n]][0], words[ks[-n]][1]
            spelled = _capitals_ending_line(words, ks[-n:], lines[line])
            if spelled is not None and _DATE_BEFORE.search(lines[line][:start]):
                got = _read_as_one_of(MARKS, spelled, mode)
                if got is not None:
                    out |= {k: model.ids[s] for k, s in zip(ks[-n:], got, strict=True)}
                    break
    # labels inside a line, by what follows them: a header's two columns read as one line
    # ("... THÀNH PHỐ HÀ NỘI Sé: /KH-UBND CONG HOA XA HOI"), a stamp's fields on one line
    for k, (line, _start, end, text) in enumerate(words):
        if k in out:
            continue
        for syllable, after in INLINE:
            if after.match(lines[line], end) and _reads_as(
                text, syllable, mode, MAX_COST_BEFORE_NUMBER
            ):
                out[k] = model.ids[syllable]
                break
    return out


def _capitals_ending_line(
    words: list[tuple[int, int, int, str]], ks: list[int], text: str
) -> list[str] | None:
    """The words ``ks`` of the line ``text`` as spelled, if they are in capitals and nothing
    but spaces follows them on it."""
    spelled = [words[k][3] for k in ks]
    if text[words[ks[-1]][2] :].strip() or not all(w.isupper() for w in spelled):
        return None
    return spelled


def _read_as_one_of(
    names: tuple[tuple[str, ...], ...], spelled: list[str], mode: str
) -> tuple[str, ...] | None:
    """The first of ``names`` (a type name, a mark) the words read as, if any."""
    for name in names:
        if len(name) == len(spelled) and all(
            _reads_as(w, s, mode) for w, s in zip(spelled, name, strict=True)
        ):
            return name
    return None


def _leads(words: list[tuple[int, int, int, str]], ks: list[int], mode: str) -> bool:
    """Do the words ``ks`` of a line open it with ``LEAD`` ("Can cue Luat", "Can ctr Nghi
    dinh"), more words after them? The garble of its second syllable varies the most; at
    the start of such a line it may cost as much as a label's before a number. Where it
    reads as well as ``LEAD_RIVAL``'s, the lead is taken only before what a legal basis
    cites, capitalised ("Can co Luat": "Căn cứ Luật", not "Cần có Luật")."""
    if len(ks) <= len(LEAD):
        return False
    spelled = [words[k][3] for k in ks[: len(LEAD)]]
    if not spelled[0][:1].isupper() or not _reads_as(spelled[0], LEAD[0], mode):
        return False
    if not _reads_as(spelled[1], LEAD[1], mode, MAX_COST_BEFORE_NUMBER):
        return False
    if mode != "garbled":
        return True
    cited = words[ks[len(LEAD)]][3]  # what follows: a law or another document, capitalised
    if cited[:1].isupper() and any(_reads_as(cited, first, mode) for first in CITED):
        return True
    channel, low = load_channel(), spelled[1].lower()
    return channel.best_cost(LEAD[1], low) <= channel.best_cost(LEAD_RIVAL[1], low)


@functools.lru_cache(maxsize=4096)
def _reads_as(word: str, syllable: str, mode: str, limit: float = MAX_COST) -> bool:
    """Could ``word`` (as written) be ``syllable`` in text of this kind (read by the garble
    channel at most ``limit``)?"""
    low = word.lower()
    if skeleton(low) == skeleton(syllable):
        return mode != "stripped" or low.isascii() or low == syllable
    if mode == "stripped" and low.isalpha():
        return False
    if low[:1] != skeleton(syllable)[:1] or abs(len(low) - len(syllable)) > 2:
        return False
    return load_channel().best_cost(syllable, low) <= limit
