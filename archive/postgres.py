"""The archive on PostgreSQL (psycopg 3), for several machines: the same ``Store`` as the
embedded SQLite archive, its search folded exactly the same way.

Search: the title, the fields and the restored text are folded by ``archive.fold`` (marks
removed, đ -> d) and cut into words as the SQLite index cuts them, then kept in a weighted
tsvector (title A, fields B, text C) under a GIN index; the query's words are folded the same
and the last is a prefix. Filters read folded columns under trigram indexes (type, issuer,
symbol) and the citations table by key, as the SQLite facets rows do.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.rows import dict_row

from archive import migrate, review
from archive.base import COUNTED, MOVED, RANKED, SearchRows, export_sql, import_sql
from archive.fold import fold, fold_symbol, words
from archive.index import DEADLINE_COLUMNS, _folded_names, _keys, deadline_rows
from archive.sqlite_search import issuer_spellings
from archive.store import Job, Originals, _job, _new_job, history_entry, write_durably
from archive.terms import cites_term, normalize_issuer, type_name, type_names
from core.errors import NotFound, ServiceUnavailable, VanbanError
from core.record import Record

if TYPE_CHECKING:
    from archive.feeds import DeadlineQuery
    from archive.search import Filters

# ts_rank weights for {D, C, B, A}: text C, fields B, title A (titles weigh most, as bm25's
# weights do on SQLite)
WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
MIGRATION_LOCK = 0x76616E62  # 'vanb': one machine migrates at a time
DETAILS = "id, filename, doc_type, issuer, issuer_normalized, year, symbol, title, text"


class PostgresArchive(Originals):
    """``VANBAN_DATABASE_URL=postgresql://...``: records, jobs, search and the outbox in
    PostgreSQL; originals in the storage folder every machine mounts. One connection per
    thread and process (a forked worker opens its own)."""

    def __init__(self, url: str, *, data_dir: Path, storage_dir: Path | None = None) -> None:
        self.url = url
        self.data_dir = Path(data_dir)
        self.storage_dir = Path(storage_dir) if storage_dir else self.data_dir
        self.originals = self.storage_dir / "originals"
        self.originals.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self.migrate()

    # ------------------------------------------------------------------ plumbing

    def _db(self) -> psycopg.Connection[dict[str, Any]]:
        pid, db = getattr(self._local, "db", (None, None))
        if db is None or pid != os.getpid() or db.closed:
            try:
                db = psycopg.connect(self.url, autocommit=True, row_factory=dict_row)
            except psycopg.OperationalError as exc:
                raise ServiceUnavailable(f"the database does not answer: {exc}") from None
            self._local.db = (os.getpid(), db)
        return db

    @contextmanager
    def _tx(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        db = self._db()
        with db.transaction():
            yield db

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        return self._db().execute(sql, params).fetchone()

    def _all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return self._db().execute(sql, params).fetchall()

    def migrate(self) -> list[int]:
        """Apply the migrations this database lacks, each in one transaction."""
        applied = []
        with self._tx() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            db.execute(migrate.VERSION_TABLE.replace("applied REAL", "applied DOUBLE PRECISION"))
            row = db.execute("SELECT coalesce(max(version), 0) AS v FROM schema_version").fetchone()
            current = row["v"] if row else 0
            for migration in migrate.migrations("postgres"):
                if migration.version <= current:
                    continue
                db.execute(migration.sql.encode())
                db.execute(
                    "INSERT INTO schema_version VALUES (%s, %s, %s)",
                    (migration.version, migration.name, time.time()),
                )
                applied.append(migration.version)
            if any(version in applied for version in migrate.REFILL) and current >= 1:
                for doc in db.execute(
                    "SELECT id, record FROM documents WHERE record IS NOT NULL"
                ).fetchall():
                    record = json.loads(doc["record"])
                    deadlines = (record.get("fields") or {}).get("deadlines")
                    _put_deadlines(db, doc["id"], deadlines or [])
                    db.execute(
                        "UPDATE documents SET doubt = %s, reviewed = %s, review = %s WHERE id = %s",
                        (*review.columns(record), doc["id"]),
                    )
        return applied

    def schema_version(self) -> int:
        row = self._one("SELECT max(version) AS v FROM schema_version")
        return int(row["v"] or 0) if row else 0

    def close(self) -> None:
        _, db = getattr(self._local, "db", (None, None))
        if db is not None:
            db.close()
            self._local.db = (None, None)

    # ------------------------------------------------------------------ originals

    def store_original(self, doc_id: str, data: bytes, *, filename: str, media_type: str) -> bool:
        """Write the bytes durably, then the document row. False if it was already there."""
        path = self.original_path(doc_id)
        if not path.exists():
            write_durably(path, data)
        cur = self._db().execute(
            "INSERT INTO documents (id, filename, media_type, bytes, created) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
            (doc_id, filename, media_type, len(data), time.time()),
        )
        return cur.rowcount == 1

    def set_media_type(self, doc_id: str, media_type: str) -> None:
        self._db().execute(
            "UPDATE documents SET media_type = %s WHERE id = %s", (media_type, doc_id)
        )

    # ------------------------------------------------------------------ jobs

    def create_job(self, doc_id: str, *, error: VanbanError | None = None) -> Job:
        job_id = uuid.uuid4().hex
        now = time.time()
        state, code, message = _new_job(error)
        self._db().execute(
            "INSERT INTO jobs (id, document_id, state, error_code, error_message, created, "
            "updated) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (job_id, doc_id, state, code, message, now, now),
        )
        return self.job(job_id)

    def job(self, job_id: str) -> Job:
        row = self._one("SELECT * FROM jobs WHERE id = %s", (job_id,))
        if row is None:
            raise NotFound(f"no job {job_id}")
        return _job(row)

    def jobs_for(self, doc_id: str) -> list[Job]:
        rows = self._all("SELECT * FROM jobs WHERE document_id = %s ORDER BY created", (doc_id,))
        return [_job(r) for r in rows]

    def claim_job(self) -> Job | None:
        """The oldest queued job, taken by this process only (several may ask at once)."""
        row = self._one(
            "UPDATE jobs SET state = 'running', updated = %s WHERE id = ("
            "SELECT id FROM jobs WHERE state = 'queued' ORDER BY created LIMIT 1 "
            "FOR UPDATE SKIP LOCKED) RETURNING *",
            (time.time(),),
        )
        return _job(row) if row else None

    def start_job(self, job_id: str, *, worker: str | None = None) -> None:
        self._db().execute(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = %s, "
            "updated = %s WHERE id = %s",
            (worker, time.time(), job_id),
        )

    def update_job(self, job_id: str, **values: Any) -> None:
        allowed = {"state", "pages_done", "pages_total", "error_code", "error_message"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"not a job column: {sorted(unknown)}")
        sets = ", ".join(f"{k} = %s" for k in values)
        self._db().execute(
            f"UPDATE jobs SET {sets}, updated = %s WHERE id = %s",
            (*values.values(), time.time(), job_id),
        )

    def requeue_interrupted(self) -> int:
        """Jobs left running by a crash or kill go back to the queue (the embedded worker)."""
        cur = self._db().execute("UPDATE jobs SET state = 'queued' WHERE state = 'running'")
        return cur.rowcount

    # ------------------------------------------------------------------ records

    def save_record(self, doc_id: str, record: dict[str, Any]) -> None:
        """Store the record and bring search, deadlines and citations up to date, at once."""
        fields = record.get("fields") or {}
        doc_type, code = fields.get("doc_type"), fields.get("type_code")
        issuer = normalize_issuer(fields.get("issuer"))
        flat = " ".join(str(v) for k, v in fields.items() if isinstance(v, str) and k != "title")
        with self._tx() as db:
            cur = db.execute(
                "UPDATE documents SET record = %s, doc_type = %s, type_code = %s, issuer = %s, "
                "issuer_normalized = %s, year = %s, symbol = %s, title = %s, text = %s, "
                "indexed = TRUE, type_folded = %s, issuer_folded = %s, symbol_folded = %s, "
                "doubt = %s, reviewed = %s, review = %s, "
                "tsv = setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'C') WHERE id = %s",
                (
                    json.dumps(record, ensure_ascii=False),
                    doc_type,
                    code,
                    fields.get("issuer"),
                    issuer,
                    (fields.get("date") or {}).get("year"),
                    fields.get("symbol"),
                    fields.get("title"),
                    record.get("text") or "",
                    f"|{fold(type_name(doc_type, code) or '')}|{fold(code or '')}|",
                    _folded_names([issuer, fields.get("issuer"), fields.get("issuer_parent")]),
                    fold_symbol(fields.get("symbol") or ""),
                    *review.columns(record),
                    _tokens(fields.get("title") or ""),
                    _tokens(flat),
                    _tokens(record.get("text") or ""),
                    doc_id,
                ),
            )
            if cur.rowcount == 0:
                raise NotFound(f"no document {doc_id}")
            _put_deadlines(db, doc_id, fields.get("deadlines") or [])
            db.execute("DELETE FROM citations WHERE document_id = %s", (doc_id,))
            keys = list(
                dict.fromkeys(k for c in fields.get("cited_documents") or [] for k in _keys(c))
            )
            if keys:
                db.cursor().executemany(
                    "INSERT INTO citations VALUES (%s, %s) ON CONFLICT DO NOTHING",
                    [(doc_id, key) for key in keys],
                )

    def record(self, doc_id: str) -> dict[str, Any]:
        row = self._one("SELECT record FROM documents WHERE id = %s", (doc_id,))
        if row is None:
            raise NotFound(f"no document {doc_id}")
        if row["record"] is None:
            raise NotFound(f"document {doc_id} has not been processed yet")
        return dict(json.loads(row["record"]))

    def read_record(self, doc_id: str) -> Record:
        return Record.from_dict(self.record(doc_id))

    def document_row(self, doc_id: str) -> dict[str, Any]:
        row = self._one(
            "SELECT id, filename, media_type, bytes, created, record, doc_type, issuer, year, "
            "symbol, title, type_code, text, issuer_normalized FROM documents WHERE id = %s",
            (doc_id,),
        )
        if row is None:
            raise NotFound(f"no document {doc_id}")
        return row

    def documents(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Newest first, each with the state of its latest job."""
        return self._all(
            "SELECT id, filename, media_type, bytes, created, doc_type, issuer, year, symbol, "
            "title, issuer_normalized, (SELECT state FROM jobs j WHERE j.document_id = "
            "documents.id ORDER BY created DESC LIMIT 1) AS state "
            "FROM documents ORDER BY created DESC LIMIT %s OFFSET %s",
            (limit, offset),
        )

    def count_documents(self) -> int:
        row = self._one("SELECT count(*) AS n FROM documents")
        return int(row["n"]) if row else 0

    def add_history(self, doc_id: str, *, who: str, field: str, before: Any, after: Any) -> None:
        self._db().execute(
            "INSERT INTO history VALUES (%s, %s, %s, %s, %s, %s)",
            (
                doc_id,
                time.time(),
                who,
                field,
                json.dumps(before, ensure_ascii=False),
                json.dumps(after, ensure_ascii=False),
            ),
        )

    def history(self, doc_id: str) -> list[dict[str, Any]]:
        rows = self._all("SELECT * FROM history WHERE document_id = %s ORDER BY at", (doc_id,))
        return [history_entry(r) for r in rows]

    def export_rows(self, table: str, doc_id: str | None = None) -> list[dict[str, Any]]:
        sql = export_sql(table, one_document=doc_id is not None).replace("?", "%s")
        return self._all(sql, (doc_id,) if doc_id else ())

    def import_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        with self._tx() as db:
            for table, items in rows.items():
                columns, _ = MOVED[table]
                db.cursor().executemany(
                    import_sql(table).replace("?", "%s"), [[r[c] for c in columns] for r in items]
                )

    # ------------------------------------------------------------------ search and feeds

    def search_rows(
        self, terms: list[str], filters: Filters, *, limit: int, offset: int, facets: int
    ) -> SearchRows:
        """The newest RANKED matches ranked (the page and the issuer facet come from them);
        only when there are that many are the matches counted, up to COUNTED, by a statement
        of their own that stops there. Then the page's documents, and only theirs, in full."""
        where, params = _filters(filters)
        match, match_args = f"d.indexed{where}", list(params)
        rank, rank_args = "0", list[Any]()
        if terms:
            items = [t + (":*" if i == len(terms) - 1 else "") for i, t in enumerate(terms)]
            match = f"d.indexed AND d.tsv @@ to_tsquery('simple', %s){where}"
            match_args = [" & ".join(items), *params]
            # each word weighed on its own (an OR query): the AND form of ts_rank weighs every
            # pair of the words' positions, ten times the work over the same tsvectors
            rank = f"ts_rank('{WEIGHTS}', tsv, to_tsquery('simple', %s))"
            rank_args = [" | ".join(items)]
        with self._tx() as db:
            db.execute("SET LOCAL work_mem = '64MB'")  # the matches sorted in memory
            found = db.execute(
                # the newest RANKED matches, their tsvectors read once
                "WITH newest AS MATERIALIZED (SELECT d.id, d.created, d.issuer_normalized, "
                f"d.tsv FROM documents d WHERE {match} ORDER BY d.created DESC LIMIT %s), "
                f"ranked AS MATERIALIZED (SELECT id, created, {rank} AS rank FROM newest), "
                "page AS (SELECT id, rank, created FROM ranked "
                "ORDER BY rank DESC, created DESC LIMIT %s OFFSET %s), "
                "facet AS (SELECT issuer_normalized AS v, count(*) AS n FROM newest "
                "WHERE issuer_normalized IS NOT NULL GROUP BY issuer_normalized "
                'ORDER BY n DESC, issuer_normalized COLLATE "C" LIMIT %s) '
                "SELECT (SELECT count(*) FROM ranked) AS ranked, "
                "(SELECT coalesce(json_agg(id ORDER BY rank DESC, created DESC), '[]') "
                "FROM page) AS ids, "
                "(SELECT coalesce(json_agg(json_build_array(v, n) "
                "ORDER BY n DESC, v COLLATE \"C\"), '[]') FROM facet) AS issuers",
                [*match_args, RANKED, *rank_args, limit, offset, facets],
                prepare=False,  # planned for these words: a generic plan scans every match
            ).fetchone()
            if found is None:
                return SearchRows(0)
            total = int(found["ranked"])
            if total >= RANKED:  # more may match: counted up to COUNTED, nothing read but that
                counted = db.execute(
                    f"SELECT count(*) AS n FROM (SELECT 1 FROM documents d WHERE {match} "
                    "LIMIT %s) c",
                    [*match_args, COUNTED + 1],
                    prepare=False,
                ).fetchone()
                total = int(counted["n"]) if counted else total
        ids: list[str] = list(found["ids"])
        rows = self._all(f"SELECT {DETAILS} FROM documents WHERE id = ANY(%s)", (ids,))
        by_id = {row["id"]: row for row in rows}
        issuers = [(str(v), int(n)) for v, n in found["issuers"]]
        rows = [by_id[i] for i in ids if i in by_id]
        return SearchRows(min(total, COUNTED), rows, issuers, capped=total > COUNTED)

    def review_rows(
        self, *, reviewed: bool, limit: int, offset: int
    ) -> tuple[int, list[dict[str, Any]]]:
        where = review.queue_where(reviewed)
        total = self._one(f"SELECT count(*) AS n FROM documents WHERE {where}")
        rows = self._all(
            f"SELECT id, filename, review FROM documents WHERE {where} "
            'ORDER BY doubt DESC, filename COLLATE "C", id COLLATE "C" LIMIT %s OFFSET %s',
            (limit, offset),
        )
        return int(total["n"] if total else 0), [review.queue_item(r) for r in rows]

    def deadline_rows(self, query: DeadlineQuery) -> list[Any]:
        sql = (
            "SELECT dl.*, d.symbol, d.title FROM deadlines dl JOIN documents d "
            "ON d.id = dl.document_id WHERE TRUE"
        )
        params: list[Any] = []
        if query.start:
            sql += " AND coalesce(dl.end_date, dl.start) >= %s"
            params.append(query.start)
        if query.end:
            sql += " AND coalesce(dl.start, dl.end_date) <= %s"
            params.append(query.end)
        if query.agency:
            sql += " AND dl.lead_folded LIKE %s"
            params.append(f"%{' '.join(words(query.agency))}%")
        sql += (
            " ORDER BY coalesce(dl.end_date, dl.start, '9999') COLLATE \"C\", "
            'dl.document_id COLLATE "C", dl.idx'
        )
        return self._all(sql, params)

    # ------------------------------------------------------------------ outgoing events

    def add_event(self, doc_id: str, payload: dict[str, Any]) -> int:
        now = time.time()
        row = self._one(
            "INSERT INTO events (document_id, payload, next_at, created) "
            "VALUES (%s, %s, %s, %s) RETURNING id",
            (doc_id, json.dumps(payload, ensure_ascii=False), now, now),
        )
        return int(row["id"]) if row else 0

    def due_events(self, *, limit: int = 5, lease: float = 120) -> list[dict[str, Any]]:
        now = time.time()
        rows = self._all(
            "UPDATE events SET next_at = %s WHERE id IN (SELECT id FROM events "
            "WHERE state = 'pending' AND next_at <= %s ORDER BY next_at LIMIT %s "
            "FOR UPDATE SKIP LOCKED) RETURNING *",
            (now + lease, now, limit),
        )
        return sorted(
            ({**r, "payload": json.loads(r["payload"])} for r in rows), key=itemgetter("id")
        )

    def event_state(self, event_id: int, *, state: str, attempts: int, next_at: float) -> None:
        self._db().execute(
            "UPDATE events SET state = %s, attempts = %s, next_at = %s WHERE id = %s",
            (state, attempts, next_at, event_id),
        )


