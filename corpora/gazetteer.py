"""The gazetteer of Vietnamese administrative units, before and after the 1 July 2025 reform.

``gazetteer-v1.tsv`` (built from PyPI vietnamadminunits 1.0.4 by ``corpora.build``) has one
unit per line: era (``before-2025`` or ``after-2025``), level (``province``, ``district``,
``commune``), unit type as written before the name ("tỉnh", "huyện", "xã", "phường", ...),
name ("Tam Đường"), province name, district name (empty after the reform and for provinces)
and the official code.
"""

from __future__ import annotations

import functools
import sqlite3
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


# --------------------------------------------------------------------------- building


def admin_units() -> list[tuple[str, ...]]:
    """(era, level, type, name, province, district, code) of every unit, sorted."""
    import vietnamadminunits

    con = sqlite3.connect(Path(vietnamadminunits.__file__).parent / "data" / "dataset.db")
    rows: set[tuple[str, ...]] = set()
    legacy = con.execute(
        "select province, provinceShort, provinceCode, districtShort, districtType, "
        "districtCode, wardShort, wardType, wardCode from admin_units_legacy"
    )
    for prov, pshort, pcode, dshort, dtype, dcode, wshort, wtype, wcode in legacy:
        ptype = "thành phố" if prov.startswith("Thành phố") else "tỉnh"
        rows.add(("before-2025", "province", ptype, pshort, "", "", pcode or ""))
        if dshort:
            rows.add(("before-2025", "district", dtype.lower(), dshort, pshort, "", dcode or ""))
        if wshort:
            rows.add(("before-2025", "commune", wtype.lower(), wshort, pshort, dshort, wcode or ""))
    current = con.execute(
        "select province, provinceShort, provinceCode, wardShort, wardType, wardCode "
        "from admin_units"
    )
    for prov, pshort, pcode, wshort, wtype, wcode in current:
        ptype = "thành phố" if prov.startswith("Thành phố") else "tỉnh"
        rows.add(("after-2025", "province", ptype, pshort, "", "", pcode or ""))
        if wshort:
            rows.add(("after-2025", "commune", wtype.lower(), wshort, pshort, "", wcode or ""))
    return sorted(rows)


def write_gazetteer(units: list[tuple[str, ...]], path: Path = GAZETTEER) -> int:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# era\tlevel\tunit type\tname\tprovince\tdistrict\tcode\n")
        for row in units:
            fh.write("\t".join(row) + "\n")
    return len(units)


def unit_phrases(units: list[tuple[str, ...]]) -> list[str]:
    """How documents name units, for the language model: "huyện Tam Đường", "xã Bản Giang,
    huyện Tam Đường, tỉnh Lai Châu", and the place of a document's date line (Decree
    30/2020: "Tam Đường, ngày ... tháng ... năm ...")."""
    types = {(u[0], u[3], u[4]): u[2] for u in units}  # (era, name, province) -> type
    out = []
    for era, level, utype, name, province, district, _code in units:
        out.append(f"{utype} {name}")
        out.append(f"{name}, ngày tháng năm")
        if level != "province":
            parts = [f"{utype} {name}"]
            if district:
                parts.append(f"{types.get((era, district, province), 'huyện')} {district}")
            parts.append(f"{types.get((era, province, ''), 'tỉnh')} {province}")
            out.append(", ".join(parts))
    return out
