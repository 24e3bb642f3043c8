"""Extraction against the hand-made gold fields of the sample plans, reported field by field.

The samples are read from the shared sample folder when it is there, otherwise from the copy in
tests/fixtures/samples (see its README).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.record import fields_to_dict
from extraction import extract
from extraction.scoring import differences

FIXTURES = Path(__file__).parent / "fixtures" / "samples"
SHARED = Path("/work/shared/samples")


def sample(name: str, suffix: str) -> Path:
    shared = SHARED / ("fields" if suffix == "json" else "text") / f"{name}.{suffix}"
    return shared if shared.exists() else FIXTURES / f"{name}.{suffix}"


def gold(name: str) -> dict[str, Any]:
    return dict(json.loads(sample(name, "json").read_text(encoding="utf-8")))


def test_fixture_copies_match_shared_samples() -> None:
    if not SHARED.exists():
        pytest.skip("the shared sample folder is not on this machine")
    for name in ("000", "001", "002"):
        assert gold(name) == json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "suffix"), [("000", "gold.txt"), ("001", "clean.txt"), ("002", "clean.txt")]
)
def test_extract_sample_matches_gold(name: str, suffix: str) -> None:
    text = sample(name, suffix).read_text(encoding="utf-8")
    got = fields_to_dict(extract(text).fields)
    diffs = differences(gold(name), got)
    assert not diffs, "\n".join(str(d) for d in diffs)


def test_extract_restored_legacy_ocr_matches_gold() -> None:
    """000 through the restoration stage: the garbled legacy OCR, restored, then extracted."""
    from diacritics import restore

    garbled = sample("000", "ocr-legacy.txt").read_text(encoding="utf-8")
    got = fields_to_dict(extract(restore(garbled).text).fields)
    diffs = differences(gold("000"), got)
    assert not diffs, "\n".join(str(d) for d in diffs)
