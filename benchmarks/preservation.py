"""Preservation copies: seconds per page, output size and correctness, three ways.

- ``vanban``: ``archive.preservation`` (pikepdf: the original pages, a Type 0 font layer
  of the restored text on the OCR words' boxes, PDF/A-2u, checked with pikepdf's
  validator), from the record of one ``vanban process`` run;
- ``ocrmypdf+words``: OCRmyPDF as a library handed the same restored words by an OCR
  engine plugin (``generate_ocr``), its fpdf2 renderer and ``--pdfa-backend internal``;
- ``ocrmypdf``: OCRmyPDF's whole run, ``-l vie --output-type pdfa`` with its own Tesseract
  (the tool people would otherwise use), for its time and text.

Documents: the bundled example and, when given or beside the project, the first pages of
``shared/real-scans``; texts are scored against their transcriptions (CER, whitespace
folded) where there are some. Image streams are compared with the original's byte for
byte. One run: ``python -m benchmarks.preservation [--scans DIR] [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import pikepdf
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ke-hoach-xa-an-binh.pdf"
SCANS = ROOT.parent / "shared" / "real-scans"
PLUGIN = Path(__file__).resolve().parent / "_ocrmypdf_words.py"


def cer(truth: str, read: str) -> float:
    t, r = " ".join(truth.split()), " ".join(read.split())
    return Levenshtein.distance(t, r) / max(1, len(t))


def words_found(truth: str, read: str) -> float:
    """Share of the transcription's words (with repeats) the text holds: what a search
    finds, whatever the reading order."""
    have = Counter(read.split())
    want = Counter(truth.split())
    return sum(min(n, have[w]) for w, n in want.items()) / max(1, sum(want.values()))


def pdftotext(path: Path, *, first_page_only: bool = False) -> str:
    """The text in the order it was written (``-raw``): each tool's own reading order."""
    pages = ["-l", "1"] if first_page_only else []
    done = subprocess.run(
        ["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def example_truth(path: Path) -> str | None:
    """The example's text: its source without comments and section marks."""
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(
        line for line in lines if not line.startswith("#") and not re.fullmatch(r"\[\w+\]", line)
    )


def images(path: Path) -> list[bytes]:
    with pikepdf.open(path) as pdf:
        return [x.read_raw_bytes() for p in pdf.pages for x in p.get_images().values()]


def pdfa_ok(path: Path) -> bool:
    """pikepdf's PDF/A-2b verdict; vanban's own copies are judged by their report (the
    validator does not know extension schemas), so this is for the others."""
    from pikepdf.pdfa import validate_written

    return bool(validate_written(path, "2b").passed)


def documents(scans: Path | None, limit: int) -> list[tuple[Path, str | None]]:
    """(PDF, its transcription or None): the example, then real scans (page 1 each)."""
    out = [(EXAMPLE, example_truth(EXAMPLE.with_suffix(".txt")))]
    if scans and scans.is_dir():
        for pdf in sorted(scans.glob("*.pdf"))[:limit]:
            truth = scans / f"{pdf.stem}_p1.gt.txt"
            out.append((pdf, truth.read_text(encoding="utf-8") if truth.exists() else None))
    return out


def process(path: Path) -> tuple[dict[str, Any], float]:
    from api.pipeline import PipelineOptions, process

    start = time.perf_counter()
    record = process(path.read_bytes(), filename=path.name, options=PipelineOptions(workers=1))
    return record.to_dict(words=True), time.perf_counter() - start


def run_vanban(path: Path, record: dict[str, Any], out: Path) -> dict[str, Any]:
    from archive.preservation import preserve

    start = time.perf_counter()
    copy = preserve(path.read_bytes(), "application/pdf", record)
    seconds = time.perf_counter() - start
    out.write_bytes(copy.data)
    return {"seconds": seconds, "pdfa": copy.conformance if copy.valid else "no"}


def run_ocrmypdf_words(path: Path, record: dict[str, Any], out: Path) -> dict[str, Any]:
    import ocrmypdf

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as words:
        json.dump(_restored_pages(record), words, ensure_ascii=False)
    os.environ["VANBAN_OCRMYPDF_WORDS"] = words.name
    start = time.perf_counter()
    try:
        ocrmypdf.ocr(
            path,
            out,
            plugins=[str(PLUGIN)],
            language=["vie"],
            output_type="pdfa-2",
            pdfa_backend="internal",
            pdf_renderer="fpdf2",
            optimize=0,
            jobs=1,
            progress_bar=False,
            force_ocr=True,
        )
    finally:
        os.unlink(words.name)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pdfa": "2b" if pdfa_ok(out) else "no"}


def run_ocrmypdf(path: Path, out: Path) -> dict[str, Any]:
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ocrmypdf",
            "-l",
            "vie",
            "--output-type",
            "pdfa",
            "--pdfa-backend",
            "internal",
            "-j",
            "1",
            "-q",
            "--force-ocr",
            str(path),
            str(out),
        ],
        capture_output=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return {"seconds": seconds, "pdfa": "failed", "error": done.stderr.decode()[-200:]}
    return {"seconds": seconds, "pdfa": "2b" if pdfa_ok(out) else "no"}


def _restored_pages(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Each page's size and restored words on their boxes, lines as OCR found them."""
    from archive.preservation import page_words

    pages = record["ocr"]["pages"]
    return [
        {
            "width": p["width"],
            "height": p["height"],
            "words": [{"text": w.text, "box": list(w.box), "line": w.line} for w in placed],
        }
        for p, placed in zip(pages, page_words(record), strict=True)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scans", type=Path, default=SCANS, help="folder of real scans")
    parser.add_argument("--limit", type=int, default=3, help="real scans to use")
    parser.add_argument("--no-ocrmypdf", action="store_true", help="vanban's copy only")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    rows = []
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        for path, gold in documents(args.scans, args.limit):
            record, process_seconds = process(path)
            pages = record["source"]["pages"]
            first_only = gold is not None and path != EXAMPLE  # transcriptions of page 1
            original_size, original_images = path.stat().st_size, images(path)
            ways: list[tuple[str, Any]] = [("vanban", partial(run_vanban, path, record))]
            if not args.no_ocrmypdf:
                ways += [
                    ("ocrmypdf+words", partial(run_ocrmypdf_words, path, record)),
                    ("ocrmypdf", partial(run_ocrmypdf, path)),
                ]
            for name, run in ways:
                out = Path(tmp) / f"{path.stem}-{name}.pdf"
                try:
                    result = run(out)
                except Exception as exc:  # noqa: BLE001 - one way failing is a figure too
                    result = {"seconds": float("nan"), "pdfa": f"error: {exc}"[:120]}
                row = {"document": path.name, "pages": pages, "way": name, **result}
                row["s_per_page"] = round(result["seconds"] / pages, 3)
                if out.exists():
                    text = pdftotext(out, first_page_only=first_only)
                    row["bytes_added"] = out.stat().st_size - original_size
                    row["images_identical"] = images(out) == original_images
                    if gold is not None:
                        row["cer"] = round(cer(gold, text), 4)
                        row["words_found"] = round(words_found(gold, text), 4)
                    row["cer_vs_record"] = round(cer(record["text"], pdftotext(out)), 4)
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
            print(
                json.dumps(
                    {
                        "document": path.name,
                        "vanban_process_s_per_page": round(process_seconds / pages, 2),
                    }
                ),
                flush=True,
            )
    _summary(rows)


def _summary(rows: list[dict[str, Any]]) -> None:
    print(
        "\nway              s/page  bytes added/page  CER (raw order)  words found  images kept  PDF/A"
    )
    for way in dict.fromkeys(r["way"] for r in rows):
        mine = [r for r in rows if r["way"] == way]
        pages = sum(r["pages"] for r in mine)
        seconds = sum(r["seconds"] for r in mine) / pages
        added = sum(r.get("bytes_added", 0) for r in mine) / pages
        scored = [r["cer"] for r in mine if "cer" in r]
        gold = f"{100 * sum(scored) / len(scored):.2f}%" if scored else "-"
        found = [r["words_found"] for r in mine if "words_found" in r]
        share = f"{100 * sum(found) / len(found):.1f}%" if found else "-"
        kept = sum(1 for r in mine if r.get("images_identical"))
        pdfa = ",".join(sorted({str(r["pdfa"]) for r in mine}))
        print(
            f"{way:16} {seconds:6.2f}  {added:16,.0f}  {gold:>15}  {share:>11}  "
            f"{kept}/{len(mine):<9}  {pdfa}"
        )


if __name__ == "__main__":
    main()
