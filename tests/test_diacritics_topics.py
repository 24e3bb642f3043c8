"""The words around a stripped word as evidence for its spellings: the table's build, its
file and the bonuses it gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from corpora import lm
from corpora.build.topics import build_topics
from corpora.topics import TOPICS_FILE, load, save
from diacritics.model import load_model
from diacritics.restore import restore
from diacritics.topics import Candidates, topic_bonuses

BLOOD = (
    "nguoi hien mau tinh nguyen duoc kiem tra suc khoe truoc khi lay mau benh vien can "
    "nhom mau O de cap cuu nguoi bi mat nhieu mau do tai nan"
)
PAINT = (
    "tuong nha son mau xanh nhat cua so son mau trang hoa si pha mau tren bang va ve tranh "
    "phong canh bang mau nuoc"
)


def candidates(letters: str) -> Candidates:
    model = load_model()
    return tuple((i, 0.0) for i in model.by_skeleton[letters])


def lean(text: str, letters: str) -> dict[str, float]:
    """The bonus of each spelling of ``letters`` at its first place in ``text``."""
    words = text.split()
    slots: list[Candidates | None] = [None] * len(words)
    at = words.index(letters)
    slots[at] = candidates(letters)
    bonus = topic_bonuses(words, slots)[at]
    assert bonus is not None
    names = load_model().words
    return {names[c]: b for (c, _), b in zip(slots[at] or (), bonus, strict=True)}


def test_the_words_around_speak_for_the_spelling_of_their_topic() -> None:
    blood, paint = lean(BLOOD, "mau"), lean(PAINT, "mau")
    assert blood["máu"] > blood["màu"]
    assert paint["màu"] > paint["máu"]


def test_a_word_alone_gets_no_lean_and_others_are_left_alone() -> None:
    alone = topic_bonuses(["mau"], [candidates("mau")])[0]
    assert alone is not None and set(alone) == {0.0}  # its own letters are no evidence
    words = ["Mau", "nuoc", None, "mau"]
    got = topic_bonuses(words, [None, candidates("nuoc"), None, None])
    assert got[0] is None and got[2] is None and got[3] is None
    assert got[1] is not None and len(got[1]) == len(candidates("nuoc"))


def test_restoring_a_stripped_text_follows_its_topic() -> None:
    assert "mất nhiều máu do tai nạn" in restore(BLOOD).text


def test_the_build_counts_what_is_near_each_spelling(tmp_path: Path) -> None:
    words = [*lm.SPECIALS, "muối", "muỗi", "biển", "sốt", "ruộng", "đốt", "và"]
    ids = {w: i for i, w in enumerate(words)}
    salt = ["muối", "biển", "và", "ruộng", "và"] * 5
    insect = ["muỗi", "sốt", "và", "đốt", "và"] * 5
    docs = [[ids[w] for w in salt], [ids[w] for w in insect]] * 3
    table = build_topics(docs, words, set(range(4, len(words))), window=3, stop=1, eps=0.01)
    assert "va" not in table.features  # the most frequent skeleton is no feature
    assert set(table.words) == {"muối", "muỗi"}  # only spellings that share their letters

    def value(word: str, feature: str) -> float:
        f, c = table.features.index(feature), table.words.index(word)
        lo, hi = int(table.offsets[f]), int(table.offsets[f + 1])
        hits = np.nonzero(table.rows[lo:hi] == c)[0]
        return float(table.levels[table.q[lo + hits[0]]]) if len(hits) else 0.0

    assert value("muối", "bien") > 0 > value("muỗi", "bien")
    assert value("muỗi", "sot") > 0 > value("muối", "sot")
    save(table, tmp_path / TOPICS_FILE)
    again = load(tmp_path / TOPICS_FILE)
    assert again.words == table.words and again.features == table.features
    assert again.window == 3 and np.array_equal(again.q, table.q)


def test_the_shipped_table_is_compact_and_sorted() -> None:
    table = load()
    assert table.values > 0 and table.window > 0
    assert len(table.offsets) == len(table.features) + 1
    for f in range(0, len(table.features), 97):  # rows ascend within each feature
        rows = table.rows[int(table.offsets[f]) : int(table.offsets[f + 1])]
        assert np.all(np.diff(rows.astype(np.int64)) > 0)
