"""Preservation copies in the archive's data folder: built on demand from the stored
original and the record as it is now (its pages' word boxes included), cached until the
record changes."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from archive.base import Store
from archive.repair import preservation_copy


def cached_copy(
    data_dir: Path, doc_id: str, original: Path, media_type: str, record: Mapping[str, Any]
) -> bytes:
    """The preservation copy of a stored document, made once for each state of its record
    (a corrected text or field makes a new one)."""
    full = dict(record)
    state = hashlib.sha256(json.dumps(full, sort_keys=True, default=str).encode()).hexdigest()
    folder = data_dir / "pdfa" / doc_id[:2]
    path = folder / f"{doc_id}-{state[:16]}.pdf"
    if path.exists():
        return path.read_bytes()
    data = preservation_copy(original.read_bytes(), media_type, full).data
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{doc_id}-*.pdf"):  # copies of earlier states of the record
        old.unlink(missing_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data


def stored_copy(archive: Store, doc_id: str, record: Mapping[str, Any]) -> bytes:
    """The preservation copy of a document of ``archive`` (from the cache when it is there)."""
    row = archive.document_row(doc_id)
    path = archive.original_path(doc_id)
    return cached_copy(archive.storage_dir, doc_id, path, row["media_type"], record)


def copy_name(filename: str) -> str:
    """The copy's file name: "plan.jpg" -> "plan.pdfa.pdf"."""
    return Path(filename).stem + ".pdfa.pdf"
