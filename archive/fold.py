"""Folding for search: 'Đường' and 'duong' meet as 'duong'."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _Folded(dict[int, str]):
    """Each character's fold, worked out the first time it is met (str.translate asks)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold(chr(code))
        return folded


_FOLDED = _Folded()


def fold(text: str) -> str:
    """Lower case, diacritics removed, đ folded to d (which Unicode does not decompose)."""
    if "Σ" in text:  # the one letter whose lower case depends on its neighbours
        return _fold(text)
    return text.translate(_FOLDED)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def fold_symbol(symbol: str) -> str:
    """'1234/QĐ-UBND' and '1234/qd-ubnd' alike: folded, spaces removed."""
    return re.sub(r"\s+", "", fold(symbol))
