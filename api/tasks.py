"""Jobs over a broker (``VANBAN_BROKER_URL``): Celery with Redis, for workers on several
machines. Unset, jobs run in the web process as they always have (``archive.jobs.Worker``).

A job is a message naming the job and its document; the worker reads the original from the
storage folder and runs ``api.intake.run``, which keeps the progress, the record and the
webhook event in the shared database. Delivery is at least once: a message is acknowledged
only when its job has ended (``acks_late``), one at a time per process (prefetch 1), so a
worker killed mid-job gives its message back and another worker runs the job again from the
start (the visibility timeout, longer than the longest job, is when Redis gives it back).
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from core.errors import ServiceUnavailable
from core.settings import Settings

log = logging.getLogger("vanban.tasks")
TASK = "vanban.process"
QUEUE = "vanban"


def visibility_timeout(settings: Settings) -> int:
    """How long a taken message waits for its ack before Redis gives it to another worker:
    above the longest job (``VANBAN_JOB_TIMEOUT``), so a slow job is never run twice."""
    return int(settings.job_timeout * 1.25) + 5


def make_celery(settings: Settings) -> Celery:
    app = Celery("vanban", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=QUEUE,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,  # progress and outcome are in the database
        task_acks_late=True,  # acknowledged when the job has ended, not when it is taken
        task_reject_on_worker_lost=True,  # a process killed mid-job gives its message back
        task_time_limit=settings.job_timeout,  # the longest a job may take
        worker_prefetch_multiplier=1,  # a process holds one message: the one it works on
        worker_max_memory_per_child=settings.worker_max_memory_mb * 1024,  # KiB
        worker_concurrency=settings.workers,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": visibility_timeout(settings),
            "unacked_restore_interval": 5,  # seconds between looks for messages given back
            "unacked_restore_throttle": 1,
        },
    )

    @app.task(name=TASK, bind=True)  # type: ignore[untyped-decorator]
    def process_job(task: Any, job_id: str, doc_id: str) -> None:
        from api import intake
        from api.pipeline import PipelineOptions

        archive = _archive(settings)
        worker = str(task.request.hostname or f"{socket.gethostname()}:{os.getpid()}")
        intake.run(
            archive,
            job_id,
            doc_id,
            options=PipelineOptions.from_settings(settings),
            webhook_url=settings.webhook_url,
            worker=worker,
        )

    return app


@worker_process_init.connect  # type: ignore[untyped-decorator]
def _may_start_page_workers(**_: Any) -> None:
    """A pool process reads a job's pages in page workers (api.pages) as the web process
    does; multiprocessing refuses children to a process marked daemonic, which the pool's
    are, and cannot hand them the pool's (billiard's) authentication key: a key of its own.
    The page workers die with it however it dies (PR_SET_PDEATHSIG)."""
    import multiprocessing.process as mp

    config = mp.current_process()._config  # type: ignore[attr-defined]
    config["daemon"] = False
    config["authkey"] = mp.AuthenticationString(os.urandom(32))  # type: ignore[attr-defined]


_opened: dict[int, Any] = {}


def _archive(settings: Settings) -> Any:
    """One archive per worker process (each opens its own database connections)."""
    from archive import open_store

    if os.getpid() not in _opened:
        _opened[os.getpid()] = open_store(
            settings.data_dir, database_url=settings.database_url, storage_dir=settings.storage_dir
        )
    return _opened[os.getpid()]


class Queue:
    """What ``vanban serve`` sends jobs with when a broker is set."""

    def __init__(self, settings: Settings) -> None:
        self.celery = make_celery(settings)

    def enqueue(self, job_id: str, doc_id: str) -> None:
        try:
            self.celery.send_task(
                TASK,
                args=[job_id, doc_id],
                queue=QUEUE,
                retry=True,
                retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
            )
        except Exception as exc:  # noqa: BLE001 - kombu's connection errors vary by transport
            raise ServiceUnavailable(f"the job queue does not answer: {exc}") from None


def run_worker(settings: Settings, *, name: str | None = None, loglevel: str = "INFO") -> None:
    """``vanban worker``: a Celery worker of ``settings.workers`` processes."""
    app = make_celery(settings)
    argv = [
        "worker",
        f"--concurrency={settings.workers}",
        "--prefetch-multiplier=1",
        f"--queues={QUEUE}",
        f"--loglevel={loglevel}",
        "--without-gossip",
        "--without-mingle",
    ]
    if name:
        argv.append(f"--hostname={name}")
    app.worker_main(argv=argv)
