"""corpora/MANIFEST describes every data file exactly; the files stay compact and pickle-free."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corpora import CORPORA_DIR
from corpora.manifest import MANIFEST, read_manifest, sha256

DATA_SUFFIXES = (".tsv", ".txt", ".npz", ".npy", ".json")
MB = 1024 * 1024


def data_files() -> set[str]:
    return {p.name for p in CORPORA_DIR.iterdir() if p.suffix in DATA_SUFFIXES}


def test_manifest_lists_exactly_the_data_files() -> None:
    assert {row["file"] for row in read_manifest()} == data_files()


@pytest.mark.parametrize("row", read_manifest(), ids=lambda row: row["file"])
def test_manifest_row_matches_its_file(row: dict[str, str]) -> None:
    path = CORPORA_DIR / row["file"]
    assert path.stat().st_size == int(row["bytes"])
    assert sha256(path) == row["sha256"]
    assert row["source"].strip() and row["licence"].strip()
    assert int(row["entries"]) > 0
    if path.suffix in (".tsv", ".txt"):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        assert len([ln for ln in lines if not ln.startswith("# ")]) == int(row["entries"])


def test_data_files_are_compact() -> None:
    sizes = [(CORPORA_DIR / name).stat().st_size for name in data_files()]
    assert max(sizes) < 40 * MB
    assert sum(sizes) < 60 * MB


@pytest.mark.parametrize("path", sorted(CORPORA_DIR.glob("*.npz")), ids=lambda p: p.name)
def test_binary_files_hold_plain_arrays(path: Path) -> None:
    with np.load(path, allow_pickle=False) as data:  # raises on any pickled object
        for name in data.files:
            assert data[name].dtype != object


def test_text_files_are_nfc_utf8() -> None:
    import unicodedata

    for name in data_files():
        path = CORPORA_DIR / name
        if path.suffix in (".tsv", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert unicodedata.is_normalized("NFC", text), name


def test_manifest_is_tab_separated_with_a_header() -> None:
    header = MANIFEST.read_text(encoding="utf-8").splitlines()[0]
    assert header.split("\t") == ["file", "entries", "bytes", "sha256", "source", "licence"]
