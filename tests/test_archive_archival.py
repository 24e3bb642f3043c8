"""Archival metadata on a real SQLite archive: the merged view, setting values, dossiers,
exports read back with openpyxl and csv, and BagIt bags checked by bagit's validation."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import bagit
import pytest
from openpyxl import load_workbook

from api.pipeline import PipelineOptions, process
from api.schemas import record_out
from archive import Archive
from archive import archival as meta
from core.errors import ArchivalInvalid, EmptySelection, InputError, NotFound
from core.record import Archival
from core.settings import Settings

DECISION = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ
Số: 45/QĐ-SNV
Đà Lạt, ngày 12 tháng 9 năm 2024
KHẨN
QUYẾT ĐỊNH
Về việc thành lập Tổ chỉnh lý tài liệu lưu trữ
GIÁM ĐỐC SỞ NỘI VỤ
Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;
QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ chỉnh lý tài liệu lưu trữ của Sở.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
GIÁM ĐỐC
Trần Minh Khoa
Ký bởi: Sở Nội vụ tỉnh Lâm Đồng
Email: snv@lamdong.gov.vn
Thời gian ký: 12.09.2024 15:20:11 +07:00
"""

PLAN = """UBND HUYỆN ĐỨC TRỌNG
PHÒNG NỘI VỤ
Số: 17/KH-PNV
Đức Trọng, ngày 05 tháng 3 năm 2023
KẾ HOẠCH
Kiểm tra công tác văn thư, lưu trữ năm 2023
1. Kiểm tra việc lập hồ sơ công việc tại các xã.
- Chủ trì: Phòng Nội vụ.
- Thời gian: trước ngày 30/6/2023.
"""

NOTICE = """UBND XÃ HIỆP THẠNH
Số: 08/TB-UBND
Hiệp Thạnh, ngày 20 tháng 11 năm 2022
THÔNG BÁO
Lịch tiếp công dân tháng 12 năm 2022
Ủy ban nhân dân xã thông báo lịch tiếp công dân như sau.
"""


@pytest.fixture(scope="module")
def processed() -> dict[str, dict[str, Any]]:
    options = PipelineOptions.from_settings(Settings())
    out = {}
    for name, text in (("decision", DECISION), ("plan", PLAN), ("notice", NOTICE)):
        out[name] = process(text.encode(), filename=f"{name}.txt", options=options).to_dict()
    return out


@pytest.fixture
def archive(tmp_path: Path, processed: dict[str, dict[str, Any]]) -> Archive:
    store = Archive(tmp_path / "data")
    texts = {"decision": DECISION, "plan": PLAN, "notice": NOTICE}
    for name, record in processed.items():
        store.store_original(
            record["id"], texts[name].encode(), filename=f"{name}.txt", media_type="text/plain"
        )
        store.save_record(record["id"], copy.deepcopy(record))
    return store


