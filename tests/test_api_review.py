"""Corrections over HTTP (PATCH in part, one recipient, one deadline, lines re-extracted with
the hand corrections kept, warnings recomputed), the review queue and the page images."""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api import messages
from api.app import create_app
from core.settings import Settings
from tests.test_api_archive import PLAN, upload, wait_done

# every test here on the embedded SQLite archive and on PostgreSQL
pytestmark = pytest.mark.usefixtures("database_url")

# a plan whose header lost its number and date: the queue must put it first
BARE = """UY BAN NHAN DAN XA DONG HOA
KE HOACH
Kiem tra cong tac ve sinh moi truong
1. Don dep kenh muong thon Dong.
- Thoi gian: truoc ngay 30/6/2024.
Noi nhan:
- Phong Tai nguyen va Moi truong;
- Luu: VT.
"""


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=tmp_path, api_token="secret", workers=1))
    with TestClient(app, headers={"Authorization": "Bearer secret"}) as c:
        yield c


def processed(client: TestClient, name: str, text: str) -> str:
    doc = upload(client, name, text.encode()).json()["documents"][0]
    assert wait_done(client, doc["job"]["id"])["state"] == "done"
    return str(doc["document_id"])


def patch(client: TestClient, doc_id: str, body: dict[str, Any], **kw: Any) -> Any:
    return client.patch(f"/documents/{doc_id}", json=body, **kw)


def history(client: TestClient, doc_id: str) -> list[dict[str, Any]]:
    return list(client.get(f"/documents/{doc_id}/history").json()["history"])


def test_date_as_iso_or_in_parts_and_impossible_dates_refused(client: TestClient) -> None:
    doc = processed(client, "plan.txt", PLAN)
    date = patch(client, doc, {"fields": {"date": "2023-04-05"}}).json()["fields"]["date"]
    assert (date["year"], date["month"], date["day"], date["iso"]) == (2023, 4, 5, "2023-04-05")
    date = patch(client, doc, {"fields": {"date": {"day": 9}}}).json()["fields"]["date"]
    assert date["iso"] == "2023-04-09" and date["raw"] == "ngày 03 tháng 4 năm 2023"
    for bad in ("2023-02-30", "hôm qua", {"month": 13}, {"day": 29, "month": 2}):
        res = patch(client, doc, {"fields": {"date": bad}}, headers={"Accept-Language": "vi"})
        assert res.status_code == 422
        assert res.json()["error"]["code"] == "invalid_date"
        assert res.json()["error"]["message"] == messages.MESSAGES["invalid_date"][0]
        assert "date" in res.json()["error"]["detail"]
    assert [h["field"] for h in history(client, doc)] == ["fields.date"] * 2


def test_signer_in_part_one_recipient_and_cited_documents(client: TestClient) -> None:
    doc = processed(client, "plan.txt", PLAN)
    res = patch(client, doc, {"fields": {"signer": {"name": "Nguyễn Văn An"}}})
    signer = res.json()["fields"]["signer"]
    patch(client, doc, {"fields": {"signer": {"title": "Phó Chủ tịch"}}})
    signer = client.get(f"/documents/{doc}").json()["fields"]["signer"]
    assert (signer["name"], signer["title"]) == ("Nguyễn Văn An", "Phó Chủ tịch")

    added = patch(client, doc, {"recipient": {"index": 0, "value": "Phòng Nội vụ"}}).json()
    count = len(added["fields"]["recipients"])
    assert added["fields"]["recipients"][0] == "Phòng Nội vụ"
    added = patch(client, doc, {"recipient": {"index": count, "value": " Lưu:  VT "}}).json()
    assert added["fields"]["recipients"][-1] == "Lưu: VT"
    removed = patch(client, doc, {"recipient": {"index": count, "value": None}}).json()
    assert len(removed["fields"]["recipients"]) == count
    missing = patch(client, doc, {"recipient": {"index": count + 5, "value": "x"}})
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "invalid_correction"

    cited = [{"symbol": "1234/QĐ-UBND", "date": "2022-08-15", "doc_type": "Quyết định"}]
    res = patch(client, doc, {"fields": {"cited_documents": cited}}).json()
    assert res["fields"]["cited_documents"][0]["symbol"] == "1234/QĐ-UBND"
    assert res["fields"]["cited_documents"][0]["date"] == "2022-08-15"
    bad = patch(client, doc, {"fields": {"cited_documents": [{"date": "15/8/2022"}]}})
    assert bad.json()["error"]["code"] == "invalid_date"
    assert set(res["review"]["manual"]) >= {"signer.name", "signer.title", "recipients"}
    fields = [h["field"] for h in history(client, doc)]
    assert fields[:2] == ["fields.signer.name", "fields.signer.title"]
    assert "fields.recipients[0]" in fields and "fields.cited_documents" in fields


