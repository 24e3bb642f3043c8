"""Soak test of the real service: mixed uploads, memory of every process, nothing lost.

    python -m benchmarks.soak [--count 200] [--seed 0] [--clients 4] [--job-timeout 900]

Builds documents (``benchmarks.soak_docs``), starts ``vanban serve`` in its own process group,
uploads them with concurrent clients, follows every job to its end while sampling the RSS of
the server and all its descendants, fetches each original back, stops the server and checks
its group is gone. A document is lost when its upload got no answer, its job never ended or
its original does not come back byte for byte; then the exit status is 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.soak_docs import KINDS, SoakDoc, build

FINAL = ("done", "failed")
EXCEPTION = re.compile(r"^[\w.]+(Error|Exception|Pool|Exit|Interrupt)\b.*")
MiB, PAGE_KB = 1024, os.sysconf("SC_PAGE_SIZE") // 1024  # sizes in kB
SAMPLE_EVERY = 0.2  # seconds between two readings of the processes' RSS
HEADERS = {"Accept-Language": "en"}  # error messages in English, as the log writes them
if os.environ.get("VANBAN_API_TOKEN"):
    HEADERS["Authorization"] = f"Bearer {os.environ['VANBAN_API_TOKEN']}"


@dataclass
class Outcome:
    doc: SoakDoc
    status: int | None = None  # HTTP status of the upload; None: no answer
    upload_code: str | None = None  # error code when refused at upload
    doc_id: str | None = None
    job_id: str | None = None
    state: str = "not sent"  # done, failed, or where it stopped
    error_code: str | None = None
    error_message: str = ""
    pages: int = 0
    original_ok: bool = False
    last: Any = None  # the job as last polled

    def lost(self) -> str:
        """Why this document is lost, or "" when it is not."""
        if self.status is None:
            return f"upload got no answer ({self.state})"
        if self.doc_id is None and self.status != 413:  # 413 is refused before it is stored
            return f"upload answered {self.status} without a document id"
        if self.state not in FINAL:
            return f"job {self.job_id} never ended: {self.state}"
        if self.doc_id and not self.original_ok:
            return "original not returned byte for byte"
        return ""


def process_table() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, process group, state) for every process, from /proc/<pid>/stat."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                state, ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
                table[int(entry)] = (int(ppid), int(pgrp), state)
    return table


def descendants(root: int) -> dict[int, int]:
    """pid -> parent pid of ``root`` and every process below it."""
    children: dict[int, list[tuple[int, int]]] = {}
    for pid, (ppid, _, _) in process_table().items():
        children.setdefault(ppid, []).append((pid, ppid))
    found, todo = {}, [(root, 0)]
    while todo:
        pid, ppid = todo.pop()
        found[pid] = ppid
        todo += children.get(pid, [])
    return found


def rss_kb(pid: int) -> int | None:
    """VmRSS: resident pages, the second field of /proc/<pid>/statm."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    return None


def describe(pid: int, tree: dict[int, int], root: int) -> tuple[str, str]:
    """(name, role): role is server; page worker (Python under the server: forked, spawned or
    forked by a forkserver); helper (that forkserver, the resource tracker); starting (a fork
    of a worker before it runs a tool); else the name (tesseract, pdftoppm)."""
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?", "gone"
    python = name.startswith("python") or name == Path(sys.executable).name or name == "vanban"
    if pid == root or not python:
        return name, ("server" if pid == root else name)
    ppid, forkserver = tree.get(pid), b"forkserver" in cmdline
    if b"resource_tracker" in cmdline or (forkserver and ppid == root):
        return name, "helper"
    worker = ppid == root or (forkserver and tree.get(ppid or 0) == root)
    return name, ("page worker" if worker else "starting")


class Sampler(threading.Thread):
    """Peak RSS in kB of every process under ``root``, by (pid, name, role), and of their sum."""

    def __init__(self, root: int, every: float) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.root, self.every, self.halt = root, every, threading.Event()
        self.peaks: dict[tuple[int, str, str], int] = {}
        self.total_kb = self.now_kb = 0

    def run(self) -> None:
        while not self.halt.wait(self.every):
            self.sample()

    def sample(self) -> None:
        total = 0
        tree = descendants(self.root)
        for pid in tree:
            kb = rss_kb(pid)
            if kb is not None:
                total += kb
                key = (pid, *describe(pid, tree, self.root))
                if key[2] != "gone":  # it ended between two reads
                    self.peaks[key] = max(self.peaks.get(key, 0), kb)
        self.total_kb, self.now_kb = max(self.total_kb, total), total


