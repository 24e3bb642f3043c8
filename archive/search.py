"""Full-text search over restored text and fields, with or without diacritics."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from archive.fold import fold, words
from core.errors import InvalidDate

if TYPE_CHECKING:
    from archive.base import Store

PAGE_SIZE = 20
FACET_SIZE = 10  # the most frequent normalised issuers among all the hits
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Filters:
    doc_type: str | None = None  # a type's name or code: 'Kế hoạch', 'ke hoach', 'KH', 'CV'
    issuer: str | None = None  # words of the issuer's name, as written or normalised
    year: int | None = None  # YYYY
    cites: str | None = None  # a cited symbol, or its number alone: '1492/QĐ-UBND', '1492'

    def __post_init__(self) -> None:
        if self.year is not None and not 1000 <= self.year <= 9999:
            raise InvalidDate(
                f"year: {self.year} is not a year; write it as YYYY (e.g. 2024).",
                option="year",
                value=self.year,
            )


# The keys of a hit, in this order (the HTTP answer and `vanban search --json` alike).
HIT_KEYS = (
    "id",
    "filename",
    "doc_type",
    "issuer",
    "issuer_normalized",
    "year",
    "symbol",
    "title",
    "title_html",
    "snippet_html",
)


def search(
    archive: Store, query: str, *, filters: Filters | None = None, page: int = 1
) -> dict[str, Any]:
    """Ranked hits (title weighs most) with highlighted snippets; ``page`` is 1-based."""
    terms = words(query)
    offset = (max(1, page) - 1) * PAGE_SIZE
    found = archive.search_rows(
        terms, filters or Filters(), limit=PAGE_SIZE, offset=offset, facets=FACET_SIZE
    )
    return {
        "query": query,
        "total": found.total,
        "total_capped": found.capped,
        "page": page,
        "page_size": PAGE_SIZE,
        "hits": [_hit(row, terms) for row in found.rows],
        "facets": {"issuer": [{"value": v, "count": n} for v, n in found.issuers]},
    }


def _hit(row: Any, terms: list[str]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "filename": row["filename"],
        "doc_type": row["doc_type"],
        "issuer": row["issuer"],
        "issuer_normalized": row["issuer_normalized"],
        "year": row["year"],
        "symbol": row["symbol"],
        "title": row["title"],
        "title_html": highlight(row["title"] or "", terms),
        "snippet_html": snippet(row["text"] or "", terms),
    }


def highlight(text: str, terms: list[str]) -> str:
    """HTML-escaped ``text`` with every word matching a folded term in <mark>."""
    if not terms:
        return html.escape(text)
    out, last = [], 0
    whole, prefix = set(terms), terms[-1]  # the last term is a prefix too
    for m in _WORD.finditer(text):
        word = _fold_word(m.group(0))
        if word in whole or word.startswith(prefix):
            out += [html.escape(text[last : m.start()]), f"<mark>{html.escape(m.group(0))}</mark>"]
            last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """``fold`` of one word, remembered: a page of hits folds the same few words again and
    again, and folding is the most of a search's time in Python."""
    return fold(word)


def snippet(text: str, terms: list[str], *, width: int = 220) -> str:
    """The stretch of ``text`` with the most query terms, highlighted."""
    flat = re.sub(r"\s+", " ", text.replace("\f", " ")).strip()
    if not terms or not flat:
        return html.escape(flat[:width])
    folded = fold(flat)  # same length as flat: folding keeps one character per character
    best, best_score = 0, -1
    for start in range(0, max(1, len(flat) - width // 2), width // 4):
        window = folded[start : start + width]
        score = sum(window.count(t) for t in terms)
        if score > best_score:
            best, best_score = start, score
    piece = flat[best : best + width]
    prefix = "…" if best > 0 else ""
    suffix = "…" if best + width < len(flat) else ""
    return prefix + highlight(piece, terms) + suffix
