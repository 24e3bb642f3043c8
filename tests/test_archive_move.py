"""``vanban move-archive``: an embedded archive moved into PostgreSQL (or another SQLite file)
keeps every original, record, correction, job and pending event, searches and feeds the same,
and a move that stopped carries on when run again."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from archive import Archive, open_store
from archive.base import Store
from archive.feeds import DeadlineQuery
from archive.move import move
from archive.search import Filters, search
from core.errors import CorruptOriginal
from core.settings import Settings
from tests.test_api_archive import PLAN, upload, wait_done

NOTICE = """SỞ NÔNG NGHIỆP TỈNH PHÚ THỌ
Số: 27/TB-SNN
Việt Trì, ngày 9 tháng 6 năm 2021
THÔNG BÁO
Về lịch kiểm tra công tác phòng chống thiên tai
Các phòng chuyên môn nộp báo cáo trước ngày 30/6/2021.
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An embedded archive as a service leaves it: two processed documents (one corrected), a
    document whose job failed, and a webhook event not yet sent."""
    data_dir = tmp_path_factory.mktemp("embedded")
    with TestClient(create_app(Settings(data_dir=data_dir, workers=1))) as client:
        ids = []
        for name, text in (("plan.txt", PLAN), ("notice.txt", NOTICE), ("empty.pdf", "%PDF-")):
            doc = upload(client, name, text.encode()).json()["documents"][0]
            if doc.get("job"):
                wait_done(client, doc["job"]["id"])
            ids.append(doc["document_id"])
        res = client.patch(f"/documents/{ids[0]}", json={"fields": {"title": "Tiêu đề đã sửa"}})
        assert res.status_code == 200
    archive = Archive(data_dir)
    archive.add_event(ids[1], {"event": "document.processed", "id": "e1"})
    yield data_dir


def everything(store: Store) -> dict[str, Any]:
    """What a user of the archive can see of it."""
    ids = [row["id"] for row in store.export_rows("documents")]
    found = search(store, "cong tac", filters=Filters())
    return {
        "documents": store.export_rows("documents"),
        "originals": {i: store.read_original(i) for i in ids},
        "records": {i: _record(store, i) for i in ids},
        "history": {i: store.history(i) for i in ids},
        "jobs": {i: [j.to_dict() for j in store.jobs_for(i)] for i in ids},
        "events": [
            (e["document_id"], e["payload"], e["state"]) for e in store.export_rows("events")
        ],
        "search": found,
        "deadlines": [dict(r)["end_date"] for r in store.deadline_rows(DeadlineQuery())],
        "review": store.review_rows(reviewed=False, limit=10, offset=0),
    }


def _record(store: Store, doc_id: str) -> Any:
    try:
        return store.record(doc_id)
    except Exception as exc:  # a document never processed: the same error on both
        return type(exc).__name__


def test_embedded_archive_moves_into_postgresql_whole(
    source: Path, tmp_path: Path, postgres_server: Any
) -> None:
    before = everything(Archive(source))
    assert len(before["documents"]) == 3 and before["search"]["total"] == 2
    assert before["events"] and any(before["history"].values())
    target = open_store(
        tmp_path, database_url=postgres_server.database(), storage_dir=tmp_path / "shared"
    )
    moved = move(Archive(source), target)
    assert (moved.documents, moved.already, moved.records) == (3, 0, 2)
    assert everything(target) == before
    assert (tmp_path / "shared" / "originals").is_dir()
    assert everything(Archive(source)) == before  # the source is only read
    again = move(Archive(source), target)
    assert (again.documents, again.already, again.records) == (0, 3, 0)
    assert everything(target) == before


def test_a_move_that_stopped_carries_on(source: Path, tmp_path: Path) -> None:
    target = open_store(tmp_path, database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}")

    def stop_after_one(done: int, total: int) -> None:
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        move(Archive(source), target, progress=stop_after_one)
    assert len(target.export_rows("documents")) == 1
    moved = move(Archive(source), target)
    assert (moved.documents, moved.already) == (2, 1)
    assert everything(target) == everything(Archive(source))


def test_a_damaged_original_stops_the_move_before_its_document(
    source: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(source), str(copy)], check=True)
    archive = Archive(copy)
    first = archive.export_rows("documents")[0]["id"]
    archive.original_path(first).write_bytes(b"changed on disk")
    target = open_store(tmp_path, database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    with pytest.raises(CorruptOriginal) as raised:
        move(archive, target, progress=None)
    assert raised.value.code == "corrupt_original" and first in str(raised.value)
    assert target.export_rows("documents") == []


def test_the_command_moves_and_reports(source: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(source), str(copy)], check=True)
    url = f"sqlite:///{tmp_path / 'moved.sqlite3'}"
    command = [sys.executable, "-m", "api", "move-archive", "--data-dir", str(copy)]
    done = subprocess.run(
        [*command, "--to", url, "--to-storage-dir", str(tmp_path / "store")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report == {"moved": 3, "already_there": 0, "records_indexed": 2, "unfinished_jobs": 0}
    target = open_store(tmp_path, database_url=url, storage_dir=tmp_path / "store")
    assert everything(target) == everything(Archive(copy))
    same = subprocess.run(
        [*command, "--to", f"sqlite:///{copy / 'archive.sqlite3'}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert same.returncode != 0 and "invalid_configuration" in same.stderr
