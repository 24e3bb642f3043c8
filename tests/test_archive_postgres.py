"""The PostgreSQL archive on a real server: migrations, indexes, and search answering as the
embedded SQLite archive does on the same documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from archive import Archive, migrate, open_store
from archive.feeds import DeadlineQuery, deadlines
from archive.postgres import PostgresArchive
from archive.search import Filters, search
from core.record import with_uids

DOCS: dict[str, dict[str, Any]] = {
    "a" * 64: {
        "text": "Căn cứ Quyết định số 1234/QĐ-UBND;\nRà soát thủ tục hành chính trên địa bàn.",
        "fields": {
            "title": "Kế hoạch cải cách hành chính năm 2023",
            "doc_type": "Kế hoạch",
            "type_code": "KH",
            "symbol": "12/KH-UBND",
            "issuer": "UBND xã Đồng Tâm",
            "date": {"year": 2023},
            "cited_documents": [{"symbol": "1234/QĐ-UBND"}],
            "deadlines": [
                {
                    "task": "Báo cáo",
                    "raw": "trước 15/10/2023",
                    "end": "2023-10-15",
                    "lead": "Văn phòng UBND xã",
                    "support": ["Phòng Tư pháp"],
                }
            ],
        },
    },
    "b" * 64: {
        "text": "Đường giao thông nông thôn; đề nghị các thôn báo cáo.",
        "fields": {
            "title": "Về việc sửa chữa đường giao thông",
            "doc_type": "Công văn",
            "symbol": "45/UBND-VP",
            "issuer": "ỦY BAN NHÂN DÂN XÃ ĐỒNG TÂM",
            "date": {"year": 2024},
        },
    },
    "c" * 64: {
        "text": "Thực hiện Quyết định 1234/QĐ-UBND, kế hoạch đào tạo cán bộ.",
        "fields": {
            "title": "Quyết định phê duyệt kế hoạch đào tạo",
            "doc_type": "Quyết định",
            "type_code": "QĐ",
            "symbol": "88/QĐ-UBND",
            "issuer": "Sở Nội vụ",
            "date": {"year": 2023},
            "cited_documents": [{"symbol": "01234/QD-UBND"}],
        },
    },
}
QUERIES = [
    ("", Filters()),
    ("ke hoach", Filters()),
    ("Kế hoạch", Filters(year=2023)),
    ("duong", Filters()),
    ("ĐƯỜNG giao", Filters()),
    ("dao t", Filters()),
    ("", Filters(doc_type="KH")),
    ("", Filters(doc_type="cong van")),
    ("", Filters(doc_type="CV")),
    ("", Filters(issuer="dong tam")),
    ("", Filters(issuer="UBND xã Đồng Tâm")),
    ("", Filters(cites="1234")),
    ("", Filters(cites="1234/QĐ-UBND")),
    ("bao cao", Filters(issuer="dong tam", year=2024)),
]


def fill(archive: Any) -> Any:
    for n, (doc_id, record) in enumerate(DOCS.items()):
        archive.store_original(
            doc_id, f"{n}".encode(), filename=f"{n}.txt", media_type="text/plain"
        )
        archive.save_record(doc_id, record)
    return archive


@pytest.fixture
def both(tmp_path: Path, postgres_server: Any) -> tuple[Archive, PostgresArchive]:
    lite = fill(Archive(tmp_path / "lite"))
    pg = open_store(tmp_path / "pg", database_url=postgres_server.database())
    assert isinstance(pg, PostgresArchive)
    return lite, fill(pg)


@pytest.mark.parametrize(("query", "filters"), QUERIES)
def test_search_answers_as_the_sqlite_archive(
    both: tuple[Archive, PostgresArchive], query: str, filters: Filters
) -> None:
    lite, pg = (search(archive, query, filters=filters) for archive in both)
    assert lite["total"] == pg["total"] and lite["total"] > 0
    assert {h["id"] for h in lite["hits"]} == {h["id"] for h in pg["hits"]}
    assert sorted(lite["hits"], key=lambda h: h["id"]) == sorted(pg["hits"], key=lambda h: h["id"])
    assert lite["facets"] == pg["facets"]


def test_deadlines_and_the_outbox_as_on_sqlite(both: tuple[Archive, PostgresArchive]) -> None:
    lite, pg = both
    for query in (DeadlineQuery(), DeadlineQuery(start="2023-10-01", agency="tu phap")):
        assert deadlines(lite, query) == deadlines(pg, query) != []
    assert deadlines(pg, DeadlineQuery(end="2023-01-01")) == []
    event = pg.add_event("a" * 64, {"event": "document.processed", "id": "x"})
    (due,) = pg.due_events()
    assert due["id"] == event and due["payload"]["id"] == "x"
    pg.event_state(event, state="sent", attempts=1, next_at=0)
    assert pg.due_events() == []


def test_migrations_and_indexes(tmp_path: Path, postgres_server: Any) -> None:
    url = postgres_server.database()
    archive = PostgresArchive(url, data_dir=tmp_path)
    assert archive.schema_version() == migrate.latest("postgres")
    assert PostgresArchive(url, data_dir=tmp_path).migrate() == []  # a second machine opening
    with psycopg.connect(url) as db:
        found = dict(db.execute("SELECT indexname, indexdef FROM pg_indexes").fetchall())
    assert "USING gin (tsv)" in found["documents_tsv"]
    for name in ("documents_type", "documents_issuer", "documents_symbol"):
        assert "gin_trgm_ops" in found[name]
    assert "symbol_folded" in found["citations_symbol"]


OLD_RECORD = {
    "text": "x",
    "fields": {
        "deadlines": [
            {"task": "Báo cáo", "raw": "trước 31/3/2021", "end": "2021-03-31", "kind": "before"}
        ]
    },
}


def test_an_older_schema_upgrades_with_its_data_intact(
    tmp_path: Path, postgres_server: Any
) -> None:
    url = postgres_server.database()
    first = migrate.migrations("postgres")[0]
    with psycopg.connect(url, autocommit=True) as db:  # as version 1 left the database
        db.execute(first.sql.encode())
        db.execute(migrate.VERSION_TABLE.replace("applied REAL", "applied DOUBLE PRECISION"))
        db.execute("INSERT INTO schema_version VALUES (1, 'initial', 0)")
        db.execute(
            "INSERT INTO documents (id, filename, media_type, bytes, created, record) "
            "VALUES (%s, 'a.txt', 'text/plain', 1, 0, %s)",
            ("d" * 64, json.dumps(OLD_RECORD)),
        )
        db.execute(  # its deadline indexed without the uid its record gives it
            "INSERT INTO deadlines (document_id, idx, task, raw, end_date, kind) "
            "VALUES (%s, 0, 'Báo cáo', 'trước 31/3/2021', '2021-03-31', 'before')",
            ("d" * 64,),
        )
        db.execute(
            "INSERT INTO jobs (id, document_id, state, created, updated) "
            "VALUES ('j', %s, 'done', 0, 0)",
            ("d" * 64,),
        )
    archive = PostgresArchive(url, data_dir=tmp_path)
    assert archive.schema_version() == migrate.latest("postgres")
    assert archive.record("d" * 64) == OLD_RECORD
    (item,) = deadlines(archive)
    assert item["deadline_uid"] == with_uids(OLD_RECORD["fields"]["deadlines"])[0]["uid"]
    total, (queued,) = archive.review_rows(reviewed=False, limit=5, offset=0)
    assert total == 1 and queued["id"] == "d" * 64 and queued["doubt"] > 0
    assert archive.job("j").state == "done" and archive.job("j").attempts == 0


def test_jobs_are_claimed_once_across_processes(tmp_path: Path, postgres_server: Any) -> None:
    url = postgres_server.database()
    one, two = (PostgresArchive(url, data_dir=tmp_path) for _ in range(2))
    one.store_original("e" * 64, b"e", filename="e.txt", media_type="text/plain")
    job = one.create_job("e" * 64)
    claimed = [c for c in (one.claim_job(), two.claim_job()) if c is not None]
    assert [c.id for c in claimed] == [job.id]


def test_a_job_made_failed_is_never_claimed(tmp_path: Path, postgres_server: Any) -> None:
    from core.errors import UnsupportedType

    archive = PostgresArchive(postgres_server.database(), data_dir=tmp_path)
    archive.store_original("f" * 64, b"f", filename="f.docx", media_type="text/plain")
    failed = archive.create_job("f" * 64, error=UnsupportedType("Word files are not read"))
    assert (failed.state, failed.error_code) == ("failed", "unsupported_type")
    assert archive.claim_job() is None


def test_an_archive_at_version_5_keeps_tsvectors_in_the_rows_and_searches_the_same(
    tmp_path: Path, postgres_server: Any
) -> None:
    url = postgres_server.database()
    archive = fill(PostgresArchive(url, data_dir=tmp_path))
    before = [search(archive, query, filters=filters) for query, filters in QUERIES]
    archive.close()
    with psycopg.connect(url, autocommit=True) as db:  # as version 5 left it
        db.execute("ALTER TABLE documents ALTER COLUMN tsv SET STORAGE EXTENDED")
        db.execute("DELETE FROM schema_version WHERE version >= 6")
    again = PostgresArchive(url, data_dir=tmp_path)
    assert again.schema_version() == migrate.latest("postgres") >= 6
    with psycopg.connect(url) as db:
        (storage,) = db.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'documents'::regclass "
            "AND attname = 'tsv'"
        ).fetchone() or (None,)
    assert storage == "m"
    assert [search(again, query, filters=filters) for query, filters in QUERIES] == before
    assert before[5]["total"] == 1 and before[0]["total"] == len(DOCS)  # 'dao t': a prefix
