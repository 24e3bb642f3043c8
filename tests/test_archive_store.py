"""The store and the worker on a real SQLite file: originals, jobs, records, history."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from api import intake
from api.pipeline import PipelineOptions
from archive import Archive
from archive.jobs import Worker
from core.errors import CorruptFile, NotFound

DATA = "Kế hoạch số 1".encode()
DOC = hashlib.sha256(DATA).hexdigest()


def test_originals_are_content_addressed(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    assert archive.store_original(DOC, DATA, filename="a.txt", media_type="text/plain")
    assert not archive.store_original(DOC, DATA, filename="b.txt", media_type="text/plain")
    path = tmp_path / "originals" / DOC[:2] / DOC
    assert path.read_bytes() == DATA
    assert [p.name for p in path.parent.iterdir()] == [DOC]  # no temporary file left
    assert archive.count_documents() == 1
    assert archive.documents()[0]["filename"] == "a.txt"


def test_unknown_ids_are_not_found(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    for call in (archive.record, archive.document_row, archive.read_original, archive.job):
        with pytest.raises(NotFound):
            call("0" * 64)
    archive.store_original(DOC, DATA, filename="a.txt", media_type="text/plain")
    with pytest.raises(NotFound, match="not been processed"):
        archive.record(DOC)


def test_jobs_claim_in_order_and_requeue_after_a_crash(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store_original(DOC, DATA, filename="a.txt", media_type="text/plain")
    first, second = archive.create_job(DOC), archive.create_job(DOC)
    claimed = archive.claim_job()
    assert claimed is not None and claimed.id == first.id and claimed.state == "running"
    reopened = Archive(tmp_path)  # a new process on the same data directory
    assert reopened.requeue_interrupted() == 1
    assert reopened.job(first.id).state == "queued"
    assert [j.id for j in reopened.jobs_for(DOC)] == [first.id, second.id]


def test_a_job_made_failed_is_never_queued_for_a_worker(tmp_path: Path) -> None:
    from core.errors import UnsupportedType

    archive = Archive(tmp_path)
    archive.store_original(DOC, DATA, filename="a.docx", media_type="application/octet-stream")
    failed = archive.create_job(DOC, error=UnsupportedType("Word files are not read"))
    assert (failed.state, failed.error_code) == ("failed", "unsupported_type")
    assert archive.claim_job() is None  # no window in which a worker could take it


def test_history_keeps_who_when_before_after(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store_original(DOC, DATA, filename="a.txt", media_type="text/plain")
    archive.add_history(DOC, who="lan", field="fields.title", before="Cũ", after="Mới")
    (entry,) = archive.history(DOC)
    assert entry["who"] == "lan" and entry["before"] == "Cũ" and entry["after"] == "Mới"
    assert abs(entry["at"] - time.time()) < 60


def run_worker(
    archive: Archive,
    process: Callable[..., dict[str, Any]],
    *,
    threads: int = 1,
    webhook_url: str | None = None,
    on_event: Callable[[], None] | None = None,
) -> Worker:
    """The worker as the service runs it (api.intake.run), with ``process`` for the pipeline."""

    def run(job_id: str, doc_id: str) -> None:
        intake.run(
            archive,
            job_id,
            doc_id,
            options=PipelineOptions(),
            webhook_url=webhook_url,
            on_event=on_event,
            processor=process,
        )

    worker = Worker(archive, run, threads=threads)
    worker.start()
    return worker


def wait_state(archive: Archive, job_id: str) -> str:
    for _ in range(200):
        state = archive.job(job_id).state
        if state in ("done", "failed"):
            return state
        time.sleep(0.02)
    raise AssertionError("job did not finish")


def test_worker_saves_then_notifies(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store_original(DOC, DATA, filename="a.txt", media_type="text/plain")
    job = archive.create_job(DOC)
    seen: list[str] = []
    saved = threading.Event()

    def process(data: bytes, name: str, progress: Callable[[int, int], None]) -> dict[str, Any]:
        progress(1, 1)
        deadline = {"raw": "trước 31/3/2021", "end": "2021-03-31", "kind": "before"}
        return {
            "text": data.decode(),
            "source": {"media_type": "text/plain"},
            "fields": {"title": name, "deadlines": [deadline]},
        }

    def on_event() -> None:
        seen.append(archive.record(DOC)["fields"]["title"])  # already stored
        saved.set()

    worker = run_worker(archive, process, webhook_url="http://127.0.0.1:9/", on_event=on_event)
    try:
        assert wait_state(archive, job.id) == "done" and saved.wait(5)
    finally:
        worker.stop()
    assert seen == ["a.txt"]
    (event,) = archive.due_events()  # kept for the outbox to send
    assert event["payload"]["event"] == "document.processed"
    assert archive.job(job.id).pages_done == archive.job(job.id).pages_total == 1


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (CorruptFile("page 2 is damaged"), "corrupt_file"),
        (RuntimeError("boom"), "internal_error"),
    ],
)
def test_worker_records_failures_and_goes_on(tmp_path: Path, error: Exception, code: str) -> None:
    archive = Archive(tmp_path)
    archive.store_original(DOC, DATA, filename="a.txt", media_type="text/plain")
    bad, good = archive.create_job(DOC), archive.create_job(DOC)
    calls: list[int] = []

    def process(data: bytes, name: str, progress: Callable[[int, int], None]) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            raise error
        return {"text": "", "source": {"media_type": "text/plain"}, "fields": {}}

    worker = run_worker(archive, process)
    try:
        assert wait_state(archive, bad.id) == "failed"
        assert wait_state(archive, good.id) == "done"
    finally:
        worker.stop()
    failed = archive.job(bad.id).to_dict()
    assert failed["error"]["code"] == code and failed["error"]["message"]
    assert "Traceback" not in failed["error"]["message"]
    assert archive.read_original(DOC) == DATA  # the original is never lost


def test_an_older_archive_gains_the_new_columns(tmp_path: Path) -> None:
    import json
    import sqlite3

    from archive.search import Filters, search

    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    db.executescript(
        "CREATE TABLE documents (id TEXT PRIMARY KEY, filename TEXT NOT NULL, "
        "media_type TEXT NOT NULL, bytes INTEGER NOT NULL, created REAL NOT NULL, record TEXT, "
        "doc_type TEXT, issuer TEXT, year INTEGER, symbol TEXT, title TEXT);"
    )
    record = {"text": "Nội dung", "fields": {"doc_type": "Kế hoạch", "type_code": "KH"}}
    db.execute(
        "INSERT INTO documents (id, filename, media_type, bytes, created, record) "
        "VALUES (?, 'a.txt', 'text/plain', 1, 0, ?)",
        (DOC, json.dumps(record)),
    )
    db.commit()
    db.close()
    archive = Archive(tmp_path)
    assert search(archive, "noi dung", filters=Filters(doc_type="kh"))["total"] == 1


def test_worker_threads_take_one_job_each_at_the_same_time(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store_original(DOC, DATA, filename="a.txt", media_type="text/plain")
    jobs = [archive.create_job(DOC) for _ in range(4)]
    lock, at_work, most = threading.Lock(), [0], [0]

    def process(data: bytes, name: str, progress: Callable[[int, int], None]) -> dict[str, Any]:
        with lock:
            at_work[0] += 1
            most[0] = max(most[0], at_work[0])
        time.sleep(0.3)
        with lock:
            at_work[0] -= 1
        return {"text": "", "source": {"media_type": "text/plain"}, "fields": {}}

    worker = run_worker(archive, process, threads=2)
    try:
        assert [wait_state(archive, j.id) for j in jobs] == ["done"] * 4
    finally:
        worker.stop()
    assert most[0] == 2  # two at a time, never more