def _put_deadlines(db: psycopg.Connection[Any], doc_id: str, items: list[dict[str, Any]]) -> None:
    db.execute("DELETE FROM deadlines WHERE document_id = %s", (doc_id,))
    if items:
        db.cursor().executemany(
            f"INSERT INTO deadlines ({DEADLINE_COLUMNS}) VALUES "
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            deadline_rows(doc_id, items),
        )


def _tokens(text: str) -> str:
    """The words of ``text`` as the SQLite index cuts them, folded, one space apart."""
    return " ".join(words(text))


def _filters(filters: Filters) -> tuple[str, list[Any]]:
    """The conditions the SQLite facets rows answer, on the documents row ``d``."""
    clauses: list[str] = []
    params: list[Any] = []
    names = type_names(filters.doc_type or "")
    if names:
        clauses.append("(" + " OR ".join(["d.type_folded LIKE %s"] * len(names)) + ")")
        params += [f"%|{_like(name)}|%" for name in names]
    spellings = issuer_spellings(filters.issuer)
    if spellings:
        clauses.append("(" + " OR ".join(["d.issuer_folded LIKE %s"] * len(spellings)) + ")")
        params += [f"%{_like(s)}%" for s in spellings]
    if filters.year:
        clauses.append("d.year = %s")
        params.append(filters.year)
    if filters.cites:
        clauses.append("d.id IN (SELECT c.document_id FROM citations c WHERE c.symbol_folded = %s)")
        params.append(cites_term(filters.cites))
    return "".join(f" AND {c}" for c in clauses), params


def _like(text: str) -> str:
    """``text`` matched as it is by LIKE (SQLite's LIKE has no escapes by default; folded
    words have no '%' or '_' anyway, but a type name as typed might)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
