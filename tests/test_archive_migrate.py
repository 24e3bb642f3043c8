"""Schema migrations: an archive made before versioning upgrades at open without losing data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from archive import Archive, migrate, sqlite_search
from archive.feeds import deadlines
from archive.search import Filters, search
from core.record import with_uids

FIXTURES = Path(__file__).parent / "fixtures"
DOC = "c" * 64
RECORD = {
    "id": DOC,
    "text": "Kế hoạch phòng chống dịch bệnh trên địa bàn xã",
    "source": {"filename": "kh.txt", "media_type": "text/plain", "pages": 1, "bytes": 10},
    "fields": {
        "doc_type": "Kế hoạch",
        "type_code": "KH",
        "symbol": "07/KH-UBND",
        "issuer": "UBND xã Hòa Bình",
        "title": "Phòng chống dịch bệnh",
        "date": {"year": 2021},
        "cited_documents": [{"symbol": "1492/QĐ-UBND"}],
        "deadlines": [{"task": "Báo cáo", "raw": "trước 31/3/2021", "end": "2021-03-31"}],
    },
}


def unversioned_archive(folder: Path) -> None:
    """An archive as the release before versioning left it: one processed document with its
    job, history and a pending webhook event."""
    db = sqlite3.connect(folder / "archive.sqlite3")
    db.executescript((FIXTURES / "archive_unversioned.sql").read_text(encoding="utf-8"))
    db.execute(
        "INSERT INTO documents (id, filename, media_type, bytes, created, record) "
        "VALUES (?, 'kh.txt', 'text/plain', 10, 1.0, ?)",
        (DOC, json.dumps(RECORD, ensure_ascii=False)),
    )
    # (its search index is left empty: the upgrade rebuilds it from the stored records)
    db.execute(
        "INSERT INTO jobs (id, document_id, state, pages_done, pages_total, created, updated) "
        "VALUES ('j1', ?, 'done', 1, 1, 1.0, 2.0)",
        (DOC,),
    )
    db.execute(
        "INSERT INTO history VALUES (?, 3.0, 'lan', 'fields.title', '\"a\"', '\"b\"')", (DOC,)
    )
    db.execute(
        "INSERT INTO events (document_id, payload, next_at, created) VALUES (?, ?, 0, 0)",
        (DOC, json.dumps({"event": "document.processed", "document_id": DOC})),
    )
    db.commit()
    db.close()


def test_an_unversioned_archive_upgrades_with_its_data_intact(tmp_path: Path) -> None:
    unversioned_archive(tmp_path)
    archive = Archive(tmp_path)
    assert archive.schema_version() == migrate.latest("sqlite") >= 2
    assert archive.record(DOC) == RECORD
    (job,) = archive.jobs_for(DOC)
    assert (job.id, job.state, job.pages_done, job.attempts) == ("j1", "done", 1, 0)
    assert archive.history(DOC)[0]["after"] == "b"
    assert archive.due_events()[0]["payload"]["document_id"] == DOC
    found = search(archive, "phong chong", filters=Filters(doc_type="KH", cites="1492"))
    assert [hit["id"] for hit in found["hits"]] == [DOC]
    assert found["hits"][0]["issuer_normalized"] == "Ủy ban nhân dân xã Hòa Bình"
    assert [d["end"] for d in deadlines(archive)] == ["2021-03-31"]
    assert archive.review_rows(reviewed=False, limit=5, offset=0)[1][0]["id"] == DOC
    archive.start_job("j1")  # the new column is in use
    assert archive.job("j1").attempts == 1


def test_migrations_apply_once_in_order(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "new.sqlite3")
    versions = [m.version for m in migrate.migrations("sqlite")]
    assert versions == sorted(versions) == list(range(1, len(versions) + 1))
    assert migrate.sqlite(db) == versions
    assert migrate.sqlite(db) == []  # opened again: nothing to do
    rows = db.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert [r[0] for r in rows] == versions and rows[0][1] == "initial"


def test_postgres_migrations_match_sqlite_versions() -> None:
    sqlite_versions = [m.version for m in migrate.migrations("sqlite")]
    assert [m.version for m in migrate.migrations("postgres")] == sqlite_versions


def test_records_indexed_before_get_their_deadline_uids_and_review_places(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    archive.store_original(DOC, b"plan", filename="kh.txt", media_type="text/plain")
    archive.save_record(DOC, RECORD)
    archive.close()
    db = sqlite3.connect(tmp_path / "archive.sqlite3")  # as version 3 left it: no uid
    db.executescript(
        "ALTER TABLE deadlines DROP COLUMN uid; DROP INDEX documents_review; "
        "ALTER TABLE documents DROP COLUMN doubt; ALTER TABLE documents DROP COLUMN reviewed; "
        "ALTER TABLE documents DROP COLUMN review; DELETE FROM schema_version WHERE version >= 4;"
    )
    db.close()
    archive = Archive(tmp_path)
    assert archive.schema_version() == migrate.latest("sqlite")
    (item,) = deadlines(archive)
    assert item["deadline_uid"] == with_uids(RECORD["fields"]["deadlines"])[0]["uid"]
    total, (queued,) = archive.review_rows(reviewed=False, limit=10, offset=0)
    assert total == 1 and queued["id"] == DOC and queued["title"] == "Phòng chống dịch bệnh"


SEARCHED = [  # whole words, and the last word a prefix of one, two, three or more letters
    ("phong chong dich benh", Filters()),
    ("ke hoach phong ch", Filters()),
    ("dich b", Filters()),
    ("d", Filters()),
    ("hoa", Filters(doc_type="KH")),
    ("dao tao can", Filters(year=2022)),
    ("", Filters(year=2021)),
]


class _Unmigrated:
    """An archive file searched as it is, without opening it (which would migrate it)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.row_factory = sqlite3.Row

    def search_rows(self, terms: list[str], filters: Filters, **page: int) -> Any:
        return sqlite_search.search_rows(
            self.db, terms, filters, page["limit"], page["offset"], page["facets"]
        )


