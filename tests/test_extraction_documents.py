"""Extraction on the project's own test documents (tests/fixtures/documents)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.record import fields_to_dict
from extraction import extract
from extraction.scoring import differences

DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"
NAMES = sorted(p.stem for p in DOCUMENTS.glob("*.txt"))


def test_documents_are_there() -> None:
    assert len(NAMES) >= 6
    assert all((DOCUMENTS / f"{name}.json").exists() for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_extract_document_matches_expected(name: str) -> None:
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))
    got = fields_to_dict(extract(text).fields)
    diffs = differences(expected, got)
    assert not diffs, "\n".join(str(d) for d in diffs)
