"""Per-field accuracy of extraction over every document with expected fields, four ways in.

    python -m benchmarks.extraction [--differences] [--only real|text|stripped|scan ...]

Documents: the three sample plans (tests/fixtures/samples) and the project's own test
documents (tests/fixtures/documents), whatever is there at the time of the run. A field's
accuracy is the share of its expected values (one per document, or one per list item) that
extraction got right (``extraction.scoring``); list lengths count as '<field>.count'.

Columns, the three ways text reaches extraction:
- text: the document's own text;
- stripped: its text with every diacritic removed (unidecode, line by line), restored;
- scan: its text laid out as a Decree 30 page (``benchmarks.layout``), rendered by
  ``benchmarks.scans`` in the office profile, read by ``ocr.recognize`` (Tesseract), its pages
  restored and joined with form feeds as ``api.pipeline`` does. A document that cannot be laid
  out faithfully (every word of it on the page, no other) is left out of this column, with the
  reason. OCR text is cached in benchmarks/out/extraction-ocr by the sha256 of the page's pixels.

- real: real documents nobody here wrote (``../shared/real-dev``, read here only, never copied
  into the project), scored on their hand-labelled header fields by ``benchmarks.realdev``
  (case and runs of spaces aside where the labels keep the capitals printed). Left out with a
  message when the folder is not there.

``--differences`` lists every value that differs, per column and document. ``--only`` runs
the columns named (``--only real`` takes seconds; the scan column takes minutes).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import sys
import time
import zlib
from collections import defaultdict
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from PIL import Image
from unidecode import unidecode

from benchmarks import realdev
from core.options import OcrOptions, RestoreOptions
from core.record import fields_to_dict
from extraction import extract
from extraction.scoring import Difference, compare, differences, field_name

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SAMPLE_TEXTS = {"000": "000.gold.txt", "001": "001.clean.txt", "002": "002.clean.txt"}
CACHE = Path(__file__).resolve().parent / "out" / "extraction-ocr"
COLUMNS = ("text", "stripped", "scan")
ALL_COLUMNS = (*COLUMNS, "real")
PROFILE = "office"

Fields = dict[str, Any]
Result = list[tuple[str, bool, Any]]  # (path, equal, got) per expected value
Wrong = dict[str, dict[str, list[Difference]]]  # column -> document -> what differs


def documents() -> list[tuple[str, Path, Path]]:
    """(name, text file, expected fields file) of every known document."""
    out = [
        (f"sample {name}", ROOT / "samples" / text, ROOT / "samples" / f"{name}.json")
        for name, text in SAMPLE_TEXTS.items()
    ]
    for text in sorted((ROOT / "documents").glob("*.txt")):
        out.append((text.stem, text, text.with_suffix(".json")))
    return [d for d in out if d[1].exists() and d[2].exists()]


def strip_marks(text: str) -> str:
    """Every diacritic removed, line by line: the same lines, ASCII letters."""
    return "\n".join(unidecode(line) for line in text.split("\n"))


def restored(page_texts: list[str], *, separator: str, ocr: bool = False) -> str:
    """Pages restored and joined as the pipeline does (a text file: '\\f'; OCR: '\\n\\f', with
    the slips of Vietnamese OCR looked for)."""
    from api.pipeline import restore_pages

    options = RestoreOptions(ocr_slips=ocr)
    return restore_pages(page_texts, options=options, separator=separator).text


def fields_of(text: str) -> Fields:
    return dict(fields_to_dict(extract(text).fields))


def text_fields(path: Path) -> tuple[Fields, Fields]:
    """Fields of a document's own text, and of its text stripped of marks and restored."""
    text = path.read_text(encoding="utf-8")
    return fields_of(text), fields_of(restored(strip_marks(text).split("\f"), separator="\f"))


