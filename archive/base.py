"""What every archive does, whatever keeps it: the ``Store`` protocol.

Two implementations: ``archive.store.Archive`` (SQLite, one machine, the default) and
``archive.postgres.PostgresArchive`` (PostgreSQL, for several machines). ``archive.open_store``
picks one from ``VANBAN_DATABASE_URL``. Originals and page images live in the storage folder
(``VANBAN_STORAGE_DIR``, by default the data directory), which every machine mounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from archive.feeds import DeadlineQuery
    from archive.search import Filters
    from archive.store import Job
    from core.errors import VanbanError
    from core.record import Record


@dataclass(frozen=True, slots=True)
class SearchRows:
    """One page of a search as the database answers it (``archive.search`` adds highlights)."""

    total: int
    # id, filename, doc_type, issuer, issuer_normalized, year, symbol, title, text
    rows: list[Any] = field(default_factory=list)
    issuers: list[tuple[str, int]] = field(default_factory=list)  # (normalised issuer, count)
    capped: bool = False  # more than COUNTED matches: total says COUNTED


# A query matching more documents than these is answered from its newest matches: the newest
# RANKED are ranked (the page and the issuer facet come from them) and COUNTED are counted, so
# a word found in most of a large archive costs what a rarer one does. Below them all is exact.
RANKED = 2_000
COUNTED = 10_000

# What moves from one archive to another (``archive.move``), table by table: the columns an
# archive keeps of its own (the rest is worked out again from the record when it is saved),
# the column each table is read in the order of, and whether its rows belong to a document.
MOVED: dict[str, tuple[tuple[str, ...], str]] = {
    "documents": (("id", "filename", "media_type", "bytes", "created"), "created"),
    "jobs": (
        (
            "id", "document_id", "state", "pages_done", "pages_total", "error_code",
            "error_message", "created", "updated", "attempts", "worker",
        ),
        "created",
    ),
    "history": (("document_id", "at", "who", "field", "before", "after"), "at"),
    "events": (("document_id", "payload", "state", "attempts", "next_at", "created"), "created"),
}  # fmt: skip


def export_sql(table: str, *, one_document: bool) -> str:
    """The query that reads ``table``'s moved columns (``?`` for the document's id)."""
    columns, order = MOVED[table]
    key = "id" if table == "documents" else "document_id"
    where = f" WHERE {key} = ?" if one_document else ""
    return f"SELECT {', '.join(columns)} FROM {table}{where} ORDER BY {order}"


def import_sql(table: str) -> str:
    """The statement that writes one row of ``table`` (``?`` placeholders); a row already
    there (a move run again after it stopped) is left as it is."""
    columns, _ = MOVED[table]
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING"


class Store(Protocol):
    data_dir: Path
    storage_dir: Path

    # originals (in the storage folder)
    def original_path(self, doc_id: str) -> Path: ...
    def store_original(
        self, doc_id: str, data: bytes, *, filename: str, media_type: str
    ) -> bool: ...
    def set_media_type(self, doc_id: str, media_type: str) -> None: ...
    def read_original(self, doc_id: str) -> bytes: ...

    # jobs
    def create_job(self, doc_id: str, *, error: VanbanError | None = None) -> Job: ...
    def job(self, job_id: str) -> Job: ...
    def jobs_for(self, doc_id: str) -> list[Job]: ...
    def claim_job(self) -> Job | None: ...
    def start_job(self, job_id: str, *, worker: str | None = None) -> None: ...
    def update_job(self, job_id: str, **values: Any) -> None: ...
    def requeue_interrupted(self) -> int: ...

    # records
    def save_record(self, doc_id: str, record: dict[str, Any]) -> None: ...
    def record(self, doc_id: str) -> dict[str, Any]: ...
    def read_record(self, doc_id: str) -> Record: ...
    def document_row(self, doc_id: str) -> Any: ...  # a row: row["filename"], ...
    def documents(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]: ...
    def review_rows(
        self, *, reviewed: bool, limit: int, offset: int
    ) -> tuple[int, list[dict[str, Any]]]: ...  # the review queue's page, and its size

    def count_documents(self) -> int: ...
    def add_history(
        self, doc_id: str, *, who: str, field: str, before: Any, after: Any
    ) -> None: ...
    def history(self, doc_id: str) -> list[dict[str, Any]]: ...

    # search and feeds
    def search_rows(
        self, terms: list[str], filters: Filters, *, limit: int, offset: int, facets: int
    ) -> SearchRows: ...
    def deadline_rows(self, query: DeadlineQuery) -> list[Any]: ...

    # the webhook outbox
    def add_event(self, doc_id: str, payload: dict[str, Any]) -> int: ...
    def due_events(self, *, limit: int = 5, lease: float = 120) -> list[dict[str, Any]]:
        """Claim up to ``limit`` pending events that are due: each is hidden from every other
        process for ``lease`` seconds, so several web processes never send one event twice, and
        an event whose sender died is sent again once its lease runs out."""
        ...

    def event_state(self, event_id: int, *, state: str, attempts: int, next_at: float) -> None: ...
    # moving an archive to another database (archive.move)
    def export_rows(self, table: str, doc_id: str | None = None) -> list[dict[str, Any]]: ...
    def import_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Write rows read by ``export_rows`` (documents first), all in one transaction."""
        ...

    def schema_version(self) -> int: ...
    def close(self) -> None: ...
