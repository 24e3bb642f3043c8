"""Deadline feeds: JSON, CSV with BOM, iCalendar (RFC 5545) from a real archive."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from archive import Archive, feeds

DOC = "d" * 64
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive(tmp_path)
    archive.store_original(DOC, b"plan", filename="plan.txt", media_type="text/plain")
    deadlines = [
        {
            "task": "Rà soát, thống kê thủ tục hành chính; báo cáo kết quả về Ủy ban nhân dân "
            "huyện (qua Phòng Nội vụ) để tổng hợp",
            "raw": "trước ngày 15/10/2023",
            "start": None,
            "end": "2023-10-15",
            "kind": "before",
            "lead": "Phòng Nội vụ",
            "support": ["Phòng Tư pháp", "Văn phòng HĐND và UBND"],
        },
        {
            "task": "Tổng kết",
            "raw": "quý IV/2023",
            "start": "2023-10-01",
            "end": "2023-12-31",
            "kind": "quarter",
            "lead": "Văn phòng UBND",
            "support": [],
        },
        {"task": "Báo cáo định kỳ", "raw": "hằng tháng", "kind": "recurring", "lead": None},
    ]
    archive.save_record(
        DOC,
        {
            "text": "",
            "fields": {"symbol": "112/KH-UBND", "title": "Kế hoạch", "deadlines": deadlines},
        },
    )
    return archive


def unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_query_by_dates_and_agency(archive: Archive) -> None:
    every = feeds.deadlines(archive)
    assert [d["kind"] for d in every] == ["before", "quarter", "recurring"]
    late = feeds.deadlines(archive, feeds.DeadlineQuery(start="2023-11-01"))
    assert [d["kind"] for d in late] == ["quarter"]
    early = feeds.deadlines(archive, feeds.DeadlineQuery(end="2023-10-20"))
    assert [d["kind"] for d in early] == ["before", "quarter"]
    by_agency = feeds.deadlines(archive, feeds.DeadlineQuery(agency="phong noi vu"))
    assert [d["lead"] for d in by_agency] == ["Phòng Nội vụ"]


def test_ics_is_rfc5545(archive: Archive) -> None:
    raw = feeds.to_ics(feeds.deadlines(archive), now=NOW).decode("utf-8")
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n")
    assert "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines.count("BEGIN:VTODO") == 2 and lines.count("BEGIN:VEVENT") == 2
    assert "DUE;VALUE=DATE:20231015" in lines
    assert "DTSTART;VALUE=DATE:20231001" in lines and "DTEND;VALUE=DATE:20240101" in lines
    assert lines.count(f"RELATED-TO:{DOC}@vanban") == 4
    summary = next(ln for ln in lines if ln.startswith("SUMMARY:Rà soát"))
    assert "soát\\, thống kê thủ tục hành chính\\; báo cáo" in summary
    assert "DTSTAMP:20240101T000000Z" in lines


def test_ics_uids_are_stable_and_unique(archive: Archive) -> None:
    first = [ln for ln in unfold(feeds.to_ics(feeds.deadlines(archive)).decode()) if "UID:" in ln]
    again = [ln for ln in unfold(feeds.to_ics(feeds.deadlines(archive)).decode()) if "UID:" in ln]
    uids = [ln for ln in first if ln.startswith("UID:")]
    assert first == again and len(set(uids)) == len(uids) == 4


def test_fold_line_never_splits_a_character() -> None:
    line = "SUMMARY:" + "Ủy ban nhân dân huyện Tam Đường " * 5
    folded = feeds._fold_line(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert folded.replace("\r\n ", "") == line


def test_csv_has_bom_and_opens_as_utf8(archive: Archive) -> None:
    data = feeds.to_csv(feeds.deadlines(archive))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["lead"] == "Phòng Nội vụ"
    assert rows[0]["support"] == "Phòng Tư pháp; Văn phòng HĐND và UBND"
    assert rows[2]["end"] == "" and rows[2]["kind"] == "recurring"


def test_json_lists_uids(archive: Archive) -> None:
    body = feeds.to_json(feeds.deadlines(archive))
    assert len(re.findall(r'"uid": "[0-9a-f]{24}@vanban"', body)) == 3


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+84 912", "'+84 912"),
        ("- Chủ trì: Phòng Nội vụ", "'- Chủ trì: Phòng Nội vụ"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Phòng Nội vụ", "Phòng Nội vụ"),
        ("", ""),
    ],
)
def test_csv_cell_never_runs_as_a_formula(value: str, cell: str) -> None:
    assert feeds.safe_cell(value) == cell


def test_csv_neutralises_formulas_in_every_column(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store_original(DOC, b"plan", filename="plan.txt", media_type="text/plain")
    evil = {
        "task": "=1+2",
        "raw": "-trước ngày 15/10/2023",
        "start": None,
        "end": "2023-10-15",
        "kind": "before",
        "lead": "@Phòng Nội vụ",
        "support": ["+Phòng Tư pháp"],
    }
    record = {"fields": {"deadlines": [evil], "symbol": "1/KH-UBND"}, "text": "", "warnings": []}
    archive.save_record(DOC, record)
    data = feeds.to_csv(feeds.deadlines(archive)).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(data)))
    assert row["task"] == "'=1+2" and row["lead"] == "'@Phòng Nội vụ"
    assert row["raw"] == "'-trước ngày 15/10/2023" and row["support"] == "'+Phòng Tư pháp"