def ids(processed: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {name: record["id"] for name, record in processed.items()}


# --------------------------------------------------------------------------- the field table


def test_the_table_is_the_dataclass_in_the_standards_order() -> None:
    assert tuple(f.name for f in dataclasses.fields(Archival)) == meta.KEYS
    assert meta.KEYS[:4] == ("identifier", "fonds_code", "dossier_code", "order")
    names = [c.vi for c in meta.COLUMNS]
    assert names.index("Tên loại văn bản") < names.index("Số của văn bản")
    assert names.index("Trích yếu nội dung") < names.index("Ngôn ngữ") < names.index("Bút tích")
    assert len(set(names)) == len(names) and all(c.en and c.width > 0 for c in meta.COLUMNS)


# --------------------------------------------------------------------------- the merged view


def test_defaults_come_from_extraction(processed: dict[str, dict[str, Any]]) -> None:
    record = processed["decision"]
    view = {v.key: v for v in meta.view(record)}
    assert view["identifier"].value == record["id"]
    assert view["doc_type"].value == "Quyết định"
    assert (view["number"].value, view["symbol"].value) == ("45", "QĐ-SNV")
    assert view["date"].value == "2024-09-12"
    assert view["issuer"].value == record["fields"]["issuer"]
    assert view["title"].value == "Về việc thành lập Tổ chỉnh lý tài liệu lưu trữ"
    assert view["page_count"].value == 1
    assert view["information_mark"].value == "KHẨN"
    assert view["autograph"].value.startswith("Chữ ký số: Sở Nội vụ tỉnh Lâm Đồng")
    assert (view["signer_title"].value, view["signer_name"].value) == ("Giám đốc", "Trần Minh Khoa")
    assert {view[k].source for k in ("doc_type", "date", "autograph")} == {meta.EXTRACTION}
    assert view["fonds_code"].value is None and view["fonds_code"].source == meta.UNSET
    assert view["retention"].source == meta.UNSET


@pytest.mark.parametrize(
    ("symbol", "part"),
    [
        ("112/KH-UBND", "KH-UBND"),
        ("/QĐ-UBND", "QĐ-UBND"),  # number left blank on the paper
        ("05/2025/TT-BNV", "2025/TT-BNV"),
        ("KH-UBND", "KH-UBND"),
        (None, None),
    ],
)
def test_symbol_without_its_number(symbol: str | None, part: str | None) -> None:
    assert meta.symbol_part(symbol) == part


def test_partial_dates_keep_what_is_known() -> None:
    assert meta.partial_date({"year": 2024, "month": 3, "day": None}) == "2024-03"
    assert meta.partial_date({"year": 2024}) == "2024"
    assert meta.partial_date({"raw": "ngày tháng năm"}) is None


def test_archivist_values_win_and_corrections_flow_through(
    processed: dict[str, dict[str, Any]],
) -> None:
    record = copy.deepcopy(processed["decision"])
    changes = meta.apply(
        record, meta.check({"title": "Thành lập Tổ chỉnh lý", "fonds_code": "G09"})
    )
    assert [c[0] for c in changes] == ["archival.title", "archival.fonds_code"]
    record["fields"]["title"] = "Về việc thành lập Tổ chỉnh lý tài liệu (đã sửa)"
    record["fields"]["issuer"] = "Sở Nội vụ tỉnh Lâm Đồng"  # a correction of the record
    view = {v.key: v for v in meta.view(record)}
    assert (view["title"].value, view["title"].source) == ("Thành lập Tổ chỉnh lý", "archivist")
    assert (view["issuer"].value, view["issuer"].source) == (
        "Sở Nội vụ tỉnh Lâm Đồng",
        "extraction",
    )
    meta.apply(record, meta.check({"title": None}))  # cleared: the corrected field shows again
    assert meta.values(record)["title"] == "Về việc thành lập Tổ chỉnh lý tài liệu (đã sửa)"
    meta.apply(record, meta.check({"information_mark": ""}))  # hides a wrong extracted mark
    view = {v.key: v for v in meta.view(record)}
    assert (view["information_mark"].value, view["information_mark"].source) == ("", "archivist")


def test_values_are_checked_and_normalised() -> None:
    assert meta.check({"date": "5/3/2023", "order": "7", "page_count": 3}) == {
        "date": "2023-03-05",
        "order": 7,
        "page_count": 3,
    }
    assert meta.check({"date": "2023-03"}) == {"date": "2023-03"}
    assert meta.check({"retention": "  Vĩnh viễn "}) == {"retention": "Vĩnh viễn"}
    for bad in (
        {"phong": "G09"},
        {"order": 0},
        {"order": "hai"},
        {"page_count": True},
        {"date": "2023-02-30"},
        {"date": "2023-13"},
        {"date": "tháng 3"},
        {"keywords": ["a", "b"]},
        {"notes": "x" * (meta.MAX_TEXT + 1)},
    ):
        with pytest.raises(ArchivalInvalid):
            meta.check(bad)


def test_records_stored_before_archival_metadata_still_load(
    processed: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    old = copy.deepcopy(processed["plan"])
    del old["archival"]
    assert Archival.from_dict(old.get("archival")) == Archival()
    assert meta.values(old)["doc_type"] == "Kế hoạch"
    assert record_out(old, jobs=[]).id == old["id"]  # the API's wire model accepts it
    store = Archive(tmp_path)
    store.store_original(old["id"], PLAN.encode(), filename="p.txt", media_type="text/plain")
    store.save_record(old["id"], old)
    meta.set_values(store, [old["id"]], {"fonds_code": "G09"}, who="tester")
    assert store.record(old["id"])["archival"]["fonds_code"] == "G09"
    assert Archival.from_dict({"fonds_code": "G1", "later_field": 1}).fonds_code == "G1"


def test_new_records_carry_an_empty_archival_object(processed: dict[str, dict[str, Any]]) -> None:
    assert processed["plan"]["archival"] == dict.fromkeys(meta.KEYS)


# --------------------------------------------------------------------------- setting values


def test_set_values_keeps_history_and_saves(archive: Archive, processed: Any) -> None:
    doc = ids(processed)["plan"]
    changed = meta.set_values(
        archive, [doc], {"fonds_code": "G09", "retention": "10 năm"}, who="an"
    )
    assert len(changed[doc]) == 2
    assert meta.set_values(archive, [doc], {"fonds_code": "G09"}, who="an")[doc] == []  # no-op
    meta.set_values(archive, [doc], {"fonds_code": "G10"}, who="binh")
    history = [h for h in archive.history(doc) if h["field"].startswith("archival.")]
    assert [(h["who"], h["field"], h["before"], h["after"]) for h in history] == [
        ("an", "archival.fonds_code", None, "G09"),
        ("an", "archival.retention", None, "10 năm"),
        ("binh", "archival.fonds_code", "G09", "G10"),
    ]
    assert meta.values(archive.record(doc))["fonds_code"] == "G10"


def test_batch_numbers_the_dossier_and_an_unknown_id_changes_nothing(
    archive: Archive, processed: Any
) -> None:
    docs = ids(processed)
    with pytest.raises(NotFound):
        meta.set_values(archive, [docs["plan"], "f" * 64], {"fonds_code": "G09"}, who="an")
    assert meta.values(archive.record(docs["plan"]))["fonds_code"] is None
    order = [docs["notice"], docs["plan"]]
    meta.set_values(archive, order, {"dossier_code": "HS-01"}, who="an", order_from=1)
    assert [meta.values(archive.record(d))["order"] for d in order] == [1, 2]


# --------------------------------------------------------------------------- dossiers


def test_dossiers_group_documents_within_each_fonds(archive: Archive, processed: Any) -> None:
    docs = ids(processed)
    meta.set_values(
        archive, [docs["plan"]], {"fonds_code": "G09", "dossier_code": "HS-10"}, who="a"
    )
    meta.set_values(
        archive,
        [docs["notice"], docs["decision"]],
        {"fonds_code": "G09", "dossier_code": "HS-2", "retention": "Vĩnh viễn"},
        who="a",
    )
    result = meta.dossiers(archive)
    assert result["unfiled"] == 0
    [fonds] = result["fonds"]
    assert fonds["code"] == "G09" and fonds["documents"] == 3
    assert [d["code"] for d in fonds["dossiers"]] == ["HS-2", "HS-10"]  # natural order
    two = fonds["dossiers"][0]
    assert two["documents"] == 2 and two["retention"] == ["Vĩnh viễn"]
    assert (two["start"], two["end"]) == ("2022-11-20", "2024-09-12")
    assert set(two["ids"]) == {docs["notice"], docs["decision"]}
    meta.set_values(archive, [docs["plan"]], {"dossier_code": None}, who="a")
    assert meta.dossiers(archive)["unfiled"] == 1
    assert meta.dossiers(archive, fonds="G01") == {"fonds": [], "unfiled": 0}


def test_selections_by_dossier_search_and_ids(archive: Archive, processed: Any) -> None:
    docs = ids(processed)
    meta.set_values(
        archive, [docs["plan"], docs["notice"]], {"dossier_code": "HS-01"}, who="a", order_from=1
    )
    picked = meta.select(archive, meta.Selection(dossier="HS-01"))
    assert [r["id"] for r in picked] == [docs["plan"], docs["notice"]]  # by order in dossier
    found = meta.select(archive, meta.Selection(query="chinh ly tai lieu"))
    assert [r["id"] for r in found] == [docs["decision"]]
    assert [r["id"] for r in meta.select(archive, meta.Selection(year=2022))] == [docs["notice"]]
    given = (docs["notice"], docs["decision"])
    assert [r["id"] for r in meta.select(archive, meta.Selection(ids=given))] == list(given)
    assert len(meta.select(archive, meta.Selection())) == 3


# --------------------------------------------------------------------------- exports


def _filed(archive: Archive, processed: Any) -> list[dict[str, Any]]:
    docs = ids(processed)
    meta.set_values(
        archive,
        [docs["decision"], docs["plan"]],
        {"fonds_code": "G09", "dossier_code": "HS-01", "retention": "Vĩnh viễn"},
        who="a",
        order_from=1,
    )
    meta.set_values(archive, [docs["plan"]], {"notes": '=HYPERLINK("http://x","y")'}, who="a")
    return meta.select(archive, meta.Selection(dossier="HS-01"))


def test_xlsx_opens_with_the_standards_columns(archive: Archive, processed: Any) -> None:
    records = _filed(archive, processed)
    book = load_workbook(io.BytesIO(meta.to_xlsx(records)))
    sheet = book.active
    assert sheet is not None and sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.vi for c in meta.COLUMNS]
    col = {c.key: i for i, c in enumerate(meta.COLUMNS)}
    first = rows[1]
    assert first[col["fonds_code"]] == "G09" and first[col["order"]] == 1
    assert first[col["doc_type"]] == "Quyết định" and first[col["symbol"]] == "QĐ-SNV"
    assert first[col["date"]] == "12/09/2024"
    assert first[col["retention"]] == "Vĩnh viễn"
    assert rows[2][col["order"]] == 2 and rows[2][col["doc_type"]] == "Kế hoạch"
    notes = sheet.cell(row=3, column=col["notes"] + 1)
    assert notes.value == '=HYPERLINK("http://x","y")' and notes.data_type == "s"  # not a formula
    assert sheet.column_dimensions["J"].width == meta.BY_KEY["title"].width
    odd = copy.deepcopy(records[0])
    meta.apply(odd, meta.check({"keywords": "lưu trữ\x07chỉnh lý"}))  # a control character
    sheet = load_workbook(io.BytesIO(meta.to_xlsx([odd]))).active
    assert sheet is not None
    assert sheet.cell(row=2, column=col["keywords"] + 1).value == "lưu trữchỉnh lý"


def test_csv_has_a_bom_the_headers_and_no_formulas(archive: Archive, processed: Any) -> None:
    records = _filed(archive, processed)
    body = meta.to_csv(records)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [c.vi for c in meta.COLUMNS] and len(rows) == 3
    notes = rows[2][meta.KEYS.index("notes")]
    assert notes == '\'=HYPERLINK("http://x","y")'
    semi = meta.to_csv(records, sep=";").decode("utf-8-sig")
    semi_rows = list(csv.reader(io.StringIO(semi), delimiter=";"))
    assert semi_rows == rows  # same cells, Excel's Vietnamese separator
    assert semi.splitlines()[0].count(";") == len(meta.COLUMNS) - 1
    with pytest.raises(InputError):
        meta.to_csv(records, sep="\t")


def test_json_has_every_key_in_order(archive: Archive, processed: Any) -> None:
    body = json.loads(meta.to_json(_filed(archive, processed)))
    assert [c["key"] for c in body["columns"]] == list(meta.KEYS)
    assert all(list(doc) == list(meta.KEYS) for doc in body["documents"])
    assert body["documents"][0]["date"] == "2024-09-12"
    assert meta.to_json([]) == meta.to_json([])  # stable


# --------------------------------------------------------------------------- bags


def test_bag_validates_with_bagit(archive: Archive, processed: Any, tmp_path: Path) -> None:
    records = _filed(archive, processed)

    def preservation(doc_id: str, record: Any, original: bytes) -> dict[str, bytes]:
        return {"copy.txt": original.upper(), "sub/info.json": b"{}"}

    target = meta.make_bag(
        archive,
        records,
        tmp_path / "bag",
        extra=preservation,
        info={"Source-Organization": "Sở Nội vụ"},
    )
    bag = bagit.Bag(str(target))
    assert bag.is_valid() and bag.info["Source-Organization"] == "Sở Nội vụ"
    data = target / "data"
    doc = records[0]["id"]
    assert (data / "originals" / doc / "decision.txt").read_bytes() == DECISION.encode()
    assert (data / "preservation" / doc / "sub" / "info.json").exists()
    exported = json.loads((data / "metadata" / "archival.json").read_text(encoding="utf-8"))
    assert [d["identifier"] for d in exported["documents"]] == [r["id"] for r in records]
    assert (data / "metadata" / "archival.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    (data / "originals" / doc / "decision.txt").write_bytes(b"changed")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(target)).validate()


def test_bag_refuses_unsafe_names_a_used_folder_and_nothing(
    archive: Archive, processed: Any, tmp_path: Path
) -> None:
    records = meta.select(archive, meta.Selection())
    with pytest.raises(InputError, match="unsafe"):
        meta.make_bag(archive, records, tmp_path / "a", extra=lambda *_: {"../x": b""})
    used = tmp_path / "used"
    used.mkdir()
    (used / "file").write_text("x")
    with pytest.raises(InputError):
        meta.make_bag(archive, records, used)
    with pytest.raises(EmptySelection):
        meta.make_bag(archive, [], tmp_path / "b")
