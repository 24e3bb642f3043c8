"""Corrections (PATCH) applied to a record, and the wire form built from it."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from api.corrections import apply
from api.schemas import DocumentPatch, record_out
from core.errors import InputError
from core.record import DocDate, Fields, OcrInfo, Record, SourceInfo, TokenDecision

RECORD = Record(
    id="a" * 64,
    source=SourceInfo("kh.txt", "text/plain", 1, 30),
    ocr=OcrInfo(None, None, None),
    raw_text="KE HOACH\nCai cach hanh chinh\nNam 2023",
    text="KẾ HOẠCH\nCải cách hành chính\nNăm 2023",
    fields=Fields(doc_type="Kế hoạch", title="Cải cách hành chính", date=DocDate(year=2023)),
    changes=(
        TokenDecision(0, 0, 2, "KE", "KẾ", 0.9, "changed"),
        TokenDecision(1, 0, 3, "Cai", "Cải", 0.8, "changed"),
    ),
).to_dict()


def patched(body: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any, Any]]]:
    record = copy.deepcopy(RECORD)
    return record, apply(record, DocumentPatch.model_validate(body), who="tester", now=1.0)


def test_field_correction_is_recorded_once() -> None:
    record, changes = patched({"fields": {"title": "Cải cách hành chính năm 2023"}})
    assert record["fields"]["title"] == "Cải cách hành chính năm 2023"
    assert changes == [("fields.title", "Cải cách hành chính", "Cải cách hành chính năm 2023")]
    assert patched({"fields": {"title": "Cải cách hành chính"}})[1] == []  # unchanged: no entry


def test_line_correction_supersedes_the_restorations_on_that_line() -> None:
    record, changes = patched({"lines": {"2": "Cải cách thủ tục hành chính"}})
    assert record["text"].split("\n")[1] == "Cải cách thủ tục hành chính"
    assert [c["line"] for c in record["changes"]] == [0]
    assert changes[0] == ("line 2", "Cải cách hành chính", "Cải cách thủ tục hành chính")


def test_whole_text_must_keep_its_lines() -> None:
    record, _ = patched({"text": "KẾ HOẠCH\nCải cách hành chính\nNăm 2024"})
    assert record["text"].endswith("Năm 2024") and len(record["changes"]) == 2
    with pytest.raises(InputError, match="same lines"):
        patched({"text": "KẾ HOẠCH\nNăm 2024"})


def test_date_correction_updates_the_iso_form() -> None:
    record, _ = patched(
        {"fields": {"date": {"raw": "ngày 3/4/2023", "year": 2023, "month": 4, "day": 3}}}
    )
    assert record["fields"]["date"]["iso"] == "2023-04-03"


@pytest.mark.parametrize(
    "body",
    [
        {"fields": {"date": "2023-02-30"}},
        {"fields": {"date": {"month": 13}}},
        {"lines": {"9": "no such line"}},
        {"lines": {"1": "two\nlines"}},
    ],
)
def test_bad_corrections_are_refused(body: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        patched(body)


@pytest.mark.parametrize(
    "body",
    [{"title": "x"}, {"fields": {"nope": "x"}}, {"fields": {"deadlines": "tomorrow"}}],
)
def test_unknown_patch_keys_are_refused(body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        DocumentPatch.model_validate(body)


def test_wire_record_keeps_the_contract_names() -> None:
    wire = record_out(RECORD, jobs=[]).model_dump()
    assert set(RECORD) <= set(wire)
    assert wire["fields"]["date"] == RECORD["fields"]["date"]
    assert wire["changes"][1]["restored"] == "Cải"
