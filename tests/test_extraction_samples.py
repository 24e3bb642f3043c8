"""Extraction against hand-made gold fields, reported field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

from core.record import fields_to_dict
from extraction import extract

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
# free text written by hand in the gold: compared loosely (token-set similarity, 0..100);
# a deadline's task is the archivist's own summary of the duty, hence the lower bar
LOOSE = {"task": 75, "raw": 85, "time": 85, "venue": 85, "subject": 85}


def differences(expected: Any, got: Any, path: str = "") -> list[str]:
    if isinstance(expected, dict):
        out: list[str] = []
        for key, value in expected.items():
            out += differences(value, (got or {}).get(key), f"{path}.{key}".lstrip("."))
        return out
    if isinstance(expected, list):
        got = got or []
        if len(expected) != len(got):
            return [f"{path}: expected {len(expected)} items, got {len(got)}: {got!r}"]
        return [
            d
            for i, (e, g) in enumerate(zip(expected, got, strict=True))
            for d in differences(e, g, f"{path}[{i}]")
        ]
    key = path.rsplit(".", 1)[-1]
    loose = key in LOOSE and isinstance(expected, str) and isinstance(got, str)
    if loose and fuzz.token_set_ratio(expected.lower(), got.lower()) >= LOOSE[key]:
        return []
    return [] if expected == got else [f"{path}: expected {expected!r}, got {got!r}"]


def _case(name: str) -> tuple[str, dict[str, Any]]:
    text_file = next(SAMPLES.glob(f"{name}.*.txt"))
    if name == "000":
        text_file = SAMPLES / "000.gold.txt"
    gold = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return text_file.read_text(encoding="utf-8"), gold


@pytest.mark.parametrize("name", ["000", "001", "002"])
def test_extract_sample_matches_gold(name: str) -> None:
    text, gold = _case(name)
    got = fields_to_dict(extract(text).fields)
    diffs = differences(gold, got)
    assert not diffs, "\n".join(diffs)