def test_one_deadline_by_its_uid(client: TestClient) -> None:
    doc = processed(client, "plan.txt", PLAN)
    (deadline,) = client.get(f"/documents/{doc}").json()["fields"]["deadlines"]
    uid = deadline["uid"]
    assert uid == client.get(f"/documents/{doc}").json()["fields"]["deadlines"][0]["uid"]
    body = {"uid": uid, "due": "2023-10-20", "lead": "Phòng Tư pháp", "support": ["Phòng Nội vụ"]}
    (after,) = patch(client, doc, {"deadline": body}).json()["fields"]["deadlines"]
    assert after["uid"] == uid and after["end"] == "2023-10-20"
    (fed,) = client.get("/deadlines").json()["deadlines"]  # the feed names it alike
    assert (fed["deadline_uid"], fed["end"], fed["lead"]) == (uid, "2023-10-20", "Phòng Tư pháp")
    assert (after["lead"], after["support"], after["task"]) == (
        "Phòng Tư pháp",
        ["Phòng Nội vụ"],
        deadline["task"],
    )
    feed = client.get("/deadlines", params={"agency": "phong tu phap"}).json()["deadlines"]
    assert len(feed) == 1
    task = patch(client, doc, {"deadline": {"uid": uid, "task": "Rà soát lại thủ tục"}}).json()
    assert task["fields"]["deadlines"][0]["end"] == "2023-10-20"
    unknown = patch(client, doc, {"deadline": {"uid": "nope", "task": "x"}})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "invalid_correction"
    late = patch(client, doc, {"deadline": {"uid": uid, "start": "2023-11-01"}})
    assert late.json()["error"]["code"] == "invalid_date"
    gone = patch(client, doc, {"deadline": {"uid": uid, "delete": True}}).json()
    assert gone["fields"]["deadlines"] == []


def test_a_corrected_line_reextracts_and_keeps_hand_corrections(client: TestClient) -> None:
    doc = processed(client, "plan.txt", PLAN)
    lines = PLAN.split("\n")
    patch(client, doc, {"fields": {"title": "Cải cách hành chính 2023"}})
    (deadline,) = client.get(f"/documents/{doc}").json()["fields"]["deadlines"]
    patch(client, doc, {"deadline": {"uid": deadline["uid"], "lead": "Văn phòng UBND huyện"}})
    task = lines.index("1. Rà soát thủ tục hành chính.") + 1
    res = patch(client, doc, {"lines": {str(task): "1. Rà soát và công bố thủ tục hành chính."}})
    (after,) = res.json()["fields"]["deadlines"]
    assert after["uid"] == deadline["uid"]
    assert after["task"] == "Rà soát và công bố thủ tục hành chính"  # from the corrected line
    assert after["lead"] == "Văn phòng UBND huyện"  # corrected by hand: kept
    number = lines.index("Số: 112/KH-UBND") + 1
    res = patch(client, doc, {"lines": {str(number): "Số: 113/KH-UBND"}}).json()
    assert res["fields"]["symbol"] == "113/KH-UBND"  # re-extracted from the corrected line
    assert res["fields"]["number"] == "113"
    assert res["fields"]["title"] == "Cải cách hành chính 2023"  # corrected by hand: kept
    assert res["review"]["manual"] == [f"deadlines.{deadline['uid']}.lead", "title"]
    fields = [h["field"] for h in history(client, doc)]
    assert fields[:3] == ["fields.title", f"fields.deadlines.{deadline['uid']}", f"line {task}"]
    assert "fields.symbol (re-extracted)" in fields
    hits = client.get("/search", params={"cites": "1234/QD-UBND"}).json()["total"]
    assert hits == 1


def test_warnings_follow_the_fields(client: TestClient) -> None:
    doc = processed(client, "bare.txt", BARE)
    codes = {w["code"] for w in client.get(f"/documents/{doc}").json()["warnings"]}
    assert {"no_symbol", "no_date"} <= codes
    res = patch(client, doc, {"fields": {"symbol": "15/KH-UBND", "number": "15"}}).json()
    codes = {w["code"] for w in res["warnings"]}
    assert "no_symbol" not in codes and "no_date" in codes
    res = patch(client, doc, {"fields": {"date": {"year": 2024, "month": 5}}}).json()
    codes = {w["code"] for w in res["warnings"]}
    assert "no_date" not in codes and "no_day" in codes
    res = patch(client, doc, {"fields": {"symbol": None}}).json()
    assert "no_symbol" in {w["code"] for w in res["warnings"]}


