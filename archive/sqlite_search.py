"""Search on the embedded archive: the FTS5 table, the facets rows and the citations."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from archive.base import COUNTED, RANKED, SearchRows
from archive.fold import words
from archive.search import Filters
from archive.terms import cites_term, normalize_issuer, type_names

RANK = "bm25(search, 0.0, 5.0, 1.0, 2.0)"  # document_id, title, body, fields: titles weigh most


def search_rows(
    db: sqlite3.Connection,
    terms: list[str],
    filters: Filters,
    limit: int,
    offset: int,
    facets: int,
) -> SearchRows:
    """The matches newest first, read once: counted up to COUNTED, the newest RANKED of
    them ranked (bm25 only over theirs) and grouped for the issuer facet by their rowids."""
    where, params = _filters(filters)
    if terms:
        match = " ".join(
            f'"{t}"*' if i == len(terms) - 1 else f'"{t}"' for i, t in enumerate(terms)
        )
        joined = "search JOIN facets f ON f.doc = search.rowid"
        base = f"FROM {joined if where else 'search'} WHERE search MATCH ?{where}"
        args: list[Any] = [match, *params]
        # the newest matches first: FTS5 walks its rowids backwards and stops at the limit
        found = [
            r[0]
            for r in db.execute(
                f"SELECT search.rowid {base} ORDER BY search.rowid DESC LIMIT ?",
                [*args, COUNTED + 1],
            )
        ]
        total, ranked = len(found), found[:RANKED]
        ranking = (
            f"SELECT search.rowid, {RANK} AS rank {base} AND search.rowid >= ? "
            "ORDER BY rank LIMIT ? OFFSET ?"
        )
        floor = ranked[-1] if ranked else 0
        rowids = [r[0] for r in db.execute(ranking, [*args, floor, limit, offset])]
        counted = "FROM facets f WHERE f.doc IN (SELECT value FROM json_each(?))"
        facet_args: list[Any] = [json.dumps(ranked)]
    else:
        base = f"FROM facets f WHERE 1 = 1{where}"
        args = list(params)
        total = _one(db, f"SELECT count(*) FROM (SELECT 1 {base} LIMIT ?)", [*args, COUNTED + 1])
        newest = f"SELECT f.doc {base} ORDER BY f.created DESC"
        rowids = [r[0] for r in db.execute(f"{newest} LIMIT ? OFFSET ?", [*args, limit, offset])]
        counted = f"FROM facets f WHERE f.doc IN ({newest} LIMIT ?)"
        facet_args = [*args, RANKED]
    issuers = db.execute(
        f"SELECT f.issuer, count(*) AS n {counted} AND f.issuer IS NOT NULL "
        "GROUP BY f.issuer ORDER BY n DESC, f.issuer LIMIT ?",
        [*facet_args, facets],
    ).fetchall()
    return SearchRows(
        min(total, COUNTED),
        _details(db, rowids),
        [(row[0], row[1]) for row in issuers],
        capped=total > COUNTED,
    )


def _one(db: sqlite3.Connection, sql: str, args: list[Any]) -> Any:
    return db.execute(sql, args).fetchone()[0]


def _details(db: sqlite3.Connection, rowids: list[int]) -> list[Any]:
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
    spellings = issuer_spellings(filters.issuer)
    if spellings:  # as typed, or as its normalised name ('UBND ...' finds 'Ủy ban ...')
        clauses.append("(" + " OR ".join(["f.issuer_folded LIKE ?"] * len(spellings)) + ")")
        params += [f"%{s}%" for s in spellings]
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


def issuer_spellings(issuer: str | None) -> list[str]:
    """The folded words an issuer filter matches: as typed, and as its normalised name."""
    if not issuer:
        return []
    spellings = {" ".join(words(issuer)), " ".join(words(normalize_issuer(issuer) or ""))}
    spellings.discard("")
    return sorted(spellings)
