"""Words of the lexicon in the decoder, and persons' names against headings and communes."""

from __future__ import annotations

from corpora.words import load_words
from diacritics.candidates import add_word_syllables, candidates, word_syllables
from diacritics.model import BITS, load_model
from diacritics.persons import person_runs
from diacritics.restore import restore


def test_the_word_list_holds_multi_syllable_words_only() -> None:
    words = load_words()
    assert {"liên quan", "công tác", "sử dụng"} <= set(words)
    assert all(2 <= len(w.split()) <= 4 and w == w.lower() for w in words)


def test_the_model_knows_which_neighbours_make_a_word() -> None:
    model = load_model()
    pairs = model.word_pairs

    def pair(a: str, b: str) -> int:
        return (model.ids[a] << BITS) | model.ids[b]

    assert pair("liên", "quan") in pairs and pair("công", "tác") in pairs
    assert pair("quan", "liên") not in pairs
    # in the lexicon, but a phrase whose syllables go together no more often than by chance
    assert "của thông" in load_words() and pair("của", "thông") not in pairs


def test_words_win_over_the_syllables_of_other_words() -> None:
    assert restore("cong tac lien quan den van de nay").text == "công tác liên quan đến vấn đề này"


def test_a_heading_in_capitals_is_no_persons_name() -> None:
    assert person_runs(["DINH", "MUC", "SU", "DUNG", "XE"]) == []
    assert person_runs(["ong", "Dinh", "Van", "Nam", "ky"]) == [(1, 3)]


def test_a_name_whose_first_syllables_spell_a_commune_stays_a_name() -> None:
    runs = person_runs(["Hoang", "Van", "Dung"])
    assert runs == [(0, 3)]
    assert person_runs(["Hoang", "Van", "Dung"], skip={0}) == []


def test_a_rare_syllable_of_a_word_is_a_candidate_beside_its_neighbour() -> None:
    model = load_model()
    table = word_syllables()
    # "dò" is too rare among the spellings of "do" to be one of its own candidates
    assert model.ids["dò"] not in {i for i, _ in candidates("do", "stripped")}
    assert (model.ids["thăm"], model.ids["dò"]) in table[("tham", "do")]
    slots = [candidates(w, "stripped") for w in ("tham", "do", "kien")]
    got = add_word_syllables(slots, ["tham", "do", "kien"])
    assert model.ids["dò"] in {i for i, _ in got[1]}
    assert got[0] == slots[0] and got[2] == slots[2]  # "do kien" makes no such word


def test_stripped_words_with_rare_syllables_are_restored() -> None:
    text = "can theo doi va tham do y kien; khu vuc nhiet doi co the de dang tra cuu"
    assert restore(text).text == (
        "cần theo dõi và thăm dò ý kiến; khu vực nhiệt đới có thể dễ dàng tra cứu"
    )
