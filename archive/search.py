"""Full-text search over restored text and fields, with or without diacritics."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from archive.fold import fold, words
from archive.store import Archive
from archive.terms import cites_term, normalize_issuer, type_names
from core.errors import InvalidDate

PAGE_SIZE = 20
FACET_SIZE = 10  # the most frequent normalised issuers among all the hits
RANK = "bm25(search, 0.0, 5.0, 1.0, 2.0)"  # document_id, title, body, fields: titles weigh most


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
    archive: Archive, query: str, *, filters: Filters | None = None, page: int = 1
) -> dict[str, Any]:
    """Ranked hits (title weighs most) with highlighted snippets; ``page`` is 1-based."""
    filters = filters or Filters()
    terms = words(query)
    where, params = _filters(filters)
    db = archive.connection()
    if terms:
        match = " ".join(
            f'"{t}"*' if i == len(terms) - 1 else f'"{t}"' for i, t in enumerate(terms)
        )
        joined = "search JOIN facets f ON f.doc = search.rowid"
        base = f"FROM {joined if where else 'search'} WHERE search MATCH ?{where}"
        counted = f"FROM {joined} WHERE search MATCH ?{where}"  # facets need the facets row
        ranked = f"SELECT search.rowid, {RANK} AS rank {base} ORDER BY rank"
        args: list[Any] = [match, *params]
    else:
        base = counted = f"FROM facets f WHERE 1 = 1{where}"
        ranked = f"SELECT f.doc {base} ORDER BY f.created DESC"
        args = list(params)
    total = db.execute(f"SELECT count(*) {base}", args).fetchone()[0]
    offset = (max(1, page) - 1) * PAGE_SIZE
    rowids = [r[0] for r in db.execute(f"{ranked} LIMIT ? OFFSET ?", [*args, PAGE_SIZE, offset])]
    hits = [_hit(row, terms) for row in _details(db, rowids)]
    issuers = db.execute(
        f"SELECT f.issuer, count(*) AS n {counted} AND f.issuer IS NOT NULL "
        "GROUP BY f.issuer ORDER BY n DESC, f.issuer LIMIT ?",
        [*args, FACET_SIZE],
    ).fetchall()
    return {
        "query": query,
        "total": total,
        "page": page,
        "page_size": PAGE_SIZE,
        "hits": hits,
        "facets": {"issuer": [{"value": row[0], "count": row[1]} for row in issuers]},
    }


def _details(db: Any, rowids: list[int]) -> list[Any]:
    """The documents of ``rowids``, in that order."""
    marks = ", ".join("?" * len(rowids))
    rows = db.execute(
        "SELECT rowid, id, filename, doc_type, issuer, issuer_normalized, year, symbol, title, "
        "text "
        f"FROM documents WHERE rowid IN ({marks})",
        rowids,
    ).fetchall()
    by_rowid = {row["rowid"]: row for row in rows}
    return [by_rowid[r] for r in rowids if r in by_rowid]


def _filters(filters: Filters) -> tuple[str, list[Any]]:
    """SQL conditions on the facets row ``f`` of each document."""
    clauses: list[str] = []
    params: list[Any] = []
    names = type_names(filters.doc_type or "")
    if names:
        clauses.append("(" + " OR ".join(["f.type_folded LIKE ?"] * len(names)) + ")")
        params += [f"%|{name}|%" for name in names]
    if filters.issuer:  # as typed, or as its normalised name ('UBND ...' finds 'Ủy ban ...')
        spellings = {" ".join(words(filters.issuer))}
        spellings.add(" ".join(words(normalize_issuer(filters.issuer) or "")))
        spellings.discard("")
        clauses.append("(" + " OR ".join(["f.issuer_folded LIKE ?"] * len(spellings)) + ")")
        params += [f"%{s}%" for s in sorted(spellings)]
    if filters.year:
        clauses.append("f.year = ?")
        params.append(filters.year)
    if filters.cites:
        clauses.append(
            "f.doc IN (SELECT d.rowid FROM citations c JOIN documents d ON d.id = c.document_id "
            "WHERE c.symbol_folded = ?)"
        )
        params.append(cites_term(filters.cites))
    return "".join(f" AND {c}" for c in clauses), params


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
    for m in re.finditer(r"[^\W_]+", text):
        word = fold(m.group(0))
        if any(word == t or (t == terms[-1] and word.startswith(t)) for t in terms):
            out += [html.escape(text[last : m.start()]), f"<mark>{html.escape(m.group(0))}</mark>"]
            last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


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
