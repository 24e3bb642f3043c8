"""Search over a real SQLite archive: folding, ranking, filters, citations, snippets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive import Archive
from archive.fold import fold, fold_symbol
from archive.search import Filters, highlight, search, snippet


def record(title: str, body: str, **fields: Any) -> dict[str, Any]:
    return {"text": body, "fields": {"title": title, **fields}}


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive(tmp_path)
    docs = {
        "a" * 64: record(
            "Kế hoạch cải cách hành chính năm 2023",
            "Căn cứ Quyết định số 1234/QĐ-UBND;\nRà soát thủ tục hành chính.",
            doc_type="Kế hoạch",
            type_code="KH",
            issuer="Ủy ban nhân dân huyện Tam Đường",
            date={"year": 2023},
            cited_documents=[{"symbol": "1234/QĐ-UBND"}],
        ),
        "b" * 64: record(
            "Phòng chống thiên tai năm 2021",
            "Nội dung: cải cách hành chính trong công tác phòng chống thiên tai.",
            doc_type="Quyết định",
            type_code="QĐ",
            issuer="UBND xã Đồng Tâm",
            date={"year": 2021},
        ),
        "c" * 64: record(
            "Đường giao thông nông thôn",
            "Xây dựng đường giao thông liên xã.",
            doc_type="Báo cáo",
            type_code="BC",
            issuer="UBND huyện Phong Thổ",
            date={"year": 2022},
            cited_documents=[{"symbol": "1234/QĐ-UBND"}, {"symbol": "05/2020/NĐ-CP"}],
        ),
    }
    for doc_id, rec in docs.items():
        archive.store_original(
            doc_id, b"x" + doc_id.encode(), filename=f"{doc_id[0]}.txt", media_type="text/plain"
        )
        archive.save_record(doc_id, rec)
    return archive


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Kế hoạch", "ke hoach"), ("ĐƯỜNG", "duong"), ("Đắk Lắk", "dak lak"), ("hoà", "hoa")],
)
def test_fold_removes_marks_and_folds_d(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_symbol_ignores_case_marks_and_spaces() -> None:
    assert fold_symbol("1234/QĐ-UBND") == fold_symbol("1234 / qd-ubnd") == "1234/qd-ubnd"


@pytest.mark.parametrize("query", ["ke hoach cai cach hanh chinh", "Kế hoạch cải cách hành chính"])
def test_query_with_or_without_diacritics(archive: Archive, query: str) -> None:
    hits = search(archive, query)["hits"]
    assert hits[0]["id"] == "a" * 64


def test_d_with_stroke_matches_plain_d(archive: Archive) -> None:
    hits = search(archive, "duong giao thong")["hits"]
    assert [h["id"] for h in hits] == ["c" * 64]


def test_title_match_ranks_above_body_match(archive: Archive) -> None:
    ids = [h["id"] for h in search(archive, "phong chong thien tai")["hits"]]
    assert ids[0] == "b" * 64
    ids = [h["id"] for h in search(archive, "cai cach hanh chinh")["hits"]]
    assert ids == ["a" * 64, "b" * 64]  # title beats body


def test_last_word_is_a_prefix(archive: Archive) -> None:
    assert search(archive, "nong thon")["total"] == 1
    assert search(archive, "nong th")["total"] == 1


def test_filters(archive: Archive) -> None:
    assert search(archive, "", filters=Filters(year=2021))["total"] == 1
    assert search(archive, "", filters=Filters(doc_type="KH"))["total"] == 1
    assert search(archive, "", filters=Filters(doc_type="quyết định"))["total"] == 1
    assert search(archive, "", filters=Filters(issuer="dong tam"))["total"] == 1
    assert search(archive, "cai cach", filters=Filters(issuer="Tam Đường"))["total"] == 1
    assert search(archive, "cai cach", filters=Filters(year=2022))["total"] == 0


@pytest.mark.parametrize("cited", ["1234/QĐ-UBND", "1234/QD-UBND", "1234/qd-ubnd"])
def test_which_documents_cite(archive: Archive, cited: str) -> None:
    ids = {h["id"] for h in search(archive, "", filters=Filters(cites=cited))["hits"]}
    assert ids == {"a" * 64, "c" * 64}
    plans = search(archive, "", filters=Filters(cites=cited, doc_type="KH"))["hits"]
    assert [h["id"] for h in plans] == ["a" * 64]


def test_queries_with_quotes_and_operators_are_safe(archive: Archive) -> None:
    for query in ['"', "AND OR NOT", "title:x", "*", "(cai", "NEAR(a b)"]:
        assert search(archive, query)["total"] >= 0


def test_highlight_escapes_and_marks() -> None:
    out = highlight("Kế hoạch <b>cải cách</b>", ["cai", "cach"])
    assert out == "Kế hoạch &lt;b&gt;<mark>cải</mark> <mark>cách</mark>&lt;/b&gt;"


def test_snippet_centres_on_the_matches() -> None:
    text = "mở đầu " * 100 + "cải cách hành chính" + " kết thúc" * 100
    out = snippet(text, ["cai", "cach"])
    assert "<mark>cải</mark> <mark>cách</mark>" in out and out.startswith("…")


def test_paging(archive: Archive) -> None:
    first = search(archive, "", page=1)
    assert first["total"] == 3 and len(first["hits"]) == 3
    assert search(archive, "", page=2)["hits"] == []