def scan_fields(name: str, path: Path) -> tuple[Fields | None, str, int, int]:
    """Fields of the document rendered and read back (None and why when it cannot be laid
    out), its number of pages and how many of them Tesseract read (not cached)."""
    from api.pipeline import PAGE_BREAK
    from benchmarks.layout import lay_out
    from benchmarks.scans import render

    try:
        doc = lay_out(path.read_text(encoding="utf-8"))
    except ValueError as error:
        return None, str(error), 0, 0
    pages = render(doc, profile=PROFILE, seed=zlib.crc32(name.encode())).pages
    read = [ocr_text(page, number=n) for n, page in enumerate(pages, start=1)]
    texts = [text for text, _ in read]
    fresh = sum(new for _, new in read)
    return fields_of(restored(texts, separator=PAGE_BREAK, ocr=True)), "", len(pages), fresh


@functools.cache
def _ocr_code() -> str:
    """A fingerprint of the OCR stage's code, so that a change to it reads the pages again."""
    digest = hashlib.sha256()
    for path in sorted((ROOT.parent.parent / "ocr").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ocr_text(page: Image.Image, *, number: int) -> tuple[str, bool]:
    """``ocr.recognize``'s text of a page, cached by the sha256 of its pixels; True if read
    now, False if from the cache."""
    from ocr import recognize

    key = hashlib.sha256(
        f"{page.mode}{page.size}{_ocr_code()}".encode() + page.tobytes()
    ).hexdigest()
    cached = CACHE / f"{key[:32]}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8"), False
    text = recognize(page, number=number, options=OcrOptions()).text
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(cached)
    return text, True


def tally(results: dict[str, Result]) -> dict[str, list[bool]]:
    """Right or wrong per expected value, by field, over the documents given."""
    per_field: dict[str, list[bool]] = defaultdict(list)
    for result in results.values():
        for path, equal, _ in result:
            per_field[field_name(path)].append(equal)
    return per_field


def cell(marks: list[bool]) -> str:
    if not marks:
        return f"{'-':>17}"
    return f"{sum(marks):>5}/{len(marks):<5}{sum(marks) / len(marks):>6.1%}"


def table(columns: dict[str, dict[str, Result]], shown: tuple[str, ...] = ALL_COLUMNS) -> list[str]:
    """field | text | stripped | scan | real, then all values and the number of documents."""
    tallies = {c: tally(columns.get(c, {})) for c in shown}
    fields = sorted({f for t in tallies.values() for f in t})
    out = [f"{'field':<28}" + "".join(f"{c:>18}" for c in shown)]
    for field in fields:
        out.append(f"{field:<28}" + "".join(f" {cell(tallies[c].get(field, []))}" for c in shown))
    every = {c: [m for marks in tallies[c].values() for m in marks] for c in shown}
    out.append(f"{'all values':<28}" + "".join(f" {cell(every[c])}" for c in shown))
    if "real" in shown:
        header = realdev.header_values(_scores(columns.get("real", {})))
        out.append(
            f"{'real: header values':<28}"
            + "".join(f" {cell(header) if c == 'real' else cell([])}" for c in shown)
        )
    out.append(f"{'documents':<28}" + "".join(f"{len(columns.get(c, {})):>18}" for c in shown))
    return out


def _scores(results: dict[str, Result]) -> dict[str, realdev.Score]:
    return {n: [(p, e, None, g) for p, e, g in r] for n, r in results.items()}


def own_fields(path: Path) -> Fields:
    return fields_of(path.read_text(encoding="utf-8"))