class Server:
    """``vanban serve`` as a user starts it, in a process group of its own."""

    def __init__(self, data_dir: Path, log: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url, self.log = f"http://127.0.0.1:{port}", log
        vanban = Path(sys.executable).with_name("vanban")
        args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)]
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [str(vanban), *args], stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.survivors: list[int] = []
        self.rss = Sampler(self.proc.pid, SAMPLE_EVERY)  # from the start: loading models counts
        self.rss.start()

    def wait_ready(self, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.proc.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"server not ready (exit code {self.proc.poll()}); see {self.log}")

    def stop(self, grace: float) -> list[str]:
        """SIGTERM to the group, SIGKILL after ``grace`` seconds; what happened, line by line."""
        self.rss.halt.set()
        start, code = time.monotonic(), self.proc.poll()
        report = [f"server had exited with code {code} during the run"] if code is not None else []
        self._signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(grace)
        if code is None:
            took = time.monotonic() - start
            report.append(f"SIGTERM: exit code {self.proc.poll()} after {took:.1f} s")
        if left := self._wait_empty(grace):
            report.append(f"{len(left)} still alive {grace:.0f} s after SIGTERM: SIGKILL")
            self._signal(signal.SIGKILL)
            self.proc.wait(10)
            left = self._wait_empty(10)
        self.survivors = left
        names = ", ".join(f"{p} {describe(p, {}, 0)[0]}" for p in left)
        return [*report, f"survivors of the group: {names or 'none'}"]

    def _signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)

    def _wait_empty(self, timeout: float) -> list[int]:
        """Processes of the server's group still alive (zombies left out) after ``timeout``."""
        end = time.monotonic() + timeout
        while True:
            table = process_table().items()
            left = [pid for pid, (_, grp, state) in table if grp == self.proc.pid and state != "Z"]
            if not left or time.monotonic() > end:
                return left
            time.sleep(0.2)


def upload(client: httpx.Client, url: str, out: Outcome) -> None:
    data = out.doc.path.read_bytes()
    files = [("files", (out.doc.name, data, "application/octet-stream"))]
    try:
        res = client.post(f"{url}/documents", files=files, timeout=600)
        body = res.json()
    except (httpx.HTTPError, ValueError) as exc:
        out.state = f"{type(exc).__name__}: {exc}"
        return
    out.status = res.status_code
    entry = (body.get("documents") or [{}])[0]
    if res.status_code != 202:
        out.upload_code = (body.get("error") or {}).get("code")
    out.doc_id, job = entry.get("document_id"), entry.get("job") or {}
    out.job_id = job.get("id")
    apply_job(out, job)


def apply_job(out: Outcome, job: dict[str, Any]) -> None:
    out.state = job.get("state", "no job in the answer")
    out.pages = job.get("progress", {}).get("pages_total", 0)
    error = job.get("error") or {}
    out.error_code, out.error_message = error.get("code"), error.get("message") or ""


def wait_jobs(
    client: httpx.Client, server: Server, outcomes: list[Outcome], args: argparse.Namespace
) -> None:
    """Poll until every job ends; a job running, or all of them still, for too long is left."""
    pending = [o for o in outcomes if o.job_id and o.state not in FINAL]
    started: dict[str, float] = {}
    begin = moved = shown = time.monotonic()
    limit = args.job_timeout
    while pending:
        now = time.monotonic()
        if server.proc.poll() is not None:
            return give_up(pending, f"server exited with code {server.proc.returncode}")
        for out in list(pending):
            moved = now if poll(client, server.url, out) else moved
            if out.state == "running" and now - started.setdefault(out.doc.name, now) > limit:
                out.state = f"still running after {limit:.0f} s"
            if out.state not in ("queued", "running"):
                pending.remove(out)
        if now - begin > args.timeout:
            return give_up(pending, f"overall timeout of {args.timeout:.0f} s")
        if now - moved > limit:
            return give_up(pending, f"no job moved for {limit:.0f} s")
        if now - shown > 60:
            states = counted(Counter(o.state for o in outcomes))
            print(f"  {states}; RSS now {mib(server.rss.now_kb)}", flush=True)
            shown = now
        time.sleep(0.5)


def poll(client: httpx.Client, url: str, out: Outcome) -> bool:
    """Refresh ``out`` from its job; True when the job moved since the last look."""
    with contextlib.suppress(httpx.HTTPError, ValueError, KeyError):
        job = client.get(f"{url}/jobs/{out.job_id}", timeout=60).json()
        apply_job(out, job)
        moved, out.last = job != out.last, job
        return moved
    return False


def give_up(pending: list[Outcome], why: str) -> None:
    for out in pending:
        out.state = f"{out.state} ({why})"


def check_originals(client: httpx.Client, url: str, outcomes: list[Outcome]) -> None:
    for out in outcomes:
        if out.doc_id:
            with contextlib.suppress(httpx.HTTPError):
                res = client.get(f"{url}/documents/{out.doc_id}/original", timeout=120)
                out.original_ok = res.is_success and res.content == out.doc.path.read_bytes()


def mib(kb: int) -> str:
    return f"{kb / MiB:,.0f} MiB"


def counted(counter: Counter[Any]) -> str:
    return ", ".join(f"{k} {n}" for k, n in sorted(counter.items(), key=str)) or "none"


