"""The parts of the restorer: OCR channel, candidates, decoder, codes."""

from __future__ import annotations

import pytest

from diacritics import codes
from diacritics.candidates import candidates
from diacritics.channel import Channel, align, load_channel
from diacritics.decode import Memo, decode
from diacritics.model import NUM, load_model


def words(cands: tuple[tuple[int, float], ...]) -> list[str]:
    model = load_model()
    return [model.words[i] for i, _ in cands]


def test_align_pairs_letters_with_what_was_read() -> None:
    channel = load_channel()
    cost, edits = align("những", "nhitng", channel.cost)
    assert edits == [("n", "n"), ("h", "h"), ("ữ", "it"), ("n", "n"), ("g", "g")]
    assert cost == pytest.approx(channel.best_cost("những", "nhitng"))


def test_channel_from_counts_smooths_unseen_readings() -> None:
    channel = Channel.from_counts({("ô", "6"): 30.0, ("ô", "o"): 60.0, ("a", "a"): 100.0})
    assert channel.cost("ô", "o") < channel.cost("ô", "6") < channel.cost("ô", "x")
    assert channel.cost("ê", "ê") < channel.cost("ê", "k")  # never seen: by shape alone
    assert "o" in dict(channel.reverse["6"])  # 6 can be read back as an o


@pytest.mark.parametrize(
    ("token", "expected"),
    [("nhitng", "những"), ("x4", "xã"), ("d¢", "đề"), ("chirc", "chức"), ("t6", "tổ"),
     ("cta", "của"), ("trén", "trên"), ("huyén", "huyện"), ("puong", "đường"), ("doi", "dõi")],
)  # fmt: skip
def test_garbled_candidates_include_the_syllable(token: str, expected: str) -> None:
    assert expected in words(candidates(token, "garbled"))


def test_stripped_candidates_share_the_skeleton() -> None:
    found = words(candidates("cua", "stripped"))
    assert found[0] == "của" and "cửa" in found
    assert words(candidates("Cua", "stripped")) == found


def test_clean_candidates_keep_known_syllables() -> None:
    assert words(candidates("của", "clean")) == ["của"]
    assert words(candidates("2023", "clean")) == ["<num>"]
    assert "nhiệm" in words(candidates("nhiêm", "clean"))


@pytest.mark.parametrize("token, expected", [("ửy", "ủy"), ("rượư", "rượu")])
def test_an_unknown_marked_word_has_its_letters_with_other_marks(token: str, expected: str) -> None:
    # a short word has dozens of syllables one letter away; those of its own letters stay
    assert expected in words(candidates(token, "clean"))
    assert expected in words(candidates(token, "clean", slips=True))


def test_an_unknown_marked_word_of_clean_text_is_read_as_its_letters_allow() -> None:
    from diacritics import restore

    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương; xét đề nghị của ửy ban nhân dân xã về "
        "việc tổ chức hội nghị tổng kết công tác năm."
    )
    assert "của ủy ban nhân dân xã" in restore(text).text


def test_decode_picks_the_likeliest_sequence() -> None:
    model = load_model()
    slots = [candidates(w, "stripped") for w in ["ke", "hoach", "to", "chuc", "hoi", "nghi"]]
    chosen = decode(slots, model)
    picked = [model.words[slot[k][0]] for slot, (k, _) in zip(slots, chosen, strict=True)]
    assert picked == ["kế", "hoạch", "tổ", "chức", "hội", "nghị"]
    assert all(0.5 < conf <= 1.0 for _, conf in chosen)


def test_decode_gives_certainty_to_fixed_tokens() -> None:
    model = load_model()
    slots = [((NUM, 0.0),), candidates("nam", "stripped")]
    assert decode(slots, model)[0] == (0, 1.0)
    assert decode([], model) == []


@pytest.mark.parametrize(
    ("chunk", "protected"),
    [("https://chinhphu.vn/van-ban", True), ("vanthu@laichau.gov.vn", True),
     ("15/10/2022", True), ("1.234.567", True), ("775/KH-UBND", True), ("30/2020/NĐ-CP", True),
     ("2/", True), ("/KH-SYT", True), ("/KH", False), ("nam", False), ("UBND", False),
     ("tiêu chí/tiêu", False)],
)  # fmt: skip
def test_is_protected(chunk: str, protected: bool) -> None:
    assert codes.is_protected(chunk) is protected


