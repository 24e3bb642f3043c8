"""Persons' names lean towards the spellings names use at each place (family, middle, given)."""

from __future__ import annotations

import pytest

from corpora.build.persons import capital_runs, count_names, write_person_names
from corpora.persons import load_person_names
from diacritics.model import load_model
from diacritics.persons import prefer_person_names
from diacritics.restore import restore


def test_name_table_counts_family_middle_and_given_names() -> None:
    table = load_person_names()
    assert {"nguyễn", "trần", "lê", "phạm"} <= set(table["family"])
    assert table["middle"]["văn"] > 10 * table["middle"].get("vân", 0)
    assert table["middle"]["thị"] > 10 * table["middle"].get("thi", 0)


def test_capital_runs_skip_sentence_starts_and_count_lower_case() -> None:
    runs, lower = capital_runs(["Theo Nguyễn Văn An, ông Trần Thị Bình đến."])
    assert runs == {("Nguyễn", "Văn", "An"): 1, ("Trần", "Thị", "Bình"): 1}  # not "Theo"
    assert lower["ông"] == 1


def test_count_names_by_position_after_a_title() -> None:
    runs, _ = capital_runs(["ở đây Ông Nguyễn Văn An và Bà Lê Thị Hoa"])
    counts = count_names(runs, {"nguyễn", "lê"}, str.lower)
    assert counts["family", "nguyễn"] == 1 and counts["middle", "thị"] == 1
    assert counts["given", "hoa"] == 1


def test_name_table_keeps_given_names_seen_twice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # rare given names are the ones the language model knows least: two names are enough
    runs, _ = capital_runs(["thấy Ông Nguyễn Xuân Lộc, rồi Bà Lê Thị Lộc và Ông Trần Văn Kha"])
    counts = count_names(runs, {"nguyễn", "lê", "trần"}, str.lower)
    path = tmp_path / "names.tsv"
    write_person_names(counts, lambda s: True, path)
    table = load_person_names(path)
    assert table["given"] == {"lộc": 2}
    assert table["middle"] == {} and table["family"] == {}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ong Hoang Van Khanh phu trach", "Hoàng Văn Khánh"),
        ("nguoi ky la ba Nguyen Thi Mai", "Nguyễn Thị Mai"),
        ("dong chi Tran Van Nam phu trach", "Trần Văn Nam"),
    ],
)
def test_restore_reads_names_in_stripped_text(text: str, name: str) -> None:
    assert name in restore(text).text


def test_lowercase_words_and_place_names_are_left_alone() -> None:
    model = load_model()
    words = ["van", "ban", "Van", "Ban"]
    slots = [((model.ids["văn"], 0.0), (model.ids["vân"], 0.0))] * 4
    assert prefer_person_names(words, slots, model) == slots  # no family name starts a run
    van = ((model.ids["văn"], 0.0), (model.ids["vân"], 0.0))
    hoang = [((model.ids["hoàng"], 0.0),), van, ((model.ids["khánh"], 0.0),)]
    assert prefer_person_names(["Hoang", "Van", "Khanh"], hoang, model, skip={0, 1, 2}) == hoang
    raised = prefer_person_names(["Hoang", "Van", "Khanh"], hoang, model)
    assert dict(raised[1])[model.ids["văn"]] > dict(raised[1])[model.ids["vân"]]


def test_clean_text_is_not_changed() -> None:
    text = "Ông Hoàng Vân Khánh và bà Nguyễn Thi Mai dự họp."
    assert restore(text).text == text
