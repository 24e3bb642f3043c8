"""Background processing of queued jobs; interrupted work resumes at start-up."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from archive.base import Store

log = logging.getLogger("vanban.jobs")
Runner = Callable[[str, str], object]  # (job id, document id): process and save, never raise


class Worker:
    """Takes queued jobs in ``threads`` threads, one job each (the pages of the jobs at work
    share the page workers, so a queue of one-page scans keeps every core busy). What a job
    does is ``run`` (``api.intake.run``: process, save, index, webhook)."""

    def __init__(self, archive: Store, run: Runner, *, threads: int = 1) -> None:
        self.archive = archive
        self.run = run
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
            try:
                self.run(job.id, job.document_id)
            except Exception:  # noqa: BLE001 - one job's failure must not stop the worker
                log.exception("job %s could not be run", job.id)
