"""What a saved record adds to the search side of the archive.

Besides the FTS5 table (folded title, text and fields), each document row keeps a few
columns for filters and snippets, so a search never parses a record's JSON.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from archive import review
from archive.fold import fold, words
from archive.terms import cited_keys, normalize_issuer, type_name
from core.errors import NotFound
from core.record import with_uids

# columns of ``documents`` an archive made before versioning may lack: name -> SQL type
COLUMNS = {
    "type_code": "TEXT",
    "text": "TEXT",  # the restored text, for snippets
    "issuer_normalized": "TEXT",  # terms.normalize_issuer(issuer): shown and grouped by
}
# columns of ``facets`` it may lack (``issuer``: the normalised issuer, for the issuer facet)
FACET_COLUMNS = {"issuer": "TEXT"}


def upgrade_unversioned(db: sqlite3.Connection) -> None:
    """Add what an archive made before versioning lacks, and rebuild its index from the
    stored records (the first migration made the tables it had not)."""
    for table, columns in (("documents", COLUMNS), ("facets", FACET_COLUMNS)):
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for name in [name for name in columns if name not in have]:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {columns[name]}")
    db.execute("DELETE FROM search")
    rows = db.execute("SELECT id, record FROM documents WHERE record IS NOT NULL").fetchall()
    for doc_id, record in rows:
        update(db, doc_id, json.loads(record))


def refill(db: sqlite3.Connection) -> None:
    """Index every stored record's deadlines and review columns again (after a migration
    that changed how they are kept)."""
    rows = db.execute("SELECT id, record FROM documents WHERE record IS NOT NULL").fetchall()
    for doc_id, text in rows:
        record = json.loads(text)
        _deadlines(db, doc_id, (record.get("fields") or {}).get("deadlines") or [])
        db.execute(
            "UPDATE documents SET doubt = ?, reviewed = ?, review = ? WHERE id = ?",
            (*review.columns(record), doc_id),
        )


def update(db: sqlite3.Connection, doc_id: str, record: dict[str, Any]) -> None:
    fields = record.get("fields") or {}
    rowid = _summary(db, doc_id, record, fields)
    db.execute("DELETE FROM search WHERE rowid = ?", (rowid,))
    flat = " ".join(str(v) for k, v in fields.items() if isinstance(v, str) and k != "title")
    db.execute(
        "INSERT INTO search (rowid, document_id, title, body, fields) VALUES (?, ?, ?, ?, ?)",
        (
            rowid,
            doc_id,
            fold(fields.get("title") or ""),
            fold(record.get("text") or ""),
            fold(flat),
        ),
    )
    _deadlines(db, doc_id, fields.get("deadlines") or [])
    db.execute("DELETE FROM citations WHERE document_id = ?", (doc_id,))
    keys = [key for cited in fields.get("cited_documents") or [] for key in _keys(cited)]
    db.executemany(  # one row per key: a document cited twice is one document citing
        "INSERT OR IGNORE INTO citations VALUES (?, ?)", [(doc_id, key) for key in keys]
    )


def _keys(cited: dict[str, Any]) -> list[str]:
    return cited_keys(cited["symbol"]) if cited.get("symbol") else []


def _summary(db: sqlite3.Connection, doc_id: str, record: dict[str, Any], fields: Any) -> int:
    """Update the document's summary columns and facets; returns its rowid."""
    doc_type, code = fields.get("doc_type"), fields.get("type_code")
    year = (fields.get("date") or {}).get("year")
    issuer = normalize_issuer(fields.get("issuer"))
    row = db.execute(
        "UPDATE documents SET doc_type = ?, type_code = ?, issuer = ?, issuer_normalized = ?, "
        "year = ?, symbol = ?, title = ?, text = ?, doubt = ?, reviewed = ?, review = ? "
        "WHERE id = ? RETURNING rowid, created",
        (
            doc_type,
            code,
            fields.get("issuer"),
            issuer,
            year,
            fields.get("symbol"),
            fields.get("title"),
            record.get("text") or "",
            *review.columns(record),
            doc_id,
        ),
    ).fetchone()
    if row is None:
        raise NotFound(f"no document {doc_id}")
    rowid, created = row
    db.execute(
        "INSERT OR REPLACE INTO facets VALUES (?, ?, ?, ?, ?, ?)",
        (
            rowid,
            created,
            year,
            f"|{fold(type_name(doc_type, code) or '')}|{fold(code or '')}|",
            _folded_names([issuer, fields.get("issuer"), fields.get("issuer_parent")]),
            issuer,
        ),
    )
    return int(rowid)


# the deadlines table's columns, in the order deadline_rows gives them
DEADLINE_COLUMNS = (
    "document_id, idx, task, raw, start, end_date, kind, lead, support, lead_folded, uid"
)


def deadline_rows(doc_id: str, items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The rows of a record's deadlines for either archive, each with the uid its record
    gives it (the one feeds, webhooks and corrections all name it by)."""
    return [
        (
            doc_id,
            i,
            d.get("task"),
            d.get("raw"),
            d.get("start"),
            d.get("end"),
            d.get("kind"),
            d.get("lead"),
            json.dumps(d.get("support") or [], ensure_ascii=False),
            _folded_names([d.get("lead"), *(d.get("support") or [])]),
            d["uid"],
        )
        for i, d in enumerate(with_uids(items))
    ]


def _deadlines(db: sqlite3.Connection, doc_id: str, items: list[dict[str, Any]]) -> None:
    db.execute("DELETE FROM deadlines WHERE document_id = ?", (doc_id,))
    db.executemany(
        f"INSERT INTO deadlines ({DEADLINE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        deadline_rows(doc_id, items),
    )


def _folded_names(names: list[str | None]) -> str:
    """'Phòng Tài chính - Kế hoạch' -> '|phong tai chinh ke hoach|': words only, for LIKE."""
    return "|" + "|".join(" ".join(words(n)) for n in names if n) + "|"
