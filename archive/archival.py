"""Archival metadata of documents, dossiers, exports and transfer packages.

The fields follow the metadata of a document in Thông tư 02/2019/TT-BNV (Phụ lục I), kept by
Thông tư 05/2025/TT-BNV under the 2024 Law on Archives, in that order (``COLUMNS``). What an
archivist set is stored in the record (``record["archival"]``); the rest is computed from the
extracted fields when the view is read, so a correction of a field flows through unless the
archivist set that field. Exports (XLSX, CSV, JSON) and BagIt bags take their columns from
the same table.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from archive import search
from archive.base import Store
from archive.feeds import safe_cell
from core.errors import (
    ArchivalInvalid,
    CorruptFile,
    EmptySelection,
    InputError,
    NotFound,
    PreservationFailed,
)
from core.record import Archival

STANDARD = "Thông tư 05/2025/TT-BNV; Thông tư 02/2019/TT-BNV, Phụ lục I"


@dataclass(frozen=True, slots=True)
class Column:
    """One field of the archival metadata: its key, its names and how it is written."""

    key: str  # the name in the record, the API and JSON exports
    vi: str  # the column name in the standard (spreadsheet headers)
    en: str
    width: int  # column width in the XLSX sheet, in characters
    kind: str = "text"  # text | int | date
    source: str = "02/2019"  # where the field is defined (see docs/design.md)


# The standard's order: the document's fields of Thông tư 02/2019/TT-BNV (Mã hồ sơ split into
# its fonds and dossier parts), then fields the standard keeps at the dossier level or that
# Nghị định 30/2020/NĐ-CP lists for a document (retention, signer).
COLUMNS: tuple[Column, ...] = (
    Column("identifier", "Mã định danh văn bản", "Document identifier", 26),
    Column("fonds_code", "Mã phông", "Fonds code", 12),
    Column("dossier_code", "Mã hồ sơ", "Dossier code", 16),
    Column("order", "Số thứ tự văn bản trong hồ sơ", "Order in dossier", 12, "int"),
    Column("doc_type", "Tên loại văn bản", "Document type", 16),
    Column("number", "Số của văn bản", "Number", 10),
    Column("symbol", "Ký hiệu của văn bản", "Symbol", 18),
    Column("date", "Ngày, tháng, năm văn bản", "Date", 14, "date"),
    Column("issuer", "Tên cơ quan, tổ chức ban hành văn bản", "Issuing body", 32),
    Column("title", "Trích yếu nội dung", "Summary", 60),
    Column("language", "Ngôn ngữ", "Language", 12),
    Column("page_count", "Số lượng trang của văn bản", "Page count", 10, "int"),
    Column("notes", "Ghi chú", "Notes", 30),
    Column("information_mark", "Ký hiệu thông tin", "Information mark", 16),
    Column("keywords", "Từ khóa", "Keywords", 24),
    Column("access", "Chế độ sử dụng", "Access regime", 18),
    Column("reliability", "Mức độ tin cậy", "Reliability", 16),
    Column("autograph", "Bút tích", "Autograph", 28),
    Column("physical_condition", "Tình trạng vật lý", "Physical condition", 18),
    Column("retention", "Thời hạn bảo quản", "Retention period", 14, source="02/2019 hồ sơ"),
    Column("signer_title", "Chức vụ người ký", "Signer's title", 24, source="30/2020"),
    Column("signer_name", "Họ tên người ký", "Signer's name", 24, source="30/2020"),
)
BY_KEY = {c.key: c for c in COLUMNS}
KEYS = tuple(c.key for c in COLUMNS)
MAX_TEXT = 2000

ARCHIVIST, EXTRACTION, UNSET = "archivist", "extraction", "none"


# --------------------------------------------------------------------------- the merged view


@dataclass(frozen=True, slots=True)
class Value:
    key: str
    value: Any
    source: str  # archivist | extraction | none


def stored(record: Mapping[str, Any]) -> Archival:
    """What the archivist set on this record (nothing, for records stored before)."""
    return Archival.from_dict(record.get("archival"))


def extracted(record: Mapping[str, Any]) -> dict[str, Any]:
    """The archival fields the extracted record knows."""
    fields = record.get("fields") or {}
    signer = fields.get("signer") or {}
    marks = [m for m in (fields.get("secrecy"), fields.get("urgency")) if m]
    return {
        "identifier": record.get("id"),
        "doc_type": fields.get("doc_type"),
        "number": fields.get("number"),
        "symbol": symbol_part(fields.get("symbol")),
        "date": partial_date(fields.get("date") or {}),
        "issuer": fields.get("issuer"),
        "title": fields.get("title"),
        "language": "Tiếng Việt" if (record.get("text") or "").strip() else None,
        "page_count": (record.get("source") or {}).get("pages") or None,
        "information_mark": "; ".join(marks) or None,
        "autograph": autograph(fields.get("digital_signatures") or []),
        "signer_title": signer.get("title"),
        "signer_name": signer.get("name"),
    }


def view(record: Mapping[str, Any]) -> list[Value]:
    """Every field in the standard's order: the archivist's value over the extracted one."""
    mine = stored(record)
    found = extracted(record)
    out = []
    for key in KEYS:
        value = getattr(mine, key)
        if value is not None:
            out.append(Value(key, value, ARCHIVIST))
        elif found.get(key) is not None:
            out.append(Value(key, found[key], EXTRACTION))
        else:
            out.append(Value(key, None, UNSET))
    return out


def values(record: Mapping[str, Any]) -> dict[str, Any]:
    """The merged values, keyed in the standard's order."""
    return {v.key: v.value for v in view(record)}


