"""OCR on scans rendered here, in three profiles, side by side with raw Tesseract and OCRmyPDF.

    python -m benchmarks.ocr [--docs N] [--no-ocrmypdf]

Documents: the bundled example and, when ../shared is beside the project, the sample plans'
correct text laid out by benchmarks.scans. Profiles: clean (300 dpi), office (±1°, noise,
JPEG 75), poor (±2.5°, specks, uneven background, blur, 200 dpi). Figures are before diacritic
restoration. CER and syllable error rate compare whitespace-normalised text in reading order.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pytesseract
from PIL import Image
from rapidfuzz.distance import Levenshtein

from benchmarks.scans import Document, Rendered, parse, render
from core.options import OcrOptions
from ocr import recognize

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ("clean", "office", "poor")
_SPACE = re.compile(r"\s+")


def documents(limit: int) -> list[Document]:
    docs = [parse((ROOT / "examples" / "ke-hoach-xa-an-binh.txt").read_text(encoding="utf-8"))]
    return docs[:limit]


def normal(text: str) -> str:
    return _SPACE.sub(" ", text.replace("|", " ")).strip()


def scores(truth: str, text: str) -> tuple[int, int, int, int]:
    """(char errors, chars, syllable errors, syllables)."""
    t, h = normal(truth), normal(text)
    return (
        Levenshtein.distance(t, h),
        len(t),
        Levenshtein.distance(t.split(), h.split()),
        len(t.split()),
    )


def _vanban(page: Image.Image) -> str:
    return recognize(page, options=OcrOptions()).text


def _raw(page: Image.Image) -> str:
    return str(pytesseract.image_to_string(page, lang="vie"))


def run_engine(name: str, rendered: list[Rendered], *, workers: int) -> tuple[list[int], float]:
    pages = [p for r in rendered for p in r.pages]
    fn = _vanban if name == "vanban" else _raw
    start = time.perf_counter()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            texts = list(pool.map(fn, pages))
    else:
        texts = [fn(p) for p in pages]
    seconds = time.perf_counter() - start
    truths = ["\n".join(t) for r in rendered for t in r.truth]
    totals = [
        sum(x)
        for x in zip(*(scores(t, h) for t, h in zip(truths, texts, strict=True)), strict=True)
    ]
    return totals, seconds / len(pages)


def run_ocrmypdf(rendered: list[Rendered]) -> tuple[list[int], float]:
    totals = [0, 0, 0, 0]
    seconds, pages = 0.0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, r in enumerate(rendered):
            src, out = Path(tmp) / f"{i}.pdf", Path(tmp) / f"{i}-ocr.pdf"
            r.save_pdf(src)
            start = time.perf_counter()
            subprocess.run(
                [
                    "ocrmypdf",
                    "-q",
                    "--deskew",
                    "--clean",
                    "--rotate-pages",
                    "-l",
                    "vie",
                    "--jobs",
                    "1",
                    str(src),
                    str(out),
                ],
                check=True,
            )
            seconds += time.perf_counter() - start
            text = subprocess.run(
                ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
            ).stdout
            for truth, page_text in zip(r.truth, text.split("\f"), strict=False):
                totals = [
                    a + b for a, b in zip(totals, scores("\n".join(truth), page_text), strict=True)
                ]
            pages += len(r.pages)
    return totals, seconds / pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3)
    parser.add_argument("--no-ocrmypdf", action="store_true")
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    docs = documents(args.docs)
    cores = os.cpu_count() or 1
    with_ocrmypdf = not args.no_ocrmypdf and shutil.which("ocrmypdf") is not None
    print(f"{len(docs)} document(s); CER / syllable error rate / seconds per page")
    print(f"{'profile':8} {'engine':22} {'CER':>7} {'SER':>7} {'s/page':>7}")
    for profile in PROFILES:
        rendered = [render(d, profile=profile, seed=i) for i, d in enumerate(docs)]
        engines: list[tuple[str, Callable[[], tuple[list[int], float]]]] = [
            ("raw tesseract -l vie", partial(run_engine, "raw", rendered, workers=1)),
            ("vanban (1 core)", partial(run_engine, "vanban", rendered, workers=1)),
            (f"vanban ({cores} cores)", partial(run_engine, "vanban", rendered, workers=cores)),
        ]
        if with_ocrmypdf:
            engines.append(("ocrmypdf --deskew ...", partial(run_ocrmypdf, rendered)))
        for name, fn in engines:
            (ce, cn, se, sn), per_page = fn()
            print(f"{profile:8} {name:22} {ce / cn:7.2%} {se / sn:7.2%} {per_page:7.2f}")
    print("targets: clean ≤0.2% CER, office ≤0.4%, poor ≤3%")


if __name__ == "__main__":
    main()
