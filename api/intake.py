"""One way in for every document, uploaded or imported:
store the original -> its job -> process -> save (and index) -> webhook event.

``accept`` stores the bytes and checks them once (``ingest.load``); ``run`` processes a
document's job and saves its record. The web process, a worker on another machine and
``vanban import`` all go through these two functions.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from api.pipeline import PipelineOptions, process, process_source
from archive import webhook
from archive.base import Store
from archive.store import Job
from core.errors import InternalError, VanbanError
from core.record import Source
from ingest import load

log = logging.getLogger("vanban.intake")
Progress = Callable[[int, int], None]
# process(original bytes, filename, progress) -> the record's JSON form (the pipeline's)
Processor = Callable[[bytes, str, Progress], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Accepted:
    """What became of one file at the door."""

    filename: str
    document_id: str
    job: Job
    duplicate: bool = False  # the document already had a job that did not fail
    error: VanbanError | None = None  # the file was kept but cannot be processed
    source: Source | None = None  # the checked document, to process in this process


@dataclass(frozen=True, slots=True)
class Outcome:
    """A job's end: the saved record, or the coded error it failed with."""

    record: dict[str, Any] | None = None
    error: VanbanError | None = None


def document_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def accept(
    archive: Store,
    data: bytes,
    *,
    filename: str,
    options: PipelineOptions,
    declared_type: str | None = None,
) -> Accepted:
    """Store the original first, then check it; its job (the unfinished one it has, or new).

    A file that cannot be processed keeps its original and gets a failed job with the error."""
    doc_id = document_id(data)
    archive.store_original(doc_id, data, filename=filename, media_type="application/octet-stream")
    try:
        source = load(
            data,
            filename=filename,
            limits=options.limits,
            use_text_layer=options.use_text_layer,
            declared_type=declared_type,
        )
    except VanbanError as exc:
        job = archive.create_job(doc_id, error=exc)  # failed from the start: no worker takes it
        return Accepted(filename, doc_id, job, error=exc)
    archive.set_media_type(doc_id, source.media_type)
    existing = [j for j in archive.jobs_for(doc_id) if j.state != "failed"]
    job = existing[-1] if existing else archive.create_job(doc_id)
    return Accepted(filename, doc_id, job, duplicate=bool(existing), source=source)


def run(
    archive: Store,
    job_id: str,
    doc_id: str,
    *,
    options: PipelineOptions,
    webhook_url: str | None = None,
    source: Source | None = None,
    on_event: Callable[[], None] | None = None,
    processor: Processor | None = None,
    worker: str | None = None,
) -> Outcome:
    """Process the document of a job and save its record (the search index, deadlines and
    citations with it), then keep its ``document.processed`` event when a webhook is set.

    ``source``: the document ``accept`` checked, when processing in the same process; else the
    stored original is read. ``processor``: another way from bytes to record than the
    pipeline. Errors end the job as failed, never raise."""
    archive.start_job(job_id, worker=worker)

    def progress(done: int, total: int) -> None:
        archive.update_job(job_id, pages_done=done, pages_total=total)

    try:
        record = _process(archive, doc_id, options, source, processor, progress)
    except VanbanError as exc:
        archive.update_job(job_id, state="failed", error_code=exc.code, error_message=exc.message)
        return Outcome(error=exc)
    except Exception as exc:  # noqa: BLE001 - a crash in one job must not stop the worker
        log.exception("job %s failed", job_id)  # the traceback for the log, not the user
        error = InternalError(f"An unexpected error ({type(exc).__name__}); see the log.")
        archive.update_job(
            job_id, state="failed", error_code=error.code, error_message=error.message
        )
        return Outcome(error=error)
    media_type = (record.get("source") or {}).get("media_type")
    if media_type:
        archive.set_media_type(doc_id, media_type)
    archive.save_record(doc_id, record)
    archive.update_job(job_id, state="done")
    if webhook_url and (record.get("fields") or {}).get("deadlines"):
        archive.add_event(doc_id, webhook.event(doc_id, record))  # the outbox sends it
        if on_event:
            on_event()
    return Outcome(record=record)


def _process(
    archive: Store,
    doc_id: str,
    options: PipelineOptions,
    source: Source | None,
    processor: Processor | None,
    progress: Progress,
) -> dict[str, Any]:
    if source is not None:  # checked at the door, in this process: not loaded again
        record = process_source(source, options=options, progress=progress)
    else:  # another process (a worker): the stored original
        row = archive.document_row(doc_id)
        data = archive.read_original(doc_id)
        if processor is not None:
            return processor(data, row["filename"], progress)
        record = process(data, filename=row["filename"], options=options, progress=progress)
    # words kept with their boxes and confidences: the review page and the PDF/A copy
    return record.to_dict(words=True)
