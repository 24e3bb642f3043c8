"""Comparison of extracted fields with hand-made expected fields, field path by field path.

Used by the tests (every difference reported) and by ``benchmarks/extraction.py`` (accuracy
per field). Free text an archivist writes in their own words (a deadline's task, a meeting's
time) is compared loosely by token-set similarity; everything else exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from extraction.lines import one_tone_style

# field name -> minimum token-set similarity (0..100) for free text written by hand
LOOSE: dict[str, int] = {"task": 75, "raw": 85, "time": 85, "venue": 85, "subject": 85}


@dataclass(frozen=True, slots=True)
class Difference:
    path: str  # e.g. "deadlines[1].lead"
    expected: Any
    got: Any

    def __str__(self) -> str:
        return f"{self.path}: expected {self.expected!r}, got {self.got!r}"


def compare(expected: Any, got: Any, path: str = "") -> list[tuple[str, bool, Any]]:
    """(path, equal, got) for every leaf of ``expected``; lists compared item by item."""
    if isinstance(expected, dict):
        out: list[tuple[str, bool, Any]] = []
        got_dict = got if isinstance(got, dict) else {}
        for key, value in expected.items():
            out += compare(value, got_dict.get(key), f"{path}.{key}".lstrip("."))
        return out
    if isinstance(expected, list) and (not expected or not isinstance(expected[0], str)):
        got_list = got if isinstance(got, list) else []
        out = [(f"{path}.count", len(expected) == len(got_list), len(got_list))]
        for i, item in enumerate(expected):
            other = got_list[i] if i < len(got_list) else None
            out += compare(item, other, f"{path}[{i}]")
        return out
    return [(path, _equal(path, expected, got), got)]


def differences(expected: Any, got: Any) -> list[Difference]:
    out: list[Difference] = []
    for path, equal, value in compare(expected, got):
        if not equal:
            out.append(Difference(path, _lookup(expected, path), value))
    return out


def field_name(path: str) -> str:
    """'deadlines[2].lead' -> 'deadlines.lead' (the field, whatever the item)."""
    return re.sub(r"\[\d+\]", "", path)


def _equal(path: str, expected: Any, got: Any) -> bool:
    """Equal, or loosely alike for free text; tone marks placed either way ('Uỷ', 'Ủy') alike,
    as the document's own spelling is kept."""
    key = path.rsplit(".", 1)[-1]
    expected, got = _one_style(expected), _one_style(got)
    if key in LOOSE and isinstance(expected, str) and isinstance(got, str):
        return fuzz.token_set_ratio(expected.lower(), got.lower()) >= LOOSE[key]
    return bool(expected == got)


def _one_style(value: Any) -> Any:
    if isinstance(value, str):
        return one_tone_style(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [one_tone_style(v) for v in value]
    return value


def _lookup(data: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            data = data[index] if isinstance(data, list) and index < len(data) else None
        elif part == "count" and isinstance(data, list):
            return len(data)
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data
