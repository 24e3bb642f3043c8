"""Deadline feeds from a real archive: JSON, CSV with BOM (and ; for Excel), iCalendar read
back with the icalendar package."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import icalendar
import pytest

from api.app import create_app
from archive import Archive, feeds
from core.errors import InvalidDate
from core.record import with_uids
from core.settings import Settings
from tests.conftest import open_archive
from tests.live import serve

DOC = "d" * 64
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def archive(tmp_path: Path, database_url: str | None) -> Archive:
    """On the embedded SQLite archive, then on PostgreSQL."""
    archive = open_archive(tmp_path)
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


def parse(ics: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(ics)


def categories(entry: icalendar.cal.Component) -> list[str]:
    return [str(c) for c in entry.get("categories").cats]


def test_query_by_dates_and_agency(archive: Archive) -> None:
    every = feeds.deadlines(archive)
    assert [d["kind"] for d in every] == ["before", "quarter", "recurring"]
    late = feeds.deadlines(archive, feeds.DeadlineQuery(start="2023-11-01"))
    assert [d["kind"] for d in late] == ["quarter"]
    early = feeds.deadlines(archive, feeds.DeadlineQuery(end="2023-10-20"))
    assert [d["kind"] for d in early] == ["before", "quarter"]
    by_agency = feeds.deadlines(archive, feeds.DeadlineQuery(agency="phong noi vu"))
    assert [d["lead"] for d in by_agency] == ["Phòng Nội vụ"]
    supporting = feeds.deadlines(archive, feeds.DeadlineQuery(agency="Tư pháp"))
    assert [d["lead"] for d in supporting] == ["Phòng Nội vụ"]


@pytest.mark.parametrize("bad", ["2023-02-30", "2023-2-1", "15/10/2023", "2023-13-01", "x"])
def test_impossible_dates_are_refused_with_a_code(bad: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        feeds.DeadlineQuery(start=bad)
    assert caught.value.code == "invalid_date" and caught.value.exit_code == 2
    with pytest.raises(InvalidDate):
        feeds.DeadlineQuery(end=bad)


def test_ics_has_one_todo_per_dated_deadline(archive: Archive) -> None:
    raw = feeds.to_ics(feeds.deadlines(archive), now=NOW, base_url="http://archive.local:8000/")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = parse(raw)
    assert str(cal["version"]) == "2.0" and cal.walk("VEVENT") == []
    todos = cal.walk("VTODO")
    assert len(todos) == 2  # the recurring duty has no date
    first, second = todos
    assert first.decoded("due") == dt.date(2023, 10, 15) and "dtstart" not in first
    assert second.decoded("dtstart") == dt.date(2023, 10, 1)
    assert second.decoded("due") == dt.date(2023, 12, 31)
    assert first.decoded("dtstamp") == NOW
    assert str(first["summary"]).startswith("Rà soát, thống kê thủ tục hành chính; báo cáo")
    assert categories(first) == ["Phòng Nội vụ", "Phòng Tư pháp", "Văn phòng HĐND và UBND"]
    assert str(first["x-vanban-lead"]) == "Phòng Nội vụ"
    description = str(first["description"])
    assert "Chủ trì: Phòng Nội vụ" in description
    assert "Phối hợp: Phòng Tư pháp, Văn phòng HĐND và UBND" in description
    assert "112/KH-UBND Kế hoạch" in description
    assert str(first["url"]) == f"http://archive.local:8000/documents/{DOC}"
    assert str(first["related-to"]) == f"{DOC}@vanban"


def test_ics_events_on_request(archive: Archive) -> None:
    cal = parse(feeds.to_ics(feeds.deadlines(archive), component="vevent", now=NOW))
    assert cal.walk("VTODO") == []
    first, second = cal.walk("VEVENT")
    assert first.decoded("dtstart") == dt.date(2023, 10, 15)
    assert first.decoded("dtend") == dt.date(2023, 10, 16)  # all day: the end is exclusive
    assert second.decoded("dtstart") == dt.date(2023, 10, 1)
    assert second.decoded("dtend") == dt.date(2024, 1, 1)
    assert "url" not in first  # no base URL given, no link
    with pytest.raises(ValueError):
        feeds.to_ics([], component="vjournal")


def test_ics_uids_are_stable_and_unique(archive: Archive) -> None:
    def uids(component: str) -> list[str]:
        ics = feeds.to_ics(feeds.deadlines(archive), component=component)
        return [str(c["uid"]) for c in parse(ics).subcomponents]

    first = uids("vtodo")
    assert first == uids("vtodo") == uids("vevent")  # one deadline, one UID, either way
    assert len(set(first)) == len(first) == 2
    assert first == [d["uid"] for d in feeds.deadlines(archive)[:2]]


def test_feed_uids_name_deadlines_as_their_records_do(archive: Archive) -> None:
    record = archive.record(DOC)
    stored = with_uids(record["fields"]["deadlines"])
    items = feeds.deadlines(archive)
    by_task = {d["task"]: d["uid"] for d in stored}
    assert {i["task"]: i["deadline_uid"] for i in items} == by_task
    assert all(i["uid"] == f"{DOC[:24]}-{i['deadline_uid']}@vanban" for i in items)


def test_csv_has_bom_and_opens_as_utf8(archive: Archive) -> None:
    data = feeds.to_csv(feeds.deadlines(archive), base_url="http://h:8000")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["lead"] == "Phòng Nội vụ"
    assert rows[0]["support"] == "Phòng Tư pháp; Văn phòng HĐND và UBND"
    assert rows[0]["url"] == f"http://h:8000/documents/{DOC}"
    assert rows[2]["end"] == "" and rows[2]["kind"] == "recurring"


def test_csv_for_excel_separates_cells_with_semicolons(archive: Archive) -> None:
    data = feeds.to_csv(feeds.deadlines(archive), excel=True)
    assert data.startswith(b"\xef\xbb\xbf") and not data[3:].startswith(b"sep=")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(feeds.CSV_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["kind"] for r in rows] == ["before", "quarter", "recurring"]
    # the support list holds '; ': quoted, so it stays one cell
    assert rows[0]["support"] == "Phòng Tư pháp; Văn phòng HĐND và UBND"
    assert rows[0]["task"].startswith("Rà soát, thống kê thủ tục hành chính; báo cáo")
    assert rows[0]["uid"] == feeds.deadlines(archive)[0]["uid"]


def test_json_lists_uids_and_links(archive: Archive) -> None:
    body = feeds.to_json(feeds.deadlines(archive), base_url="http://h")
    assert len(re.findall(rf'"uid": "{DOC[:24]}-[0-9a-f]{{10}}@vanban"', body)) == 3
    items = json.loads(body)["deadlines"]
    assert {item["url"] for item in items} == {f"http://h/documents/{DOC}"}


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


def test_csv_neutralises_formulas_in_every_column(tmp_path: Path, database_url: str | None) -> None:
    archive = open_archive(tmp_path)
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


# --------------------------------------------------------------------------- over HTTP


@pytest.fixture
def live(archive: Archive, tmp_path: Path) -> Iterator[str]:
    app = create_app(Settings(data_dir=tmp_path, api_token="secret"), start_worker=False)
    with serve(app) as url:
        yield url


def test_http_ics_feed_links_to_records(live: str) -> None:
    res = httpx.get(f"{live}/deadlines", params={"format": "ics"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/calendar")
    todos = parse(res.content).walk("VTODO")
    assert len(todos) == 2
    assert {str(t["url"]) for t in todos} == {f"{live}/documents/{DOC}"}
    events = httpx.get(f"{live}/deadlines", params={"format": "ics", "component": "vevent"})
    cal = parse(events.content)
    assert len(cal.walk("VEVENT")) == 2 and cal.walk("VTODO") == []
    assert [str(e["uid"]) for e in cal.walk("VEVENT")] == [str(t["uid"]) for t in todos]


def test_http_csv_feed_for_excel(live: str) -> None:
    res = httpx.get(f"{live}/deadlines", params={"format": "csv", "sep": "semicolon"})
    assert res.headers["content-type"].startswith("text/csv")
    assert res.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1]["lead"] == "Văn phòng UBND" and rows[1]["url"].startswith(live)
    plain = httpx.get(f"{live}/deadlines", params={"format": "csv"}).content.decode("utf-8-sig")
    assert plain.splitlines()[0] == ",".join(feeds.CSV_COLUMNS)


@pytest.mark.parametrize("bad", ["2023-02-30", "15/10/2023", "2023-1-5"])
def test_http_refuses_impossible_dates(live: str, bad: str) -> None:
    res = httpx.get(f"{live}/deadlines", params={"from": bad}, headers={"Accept-Language": "en"})
    assert res.status_code == 422
    assert res.json()["error"]["code"] == "invalid_date"


def test_openapi_declares_feed_media_types_and_bearer_auth(live: str) -> None:
    spec = httpx.get(f"{live}/openapi.json").json()
    content = spec["paths"]["/deadlines"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "text/calendar"} <= set(content)
    schemes = spec["components"]["securitySchemes"]
    ((name, scheme),) = schemes.items()
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    for path, method in [
        ("/deadlines", "get"),
        ("/search", "get"),
        ("/documents", "post"),
        ("/documents/{doc_id}", "patch"),
    ]:
        assert spec["paths"][path][method]["security"] == [{name: []}], path
    assert "security" not in spec["paths"]["/health"]["get"]
    params = {p["name"] for p in spec["paths"]["/deadlines"]["get"]["parameters"]}
    assert "authorization" not in {p.lower() for p in params}  # the scheme says it
    # the token is still checked: writing without one is refused with the coded error
    refused = httpx.post(f"{live}/documents", files=[("files", ("a.txt", b"x"))])
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_work_offline_over_http(live: str, page: str) -> None:
    html = httpx.get(f"{live}{page}").text
    assert "http://" not in html and "https://" not in html
    scripts = [part.split('"')[0] for part in html.split('src="')[1:]]
    assert scripts
    assert all(httpx.get(f"{live}{src}").status_code == 200 for src in scripts)


def test_ics_skips_dates_a_correction_left_malformed(
    tmp_path: Path, database_url: str | None
) -> None:
    archive = open_archive(tmp_path)
    archive.store_original(DOC, b"plan", filename="plan.txt", media_type="text/plain")
    odd = [
        {"task": "A", "raw": "x", "start": None, "end": "2024-10", "kind": "before"},
        {"task": "B", "raw": "y", "start": "2024-12-01", "end": "2024-11-01", "kind": "span"},
    ]
    archive.save_record(DOC, {"text": "", "fields": {"deadlines": odd}})
    for component in feeds.COMPONENTS:
        (entry,) = parse(feeds.to_ics(feeds.deadlines(archive), component=component)).walk(
            component.upper()
        )
        assert str(entry["summary"]) == "B"
        assert entry.decoded("dtstart" if component == "vevent" else "due") == dt.date(2024, 11, 1)
