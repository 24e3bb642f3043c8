"""Preservation copies in the archive's data folder: the OCR word boxes kept beside each
record (records stay small: the API never sends the boxes), and copies built on demand
from the stored original and the record as it is now, cached until the record changes."""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from archive.repair import preservation_copy


def words_path(data_dir: Path, doc_id: str) -> Path:
    return data_dir / "words" / doc_id[:2] / f"{doc_id}.json.gz"


def save_words(data_dir: Path, doc_id: str, record: Mapping[str, Any]) -> None:
    """Keep the word boxes of ``record`` (``Record.to_dict(words=True)``), page by page."""
    pages = [p.get("words", []) for p in record.get("ocr", {}).get("pages", [])]
    if not any(pages):
        return
    path = words_path(data_dir, doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(gzip.compress(json.dumps(pages, ensure_ascii=False).encode(), mtime=0))
    tmp.replace(path)


def with_words(data_dir: Path, doc_id: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with its pages' word boxes put back (as kept by ``save_words``)."""
    out = copy.deepcopy(dict(record))
    path = words_path(data_dir, doc_id)
    if not path.exists():
        return out
    pages = json.loads(gzip.decompress(path.read_bytes()))
    for page, words in zip(out.get("ocr", {}).get("pages", []), pages, strict=False):
        page.setdefault("words", words)
    return out


def cached_copy(
    data_dir: Path, doc_id: str, original: Path, media_type: str, record: Mapping[str, Any]
) -> bytes:
    """The preservation copy of a stored document, made once for each state of its record
    (a corrected text or field makes a new one)."""
    full = with_words(data_dir, doc_id, record)
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