def test_review_queue_most_doubtful_first_and_mark_reviewed(client: TestClient) -> None:
    plan, bare = processed(client, "plan.txt", PLAN), processed(client, "bare.txt", BARE)
    queue = client.get("/review").json()
    assert [d["id"] for d in queue["documents"]] == [bare, plan]
    first = queue["documents"][0]
    assert first["doubt"] > queue["documents"][1]["doubt"]
    assert {"missing_field"} <= {r["code"] for r in first["reasons"]}
    assert {r["field"] for r in first["reasons"] if r["code"] == "missing_field"} >= {"symbol"}
    confidences = [w["confidence"] for w in first["words"]]
    assert confidences == sorted(confidences)

    res = patch(client, bare, {"reviewed": True}).json()
    assert res["review"]["reviewed_by"] == "api" and res["review"]["reviewed_at"] > 0
    assert [d["id"] for d in client.get("/review").json()["documents"]] == [plan]
    every = client.get("/review", params={"reviewed": True}).json()["documents"]
    assert {d["id"] for d in every} == {plan, bare}
    assert history(client, bare)[-1]["field"] == "reviewed"
    patch(client, bare, {"reviewed": False})
    assert client.get("/review").json()["total"] == 2


def test_failed_uploads_are_listed_with_their_error(client: TestClient) -> None:
    res = upload(client, "scan.pdf", b"%PDF-1.4\nnot a pdf\n%%EOF")
    assert res.status_code == 422
    rows = client.get("/documents", headers={"Accept-Language": "vi"}).json()["documents"]
    assert rows[0]["state"] == "failed" and rows[0]["error"]["code"] == "corrupt_file"
    assert rows[0]["error"]["message"] == messages.MESSAGES["corrupt_file"][0]


@pytest.mark.tesseract
def test_page_image_at_reading_resolution_and_words_with_boxes(client: TestClient) -> None:
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed")
    from tests.conftest import render_lines, to_bytes

    lines = ["ỦY BAN NHÂN DÂN XÃ AN BÌNH", "Số: 21/KH-UBND", "KẾ HOẠCH", "Cải cách hành chính"]
    png = to_bytes(render_lines(lines, dpi=300), "PNG")
    doc = upload(client, "scan.png", png).json()["documents"][0]
    assert wait_done(client, doc["job"]["id"], timeout=120)["state"] == "done"
    doc_id = doc["document_id"]

    screen = Image.open(io.BytesIO(client.get(f"/documents/{doc_id}/pages/1.png").content))
    sharp = client.get(f"/documents/{doc_id}/pages/1.png", params={"dpi": 250})
    reading = Image.open(io.BytesIO(sharp.content))
    assert reading.width > 2 * screen.width
    assert client.get(f"/documents/{doc_id}/pages/1.png", params={"dpi": 2000}).status_code == 422
    record = client.get(f"/documents/{doc_id}").json()
    words = record["ocr"]["pages"][0]["words"]
    assert words and all(len(w["bbox"]) == 4 and 0 <= w["confidence"] <= 100 for w in words)


def test_a_large_format_page_image_stays_within_its_pixels(client: TestClient) -> None:
    page = Image.new("L", (3370, 4768), 255)  # A0 at 100 dpi: 144 million pixels at 300 dpi
    buf = io.BytesIO()
    page.save(buf, format="PDF", resolution=100)
    data = buf.getvalue()
    doc = hashlib.sha256(data).hexdigest()
    archive = client.app.state.archive  # type: ignore[attr-defined]
    archive.store_original(doc, data, filename="ban-ve.pdf", media_type="application/pdf")
    source = {"filename": "ban-ve.pdf", "media_type": "application/pdf", "pages": 1, "bytes": 1}
    archive.save_record(
        doc, {"id": doc, "source": source, "ocr": {}, "raw_text": "", "text": "", "fields": {}}
    )
    res = client.get(f"/documents/{doc}/pages/1.png", params={"dpi": 300})
    assert res.status_code == 200
    image = Image.open(io.BytesIO(res.content))
    assert image.width * image.height <= 12_000_000 and image.width > 2000
