"""What restoration must not touch (numbers, dates, URLs, codes) and the codes it repairs."""

from __future__ import annotations

import re

from core.record import TokenDecision
from diacritics.normalize import is_syllable_shape

_URL = re.compile(r"^[(\[<\"']?(https?://|www\.)\S+$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_CODE = re.compile(r"\d.*[/.:-].*\d|\d[/-][A-ZĐ]|[A-ZĐ][/-]\d")

# Vietnamese abbreviations whose Đ an OCR engine without Vietnamese reads as D. Only
# unambiguous ones: HD (Hướng dẫn) and HĐ (Hợp đồng) are both real, so HD is left alone.
REPAIRS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bHDND\b"), "HĐND"),
    (re.compile(r"(?<=[/-])QD\b|\bQD(?=-)"), "QĐ"),
    (re.compile(r"\bQD\b(?=\s+(?:số|UBND|của))"), "QĐ"),
    (re.compile(r"\bND(?=-CP\b)"), "NĐ"),
    (re.compile(r"\bBCD\b"), "BCĐ"),
    (re.compile(r"\bQyD\b"), "QyĐ"),
    # "775 IKH-UBND": the slash of a symbol read as I, l or |
    (re.compile(r"(?<=\d)(\s*)[Il|](?=(?:[A-ZĐ][A-Za-zĐ]{0,3})-[A-ZĐ])"), r"\1/"),
)


def is_protected(chunk: str) -> bool:
    """URLs, e-mail addresses, numbers, dates and document symbols are kept as they are."""
    return bool(_URL.match(chunk) or _EMAIL.search(chunk) or _CODE.search(chunk))


def is_abbreviation(word: str) -> bool:
    """UBND, CCHC, PAR, VT: upper-case tokens that cannot be a Vietnamese syllable."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return False
    return not is_syllable_shape(word) or any(c.isdigit() for c in word)


def repair(text: str) -> tuple[str, list[TokenDecision]]:
    """Repair Vietnamese codes that OCR broke; the decisions say where."""
    lines = text.split("\n")
    decisions: list[TokenDecision] = []
    for i, line in enumerate(lines):
        for pattern, replacement in REPAIRS:
            for match in reversed(list(pattern.finditer(line))):
                new = match.expand(replacement)
                decisions.append(
                    TokenDecision(
                        i, match.start(), match.end(), match.group(0), new, 0.9, "changed"
                    )
                )
                line = line[: match.start()] + new + line[match.end() :]
        lines[i] = line
    return "\n".join(lines), decisions