def _found(archive: Any) -> list[tuple[int, list[str], list[str]]]:
    out = []
    for query, filters in SEARCHED:
        found = search(archive, query, filters=filters)
        out.append(
            (
                found["total"],
                [h["id"] for h in found["hits"]],
                [h["snippet_html"] for h in found["hits"]],
            )
        )
    return out


def test_an_archive_at_version_5_gains_prefix_indexes_and_searches_the_same(
    tmp_path: Path,
) -> None:
    archive = Archive(tmp_path)
    second = {
        **RECORD,
        "text": "Kế hoạch đào tạo cán bộ xã năm 2022; phòng chống dịch",
        "fields": {**RECORD["fields"], "title": "Đào tạo cán bộ", "date": {"year": 2022}},
    }
    for doc_id, record in (("c" * 64, RECORD), ("d" * 64, second)):
        archive.store_original(doc_id, doc_id.encode(), filename="a.txt", media_type="text/plain")
        archive.save_record(doc_id, record)
    before = _found(archive)
    assert [total for total, _, _ in before] == [1, 2, 2, 2, 2, 1, 1]
    archive.close()
    db = sqlite3.connect(tmp_path / "archive.sqlite3")  # as version 5 left it: no prefixes
    db.executescript(
        "CREATE VIRTUAL TABLE old USING fts5(document_id UNINDEXED, title, body, fields, "
        "tokenize = 'unicode61 remove_diacritics 2'); "
        "INSERT INTO old (rowid, document_id, title, body, fields) "
        "SELECT rowid, document_id, title, body, fields FROM search; "
        "DROP TABLE search; ALTER TABLE old RENAME TO search; DROP INDEX facets_year; "
        "DELETE FROM schema_version WHERE version >= 6;"
    )
    db.close()
    unmigrated = _Unmigrated(tmp_path / "archive.sqlite3")
    assert _found(unmigrated) == before  # prefixes merged from every word: the same answers
    unmigrated.db.close()
    archive = Archive(tmp_path)
    assert archive.schema_version() == migrate.latest("sqlite") >= 6
    (sql,) = (
        archive.connection()
        .execute("SELECT sql FROM sqlite_master WHERE name = 'search'")
        .fetchone()
    )
    assert "prefix = '1 2 3 4 5 6'" in sql
    assert _found(archive) == before
    archive.save_record("d" * 64, {**second, "text": "Thông báo lịch tiếp dân"})  # indexed anew
    assert search(archive, "lich tiep d")["total"] == 1
    assert search(archive, "2022")["total"] == 0  # its old text gone from the index
