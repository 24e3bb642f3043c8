"""The loaders of corpora/: gazetteer, vocabulary, language model, abbreviations, confusions."""

from __future__ import annotations

import numpy as np
import pytest

from corpora import lm
from corpora.gazetteer import load_gazetteer, place_names
from diacritics.channel import load_channel
from diacritics.model import BOS, EOS, load_model


@pytest.mark.parametrize(
    ("name", "province", "unit_type", "era"),
    [
        ("Tam Đường", "Lai Châu", "huyện", "before-2025"),
        ("Phong Thổ", "Lai Châu", "huyện", "before-2025"),
        ("Tây Hòa", "Phú Yên", "huyện", "before-2025"),
        ("Sìn Hồ", "Lai Châu", "huyện", "before-2025"),
        ("Krông Pắc", "Đắk Lắk", "huyện", "before-2025"),
        ("Lai Châu", "", "tỉnh", "after-2025"),
    ],
)
def test_gazetteer_has_units_before_and_after_the_reform(
    name: str, province: str, unit_type: str, era: str
) -> None:
    units = [u for u in load_gazetteer() if u.name == name and u.era == era]
    assert any(u.province == province and u.unit_type == unit_type for u in units)


def test_gazetteer_units_are_complete_records() -> None:
    units = load_gazetteer()
    assert len(units) > 10_000
    assert {u.era for u in units} == {"before-2025", "after-2025"}
    assert {u.level for u in units} == {"province", "district", "commune"}
    assert all(u.name and u.unit_type for u in units)
    assert "Tam Đường" in place_names()
    commune = next(u for u in units if u.level == "commune" and u.era == "before-2025")
    assert commune.full_name == f"{commune.unit_type} {commune.name}"


def test_vocabulary_starts_with_the_special_tokens() -> None:
    vocab = lm.load_vocabulary()
    assert [e.word for e in vocab[:4]] == list(lm.SPECIALS)
    assert len(vocab) < lm.MAX_VOCAB
    words = [e.word for e in vocab]
    assert len(set(words)) == len(words)


def test_language_model_arrays_are_consistent() -> None:
    data = lm.load()
    v = len(data.unigram_logp)
    assert len(data.bigram_offsets) == v + 1
    assert data.bigram_offsets[-1] == len(data.bigram_words) == len(data.bigram_q)
    assert np.all(np.diff(data.bigram_offsets.astype(np.int64)) >= 0)
    assert data.order == lm.ORDER == 4
    for order in data.higher:
        assert np.all(np.diff(order.contexts) > 0)
        assert order.offsets[-1] == len(order.words) == len(order.q)
        assert len(order.backoff_q) == len(order.contexts) == len(order.offsets) - 1
    assert np.all(data.unigram_logp[1:] <= 0)


def test_language_model_prefers_real_phrases() -> None:
    model = load_model()

    def score(text: str) -> float:
        ids = [BOS, BOS, BOS] + [model.ids[w] for w in text.split()] + [EOS]
        return sum(model.logp(*ids[i - 3 : i + 1]) for i in range(3, len(ids)))

    assert score("cải cách hành chính") > score("cải cách hành chinh")
    assert score("ủy ban nhân dân huyện") > score("ủy bán nhân dân huyện")
    assert score("kế hoạch tổ chức hội nghị") > score("kế hoạch tổ chức hội nghĩ")


def test_language_model_probabilities_are_normalised_roughly() -> None:
    model = load_model()
    for context in [("ủy", "ban"), ("ủy", "ban", "nhân"), ("kế", "hoạch", "tổ"), ("của",)]:
        ids = [model.ids[w] for w in context]
        total = sum(np.exp(model.logp(*ids, w)) for w in range(len(model.words)))
        assert 0.8 < total < 1.2, context


def test_skeleton_index_lists_the_likeliest_first() -> None:
    model = load_model()
    ids = model.by_skeleton["cua"]
    assert model.words[ids[0]] == "của"
    assert {model.words[i] for i in ids} >= {"của", "cua", "cửa"}


def test_learned_confusions_cover_the_classic_readings() -> None:
    channel = load_channel()
    # an engine without Vietnamese reads ô as 6 or o, ư as u or w, đ as d
    assert channel.cost("ô", "6") < channel.cost("ô", "x")
    assert channel.cost("ư", "w") < channel.cost("ư", "k")
    assert channel.cost("đ", "d") < 1.0
    assert channel.cost("a", "a") < 0.2
    assert "những" in channel.words.get("nhitng", ()) or channel.cost("ữ", "it") < 8


def test_whole_words_read_unlike_their_letters_have_their_own_cost() -> None:
    channel = load_channel()
    # "thực" was seen read "thu" far more often than its letters (ự as u, c lost) explain
    assert channel.word_costs[("thu", "thực")] < channel.best_cost("thực", "thu") - 2
    assert all(cost > 0 for cost in channel.word_costs.values())