def report_documents(outcomes: list[Outcome]) -> None:
    print(f"\ndocuments: {len(outcomes)} ({counted(Counter(o.doc.kind for o in outcomes))})")
    for kind in KINDS:
        variants = Counter(o.doc.variant for o in outcomes if o.doc.kind == kind)
        print(f"  {kind:9} {counted(variants)}")
    answered = Counter(o.status for o in outcomes if o.status)
    refused = Counter(f"{o.status} {o.upload_code}" for o in outcomes if o.upload_code)
    print(f"uploads answered: {counted(answered)}; no answer {sum(not o.status for o in outcomes)}")
    print(f"refused at upload (status code): {counted(refused)}")


def report_jobs(outcomes: list[Outcome], seconds: float) -> None:
    failed = Counter(o.error_code for o in outcomes if o.state == "failed")
    done = [o for o in outcomes if o.state == "done"]
    print(f"jobs: done {len(done)}, failed {sum(failed.values())} ({counted(failed)})")
    for code, message in {o.error_code: o.error_message for o in outcomes if o.error_code}.items():
        print(f"  e.g. {code}: {message[:100]}")
    print(f"\n{'kind':9} {'docs':>4} {'done':>4} {'lost':>4}  failed by code")
    for kind in KINDS:
        mine = [o for o in outcomes if o.doc.kind == kind]
        codes = Counter(o.error_code for o in mine if o.state == "failed")
        ok, lost = sum(o.state == "done" for o in mine), sum(bool(o.lost()) for o in mine)
        print(f"{kind:9} {len(mine):4d} {ok:4d} {lost:4d}  {counted(codes)}")
    pages, scanned = sum(o.pages for o in done), sum(o.pages for o in done if o.doc.kind != "text")
    rate = f"{pages / seconds:.2f} pages/s" if seconds else "-"
    print(f"\nwall time {seconds:,.1f} s; pages done {pages} ({scanned} of scans); {rate}")


def report_memory(sampler: Sampler) -> None:
    print(f"\npeak RSS (sampled every {sampler.every} s):")
    roles = Counter(role for _, _, role in sampler.peaks)
    for role in ("server", "page worker", "tesseract", "pdftoppm"):
        mine = [(kb, pid, name) for (pid, name, r), kb in sampler.peaks.items() if r == role]
        top = max(mine, default=None)
        where = f"{mib(top[0])} (pid {top[1]} {top[2]})" if top else "-"
        print(f"  {'largest ' + role:20} {where}  [{roles[role]} seen]")
    print(f"  {'peak total':20} {mib(sampler.total_kb)}  [processes seen: {counted(roles)}]")


def report_lost(outcomes: list[Outcome]) -> int:
    lost = [(o.doc.name, o.lost()) for o in outcomes if o.lost()]
    print(f"\nlost: {len(lost)}")
    for name, why in lost:
        print(f"  {name}: {why}")
    return len(lost)


def report_log(log: Path) -> None:
    """How many tracebacks the server logged, and their exception lines."""
    lines = log.read_text(errors="replace").splitlines()
    errors = Counter(ln[:110] for ln in lines if EXCEPTION.match(ln))
    print(f"server log: {sum(ln.startswith('Traceback') for ln in lines)} tracebacks")
    for line, n in errors.most_common(8):
        print(f"  {n} x {line}")


def soak(args: argparse.Namespace, folder: Path) -> int:
    start = time.monotonic()
    docs = build(folder / "docs", args.count, args.seed, dpi=args.dpi, workers=os.cpu_count() or 1)
    print(f"built {len(docs)} documents in {time.monotonic() - start:.0f} s", flush=True)
    outcomes = [Outcome(d) for d in docs]
    server, seconds = Server(folder / "data", folder / "server.log"), 0.0
    try:
        server.wait_ready()
        start = time.monotonic()
        with httpx.Client(headers=HEADERS) as client:
            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(lambda o: upload(client, server.url, o), outcomes))
            print(f"uploaded in {time.monotonic() - start:.1f} s; waiting for the jobs", flush=True)
            wait_jobs(client, server, outcomes, args)
            seconds = time.monotonic() - start
            check_originals(client, server.url, outcomes)
    finally:
        stopped = server.stop(args.grace)
    report_documents(outcomes)
    report_jobs(outcomes, seconds)
    report_memory(server.rss)
    print("\nserver stop: " + "; ".join(stopped))
    report_log(server.log)
    lost = report_lost(outcomes)
    return 1 if lost or server.survivors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="documents to upload")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clients", type=int, default=4, help="concurrent uploaders")
    parser.add_argument("--job-timeout", type=float, default=900, help="seconds a job may run")
    parser.add_argument("--timeout", type=float, default=6 * 3600, help="seconds for all jobs")
    parser.add_argument("--grace", type=float, default=20, help="SIGTERM to SIGKILL, seconds")
    parser.add_argument("--dpi", type=int, help="scan resolution (default: each profile's)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    if args.keep:
        sys.exit(soak(args, args.keep))
    with tempfile.TemporaryDirectory(prefix="vanban-soak-") as tmp:
        sys.exit(soak(args, Path(tmp)))


if __name__ == "__main__":
    main()
