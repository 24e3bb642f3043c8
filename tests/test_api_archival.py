"""Archival metadata over HTTP and on the CLI, with the real worker and SQLite archive."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bagit
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api import messages
from api.app import create_app
from api.cli import main
from archive import archival as meta
from core.settings import Settings
from tests.test_api_archive import upload, wait_done
from tests.test_archive_archival import DECISION, NOTICE, PLAN

# every test here on the embedded SQLite archive and on PostgreSQL
pytestmark = pytest.mark.usefixtures("database_url")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=tmp_path, api_token="secret", workers=1))
    with TestClient(app, headers={"Authorization": "Bearer secret"}) as c:
        yield c


def add(client: TestClient, name: str, text: str) -> str:
    doc = upload(client, name, text.encode()).json()["documents"][0]
    assert wait_done(client, doc["job"]["id"])["state"] == "done"
    return str(doc["document_id"])


@pytest.fixture
def docs(client: TestClient) -> dict[str, str]:
    return {
        "decision": add(client, "decision.txt", DECISION),
        "plan": add(client, "plan.txt", PLAN),
        "notice": add(client, "notice.txt", NOTICE),
    }


def test_view_patch_and_history(client: TestClient, docs: dict[str, str]) -> None:
    doc = docs["decision"]
    view = client.get(f"/documents/{doc}/archival").json()
    assert list(view["fields"]) == list(meta.KEYS)
    assert view["fields"]["symbol"] == {
        "value": "QĐ-SNV",
        "source": "extraction",
        "vi": "Ký hiệu của văn bản",
        "en": "Symbol",
        "kind": "text",
    }
    res = client.patch(
        f"/documents/{doc}/archival",
        json={"fields": {"fonds_code": "G09", "title": "Thành lập Tổ chỉnh lý", "order": "3"}},
    )
    assert res.status_code == 200
    fields = res.json()["fields"]
    assert fields["title"]["value"] == "Thành lập Tổ chỉnh lý"
    assert fields["title"]["source"] == "archivist" and fields["order"]["value"] == 3
    history = client.get(f"/documents/{doc}/history").json()["history"]
    assert {h["field"] for h in history} == {
        "archival.fonds_code",
        "archival.title",
        "archival.order",
    }
    assert all(h["who"] == "api" for h in history)  # the token's name
    # a correction of the record's fields flows through where the archivist set nothing
    client.patch(f"/documents/{doc}", json={"fields": {"issuer": "Sở Nội vụ tỉnh Lâm Đồng"}})
    fields = client.get(f"/documents/{doc}/archival").json()["fields"]
    assert fields["issuer"] == {
        "value": "Sở Nội vụ tỉnh Lâm Đồng",
        "source": "extraction",
        "vi": "Tên cơ quan, tổ chức ban hành văn bản",
        "en": "Issuing body",
        "kind": "text",
    }
    assert client.get(f"/documents/{doc}").json()["archival"]["fonds_code"] == "G09"


def test_bad_values_and_tokens_are_refused(client: TestClient, docs: dict[str, str]) -> None:
    doc = docs["plan"]
    res = client.patch(f"/documents/{doc}/archival", json={"fields": {"phong": "G09"}})
    assert res.status_code == 422 and res.json()["error"]["code"] == "invalid_archival"
    res = client.patch(
        f"/documents/{doc}/archival",
        json={"fields": {"date": "31/02/2023"}},
        headers={"Accept-Language": "vi"},
    )
    assert res.status_code == 422
    assert res.json()["error"]["message"].startswith("Thông tin lưu trữ không hợp lệ")
    res = client.patch(
        f"/documents/{doc}/archival",
        json={"fields": {"fonds_code": "G09"}},
        headers={"Authorization": ""},
    )
    assert res.status_code == 401
    assert client.get(f"/documents/{'0' * 64}/archival").status_code == 404
    assert client.get(f"/documents/{doc}/archival").json()["fields"]["fonds_code"]["value"] is None


def test_batch_dossiers_and_exports(client: TestClient, docs: dict[str, str]) -> None:
    res = client.post(
        "/archival/batch",
        json={
            "ids": [docs["notice"], docs["decision"]],
            "fields": {"fonds_code": "G09", "dossier_code": "HS-01", "retention": "Vĩnh viễn"},
            "order_from": 1,
        },
    )
    assert res.status_code == 200 and res.json()["updated"] == 2
    assert res.json()["documents"] == {docs["notice"]: 4, docs["decision"]: 4}
    bad = client.post("/archival/batch", json={"ids": [docs["plan"], "f" * 64], "fields": {}})
    assert bad.status_code == 404

    dossiers = client.get("/dossiers").json()
    assert dossiers["unfiled"] == 1
    assert dossiers["fonds"][0]["dossiers"][0]["code"] == "HS-01"
    assert dossiers["fonds"][0]["dossiers"][0]["ids"] == [docs["notice"], docs["decision"]]

    res = client.get("/archival/export", params={"format": "xlsx", "dossier": "HS-01"})
    assert res.status_code == 200 and "spreadsheetml" in res.headers["content-type"]
    rows = list(load_workbook(io.BytesIO(res.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == [c.vi for c in meta.COLUMNS]
    assert [r[meta.KEYS.index("identifier")] for r in rows[1:]] == [
        docs["notice"],
        docs["decision"],
    ]

    res = client.get("/archival/export", params={"format": "csv", "sep": ";", "q": "ke hoach"})
    text = res.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[0] for r in rows[1:]] == [docs["plan"]]
    assert rows[1][meta.KEYS.index("doc_type")] == "Kế hoạch"

    res = client.get(
        "/archival/export",
        params=[("format", "json"), ("ids", docs["plan"]), ("ids", docs["notice"])],
    )
    body = res.json()
    assert [d["identifier"] for d in body["documents"]] == [docs["plan"], docs["notice"]]
    assert all(list(d) == list(meta.KEYS) for d in body["documents"])
    assert client.get("/archival/export", params={"ids": "0" * 64}).status_code == 404


def test_batch_for_the_documents_of_a_search(client: TestClient, docs: dict[str, str]) -> None:
    res = client.post(
        "/archival/batch",
        json={"selection": {"q": "ke hoach"}, "fields": {"retention": "10 năm"}},
    )
    assert res.status_code == 200 and res.json()["documents"] == {docs["plan"]: 1}
    view = client.get(f"/documents/{docs['plan']}/archival").json()["fields"]
    assert view["retention"]["value"] == "10 năm" and view["retention"]["source"] == "archivist"
    assert view["order"]["kind"] == "int" and view["date"]["kind"] == "date"
    columns = client.get("/archival/columns").json()["columns"]
    assert [c["key"] for c in columns] == list(meta.KEYS)
    assert [c["kind"] for c in columns if c["kind"] != "text"] == ["int", "date", "int"]
    res = client.post(
        "/archival/batch", json={"selection": {"year": 2023}, "fields": {"fonds_code": "G1"}}
    )
    assert list(res.json()["documents"]) == [docs["plan"]]
    # a dossier as the selection: what the dossier view's form sends
    res = client.post(
        "/archival/batch",
        json={"selection": {"fonds": "G1"}, "fields": {"access": "Hạn chế"}},
    )
    assert res.json()["updated"] == 1
    empty = client.post(
        "/archival/batch", json={"selection": {"q": "khong co van ban nao"}, "fields": {}}
    )
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "empty_selection"
    for both_or_none in ({"ids": [docs["plan"]], "selection": {}}, {"fields": {}}):
        res = client.post("/archival/batch", json=both_or_none)
        assert res.status_code == 422 and res.json()["error"]["code"] == "invalid_request"
    bad = client.post(
        "/archival/batch",
        json={"selection": {"q": "ke hoach"}, "fields": {"order": "0"}},
        headers={"Accept-Language": "vi"},
    )
    assert bad.json()["error"]["message"] == messages.MESSAGES["invalid_archival"][0]


def test_cli_set_export_and_bag(client: TestClient, docs: dict[str, str], tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert (
        main(["archival", "set", docs["plan"][:10], "fonds_code=G09", "dossier_code=HS-07", *data])
        == 0
    )
    assert main(["archival", "set", "--dossier", "HS-07", "retention=10 năm", *data]) == 0
    fields = client.get(f"/documents/{docs['plan']}/archival").json()["fields"]
    assert fields["retention"]["value"] == "10 năm" and fields["fonds_code"]["value"] == "G09"
    history = client.get(f"/documents/{docs['plan']}/history").json()["history"]
    assert all(h["who"].startswith("cli") for h in history)
    assert main(["archival", "set", docs["plan"], "order=zero", *data]) == 2  # invalid input
    assert main(["archival", "set", "0" * 12, "order=1", *data]) == 4  # no such document

    out = tmp_path / "hs07.json"
    assert (
        main(
            [
                "archival",
                "export",
                "--dossier",
                "HS-07",
                "--format",
                "json",
                "--out",
                str(out),
                *data,
            ]
        )
        == 0
    )
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [d["identifier"] for d in exported["documents"]] == [docs["plan"]]

    bag_dir = tmp_path / "transfer"
    assert (
        main(
            [
                "archival",
                "bag",
                str(bag_dir),
                "--dossier",
                "HS-07",
                "--organization",
                "Lưu trữ lịch sử tỉnh",
                *data,
            ]
        )
        == 0
    )
    bag = bagit.Bag(str(bag_dir))
    bag.validate()
    assert bag.info["External-Identifier"] == "HS-07"
    assert (bag_dir / "data" / "originals" / docs["plan"] / "plan.txt").read_text() == PLAN
    assert main(["archival", "bag", str(bag_dir), *data]) == 2  # not an empty folder


def test_cli_dossiers_lists_counts(
    client: TestClient, docs: dict[str, str], tmp_path: Path, capsys: Any
) -> None:
    data = ["--data-dir", str(tmp_path)]
    main(
        [
            "archival",
            "set",
            docs["plan"],
            docs["notice"],
            "fonds_code=G09",
            "dossier_code=HS-1",
            *data,
        ]
    )
    capsys.readouterr()
    assert main(["archival", "dossiers", "--json", *data]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["fonds"][0]["dossiers"][0]["documents"] == 2 and result["unfiled"] == 1