def symbol_part(symbol: str | None) -> str | None:
    """The symbol without its number: "112/KH-UBND" -> "KH-UBND" (the standard keeps the
    number and the symbol in two fields); a blank number ("/QĐ-UBND") leaves "QĐ-UBND"."""
    if not symbol:
        return None
    head, slash, rest = symbol.partition("/")
    if slash and (not head or head.strip().isdigit()):
        return rest.strip() or None
    return symbol


def partial_date(date: Mapping[str, Any]) -> str | None:
    """ISO date, or YYYY-MM / YYYY when the day or month is blank on the document."""
    year, month, day = date.get("year"), date.get("month"), date.get("day")
    if not year:
        return None
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def autograph(signatures: Iterable[Mapping[str, Any]]) -> str | None:
    """Digital signatures found on the document, as the standard's "Bút tích" text."""
    parts = []
    for sig in signatures:
        who = sig.get("signer") or sig.get("email") or "?"
        when = f" ({sig['timestamp']})" if sig.get("timestamp") else ""
        parts.append(f"Chữ ký số: {who}{when}")
    return "; ".join(parts) or None


# --------------------------------------------------------------------------- setting values


def check(updates: Mapping[str, Any]) -> dict[str, Any]:
    """Names and values checked and normalised; ``None`` clears what the archivist set."""
    out: dict[str, Any] = {}
    for key, value in updates.items():
        column = BY_KEY.get(key)
        if column is None:
            raise ArchivalInvalid(f"unknown archival field {key!r}; fields are: {', '.join(KEYS)}")
        out[key] = None if value is None else _checked(column, value)
    return out