@pytest.mark.parametrize(
    ("word", "abbreviation"),
    [("UBND", True), ("CCHC", True), ("TTr", True), ("HĐND", True), ("KẾ", False),
     ("HOACH", False), ("Ke", False), ("A", False)],
)  # fmt: skip
def test_is_abbreviation(word: str, abbreviation: bool) -> None:
    assert codes.is_abbreviation(word) is abbreviation


@pytest.mark.parametrize(
    ("code", "repaired"),
    [("HDND", "HĐND"), ("HDND-UBND", "HĐND-UBND"), ("1234/QD-UBND", "1234/QĐ-UBND"),
     ("ND-CP", "NĐ-CP"), ("IKH-UBND", "/KH-UBND"), ("lQD-UBND", "/QĐ-UBND"),
     ("HD", "HD"),  # Hướng dẫn and Hợp đồng are both real: left alone
     ("UBND", "UBND"), ("KH-UBND", "KH-UBND")],
)  # fmt: skip
def test_repair_code(code: str, repaired: str) -> None:
    assert codes.repair_code(code) == repaired


def test_roman_numerals_of_headings() -> None:
    assert codes.is_roman_numeral("II", ". NỘI DUNG", garbled=False)
    assert not codes.is_roman_numeral("VI", "", garbled=False)  # "ĐƠN VỊ" in capitals
    assert codes.is_roman_numeral("Il", ". THANH PHAN", garbled=True)
    assert codes.repair("Il", garbled=True) == "II"


def test_decode_with_a_memo_of_the_text_decides_the_same() -> None:
    model = load_model()
    text = ["Ke hoach to chuc hoi nghi cua huyen", "hoi nghi cua xa", "ke hoach cua huyen"]
    segments = [[candidates(w, "garbled") for w in line.split()] for line in text]
    memo = Memo()
    assert [decode(s, model, memo=memo) for s in segments] == [decode(s, model) for s in segments]


def test_garbled_readings_find_a_letter_read_as_nothing() -> None:
    channel = load_channel()
    index = channel.index(frozenset(load_model().by_skeleton))
    found = {key for key, *_ in channel.readings("hoa", index)}
    assert {"hoa", "hoai"} <= found  # "hoai" read back with its i read as nothing


def test_place_names_raise_the_spellings_of_gazetteer_units() -> None:
    from diacritics.names import prefer_place_names

    model = load_model()
    words = ["huyen", "Tien", "Yen", "tien"]
    slots = [candidates(w, "stripped") for w in words]
    raised = prefer_place_names(words, slots, model)
    score = {model.words[i]: s for i, s in raised[1]}
    assert score["tiên"] > score["tiền"] > score["tiến"]  # a district's name, a commune's, none
    assert raised[0] == slots[0] and raised[3] == slots[3]  # lower case: not a name


def test_line_cases_count_each_line_once_as_a_scan_of_it_would() -> None:
    import random

    from diacritics.restore import _count_case, _LineCases, _Token

    rng = random.Random(7)
    texts = ["hoi", "NGHI", "Tam", "t6", "a", "CHi", "12", "UBND", "xa"]
    tokens = [
        _Token(line, 0, 1, rng.choice(texts), rng.choice(["word", "word", "fixed"]), ())
        for line in sorted(rng.randrange(6) for _ in range(120))
    ]

    def scanned(k: int) -> tuple[int, int]:  # the words of the line of tokens[k], k aside
        small = caps = 0
        for at, token in enumerate(tokens):
            if at != k and token.line == tokens[k].line:
                small, caps = _count_case(token, small, caps)
        return small, caps

    cases = _LineCases(tokens)
    assert [cases(k) for k in range(len(tokens))] == [scanned(k) for k in range(len(tokens))]
    for k in range(0, len(tokens), 3):  # words read as numbers count no more
        cases.drop(k)
        tokens[k].kind = "fixed"
    assert [cases(k) for k in range(len(tokens))] == [scanned(k) for k in range(len(tokens))]
