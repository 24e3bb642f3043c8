"""The gazetteer's units read from vietnamadminunits, and how documents name them (build side;
the loader is ``corpora.gazetteer``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from corpora.gazetteer import GAZETTEER


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
