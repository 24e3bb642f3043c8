"""Page workers: each page rendered and read in a process of its own, within limits.

A page's process is forked from a fork server, a clean process started by exec: it holds
none of the service's sockets, threads or signal handlers. It dies with its parent however
the parent dies (PR_SET_PDEATHSIG), runs under an address-space ceiling (an allocation
beyond it fails that page with ``out_of_memory``, never the machine), and is killed when it
overruns its time. A page that fails is left out with a coded warning and the document goes
on; only a document whose every page failed fails, with the first page's error.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import multiprocessing.connection
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
        _context.set_forkserver_preload(["api.pages"])
    return _context


def warm_up() -> None:
    """Start the fork server now (it loads OpenCV and the rest in the background); it is
    stopped and reaped when this process exits."""
    from multiprocessing import forkserver

    context()
    if not _stopping:
        atexit.register(shut_down)
        _stopping.append(True)
    forkserver.ensure_running()


_stopping: list[bool] = []


def shut_down() -> None:
    """Stop the fork server and its resource tracker and wait for them, so no process of
    ours outlives this one (they would end by themselves a moment later; reaped here, the
    pages' CPU time is counted in this process's too)."""
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
    """Every job's page, in the jobs' order; at most ``workers`` processes at a time."""
    results: dict[int, OcrPage | PageFailure] = {}
    running: dict[Any, _Running] = {}
    waiting = list(reversed(list(enumerate(jobs))))
    try:
        while waiting or running:
            while waiting and len(running) < max(1, workers):
                started = _start(*waiting.pop())
                running[started.connection] = started
            for done in _finished(running):
                results[done.index] = done.result()
                del running[done.connection]
                if progress:
                    progress(len(results), len(jobs))
    finally:
        for left in running.values():
            left.stop()
    return [results[i] for i in range(len(jobs))]


class _Running:
    """One page's process, the pipe its answer comes by, and its deadline."""

    def __init__(self, index: int, job: PageJob, process: Any, connection: Any) -> None:
        self.index, self.job, self.process, self.connection = index, job, process, connection
        self.deadline = time.monotonic() + job.limits.page_seconds
        self.answer: tuple[Any, ...] | None = None

    def result(self) -> OcrPage | PageFailure:
        self.stop()
        number, answer = self.job.number, self.answer
        if answer is not None and answer[0] == "page":
            return answer[1]  # type: ignore[no-any-return]
        if answer is not None:
            return PageFailure(number, error_for(answer[1], answer[2]))
        if time.monotonic() >= self.deadline:
            message = (
                f"page {number} took longer than {self.job.limits.page_seconds:.0f} s and was "
                "stopped (VANBAN_PAGE_TIMEOUT)."
            )
            return PageFailure(number, PageTimeout(message))
        code = self.process.exitcode
        message = f"the worker reading page {number} died (exit status {code})"
        if code == -9:
            message += ", killed, most likely for lack of memory"
        return PageFailure(number, WorkerCrashed(message + "."))

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


def _start(index: int, job: PageJob) -> _Running:
    ctx = context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=page_main, args=(send, job), name=f"vanban-page-{job.number}")
    process.start()
    send.close()  # the child's end: closed here so a dead child reads as end of file
    return _Running(index, job, process, receive)


def _finished(running: dict[Any, _Running]) -> list[_Running]:
    """The pages that answered, died or overran, waiting for the first of them."""
    soonest = min(r.deadline for r in running.values())
    ready = multiprocessing.connection.wait(
        list(running), timeout=max(0.0, soonest - time.monotonic())
    )
    done = []
    for page in running.values():
        if page.connection in ready:
            try:
                page.answer = page.connection.recv()
            except (EOFError, OSError):
                page.answer = None  # died without a word: exit status tells
            done.append(page)
        elif time.monotonic() >= page.deadline:
            done.append(page)
    return done


def page_main(connection: Any, job: PageJob) -> None:
    """In the page's process: render and read the page, send back the page or the error."""
    die_with_parent()
    limit_memory(job.limits.page_memory)
    try:
        answer: tuple[Any, ...] = ("page", _read(job))
    except VanbanError as exc:
        answer = ("error", exc.code, exc.message)
    except Exception as exc:  # noqa: BLE001 - a bug on one page must not end the document
        answer = ("error", OutOfMemory.code, _no_memory(job))
        if not _out_of_memory(exc):
            log.error("page %d failed:\n%s", job.number, traceback.format_exc())
            answer = ("error", "internal_error", f"page {job.number}: {type(exc).__name__}: {exc}")
    connection.send(answer)
    connection.close()


def _read(job: PageJob) -> OcrPage:
    page = render(
        job.path,
        job.media_type,
        job.number,
        dpi=job.ocr.dpi,
        max_pixels=job.limits.max_pixels,
        timeout=job.limits.page_seconds / 2,  # poppler ends itself before the page is killed
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
