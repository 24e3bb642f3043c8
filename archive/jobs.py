"""Background processing of queued jobs; interrupted work resumes at start-up."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from archive.store import Archive
from core.errors import InternalError, VanbanError

log = logging.getLogger("vanban.jobs")
# process(data, filename, progress) -> record as a dict
Processor = Callable[[bytes, str, Callable[[int, int], None]], dict[str, Any]]
Listener = Callable[[str, dict[str, Any]], None]  # (document id, record) after success


class Worker:
    """Takes queued jobs in ``threads`` threads, one job each (the pages of the jobs at work
    share the page workers, so a queue of one-page scans keeps every core busy)."""

    def __init__(
        self,
        archive: Archive,
        process: Processor,
        *,
        on_done: Listener | None = None,
        threads: int = 1,
    ) -> None:
        self.archive = archive
        self.process = process
        self.on_done = on_done
        self.threads = max(1, threads)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        resumed = self.archive.requeue_interrupted()
        if resumed:
            log.info("resuming %d interrupted job(s)", resumed)
        self._threads = [
            threading.Thread(target=self._run, name=f"vanban-worker-{n}", daemon=True)
            for n in range(self.threads)
        ]
        for thread in self._threads:
            thread.start()
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def notify(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            job = self.archive.claim_job()
            if job is None:
                self._wake.wait(1.0)
                self._wake.clear()
                continue
            self.run_job(job.id, job.document_id)

    def run_job(self, job_id: str, doc_id: str) -> None:
        row = self.archive.document_row(doc_id)

        def progress(done: int, total: int) -> None:
            self.archive.update_job(job_id, pages_done=done, pages_total=total)

        try:
            record = self.process(self.archive.read_original(doc_id), row["filename"], progress)
        except VanbanError as exc:
            self.archive.update_job(
                job_id, state="failed", error_code=exc.code, error_message=exc.message
            )
            return
        except Exception as exc:  # noqa: BLE001 - a crash in one job must not stop the worker
            log.exception("job %s failed", job_id)  # the traceback for the log, not the user
            self.archive.update_job(
                job_id,
                state="failed",
                error_code=InternalError.code,
                error_message=f"An unexpected error ({type(exc).__name__}); see the log.",
            )
            return
        self.archive.save_record(doc_id, record)
        self.archive.update_job(job_id, state="done")
        if self.on_done:
            self.on_done(doc_id, record)
