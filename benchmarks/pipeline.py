"""Throughput: ``vanban process`` against plain ``tesseract -l vie`` on the same pages.

    python -m benchmarks.pipeline [--runs N] [PDF ...]

Whole processes, as a user runs them, taken in turn run after run (A B C A B C ...) so a
drift of the machine's speed falls on all alike; each figure is the median of the runs.
Documents: the bundled example, a multi-page PDF of office-profile scans made here
(benchmarks.scans), and the same pages as a batch of one-page PDFs. Plain Tesseract reads
the pages rasterised once at 300 dpi, one process per page after the other, as a shell
loop would; vanban reads the PDFs (rasterising, clean-up, OCR, restoration, extraction)
with one page worker and with one per core. CPU seconds count every process of the run
(os.wait4), peak memory is the largest single process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pdf2image import convert_from_path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ke-hoach-xa-an-binh.pdf"
OUT = ROOT / "benchmarks" / "out"
VANBAN = [sys.executable, "-m", "api", "process"]


def office_scans() -> Path:
    """A multi-page PDF of the OCR benchmark's documents in the office profile (cached)."""
    from benchmarks.ocr import documents
    from benchmarks.scans import render

    target = OUT / "office-scans.pdf"
    if not target.exists():
        pages = [
            p.convert("L")
            for seed, doc in enumerate(documents())
            for p in render(doc, profile="office", seed=seed).pages
        ]
        OUT.mkdir(parents=True, exist_ok=True)
        pages[0].save(target, format="PDF", save_all=True, append_images=pages[1:], resolution=300)
    return target


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mib: float


def measure(command: list[str], *, env: dict[str, str] | None = None) -> Run:
    """One whole process: wall time, CPU of it and every process it waited for, peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or os.environ
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{command[:4]}... failed with status {proc.returncode}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass(frozen=True)
class Case:
    name: str
    pages: int
    commands: dict[str, tuple[list[str], dict[str, str]]]


def cases(pdf: Path, tmp: Path) -> list[Case]:
    """The document whole, and (for several pages) its pages as a batch of one-page PDFs."""
    pngs = convert_from_path(str(pdf), dpi=300, output_folder=tmp, fmt="png", paths_only=True)
    loop = "for p in " + " ".join(f"'{p}'" for p in pngs) + '; do tesseract "$p" - -l vie; done'
    base = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    one, every = {**base, "VANBAN_WORKERS": "1"}, {**base, "VANBAN_WORKERS": str(_cores())}
    tesseract = (["sh", "-c", loop], base)
    out = [
        Case(
            pdf.name,
            len(pngs),
            {
                "tesseract": tesseract,
                "vanban 1 worker": ([*VANBAN, str(pdf)], one),
                f"vanban {_cores()} workers": ([*VANBAN, str(pdf)], every),
            },
        )
    ]
    if len(pngs) > 2:
        singles = []
        for n in range(1, len(pngs) + 1):
            singles.append(str(tmp / f"page-{n:03d}.pdf"))
            subprocess.run(
                ["pdfseparate", "-f", str(n), "-l", str(n), str(pdf), singles[-1]], check=True
            )
        batch = {
            "tesseract": tesseract,
            f"vanban {_cores()} workers": ([*VANBAN, *singles], every),
        }
        out.append(Case(f"{len(pngs)} one-page PDFs", len(pngs), batch))
    return out


def _cores() -> int:
    return os.cpu_count() or 1


def run_case(case: Case, runs: int) -> dict[str, list[Run]]:
    measured: dict[str, list[Run]] = {name: [] for name in case.commands}
    for _ in range(runs):
        for name, (command, env) in case.commands.items():
            measured[name].append(measure(command, env=env))
    return measured


def report(case: Case, measured: dict[str, list[Run]]) -> None:
    base = statistics.median(r.wall for r in measured["tesseract"])
    print(f"\n{case.name}: {case.pages} pages, median of {len(measured['tesseract'])} runs")
    print(f"  {'':18} {'s/page':>7} {'pages/s':>8} {'vs tesseract':>13} {'CPU s/page':>11}")
    for name, results in measured.items():
        wall = statistics.median(r.wall for r in results)
        cpu = statistics.median(r.cpu for r in results) / case.pages
        peak = max(r.peak_mib for r in results)
        print(
            f"  {name:18} {wall / case.pages:7.2f} {case.pages / wall:8.2f} "
            f"{base / wall:12.2f}x {cpu:11.2f}   peak {peak:.0f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    args = parser.parse_args()
    pdfs = args.pdfs or [EXAMPLE, office_scans()]
    print(f"machine: {_cores()} cores; whole processes, taken in turn")
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        for number, pdf in enumerate(pdfs):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            for case in cases(pdf, folder):
                report(case, run_case(case, args.runs))
    print("\nvanban figures include interpreter start-up, the model load, rasterising,")
    print("restoration and extraction; tesseract's include its start and model load per page.")


if __name__ == "__main__":
    main()
