"""The gazetteer of Vietnamese administrative units, before and after the 1 July 2025 reform.

``gazetteer-v1.tsv`` (built from PyPI vietnamadminunits 1.0.4 by ``corpora.build.gazetteer``) has one
unit per line: era (``before-2025`` or ``after-2025``), level (``province``, ``district``,
``commune``), unit type as written before the name ("tỉnh", "huyện", "xã", "phường", ...),
name ("Tam Đường"), province name, district name (empty after the reform and for provinces)
and the official code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from corpora import CORPORA_DIR

GAZETTEER = CORPORA_DIR / "gazetteer-v1.tsv"


@dataclass(frozen=True, slots=True)
class AdminUnit:
    era: str  # before-2025 | after-2025
    level: str  # province | district | commune
    unit_type: str  # tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu
    name: str  # "Tam Đường"
    province: str  # "Lai Châu" ("" for a province itself)
    district: str  # "" after the reform, for provinces and for districts
    code: str

    @property
    def full_name(self) -> str:
        """'huyện Tam Đường'."""
        return f"{self.unit_type} {self.name}"


@functools.cache
def load_gazetteer(path: Path = GAZETTEER) -> tuple[AdminUnit, ...]:
    """Every unit of the gazetteer file, in file order (loaded once)."""
    units = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            units.append(AdminUnit(*line.rstrip("\n").split("\t")))
    return tuple(units)


@functools.cache
def place_names() -> frozenset[str]:
    """The names of all units, as written ("Tam Đường", "Krông Pắc")."""
    return frozenset(unit.name for unit in load_gazetteer())
