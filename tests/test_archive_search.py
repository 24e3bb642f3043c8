"""Search over a real SQLite archive: folding, ranking, filters (types by name or code,
issuers as normalised, cited documents by their number), citations, snippets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from archive import Archive
from archive.fold import fold, fold_symbol
from archive.search import Filters, highlight, search, snippet
from archive.terms import cited_keys, cites_term, normalize_issuer, type_names
from core.settings import Settings
from extraction.citations import find_citations, symbol_key
from extraction.lines import one_tone_style
from tests.conftest import open_archive, rows
from tests.live import serve


def record(title: str, body: str, **fields: Any) -> dict[str, Any]:
    return {"text": body, "fields": {"title": title, **fields}}


@pytest.fixture
def archive(tmp_path: Path, database_url: str | None) -> Archive:
    """On the embedded SQLite archive, then on PostgreSQL."""
    archive = open_archive(tmp_path)
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


# --------------------------------------------------------------------------- types by name


def add(archive: Archive, doc_id: str, rec: dict[str, Any]) -> None:
    archive.store_original(doc_id, doc_id.encode(), filename="x.txt", media_type="text/plain")
    archive.save_record(doc_id, rec)


@pytest.mark.parametrize("query", ["Công văn", "cong van", "CÔNG VĂN", "CV", "cv"])
def test_type_filter_by_name_or_code_finds_cong_van(archive: Archive, query: str) -> None:
    letter = record(
        "Về việc rà soát thủ tục hành chính",
        "Kính gửi: các phòng, ban.",
        doc_type="Công văn",
        type_code=None,  # a công văn's symbol has no type code: '45/UBND-VP'
        symbol="45/UBND-VP",
    )
    add(archive, "e" * 64, letter)
    hits = search(archive, "", filters=Filters(doc_type=query))["hits"]
    assert [h["id"] for h in hits] == ["e" * 64]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("KH", ("ke hoach",)),
        ("kế hoạch", ("ke hoach",)),
        ("QĐ", ("quyet dinh",)),
        ("qd", ("quyet dinh",)),
        ("CV", ("cong van",)),
        ("ĐA", ("de an",)),
        ("DA", ("du an",)),
        ("da", ("de an", "du an")),  # without its stroke the code is both
        ("NĐ", ("nghi dinh",)),
        ("  ", ()),
    ],
)
def test_type_names(query: str, names: tuple[str, ...]) -> None:
    assert type_names(query) == names


def test_type_filter_uses_the_code_when_the_name_is_missing(archive: Archive) -> None:
    add(archive, "e" * 64, record("Tờ trình", "", doc_type=None, type_code="TTr"))
    for query in ("TTr", "tờ trình", "to trinh"):
        hits = search(archive, "", filters=Filters(doc_type=query))["hits"]
        assert [h["id"] for h in hits] == ["e" * 64], query


# --------------------------------------------------------------------------- issuers


@pytest.mark.parametrize(
    ("issuer", "normalized"),
    [
        ("Ủy. an nhân dân tỉnh Lai Châu", "Ủy ban nhân dân tỉnh Lai Châu"),
        ("Ủy. an nhân dân tỉnh Lai Chau", "Ủy ban nhân dân tỉnh Lai Châu"),
        ("UỶ BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG", "Ủy ban nhân dân huyện Tam Đường"),
        ("UBND huyện Tam Đường", "Ủy ban nhân dân huyện Tam Đường"),
        ("UBND TỈNH ĐẮK LẮK", "Ủy ban nhân dân tỉnh Đắk Lắk"),
        ("ỦY BAN NHÂN DÂN TÍNH ĐẮK LẮK", "Ủy ban nhân dân tỉnh Đắk Lắk"),
        ("Ủy Ban Nhân Dân Huyện Krong Pắc", "Ủy ban nhân dân huyện Krông Pắc"),
        ("Hội đồng nhân dân xã Đồng Tâm", "Hội đồng nhân dân xã Đồng Tâm"),
        ("Vian phòng UBND tỉnh Lai Châu", "Văn phòng UBND tỉnh Lai Châu"),
        ("SỞ TƯ PHÁP", "Sở Tư pháp"),
        ("Ban Chỉ dao 389", "Ban Chỉ đạo 389"),
        ("Vanphòng Sở Tư pháp", "Văn phòng Sở Tư pháp"),
        ("TRUNG TÂM Y TẾ HUYỆN TAM ĐƯỜNG", "Trung tâm Y tế huyện Tam Đường"),
        ("Phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch"),
        ("Trường THCS Lê Lợi", "Trường THCS Lê Lợi"),
        ("  ", None),
        (None, None),
    ],
)
def test_normalize_issuer(issuer: str | None, normalized: str | None) -> None:
    assert normalize_issuer(issuer) == normalized


def test_issuer_shown_normalised_original_kept_and_grouped(archive: Archive) -> None:
    add(
        archive,
        "e" * 64,
        record("Kế hoạch phòng chống dịch", "", issuer="Ủy. an nhân dân huyện Phong Thổ"),
    )
    hits = search(archive, "", filters=Filters(issuer="Ủy ban nhân dân huyện Phong Thổ"))["hits"]
    by_id = {h["id"]: h for h in hits}
    assert set(by_id) == {"c" * 64, "e" * 64}  # 'UBND huyện Phong Thổ' and the garbled one
    assert by_id["c" * 64]["issuer"] == "UBND huyện Phong Thổ"
    assert {h["issuer_normalized"] for h in hits} == {"Ủy ban nhân dân huyện Phong Thổ"}
    assert search(archive, "", filters=Filters(issuer="UBND huyện Phong Thổ"))["total"] == 2
    listed = {d["id"]: d for d in archive.documents()}
    assert listed["e" * 64]["issuer"] == "Ủy. an nhân dân huyện Phong Thổ"
    assert listed["e" * 64]["issuer_normalized"] == "Ủy ban nhân dân huyện Phong Thổ"


# --------------------------------------------------------------------------- citations


@pytest.mark.parametrize("cited", ["1234", "01234", "1234/QĐ-UBND"])
def test_cites_by_the_number_alone(archive: Archive, cited: str) -> None:
    ids = {h["id"] for h in search(archive, "", filters=Filters(cites=cited))["hits"]}
    assert ids == {"a" * 64, "c" * 64}


@pytest.mark.parametrize("cited", ["5", "05", "5/2020", "05/2020/NĐ-CP", "5/2020/nd-cp"])
def test_cites_by_number_and_year(archive: Archive, cited: str) -> None:
    ids = [h["id"] for h in search(archive, "", filters=Filters(cites=cited))["hits"]]
    assert ids == ["c" * 64]


def test_cites_matches_whole_keys_only(archive: Archive) -> None:
    for other in ("123", "234", "1234/QĐ-UBN", "2020"):
        assert search(archive, "", filters=Filters(cites=other))["total"] == 0, other


def test_cited_keys() -> None:
    assert cited_keys("1492/QĐ-UBND") == ["1492/qd-ubnd", "1492"]
    assert cited_keys("05/2020/NĐ-CP") == ["5/2020/nd-cp", "5", "5/2020"]
    assert cites_term(" 1492 / QĐ-UBND ") == "1492/qd-ubnd"


def test_a_document_cited_twice_is_indexed_once(archive: Archive) -> None:
    twice = record(
        "Báo cáo",
        "",
        cited_documents=[{"symbol": "1492/QĐ-UBND"}, {"symbol": "1492/QD-UBND"}],
    )
    add(archive, "e" * 64, twice)
    keys = rows(
        archive, "SELECT symbol_folded FROM citations WHERE document_id = ? ORDER BY 1", ("e" * 64,)
    )
    assert [r[0] for r in keys] == ["1492", "1492/qd-ubnd"]
    assert search(archive, "", filters=Filters(cites="1492"))["total"] == 1


def test_citations_are_one_per_document_at_extraction() -> None:
    text = (
        "Căn cứ Quyết định số 1234/QD-UBND ngày 15/8/2021 của UBND tỉnh về việc ban hành kế "
        "hoạch;\nCăn cứ Quyết định số 1234/QĐ-UBND của UBND tỉnh;\n"
        "Căn cứ Nghị định số 05/2020/NĐ-CP ngày 01/01/2020 của Chính phủ;\n"
        "Thực hiện Nghị định số 5/2020/NĐ-CP;\nCăn cứ Quyết định số 1234 / QĐ-UBND;"
    )
    cited = find_citations(text, own_symbol="07/KH-UBND")
    assert [c.symbol for c in cited] == ["1234/QĐ-UBND", "05/2020/NĐ-CP"]  # marks kept
    assert cited[0].date == "2021-08-15" and cited[1].issuer == "Chính phủ"
    assert find_citations("Căn cứ Kế hoạch số 7/KH-UBND", own_symbol="07/KH-UBND") == []
    assert symbol_key("05 / 2020 / nđ-cp") == symbol_key("5/2020/ND-CP")


def test_an_older_archive_is_reindexed_with_the_new_keys(archive: Archive, tmp_path: Path) -> None:
    if not isinstance(archive, Archive):
        pytest.skip("archives made before versioning are SQLite files")
    db = archive.connection()
    db.execute("ALTER TABLE documents DROP COLUMN issuer_normalized")  # as an older version
    db.execute("ALTER TABLE facets DROP COLUMN issuer")
    db.execute("DELETE FROM citations WHERE symbol_folded NOT LIKE '%/%'")
    db.execute("ALTER TABLE jobs DROP COLUMN attempts")  # versioning came later too
    db.execute("ALTER TABLE jobs DROP COLUMN worker")
    db.execute("ALTER TABLE deadlines DROP COLUMN uid")
    db.execute("DROP INDEX documents_review")
    for column in ("doubt", "reviewed", "review"):
        db.execute(f"ALTER TABLE documents DROP COLUMN {column}")
    db.execute("DROP TABLE schema_version")
    db.commit()
    again = Archive(tmp_path)
    assert {h["id"] for h in search(again, "", filters=Filters(cites="1234"))["hits"]} == {
        "a" * 64,
        "c" * 64,
    }
    (hit,) = search(again, "", filters=Filters(issuer="dong tam"))["hits"]
    assert hit["issuer_normalized"] == "Ủy ban nhân dân xã Đồng Tâm"
    assert len(search(again, "")["facets"]["issuer"]) == 3


def test_over_http(archive: Archive, tmp_path: Path) -> None:
    add(
        archive,
        "e" * 64,
        record("Về việc báo cáo", "", doc_type="Công văn", issuer="UỶ BAN NHÂN DÂN XÃ ĐỒNG TÂM"),
    )
    app = create_app(Settings(data_dir=tmp_path), start_worker=False)
    with serve(app) as url:
        for query in ("Công văn", "cong van", "CV"):
            body = httpx.get(f"{url}/search", params={"type": query}).json()
            assert [h["id"] for h in body["hits"]] == ["e" * 64]
        (hit,) = httpx.get(f"{url}/search", params={"type": "CV"}).json()["hits"]
        assert hit["issuer"] == "UỶ BAN NHÂN DÂN XÃ ĐỒNG TÂM"
        assert hit["issuer_normalized"] == "Ủy ban nhân dân xã Đồng Tâm"
        listed = httpx.get(f"{url}/documents").json()["documents"]
        assert {d["issuer_normalized"] for d in listed if d["id"] in ("b" * 64, "e" * 64)} == {
            "Ủy ban nhân dân xã Đồng Tâm"
        }
        facet = httpx.get(f"{url}/search", params={"q": "ve viec"}).json()["facets"]["issuer"]
        assert facet == [{"value": "Ủy ban nhân dân xã Đồng Tâm", "count": 1}]
        citing = httpx.get(f"{url}/search", params={"cites": "1234"}).json()
        assert {h["id"] for h in citing["hits"]} == {"a" * 64, "c" * 64}
        refused = httpx.get(f"{url}/search", params={"year": 23})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_date"


def test_issuer_facet_counts_the_normalised_names(archive: Archive) -> None:
    add(archive, "e" * 64, record("Kế hoạch", "", issuer="UỶ BAN NHÂN DÂN XÃ ĐỒNG TÂM"))
    add(archive, "f" * 64, record("Kế hoạch", "", issuer="Ủy. an nhân dân xã Đồng Tâm"))
    facet = search(archive, "")["facets"]["issuer"]
    assert facet[0] == {"value": "Ủy ban nhân dân xã Đồng Tâm", "count": 3}
    assert {f["value"]: f["count"] for f in facet[1:]} == {
        "Ủy ban nhân dân huyện Phong Thổ": 1,
        "Ủy ban nhân dân huyện Tam Đường": 1,
    }
    narrowed = search(archive, "cai cach")["facets"]["issuer"]  # counted over the hits only
    assert {f["value"]: f["count"] for f in narrowed} == {
        "Ủy ban nhân dân huyện Tam Đường": 1,
        "Ủy ban nhân dân xã Đồng Tâm": 1,
    }
    assert search(archive, "", filters=Filters(year=1999))["facets"] == {"issuer": []}


def _fixture_issuers() -> list[str]:
    found: set[str] = set()
    for path in (Path(__file__).parent / "fixtures").rglob("*.json"):
        for key in ("issuer", "issuer_parent"):
            found |= set(re.findall(rf'"{key}": "([^"]+)"', path.read_text(encoding="utf-8")))
    return sorted(found)


def test_names_written_right_stay_as_they_are() -> None:
    """Every issuer of the test documents: kept, but for 'UBND'/'HĐND' written out and one
    tone style; the same from capitals; normalising twice changes nothing."""
    issuers = _fixture_issuers()
    assert len(issuers) > 50
    for issuer in issuers:
        expected = one_tone_style(issuer)
        for short, full in (("UBND ", "Ủy ban nhân dân "), ("HĐND ", "Hội đồng nhân dân ")):
            expected = full + expected[len(short) :] if expected.startswith(short) else expected
        normalized = normalize_issuer(issuer)
        assert normalized == expected, issuer
        assert normalize_issuer(normalized) == normalized
        assert (normalize_issuer(issuer.upper()) or "").lower() == expected.lower(), issuer


def test_a_query_matching_most_of_the_archive_is_answered_from_its_newest_matches(
    tmp_path: Path, database_url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive import postgres, sqlite_search

    archive = open_archive(tmp_path / "many")
    module = postgres if database_url else sqlite_search
    monkeypatch.setattr(module, "RANKED", 3)
    monkeypatch.setattr(module, "COUNTED", 4)
    for n in range(6):  # the oldest best matches "kiểm tra" twice in its title
        title = "Kiểm tra kiểm tra" if n == 0 else f"Kiểm tra đợt {n}"
        add(archive, f"{n:x}" * 64, record(title, "", issuer=f"UBND xã {'AB'[n % 2]}"))
    found = search(archive, "kiem tra")
    assert (found["total"], found["total_capped"]) == (4, True)
    assert {h["id"][0] for h in found["hits"]} == {"3", "4", "5"}  # the newest three, ranked
    assert sum(f["count"] for f in found["facets"]["issuer"]) == 3
    narrow = search(archive, "kiem tra", filters=Filters(issuer="xa A"))
    assert (narrow["total"], narrow["total_capped"]) == (3, False)
    assert "0" * 64 in {h["id"] for h in narrow["hits"]}