def run(
    pool: Executor, shown: tuple[str, ...] = ALL_COLUMNS
) -> tuple[dict[str, dict[str, Result]], Wrong, dict[str, str], str]:
    """Results per column and document, what differs, documents left out of the scan column
    (or of the real column) and why, a summary of the scan column."""
    docs = documents()
    expected = {name: json.loads(gold.read_text(encoding="utf-8")) for name, _, gold in docs}
    columns: dict[str, dict[str, Result]] = {c: {} for c in shown}
    wrong: Wrong = {c: {} for c in shown}
    names = [name for name, _, _ in docs]
    texts = [t for _, t, _ in docs]
    if "stripped" in shown:
        both = pool.map(text_fields, texts)
    elif "text" in shown:
        both = ((own, None) for own in pool.map(own_fields, texts))
    else:
        both = iter(())
    for name, (own, stripped) in zip(names, both, strict=False):
        for column, got in (("text", own), ("stripped", stripped)):
            if column in shown and got is not None:
                columns[column][name] = compare(expected[name], got)
                wrong[column][name] = differences(expected[name], got)
    skipped: dict[str, str] = {}
    summary = ""
    if "scan" in shown:
        start = time.perf_counter()
        scans = list(pool.map(scan_fields, names, texts))
        seconds = time.perf_counter() - start
        for name, (read, reason, _, _) in zip(names, scans, strict=True):
            if read is None:
                skipped[name] = reason
            else:
                columns["scan"][name] = compare(expected[name], read)
                wrong["scan"][name] = differences(expected[name], read)
        pages, fresh = sum(s[2] for s in scans), sum(s[3] for s in scans)
        summary = (
            f"scan column: {len(columns['scan'])} documents, {pages} pages in the {PROFILE} "
            f"profile ({fresh} read by Tesseract now, the rest from the cache), {seconds:.1f} s wall"
        )
    if "real" in shown:
        reason = realdev.available()
        if reason:
            skipped["real-dev"] = reason
        real = realdev.documents() if reason is None else []
        labels = [json.loads(gold.read_text(encoding="utf-8")) for _, _, gold in real]
        records = pool.map(realdev.record_of, [t for _, t, _ in real])
        for (name, _, _), label, record in zip(real, labels, records, strict=True):
            score = realdev.score(label, record)
            columns["real"][name] = [(f, r, g) for f, r, _, g in score]
            wrong["real"][name] = [Difference(f, e, g) for f, r, e, g in score if not r]
    return columns, wrong, skipped, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--differences", action="store_true", help="list every wrong value")
    parser.add_argument(
        "--only", nargs="+", choices=ALL_COLUMNS, help="run only these columns (e.g. real)"
    )
    args = parser.parse_args()
    shown = tuple(c for c in ALL_COLUMNS if not args.only or c in args.only)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per worker process
    start = time.perf_counter()
    with ProcessPoolExecutor(min(2, os.cpu_count() or 1)) as pool:
        columns, wrong, skipped, summary = run(pool, shown)
    ways = f"{len(shown)} way{'s' if len(shown) > 1 else ''} in"
    print(f"extraction accuracy, {ways}: {', '.join(shown)}\n")
    print("\n".join(table(columns, shown)))
    if summary:
        print(f"\n{summary}")
    for name, reason in skipped.items():
        if name == "real-dev":
            print(f"  {reason}")
        else:
            print(f"  not laid out as a scan, left out: {name} ({reason})")
    own = [c for c in COLUMNS if c in shown]
    if own:
        print(f"\nvalues that differ per document ({' / '.join(own)}):")
        for name in next(iter(columns[c] for c in own if columns[c]), {}):
            counts = [
                str(sum(not e for _, e, _ in columns[c][name])) if name in columns[c] else "-"
                for c in own
            ]
            print(f"  {name:<34} {' / '.join(counts)}")
    if args.differences:
        print_differences(wrong, shown)
    if "text" in shown:
        print("\nsample 000 from its legacy OCR garble, restored first (the real path):")
        for path, _, detail in through_restoration():
            print(f"  {path}: {detail}")
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    return 0


def print_differences(wrong: Wrong, shown: tuple[str, ...] = ALL_COLUMNS) -> None:
    for column in shown:
        print(f"\n{column}: values that differ")
        for name, found in wrong.get(column, {}).items():
            for difference in found:
                print(f"  {name} {difference}")


def through_restoration() -> list[tuple[str, bool, str]]:
    """Fields of sample 000 extracted from its legacy garble after diacritic restoration."""
    from diacritics import restore

    garble = (ROOT / "samples" / "000.ocr-legacy.txt").read_text(encoding="utf-8")
    expected = json.loads((ROOT / "samples" / "000.json").read_text(encoding="utf-8"))
    got = fields_to_dict(extract(restore(garble).text).fields)
    wrong = [r for r in compare(expected, got) if not r[1]]
    return wrong or [("all fields", True, "equal to the hand-made gold")]


if __name__ == "__main__":
    sys.exit(main())
