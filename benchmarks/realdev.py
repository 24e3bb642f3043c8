"""Header fields of real documents (``../shared/real-dev``) against their hand labels.

    python -m benchmarks.realdev [--differences]

The real-dev set is read from ``$VANBAN_SHARED/real-dev`` when that variable is set, else from
``../shared/real-dev`` (relative to the project checkout), here only; nothing of it is copied into the project. Each labelled key is scored where the label
has it (a missing key means "not shown on the page", not scored):

- ``doc_type``, ``number``, ``place``, ``date`` (ISO) exactly;
- ``symbol`` with whitespace removed and any dash read as a hyphen (the record normalises
  en dashes);
- ``issuer``, ``issuer_parent`` and ``title`` without regard to case (the labels keep the
  capitals printed, the record puts names in proper case) or to runs of spaces;
- ``signer.name`` exactly (a null label wants a null);
- ``cited_documents.symbol``: each labelled cited symbol found among the record's.

Tone marks placed either way ('UỶ', 'ỦY') are alike everywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from core.record import fields_to_dict
from extraction import extract
from extraction.lines import one_tone_style

FOLDER = (
    Path(
        os.environ.get("VANBAN_SHARED") or Path(__file__).resolve().parent.parent.parent / "shared"
    )
    / "real-dev"
)
# label key -> the record's field name shown in the table
FIELD_OF_LABEL = {
    "doc_type": "doc_type",
    "number": "number",
    "symbol": "symbol",
    "issuer": "issuer",
    "issuer_parent": "issuer_parent",
    "place": "place",
    "date": "date.iso",
    "title": "title",
    "signer_name": "signer.name",
    "cited": "cited_documents.symbol",
}
HEADER_FIELDS = ("doc_type", "number", "symbol", "issuer", "issuer_parent", "place", "date")
HEADER_FIELDS += ("title",)

Score = list[tuple[str, bool, Any, Any]]  # (field, right, expected, got) per labelled value


def available(folder: Path = FOLDER) -> str | None:
    """None when the set is there, else why it cannot be used."""
    if not (folder / "text").is_dir() or not (folder / "fields").is_dir():
        return f"real-dev column skipped: {folder} not found (it lives beside the project)"
    return None


def documents(folder: Path = FOLDER) -> list[tuple[str, Path, Path]]:
    """(name, text, labels) of every labelled real document."""
    out = []
    for labels in sorted((folder / "fields").glob("*.json")):
        text = folder / "text" / f"{labels.stem}.txt"
        if text.exists():
            out.append((labels.stem, text, labels))
    return out


def _spaced(value: Any) -> str:
    return " ".join(one_tone_style(str(value)).split())


def _dashes(value: str) -> str:
    return re.sub(r"[\u2010-\u2015]", "-", value)


def _got(record: dict[str, Any], key: str) -> Any:
    if key == "date":
        return (record.get("date") or {}).get("iso")
    if key == "signer_name":
        return (record.get("signer") or {}).get("name")
    if key == "cited":
        return [c.get("symbol") for c in record.get("cited_documents") or []]
    return record.get(key)


def score(labels: dict[str, Any], record: dict[str, Any]) -> Score:
    """Right or wrong for every labelled value of one document."""
    out: Score = []
    for key, expected in labels.items():
        if key not in FIELD_OF_LABEL:
            continue
        got = _got(record, key)
        field = FIELD_OF_LABEL[key]
        if key == "cited":
            mine = {_dashes("".join(str(s).split())) for s in got or []}
            for symbol in expected:
                found = _dashes("".join(symbol.split())) in mine
                out.append((field, found, symbol, got if not found else symbol))
            continue
        if expected is None or got is None:
            right = expected is None and got is None
        elif key in ("issuer", "issuer_parent", "title"):
            right = _spaced(expected).casefold() == _spaced(got).casefold()
        elif key in ("symbol", "number"):
            right = _dashes("".join(str(expected).split())) == _dashes("".join(str(got).split()))
        else:
            right = _spaced(expected) == _spaced(got)
        out.append((field, right, expected, got))
    return out


def record_of(path: Path) -> dict[str, Any]:
    return dict(fields_to_dict(extract(path.read_text(encoding="utf-8")).fields))


def run(folder: Path = FOLDER) -> dict[str, Score]:
    """Scores per document of the whole set (empty when the set is not there)."""
    if available(folder):
        return {}
    return {
        name: score(json.loads(labels.read_text(encoding="utf-8")), record_of(text))
        for name, text, labels in documents(folder)
    }


def tally(scores: dict[str, Score]) -> dict[str, list[bool]]:
    out: dict[str, list[bool]] = defaultdict(list)
    for result in scores.values():
        for field, right, _, _ in result:
            out[field].append(right)
    return out


def header_values(scores: dict[str, Score]) -> list[bool]:
    """Right or wrong for every labelled header value (the issue's target)."""
    header = {FIELD_OF_LABEL[k] for k in HEADER_FIELDS}
    return [r for result in scores.values() for f, r, _, _ in result if f in header]


def wrong(scores: dict[str, Score]) -> list[str]:
    return [
        f"  {name} {field}: expected {expected!r}, got {got!r}"
        for name, result in scores.items()
        for field, right, expected, got in result
        if not right
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--differences", action="store_true", help="list every wrong value")
    args = parser.parse_args()
    reason = available()
    if reason:
        print(reason)
        return 0
    scores = run()
    for field, marks in sorted(tally(scores).items()):
        print(f"{field:<28} {sum(marks):>4}/{len(marks):<4} {sum(marks) / len(marks):>7.1%}")
    every = header_values(scores)
    print(f"{'header values':<28} {sum(every):>4}/{len(every):<4} {sum(every) / len(every):>7.1%}")
    if args.differences:
        print("\n".join(wrong(scores)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
