"""Moving an archive into another database: the embedded SQLite archive of one machine into
PostgreSQL when the service grows to several (``vanban move-archive``).

Document by document: the original is written to the target's storage folder and checked
against its id (the SHA-256 of its bytes), then the document's row, jobs, history and webhook
events go in one transaction, then its record is saved, which indexes it for search, feeds and
the review queue. A move that stops (a crash, Ctrl-C) is run again and carries on: documents
already there are left as they are. The source is only read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archive.base import MOVED, Store
from archive.store import write_durably
from core.errors import CorruptOriginal, NotFound

UNFINISHED = ("queued", "running")


@dataclass(frozen=True, slots=True)
class Moved:
    documents: int  # moved by this run
    already: int  # in the target before this run
    records: int  # processed records saved (and indexed) in the target by this run
    unfinished: int  # jobs moved while queued or running: the target's service takes them up


def move(
    source: Store, target: Store, *, progress: Callable[[int, int], None] | None = None
) -> Moved:
    """Copy every document of ``source`` into ``target``; ``progress(done, total)`` after each."""
    documents = source.export_rows("documents")
    moved = already = records = unfinished = 0
    for done, row in enumerate(documents, 1):
        doc_id = row["id"]
        if target.export_rows("documents", doc_id):
            already += 1
        else:
            _copy_original(source, target, doc_id)
            rows = {"documents": [row]}
            rows |= {t: source.export_rows(t, doc_id) for t in MOVED if t != "documents"}
            unfinished += sum(job["state"] in UNFINISHED for job in rows["jobs"])
            target.import_rows(rows)
            moved += 1
        records += _copy_record(source, target, doc_id)
        if progress:
            progress(done, len(documents))
    return Moved(moved, already, records, unfinished)


def _copy_original(source: Store, target: Store, doc_id: str) -> None:
    data = source.read_original(doc_id)
    if hashlib.sha256(data).hexdigest() != doc_id:
        raise CorruptOriginal(
            f"the original of document {doc_id} ({source.original_path(doc_id)}) does not match "
            "its id: it was changed or damaged on disk. Restore it from a backup, then move again."
        )
    path = target.original_path(doc_id)
    if not _same_file(path, source.original_path(doc_id)):
        write_durably(path, data)


def _copy_record(source: Store, target: Store, doc_id: str) -> int:
    """Save the source's record in the target unless it is there: 1 if saved."""
    try:
        record = source.record(doc_id)
    except NotFound:  # never processed (its job failed or waits)
        return 0
    try:
        target.record(doc_id)
        return 0
    except NotFound:
        target.save_record(doc_id, record)
        return 1


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and a.samefile(b)
    except OSError:
        return False
