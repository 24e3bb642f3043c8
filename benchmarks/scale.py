"""Past one machine: throughput of workers, queue overhead, search latency as the archive grows.

    python -m benchmarks.scale [--docs 8] [--dpi 150] [--overhead 8] [--sizes 2000,10000]
                               [--database-url URL] [--broker-url URL] [--skip ...]

- throughput: the same batch of one-page scans (generated, ``benchmarks.soak_docs``) through
  the embedded service (jobs in the web process, VANBAN_WORKERS threads) and through
  `vanban worker` processes over Redis with PostgreSQL, one then two processes of one job
  each; pages per minute from the first upload to the last job done (models loaded first).
- queue overhead: tiny text documents one at a time, upload to done, through the broker and
  embedded; the difference of the means is what the queue adds per job.
- search: p50/p95 over the queries of ``benchmarks.archive`` on archives of each size, SQLite
  and PostgreSQL, then the growth from the smallest to the largest size and its projection to
  1,000,000 documents (p95 grows as size**b; b measured). The full figures: --sizes 10000,100000.

PostgreSQL and Redis are started on loopback in a temporary folder (tests/services.py) unless
their URLs are given. The default run is short (a few minutes).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from archive import open_store
from archive.search import Filters, search
from benchmarks.archive import QUERIES, generate
from benchmarks.soak_docs import MAKERS, as_text, make_document
from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FINAL = ("done", "failed")


# --------------------------------------------------------------------------- services


@contextlib.contextmanager
def services(database_url: str | None, broker_url: str | None) -> Iterator[tuple[Any, str]]:
    """(a function giving a new database URL, the broker URL): given, or started here."""
    with contextlib.ExitStack() as stack:
        from tests import services as local

        if database_url:
            new_database: Any = lambda: database_url  # noqa: E731 - one shared database
        else:
            new_database = stack.enter_context(local.postgres()).database
        broker = broker_url or stack.enter_context(local.redis())
        yield new_database, broker


# --------------------------------------------------------------------------- documents


def scans(count: int, dpi: int, seed: int = 11) -> list[tuple[str, bytes]]:
    """``count`` one-page office scans (PNG), different bytes each."""
    make = MAKERS["office"]
    return [(f"scan-{i}.png", make(random.Random(f"{seed}:{i}"), "png", dpi)) for i in range(count)]


def texts(count: int, seed: int = 5) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        text = as_text(make_document(rng, tasks=1))
        out.append((f"note-{i}.txt", text.encode("utf-8")))
    return out


# --------------------------------------------------------------------------- running a batch


def upload_all(client: TestClient, docs: list[tuple[str, bytes]]) -> list[str]:
    jobs = []
    for name, data in docs:
        answer = client.post("/documents", files=[("files", (name, data))])
        answer.raise_for_status()
        jobs.append(answer.json()["documents"][0]["job"]["id"])
    return jobs


def wait_all(client: TestClient, jobs: list[str], timeout: float = 3600) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    states: dict[str, str] = {}
    while time.monotonic() < deadline:
        states = {j: client.get(f"/jobs/{j}").json()["state"] for j in jobs}
        if all(s in FINAL for s in states.values()):
            break
        time.sleep(0.1)
    return {s: list(states.values()).count(s) for s in set(states.values())}


def batch(client: TestClient, docs: list[tuple[str, bytes]]) -> tuple[float, dict[str, int]]:
    start = time.perf_counter()
    counts = wait_all(client, upload_all(client, docs))
    return time.perf_counter() - start, counts


def warm(client: TestClient, count: int, seed: int) -> None:
    """Small scans first, one for each process at once, so every process has its models
    loaded before the clock runs."""
    docs = scans(count, 100, seed=seed)
    wait_all(client, upload_all(client, [(f"warm-{name}", data) for name, data in docs]))


@contextlib.contextmanager
def worker_processes(count: int, settings: Settings, folder: Path) -> Iterator[None]:
    procs = []
    for n in range(count):
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "OMP_THREAD_LIMIT": "1",
            "VANBAN_DATA_DIR": str(folder / f"worker-{n}"),
            "VANBAN_STORAGE_DIR": str(settings.storage_dir),
            "VANBAN_DATABASE_URL": str(settings.database_url),
            "VANBAN_BROKER_URL": str(settings.broker_url),
            "VANBAN_WORKERS": "1",
        }
        cmd = [sys.executable, "-m", "api", "worker", "--name", f"w{n}@bench"]
        procs.append(
            subprocess.Popen(
                [*cmd, "--loglevel", "WARNING"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
    try:
        yield
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def embedded_run(docs: list[tuple[str, bytes]], folder: Path) -> tuple[float, dict[str, int]]:
    settings = Settings(data_dir=folder / "embedded")
    with TestClient(create_app(settings)) as client:
        warm(client, 2, seed=901)
        return batch(client, docs)


def broker_run(
    docs: list[tuple[str, bytes]], folder: Path, workers: int, database: str, broker: str
) -> tuple[float, dict[str, int]]:
    settings = Settings(
        data_dir=folder / f"web-{workers}",
        storage_dir=folder / f"storage-{workers}",
        database_url=database,
        broker_url=broker,
    )
    with (
        TestClient(create_app(settings)) as client,
        worker_processes(workers, settings, folder / f"run-{workers}"),
    ):
        warm(client, workers, seed=900 + workers)  # one each: a process holds one message
        return batch(client, docs)


def latency_each(client: TestClient, docs: list[tuple[str, bytes]]) -> list[float]:
    """Upload to done, one document at a time, in seconds."""
    out = []
    for doc in docs:
        start = time.perf_counter()
        wait_all(client, upload_all(client, [doc]))
        out.append(time.perf_counter() - start)
    return out


def overhead(count: int, folder: Path, database: str, broker: str) -> tuple[float, float]:
    """Mean seconds per tiny job: embedded, over the broker (one worker)."""
    docs = texts(2 * count + 2)
    with TestClient(create_app(Settings(data_dir=folder / "ov-embedded"))) as client:
        latency_each(client, docs[:1])  # the restorer loaded
        embedded = statistics.mean(latency_each(client, docs[1 : count + 1]))
    settings = Settings(
        data_dir=folder / "ov-web",
        storage_dir=folder / "ov-storage",
        database_url=database,
        broker_url=broker,
    )
    with TestClient(create_app(settings)) as client, worker_processes(1, settings, folder / "ov"):
        latency_each(client, docs[count + 1 : count + 2])
        queued = statistics.mean(latency_each(client, docs[count + 2 :]))
    return embedded, queued


# --------------------------------------------------------------------------- search


def fill(archive: Any, start: int, stop: int) -> None:
    rng = random.Random(f"scale:{start}")
    for i in range(start, stop):
        record = generate(rng, i)
        doc_id = f"{i:064x}"
        archive.store_original(
            doc_id, record["text"].encode(), filename=f"{i}.txt", media_type="text/plain"
        )
        archive.save_record(doc_id, record)


def p95s(archive: Any, rounds: int) -> tuple[float, float, float, str]:
    """(median of the queries' p50, median and worst of their p95, the worst query) in ms."""
    p50, p95, names = [], [], []
    for query, filters in QUERIES:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            search(archive, query, filters=Filters(**filters))
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p50.append(statistics.median(times))
        p95.append(times[int(0.95 * (len(times) - 1))])
        names.append(f"{query!r} {filters or ''}".strip())
    worst = max(range(len(p95)), key=p95.__getitem__)
    return statistics.median(p50), statistics.median(p95), p95[worst], names[worst]


def search_growth(
    sizes: list[int], folder: Path, database: str, rounds: int, kinds: list[str]
) -> None:
    """Archives filled through ``save_record``; their originals on tmpfs when there is one
    (the search is measured, not the disk's fsync)."""
    print(
        f"\n{'archive':10} {'documents':>10} {'load/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'worst p95 ms':>13}  worst query"
    )
    shm = Path("/dev/shm")
    scratch = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else folder
    try:
        for kind in kinds:
            _growth(kind, sizes, folder, scratch, database, rounds)
    finally:
        if scratch != folder:
            shutil.rmtree(scratch, ignore_errors=True)


def _growth(
    kind: str, sizes: list[int], folder: Path, scratch: Path, database: str, rounds: int
) -> None:
    url = database if kind == "postgres" else None
    archive = open_store(folder / f"search-{kind}", database_url=url, storage_dir=scratch / kind)
    have, found = 0, list[tuple[int, float, float]]()
    for size in sizes:
        start = time.perf_counter()
        fill(archive, have, size)
        rate = (size - have) / max(1e-9, time.perf_counter() - start)
        have = size
        if hasattr(archive, "url"):  # PostgreSQL: its statistics, as autovacuum keeps them
            archive._db().execute("ANALYZE")
        p50, p95, worst, name = p95s(archive, rounds)
        found.append((size, p95, worst))
        print(f"{kind:10} {size:10,} {rate:8,.0f} {p50:8.1f} {p95:8.1f} {worst:13.1f}  {name}")
    for label, column in (("median p95", 1), ("worst p95", 2)):
        (n1, t1), (n2, t2) = (found[0][0], found[0][column]), (found[-1][0], found[-1][column])
        if n2 > n1 and t1 > 0:
            b = math.log(max(t2, 1e-6) / t1) / math.log(n2 / n1)
            projected = t2 * (1_000_000 / n2) ** b
            print(
                f"{kind:10} {label} {n1:,} -> {n2:,}: x{t2 / t1:.2f} (~ size^{b:.2f}); "
                f"projected at 1,000,000: {projected:,.1f} ms"
            )
    archive.close()


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=8, help="scans in the batch (default: 8)")
    parser.add_argument("--dpi", type=int, default=150, help="their resolution (default: 150)")
    parser.add_argument("--overhead", type=int, default=8, help="tiny jobs timed (default: 8)")
    parser.add_argument(
        "--sizes", default="2000,10000", help="archive sizes for search (default: 2000,10000)"
    )
    parser.add_argument("--rounds", type=int, default=20, help="runs of each query (default: 20)")
    parser.add_argument(
        "--archives", default="sqlite,postgres", help="searched (default: sqlite,postgres)"
    )
    parser.add_argument("--database-url", help="a PostgreSQL to use (default: one started here)")
    parser.add_argument("--broker-url", help="a Redis to use (default: one started here)")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["throughput", "overhead", "search"]
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"machine: {os.cpu_count()} cores; VANBAN_WORKERS={Settings().workers}")
    with (
        services(args.database_url, args.broker_url) as (new_database, broker),
        tempfile.TemporaryDirectory(prefix="vanban-scale-") as tmp,
    ):
        folder = Path(tmp)
        if "throughput" not in args.skip:
            docs = scans(args.docs, args.dpi)
            print(f"\nthroughput: {len(docs)} one-page scans at {args.dpi} dpi")
            runs = [("embedded (in the web process)", lambda: embedded_run(docs, folder))]
            for n in (1, 2):
                runs.append(
                    (
                        f"{n} worker process{'es' if n > 1 else ''} (Redis, PostgreSQL)",
                        lambda n=n: broker_run(docs, folder, n, new_database(), broker),
                    )
                )
            for name, run in runs:
                seconds, counts = run()
                print(
                    f"  {name:40} {len(docs) / seconds * 60:7.1f} pages/min "
                    f"({seconds:.1f} s; {counts})"
                )
        if "overhead" not in args.skip:
            embedded, queued = overhead(args.overhead, folder, new_database(), broker)
            print(
                f"\nqueue overhead: tiny text job embedded {embedded * 1000:.0f} ms, "
                f"through Redis to a worker {queued * 1000:.0f} ms: "
                f"{(queued - embedded) * 1000:+.0f} ms per job"
            )
        if "search" not in args.skip:
            kinds = args.archives.split(",")
            search_growth(sizes, folder, new_database(), args.rounds, kinds)
            print("target: p95 < 50 ms")


if __name__ == "__main__":
    main()