def _checked(column: Column, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ArchivalInvalid(f"{column.key}: a text or a number is expected, got {value!r}")
    if column.kind == "int":
        text = str(value).strip()
        if not text.isdigit() or int(text) < 1:
            raise ArchivalInvalid(f"{column.key}: a whole number from 1 is expected, got {value!r}")
        return int(text)
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ArchivalInvalid(f"{column.key}: at most {MAX_TEXT} characters")
    if column.kind == "date" and text:
        return _iso_date(column.key, text)
    return text  # "" is kept: it hides an extracted value the archivist found wrong


def _iso_date(key: str, text: str) -> str:
    """YYYY-MM-DD, YYYY-MM or YYYY; dd/mm/yyyy (and d/m/yyyy) as written in Vietnam."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        text = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    try:
        if m and m[3]:
            dt.date.fromisoformat(text)
        elif m and m[2] and not 1 <= int(m[2]) <= 12:
            raise ValueError(text)
    except ValueError:
        m = None
    if not m:
        raise ArchivalInvalid(
            f"{key}: a date as YYYY-MM-DD, YYYY-MM, YYYY or dd/mm/yyyy, got {text!r}"
        )
    return text


def apply(record: dict[str, Any], updates: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """Set checked ``updates`` in ``record`` (in place); (field, before, after) per change."""
    current = dataclass_dict(stored(record))
    changes = []
    for key, value in updates.items():
        if current[key] != value:
            changes.append((f"archival.{key}", current[key], value))
            current[key] = value
    if changes:
        record["archival"] = current
    return changes


def dataclass_dict(archival: Archival) -> dict[str, Any]:
    return {key: getattr(archival, key) for key in KEYS}


def set_values(
    archive: Store,
    doc_ids: Iterable[str],
    updates: Mapping[str, Any],
    *,
    who: str,
    order_from: int | None = None,
) -> dict[str, list[tuple[str, Any, Any]]]:
    """Set ``updates`` on each document, kept with its history like a correction of fields.

    Every record is read before anything is written, so an unknown id changes nothing.
    With ``order_from``, the documents are numbered in the dossier in the order given.
    """
    checked = check(updates)
    if order_from is not None:
        check({"order": order_from})
    ids = list(dict.fromkeys(doc_ids))
    records = {doc_id: archive.record(doc_id) for doc_id in ids}
    out = {}
    for i, doc_id in enumerate(ids):
        record = records[doc_id]
        mine = dict(checked)
        if order_from is not None:
            mine["order"] = order_from + i
        changes = apply(record, mine)
        for field, before, after in changes:
            archive.add_history(doc_id, who=who, field=field, before=before, after=after)
        if changes:
            archive.save_record(doc_id, record)
        out[doc_id] = changes
    return out


# --------------------------------------------------------------------------- selections


@dataclass(frozen=True, slots=True)
class Selection:
    """Documents by id, or by search (text and filters), or by fonds and dossier."""

    ids: tuple[str, ...] = ()
    fonds: str | None = None
    dossier: str | None = None
    query: str = ""
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    cites: str | None = None

    @property
    def searches(self) -> bool:
        return bool(self.query.strip() or self.doc_type or self.issuer or self.year or self.cites)


def all_records(archive: Store, *, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every processed record of the archive (documents not processed yet are left out)."""
    seen: set[str] = set()
    offset = 0
    while True:
        rows = archive.documents(limit=batch, offset=offset)
        for row in rows:
            if row["id"] in seen:
                continue  # a document added meanwhile shifts the pages by one
            seen.add(row["id"])
            try:
                yield archive.record(row["id"])
            except NotFound:
                continue
        if len(rows) < batch:
            return
        offset += batch


def select(archive: Store, selection: Selection) -> list[dict[str, Any]]:
    """The selected records: in the order given for ids, else by fonds, dossier, order, date."""
    if selection.ids:
        return [archive.record(doc_id) for doc_id in dict.fromkeys(selection.ids)]
    if selection.searches:
        records: Iterable[dict[str, Any]] = (
            archive.record(doc_id) for doc_id in _search_ids(archive, selection)
        )
    else:
        records = all_records(archive)
    chosen = [r for r in records if _in_dossier(r, selection)]
    return sorted(chosen, key=sort_key)


def _search_ids(archive: Store, selection: Selection) -> list[str]:
    filters = search.Filters(
        doc_type=selection.doc_type,
        issuer=selection.issuer,
        year=selection.year,
        cites=selection.cites,
    )
    ids: list[str] = []
    page = 1
    while True:
        result = search.search(archive, selection.query, filters=filters, page=page)
        ids += [hit["id"] for hit in result["hits"]]
        if not result["hits"] or len(ids) >= result["total"]:
            return list(dict.fromkeys(ids))
        page += 1


def _in_dossier(record: Mapping[str, Any], selection: Selection) -> bool:
    if selection.fonds is None and selection.dossier is None:
        return True
    merged = values(record)
    return (selection.fonds is None or merged["fonds_code"] == selection.fonds) and (
        selection.dossier is None or merged["dossier_code"] == selection.dossier
    )


def sort_key(record: Mapping[str, Any]) -> tuple[Any, ...]:
    v = values(record)
    return (
        v["fonds_code"] is None,
        v["fonds_code"] or "",
        v["dossier_code"] is None,
        _natural(v["dossier_code"] or ""),
        v["order"] if v["order"] is not None else 10**9,
        v["date"] or "9999",
        record.get("id") or "",
    )


def _natural(text: str) -> tuple[Any, ...]:
    """ "HS-2" before "HS-10"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text))


# --------------------------------------------------------------------------- dossiers


def dossiers(archive: Store, *, fonds: str | None = None) -> dict[str, Any]:
    """Documents grouped into dossiers (hồ sơ) within each fonds (phông), with counts,
    the time span of each dossier and its retention periods."""
    groups: dict[tuple[str | None, str], list[dict[str, Any]]] = {}
    unfiled = 0
    for record in all_records(archive):
        v = values(record)
        if fonds is not None and v["fonds_code"] != fonds:
            continue
        if not v["dossier_code"]:
            unfiled += 1
            continue
        groups.setdefault((v["fonds_code"], v["dossier_code"]), []).append(record)
    by_fonds: dict[str | None, list[dict[str, Any]]] = {}
    for (code, dossier), records in groups.items():
        records.sort(key=sort_key)
        merged = [values(r) for r in records]
        dates = sorted(m["date"] for m in merged if m["date"])
        by_fonds.setdefault(code, []).append(
            {
                "code": dossier,
                "documents": len(records),
                "pages": sum(m["page_count"] or 0 for m in merged),
                "start": dates[0] if dates else None,
                "end": dates[-1] if dates else None,
                "retention": sorted({m["retention"] for m in merged if m["retention"]}),
                "ids": [r["id"] for r in records],
            }
        )
    out = []
    for code in sorted(by_fonds, key=lambda c: (c is None, c or "")):
        items = sorted(by_fonds[code], key=lambda d: _natural(d["code"]))
        out.append(
            {
                "code": code,
                "dossiers": items,
                "documents": sum(d["documents"] for d in items),
            }
        )
    return {"fonds": out, "unfiled": unfiled}


# --------------------------------------------------------------------------- exports


def columns() -> list[dict[str, str]]:
    return [{"key": c.key, "vi": c.vi, "en": c.en} for c in COLUMNS]


def to_json(records: Iterable[Mapping[str, Any]]) -> bytes:
    """Every document with every key, in the standard's order; values as in the API."""
    body = {
        "standard": STANDARD,
        "columns": columns(),
        "documents": [values(r) for r in records],
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def table(records: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
    """Rows for spreadsheets: dates as dd/mm/yyyy, numbers as numbers, empty as ""."""
    return [[_cell(BY_KEY[k], v) for k, v in values(r).items()] for r in records]


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return ""
    if column.kind == "date" and isinstance(value, str):
        parts = value.split("-")
        return "/".join(reversed(parts))
    return value


def to_csv(records: Iterable[Mapping[str, Any]], *, sep: str = ",") -> bytes:
    """UTF-8 with a byte-order mark and the standard's Vietnamese headers. ``sep=";"`` is for
    Excel set to a Vietnamese locale (where the comma is the decimal mark)."""
    if sep not in (",", ";"):
        raise InputError(f"the CSV separator is ',' or ';', got {sep!r}")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow([c.vi for c in COLUMNS])
    for row in table(records):
        writer.writerow([safe_cell(x) if isinstance(x, str) else x for x in row])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def to_xlsx(records: Iterable[Mapping[str, Any]]) -> bytes:
    """One sheet: the Vietnamese header row frozen, column widths, a filter on the header.
    Every text is stored as text, so a value that starts with "=" is never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Văn bản"
    top = Alignment(wrap_text=True, vertical="top")
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    for i, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i, value=column.vi)
        cell.font, cell.fill, cell.alignment = bold, fill, top
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    wrapped = {KEYS.index(k) + 1 for k in ("issuer", "title", "notes")}  # long texts
    rows = table(records)
    for r, row in enumerate(rows, start=2):
        for i, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=i)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # text, even when it starts with "="
            else:
                cell.value = value
            if i in wrapped:
                cell.alignment = top
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    book.properties.title = "Danh mục văn bản"
    book.properties.subject = STANDARD
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- transfer bags

# Files made for each document besides its original (e.g. a PDF/A copy): given the document
# id, its record and the original's bytes, the files' names (relative) and bytes.
Extra = Callable[[str, Mapping[str, Any], bytes], Mapping[str, bytes]]


def make_bag(
    archive: Store,
    records: list[dict[str, Any]],
    target: Path,
    *,
    copies: bool = True,
    extra: Extra | None = None,
    extra_folder: str = "preservation",
    info: Mapping[str, str] | None = None,
) -> Path:
    """A BagIt bag (RFC 8493) in ``target``: ``data/originals/<id>/<file name>``, with
    ``copies`` the PDF/A preservation copy of each scan or PDF in
    ``data/preservation/<id>/<name>.pdfa.pdf`` (taken from the copies' cache when it is
    there), the archival metadata (``data/metadata/archival.json`` and ``.csv``), what each
    copy is or why there is none (``data/metadata/preservation.json``), each full record
    (``data/metadata/records/<id>.json``) and, with ``extra``, the files it makes for each
    document in ``data/<extra_folder>/<id>/``. Checksums are SHA-256 and SHA-512."""
    import bagit

    if not records:
        raise EmptySelection("no processed document to put in the bag")
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(f"{target} exists and is not an empty folder; give a new folder")
    target.mkdir(parents=True, exist_ok=True)
    meta = target / "metadata"
    (meta / "records").mkdir(parents=True)
    made = []
    for record in records:
        doc_id = record["id"]
        original = archive.read_original(doc_id)
        name = _safe_name((record.get("source") or {}).get("filename") or doc_id)
        _write(target / "originals" / doc_id / name, original)
        body = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
        _write(meta / "records" / f"{doc_id}.json", body)
        if copies:
            made.append(_preservation_copy(archive, record, target, name))
        for rel, data in (extra(doc_id, record, original) if extra else {}).items():
            _write(target / extra_folder / doc_id / _safe_relative(rel), data)
    _write(meta / "archival.json", to_json(records))
    _write(meta / "archival.csv", to_csv(records))
    if copies:
        listing = json.dumps({"copies": made}, ensure_ascii=False, indent=1)
        _write(meta / "preservation.json", listing.encode("utf-8"))
    done = sum(1 for m in made if m["file"])
    bag_info = {
        "External-Description": f"vanban: {len(records)} document(s) with archival metadata "
        f"({STANDARD})" + (f", {done} PDF/A preservation copies" if copies else ""),
        "Bagging-Date": dt.date.today().isoformat(),
        **(info or {}),
    }
    bagit.make_bag(str(target), bag_info=bag_info, checksums=["sha256", "sha512"])
    return target


def _preservation_copy(
    archive: Store, record: Mapping[str, Any], target: Path, name: str
) -> dict[str, Any]:
    """Put the document's PDF/A copy in the bag; what it is, or why there is none."""
    from archive.copies import copy_name, stored_copy

    doc_id = record["id"]
    entry: dict[str, Any] = {"id": doc_id, "file": None}
    if (record.get("source") or {}).get("media_type") == "text/plain":
        return {**entry, "reason": "a text file has no page images to preserve"}
    try:
        data = stored_copy(archive, doc_id, record)
    except (PreservationFailed, CorruptFile) as exc:
        return {**entry, "reason": str(exc), "code": exc.code}
    rel = f"preservation/{doc_id}/{_safe_name(copy_name(name))}"
    _write(target / rel, data)
    return {**entry, "file": f"data/{rel}", "sha256": hashlib.sha256(data).hexdigest()}


def _safe_name(name: str) -> str:
    base = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", PurePosixPath(name.replace("\\", "/")).name)
    return base.strip(". ") or "original"


def _safe_relative(rel: str) -> Path:
    parts = PurePosixPath(rel.replace("\\", "/")).parts
    if not parts or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise InputError(f"a file made for the bag has an unsafe name: {rel!r}")
    return Path(*[_safe_name(p) for p in parts])


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
