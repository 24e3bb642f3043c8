"""Page workers: pages rendered and read in worker processes, within limits.

A worker is forked from a fork server, a clean process started by exec: it holds none of
the service's sockets, threads or signal handlers. It dies with its parent however the
parent dies (PR_SET_PDEATHSIG), runs under an address-space ceiling (an allocation beyond
it fails that page with ``out_of_memory``, never the machine), and is killed when a page
overruns its time, a fresh worker taking its place. A page that fails is left out with a
coded warning and the document goes on; only a document whose every page failed fails,
with the first page's error. Workers stay between documents, idle, for the next one.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

import cv2

import ocr
from core.errors import (
    OutOfMemory,
    PageTimeout,
    VanbanError,
    WarningCode,
    WorkerCrashed,
    error_for,
)
from core.options import Limits, OcrOptions
from core.processes import die_with_parent, limit_memory
from core.record import Notice, OcrPage
from ingest.raster import render

log = logging.getLogger("vanban.pages")
Progress = Callable[[int, int], None]  # (pages done, pages total)


@dataclass(frozen=True, slots=True)
class PageJob:
    path: Path
    media_type: str
    number: int
    ocr: OcrOptions
    limits: Limits


@dataclass(frozen=True, slots=True)
class PageFailure:
    number: int
    error: VanbanError


_context: ForkServerContext | None = None


def context() -> ForkServerContext:
    """The fork server context, its server preloaded with the page path's modules."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        # the main module too: a page process then finds it loaded, not runs it again
        _context.set_forkserver_preload(["__main__", "api.pages"])
        atexit.register(shut_down)  # the server and the workers end with this process
    return _context


def warm_up() -> None:
    """Start the fork server now (it loads OpenCV and the rest in the background); it is
    stopped and reaped when this process exits."""
    from multiprocessing import forkserver

    context()
    forkserver.ensure_running()


def shut_down() -> None:
    """Stop the idle page workers, the fork server and its resource tracker, and wait for
    them, so no process of ours outlives this one (they would end by themselves a moment
    later; reaped here, the pages' CPU time is counted in this process's too)."""
    with _idle_lock:
        idle = list(_idle)
        _idle.clear()
    for worker in idle:
        worker.stop()
    _stop_servers()


def _stop_servers() -> None:
    from multiprocessing import forkserver, resource_tracker

    # multiprocessing's own way to stop its servers, the fork server and then the tracker
    for server in (
        getattr(forkserver, "_forkserver", None),
        getattr(resource_tracker, "_resource_tracker", None),
    ):
        stop = getattr(server, "_stop", None)
        if callable(stop):
            with contextlib.suppress(OSError, ChildProcessError):
                stop()


def read_pages(
    jobs: list[PageJob], *, workers: int, progress: Progress | None = None
) -> list[OcrPage | PageFailure]:
    """Every job's page, in the jobs' order, read by at most ``workers`` page workers.

    Workers are kept between documents (their start and first page cost more than the
    pages after). One that fails, overruns or dies is replaced; its page is a failure."""
    results: dict[int, OcrPage | PageFailure] = {}
    waiting = list(reversed(list(enumerate(jobs))))
    memory = jobs[0].limits.page_memory if jobs else None
    pool = _borrow(max(1, min(workers, len(jobs))), memory, limit=max(1, workers))
    try:
        while waiting or any(w.job for w in pool):
            for worker in pool:
                if waiting and worker.job is None:
                    worker.give(*waiting.pop())
            for worker in _finished(pool):
                results[worker.index] = worker.result()
                if progress:
                    progress(len(results), len(jobs))
    finally:
        _give_back(pool)
    return [results[i] for i in range(len(jobs))]


_idle: list[_Worker] = []  # workers kept between documents
_idle_lock = threading.Lock()  # documents may be read side by side (the API's /process)
_busy = threading.Condition()  # documents read side by side share the workers
_in_use = [0]


def _borrow(size: int, memory: int | None, *, limit: int) -> list[_Worker]:
    """Up to ``size`` workers under the ``memory`` ceiling, at least one, with never more
    than ``limit`` at work for all documents together: idle ones first, then new ones."""
    with _busy:
        while _in_use[0] >= limit:
            _busy.wait()
        size = min(size, limit - _in_use[0])
        _in_use[0] += size
    with _idle_lock:
        mine = [w for w in _idle if w.memory == memory][:size]
        for worker in mine:
            _idle.remove(worker)
    return mine + [_Worker(memory) for _ in range(size - len(mine))]


def _give_back(pool: list[_Worker]) -> None:
    """Keep the live, idle workers for the next document (as many as there are cores)."""
    with _busy:
        _in_use[0] -= len(pool)
        _busy.notify_all()
    for worker in pool:
        if worker.job is not None or not worker.alive():
            worker.stop()  # interrupted mid-page: its page is abandoned with it
            continue
        with _idle_lock:
            if len(_idle) < (os.cpu_count() or 1):
                _idle.append(worker)
                continue
        worker.stop()


