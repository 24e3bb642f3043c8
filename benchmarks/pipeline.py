"""Seconds per page: ``vanban process`` against plain ``tesseract -l vie`` on the same pages.

    python -m benchmarks.pipeline [PDF ...]

Default documents: the bundled example scan and a longer PDF of office-profile scans made
here (benchmarks.scans: every document of benchmarks.ocr, rendered, in one file). Each PDF is
rasterised once at 300 dpi; plain Tesseract reads those PNGs one after the other
(one process per page, as a shell loop would); vanban processes the whole PDF (rasterising,
clean-up, OCR on all cores, restoration, extraction), both as the CLI in a fresh process and
as ``process()`` in this one. Prints one table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pdf2image import convert_from_path

from api.pipeline import PipelineOptions, process

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ke-hoach-xa-an-binh.pdf"
OUT = ROOT / "benchmarks" / "out"


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


def plain_tesseract(pdf: Path) -> tuple[float, int]:
    """Wall seconds for `tesseract page.png - -l vie` over every page, sequentially."""
    with tempfile.TemporaryDirectory() as tmp:
        pages = convert_from_path(str(pdf), dpi=300, output_folder=tmp, fmt="png", paths_only=True)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        start = time.perf_counter()
        for page in pages:
            subprocess.run(
                ["tesseract", str(page), "-", "-l", "vie"], capture_output=True, check=True, env=env
            )
        return time.perf_counter() - start, len(pages)


def vanban_cli(pdf: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "api", "process", str(pdf)], capture_output=True, check=True
    )
    return time.perf_counter() - start


def vanban_inprocess(pdf: Path, *, workers: int) -> float:
    options = PipelineOptions(workers=workers)
    data = pdf.read_bytes()
    start = time.perf_counter()
    process(data, filename=pdf.name, options=options)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    args.pdfs = args.pdfs or [EXAMPLE, office_scans()]
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; seconds per page (lower is better)")
    print(
        f"{'document':32} {'pages':>5} {'tesseract -l vie':>17} {'vanban CLI':>11} "
        f"{'process() 1 core':>17} {f'process() {cores} cores':>18}"
    )
    for pdf in args.pdfs:
        tess, pages = plain_tesseract(pdf)
        cli = vanban_cli(pdf)
        one = vanban_inprocess(pdf, workers=1)
        many = vanban_inprocess(pdf, workers=cores)
        print(
            f"{pdf.name[:32]:32} {pages:5d} {tess / pages:17.2f} {cli / pages:11.2f} "
            f"{one / pages:17.2f} {many / pages:18.2f}"
        )
    print("vanban CLI includes interpreter start-up and loading the lexicon and language model;")
    print("vanban adds rasterising, restoration and extraction to the OCR itself.")


if __name__ == "__main__":
    main()
