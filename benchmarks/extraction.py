"""Per-field accuracy of extraction over every document with expected fields.

Documents: the three sample plans (tests/fixtures/samples) and the project's own test
documents (tests/fixtures/documents). A field's accuracy is the share of its expected values
(one per document, or one per list item) that extraction got right; list lengths count as
'<field>.count'. Run: python -m benchmarks.extraction
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from core.record import fields_to_dict
from extraction import extract
from extraction.scoring import compare, field_name

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SAMPLE_TEXTS = {"000": "000.gold.txt", "001": "001.clean.txt", "002": "002.clean.txt"}


def documents() -> list[tuple[str, Path, Path]]:
    """(name, text file, expected fields file) of every known document."""
    out = [
        (f"sample {name}", ROOT / "samples" / text, ROOT / "samples" / f"{name}.json")
        for name, text in SAMPLE_TEXTS.items()
    ]
    for text in sorted((ROOT / "documents").glob("*.txt")):
        out.append((text.stem, text, text.with_suffix(".json")))
    return [d for d in out if d[1].exists() and d[2].exists()]


def score() -> tuple[dict[str, list[bool]], dict[str, int]]:
    per_field: dict[str, list[bool]] = defaultdict(list)
    per_doc: dict[str, int] = {}
    for name, text_file, gold_file in documents():
        expected = json.loads(gold_file.read_text(encoding="utf-8"))
        got = fields_to_dict(extract(text_file.read_text(encoding="utf-8")).fields)
        results = compare(expected, got)
        for path, equal, _ in results:
            per_field[field_name(path)].append(equal)
        per_doc[name] = sum(not equal for _, equal, _ in results)
    return per_field, per_doc


def main() -> int:
    per_field, per_doc = score()
    print(f"extraction accuracy over {len(per_doc)} documents\n")
    print(f"{'field':<28} {'right':>7} {'total':>6} {'accuracy':>9}")
    for field in sorted(per_field):
        marks = per_field[field]
        print(f"{field:<28} {sum(marks):>7} {len(marks):>6} {sum(marks) / len(marks):>9.1%}")
    right = sum(sum(m) for m in per_field.values())
    total = sum(len(m) for m in per_field.values())
    print(f"{'all values':<28} {right:>7} {total:>6} {right / total:>9.1%}\n")
    for name, wrong in per_doc.items():
        print(f"{name:<34} {wrong} value(s) differ")
    print("\nsample 000 from its legacy OCR garble, restored first (the real path):")
    for path, _, detail in through_restoration():
        print(f"  {path}: {detail}")
    return 0


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
