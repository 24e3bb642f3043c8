"""corpora/MANIFEST: one TSV line per data file with its entries, size, sha256, source, licence."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from corpora import CORPORA_DIR

MANIFEST = CORPORA_DIR / "MANIFEST"
COLUMNS = ("file", "entries", "bytes", "sha256", "source", "licence")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(path: Path = MANIFEST) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def write_manifest(entries: dict[str, tuple[int, str, str]], path: Path = MANIFEST) -> None:
    """Rewrite the lines of ``entries`` (file -> entries, source, licence); keep the others."""
    rows = {r["file"]: r for r in read_manifest(path)} if path.exists() else {}
    for name, (count, source, licence) in entries.items():
        data = path.parent / name
        rows[name] = dict(
            zip(
                COLUMNS,
                (name, str(count), str(data.stat().st_size), sha256(data), source, licence),
                strict=True,
            )
        )
    rows = {k: v for k, v in rows.items() if (path.parent / k).exists()}
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for name in sorted(rows):
            fh.write("\t".join(rows[name][c] for c in COLUMNS) + "\n")
