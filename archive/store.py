"""The embedded archive: originals on disk (content-addressed), records and jobs in SQLite."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive import index, migrate, review
from archive.base import MOVED, SearchRows, export_sql, import_sql
from archive.fold import words
from core.errors import NotFound, VanbanError
from core.record import Record

if TYPE_CHECKING:
    from archive.feeds import DeadlineQuery
    from archive.search import Filters


@dataclass(frozen=True, slots=True)
class Job:
    id: str
    document_id: str
    state: str  # queued | running | done | failed
    pages_done: int
    pages_total: int
    error_code: str | None
    error_message: str | None
    attempts: int = 0  # times a worker took it (more than one: redelivered after a crash)
    worker: str | None = None  # the worker that took it last ('name@host')

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document_id": self.document_id,
            "state": self.state,
            "progress": {"pages_done": self.pages_done, "pages_total": self.pages_total},
            "error": {"code": self.error_code, "message": self.error_message}
            if self.state == "failed"
            else None,
        }


class Originals:
    """Where either archive keeps the original bytes: content-addressed files under
    ``originals`` (in the storage directory every machine mounts)."""

    originals: Path

    def original_path(self, doc_id: str) -> Path:
        return self.originals / doc_id[:2] / doc_id

    def read_original(self, doc_id: str) -> bytes:
        path = self.original_path(doc_id)
        if not path.exists():
            raise NotFound(f"no original for document {doc_id}")
        return path.read_bytes()


def history_entry(row: Any) -> dict[str, Any]:
    """One correction of a document as a history table row gives it."""
    return {
        "who": row["who"],
        "at": row["at"],
        "field": row["field"],
        "before": json.loads(row["before"]),
        "after": json.loads(row["after"]),
    }


class Archive(Originals):
    """The embedded archive (``archive.base.Store``): ``archive.sqlite3`` in the data directory
    (or ``path``), originals under ``originals/`` of the storage folder (by default the data
    directory). Safe across threads; migrated to the latest schema when opened."""

    def __init__(
        self, data_dir: Path, *, storage_dir: Path | None = None, path: Path | None = None
    ) -> None:
        self.data_dir = Path(data_dir)
        self.storage_dir = Path(storage_dir) if storage_dir else self.data_dir
        self.path = Path(path) if path else self.data_dir / "archive.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.originals = self.storage_dir / "originals"
        self.originals.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write = threading.Lock()
        with self._write, _file_lock(self.path.with_name(self.path.name + ".lock")):
            db = self._db()  # one process migrates at a time (a web process and its workers)
            db.execute("PRAGMA journal_mode = WAL")
            migrate.sqlite(db)

    def schema_version(self) -> int:
        row = self._db().execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # ------------------------------------------------------------------ plumbing

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout = 30000")
            self._local.db = db
        return db

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        with self._write:
            try:
                yield db
                db.commit()
            except BaseException:
                db.rollback()
                raise

    # ------------------------------------------------------------------ originals

    def store_original(self, doc_id: str, data: bytes, *, filename: str, media_type: str) -> bool:
        """Write the bytes durably, then the document row. False if it was already there."""
        path = self.original_path(doc_id)
        if not path.exists():
            write_durably(path, data)
        with self._tx() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO documents (id, filename, media_type, bytes, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (doc_id, filename, media_type, len(data), time.time()),
            )
            return cur.rowcount == 1

    def set_media_type(self, doc_id: str, media_type: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE documents SET media_type = ? WHERE id = ?", (media_type, doc_id))

    # ------------------------------------------------------------------ jobs

    def create_job(self, doc_id: str, *, error: VanbanError | None = None) -> Job:
        job_id = uuid.uuid4().hex
        now = time.time()
        state, code, message = _new_job(error)
        with self._tx() as db:
            db.execute(
                "INSERT INTO jobs (id, document_id, state, error_code, error_message, created, "
                "updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (job_id, doc_id, state, code, message, now, now),
            )
        return self.job(job_id)

    def job(self, job_id: str) -> Job:
        row = self._db().execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise NotFound(f"no job {job_id}")
        return _job(row)

    def jobs_for(self, doc_id: str) -> list[Job]:
        rows = (
            self._db()
            .execute("SELECT * FROM jobs WHERE document_id = ? ORDER BY created", (doc_id,))
            .fetchall()
        )
        return [_job(r) for r in rows]

    def claim_job(self) -> Job | None:
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM jobs WHERE state = 'queued' ORDER BY created LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE jobs SET state = 'running', updated = ? WHERE id = ?",
                (time.time(), row["id"]),
            )
        return self.job(row["id"])

    def start_job(self, job_id: str, *, worker: str | None = None) -> None:
        """A worker takes the job: running, one more attempt."""
        with self._tx() as db:
            db.execute(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = ?, "
                "updated = ? WHERE id = ?",
                (worker, time.time(), job_id),
            )

    def update_job(self, job_id: str, **values: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        with self._tx() as db:
            db.execute(
                f"UPDATE jobs SET {sets}, updated = ? WHERE id = ?",
                (*values.values(), time.time(), job_id),
            )

    def requeue_interrupted(self) -> int:
        """Jobs left running by a crash or kill go back to the queue."""
        with self._tx() as db:
            return db.execute("UPDATE jobs SET state = 'queued' WHERE state = 'running'").rowcount

    # ------------------------------------------------------------------ records

    def save_record(self, doc_id: str, record: dict[str, Any]) -> None:
        """Store the record and bring the search index, deadlines and citations up to date."""
        with self._tx() as db:
            db.execute(
                "UPDATE documents SET record = ? WHERE id = ?",
                (json.dumps(record, ensure_ascii=False), doc_id),
            )
            index.update(db, doc_id, record)

    def record(self, doc_id: str) -> dict[str, Any]:
        row = self._db().execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id}")
        if row["record"] is None:
            raise NotFound(f"document {doc_id} has not been processed yet")
        return dict(json.loads(row["record"]))

    def read_record(self, doc_id: str) -> Record:
        """The stored record, typed (``Record.from_dict``): for reading, not for correcting."""
        return Record.from_dict(self.record(doc_id))

    def document_row(self, doc_id: str) -> sqlite3.Row:
        row = self._db().execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id}")
        return row

    def documents(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Newest first, each with the state of its latest job."""
        rows = (
            self._db()
            .execute(
                "SELECT id, filename, media_type, bytes, created, doc_type, issuer, year, symbol, "
                "title, issuer_normalized, (SELECT state FROM jobs j WHERE j.document_id = "
                "documents.id ORDER BY created DESC LIMIT 1) AS state "
                "FROM documents ORDER BY created DESC LIMIT ? OFFSET ?",
                (limit, offset),
            )
            .fetchall()
        )
        return [dict(r) for r in rows]

    def review_rows(
        self, *, reviewed: bool, limit: int, offset: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """The processed documents as the review queue shows them, most doubtful first (those
        marked reviewed only when ``reviewed``), and how many there are."""
        where = review.queue_where(reviewed)
        db = self._db()
        total = db.execute(f"SELECT count(*) FROM documents WHERE {where}").fetchone()[0]
        rows = db.execute(
            f"SELECT id, filename, review FROM documents WHERE {where} "
            "ORDER BY doubt DESC, filename, id LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        return int(total), [review.queue_item(r) for r in rows]

    def count_documents(self) -> int:
        return int(self._db().execute("SELECT count(*) FROM documents").fetchone()[0])

    def add_history(self, doc_id: str, *, who: str, field: str, before: Any, after: Any) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?)",
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
        rows = (
            self._db()
            .execute("SELECT * FROM history WHERE document_id = ? ORDER BY at", (doc_id,))
            .fetchall()
        )
        return [history_entry(r) for r in rows]

    # ------------------------------------------------------------------ outgoing events

    def add_event(self, doc_id: str, payload: dict[str, Any]) -> int:
        """Keep an event to deliver (webhook), so a restart does not lose it."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO events (document_id, payload, next_at, created) VALUES (?, ?, ?, ?)",
                (doc_id, json.dumps(payload, ensure_ascii=False), now, now),
            )
            return int(cur.lastrowid or 0)

    def due_events(self, *, limit: int = 5, lease: float = 120) -> list[dict[str, Any]]:
        now = time.time()
        with self._tx() as db:
            rows = db.execute(
                "UPDATE events SET next_at = ? WHERE id IN (SELECT id FROM events "
                "WHERE state = 'pending' AND next_at <= ? ORDER BY next_at LIMIT ?) RETURNING *",
                (now + lease, now, limit),
            ).fetchall()
        return sorted(
            ({**dict(r), "payload": json.loads(r["payload"])} for r in rows), key=itemgetter("id")
        )

    def event_state(self, event_id: int, *, state: str, attempts: int, next_at: float) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE events SET state = ?, attempts = ?, next_at = ? WHERE id = ?",
                (state, attempts, next_at, event_id),
            )

    def export_rows(self, table: str, doc_id: str | None = None) -> list[dict[str, Any]]:
        sql = export_sql(table, one_document=doc_id is not None)
        return [dict(r) for r in self._db().execute(sql, (doc_id,) if doc_id else ())]

    def import_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        with self._tx() as db:
            for table, items in rows.items():
                columns, _ = MOVED[table]
                db.executemany(import_sql(table), [[r[c] for c in columns] for r in items])

    # ------------------------------------------------------------------ search and feeds

    def search_rows(
        self, terms: list[str], filters: Filters, *, limit: int, offset: int, facets: int
    ) -> SearchRows:
        from archive import sqlite_search

        return sqlite_search.search_rows(self._db(), terms, filters, limit, offset, facets)

    def deadline_rows(self, query: DeadlineQuery) -> list[Any]:
        sql = (
            "SELECT dl.*, d.symbol, d.title FROM deadlines dl JOIN documents d "
            "ON d.id = dl.document_id WHERE 1 = 1"
        )
        params: list[Any] = []
        if query.start:
            sql += " AND coalesce(dl.end_date, dl.start) >= ?"
            params.append(query.start)
        if query.end:
            sql += " AND coalesce(dl.start, dl.end_date) <= ?"
            params.append(query.end)
        if query.agency:
            sql += " AND dl.lead_folded LIKE ?"
            params.append(f"%{' '.join(words(query.agency))}%")
        sql += " ORDER BY coalesce(dl.end_date, dl.start, '9999'), dl.document_id, dl.idx"
        return list(self._db().execute(sql, params).fetchall())

    def connection(self) -> sqlite3.Connection:
        return self._db()


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_durably(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the whole file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the new directory entry durable too (POSIX; a no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _new_job(error: VanbanError | None) -> tuple[str, str | None, str | None]:
    """A new job's state, error code and message: queued, or failed already with ``error``
    (in the one statement that makes it, so no worker ever sees it queued)."""
    if error is None:
        return "queued", None, None
    return "failed", error.code, error.message


def _job(row: Any) -> Job:
    return Job(
        row["id"],
        row["document_id"],
        row["state"],
        row["pages_done"],
        row["pages_total"],
        row["error_code"],
        row["error_message"],
        row["attempts"],
        row["worker"],
    )
