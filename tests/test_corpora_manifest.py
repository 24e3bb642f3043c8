"""corpora/MANIFEST.tsv describes every data file exactly."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def test_manifest_matches_files() -> None:
    with open(CORPORA / "MANIFEST.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert rows, "MANIFEST.tsv lists no files"
    data_files = {p.name for p in CORPORA.iterdir() if p.suffix in (".tsv", ".npz", ".txt")}
    assert {r["file"] for r in rows} == data_files - {"MANIFEST.tsv"}
    for row in rows:
        path = CORPORA / row["file"]
        assert path.stat().st_size == int(row["bytes"]), row["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"], row["file"]
        assert row["source"] and row["licence"] and int(row["entries"]) > 0