class _Worker:
    """A page worker process, the pipe to it, and the page it is reading, if any."""

    def __init__(self, memory: int | None) -> None:
        self.memory = memory
        self.job: PageJob | None = None
        self.index = -1
        self.deadline = 0.0
        self.answer: tuple[Any, ...] | None = None
        self._spawn()

    def _spawn(self) -> None:
        ctx = context()
        self.connection, theirs = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=worker_main, args=(theirs, self.memory), daemon=True)
        self.process.start()
        theirs.close()  # closed here, so a dead worker reads as end of file

    def alive(self) -> bool:
        return bool(self.process.is_alive()) and not self.connection.closed

    def give(self, index: int, job: PageJob) -> None:
        if not self.alive():
            self._spawn()  # the one before failed or was stopped: a fresh process
        self.index, self.job, self.answer = index, job, None
        self.deadline = time.monotonic() + job.limits.page_seconds
        self.connection.send(job)

    def result(self) -> OcrPage | PageFailure:
        job, answer = self.job, self.answer
        assert job is not None
        self.job = None
        if answer is not None and answer[0] == "page":
            return answer[1]  # type: ignore[no-any-return]
        if answer is not None:
            if answer[1] == OutOfMemory.code:
                self.stop()  # a fresh process for the next page, its heap whole again
            return PageFailure(job.number, error_for(answer[1], answer[2]))
        self.stop()
        if time.monotonic() >= self.deadline:
            message = (
                f"page {job.number} took longer than {job.limits.page_seconds:.0f} s and was "
                "stopped (VANBAN_PAGE_TIMEOUT)."
            )
            return PageFailure(job.number, PageTimeout(message))
        code = self.process.exitcode
        message = f"the worker reading page {job.number} died (exit status {code})"
        if code == -9:
            message += ", killed, most likely for lack of memory"
        return PageFailure(job.number, WorkerCrashed(message + "."))

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


def _finished(pool: list[_Worker]) -> list[_Worker]:
    """The workers whose page answered, died or overran, waiting for the first of them."""
    busy = [w for w in pool if w.job is not None]
    soonest = min(w.deadline for w in busy)
    ready = multiprocessing.connection.wait(
        [w.connection for w in busy], timeout=max(0.0, soonest - time.monotonic())
    )
    done = []
    for worker in busy:
        if worker.connection in ready:
            try:
                worker.answer = worker.connection.recv()
            except (EOFError, OSError):
                worker.answer = None  # died without a word: its exit status tells
            done.append(worker)
        elif time.monotonic() >= worker.deadline:
            done.append(worker)
    return done


def worker_main(connection: Any, memory: int | None) -> None:
    """A page worker: read the pages it is sent until told to stop (None) or orphaned."""
    die_with_parent()
    limit_memory(memory)
    cv2.setNumThreads(1)  # pages run side by side: OpenCV's own threads would only contend
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        connection.send(answer_for(job))


def answer_for(job: PageJob) -> tuple[Any, ...]:
    """("page", OcrPage) or ("error", code, message): never an exception."""
    try:
        return ("page", _read(job))
    except VanbanError as exc:
        return ("error", exc.code, exc.message)
    except Exception as exc:  # noqa: BLE001 - a bug on one page must not end the document
        if _out_of_memory(exc):
            return ("error", OutOfMemory.code, _no_memory(job))
        log.error("page %d failed:\n%s", job.number, traceback.format_exc())
        return ("error", "internal_error", f"page {job.number}: {type(exc).__name__}: {exc}")


def _read(job: PageJob) -> OcrPage:
    page = render(
        job.path,
        job.media_type,
        job.number,
        dpi=job.ocr.dpi,
        max_pixels=job.limits.max_pixels,
        timeout=job.limits.page_seconds / 2,  # poppler ends itself before the page is killed
        scanned=True,  # a scanned page's own image, not rendered again
    )
    read = ocr.recognize(page.image, number=job.number, options=job.ocr)
    if not page.reduced:
        return read
    size = f"{page.image.width}x{page.image.height} pixels"
    how = f"at {page.dpi} dpi" if page.dpi else "reduced"
    message = (
        f"page {job.number}: a large page, read {how} ({size}) to stay within VANBAN_MAX_PIXELS"
    )
    note = Notice(WarningCode.PAGE_DOWNSCALED, message)
    return replace(read, warnings=(note, *read.warnings))


def _out_of_memory(exc: Exception) -> bool:
    """MemoryError from numpy or Python; OpenCV says so in its own error."""
    text = str(exc).lower()
    return isinstance(exc, MemoryError) or (
        isinstance(exc, cv2.error) and ("memory" in text or "alloc" in text)
    )


def _no_memory(job: PageJob) -> str:
    limit = (job.limits.page_memory or 0) / 2**20
    return (
        f"page {job.number} needs more than the {limit:.0f} MiB a page may use "
        "(VANBAN_PAGE_MEMORY_MB); scan it again at 300 dpi or raise the limit."
    )
