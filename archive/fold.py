"""Folding for search: 'Đường' and 'duong' meet as 'duong'."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, diacritics removed, đ folded to d (which Unicode does not decompose)."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def fold_symbol(symbol: str) -> str:
    """'1234/QĐ-UBND' and '1234/qd-ubnd' alike: folded, spaces removed."""
    return re.sub(r"\s+", "", fold(symbol))
