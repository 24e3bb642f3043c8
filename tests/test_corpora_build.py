"""The pieces of the corpora build, on small inputs (no ../shared needed)."""

from __future__ import annotations

import shutil
from collections import Counter

import numpy as np
import pytest

from corpora import CORPORA_DIR, GENERAL_HELD_OUT_EVERY, GENERAL_TEXTS, lm
from corpora.build import confusions, estimate, garble, lexicon, slips
from corpora.build.main import NgramCounts, Vocabulary, id_stream, sentences
from corpora.build.sources import general_articles, markdown_to_text

needs_hunspell = pytest.mark.skipif(
    not lexicon.HUNSPELL.exists(), reason="hunspell-vi is not installed"
)


@needs_hunspell
@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("các", True),
        ("nghiêng", True),
        ("khuỷu", True),
        ("thuở", True),
        ("giữa", True),
        ("quốc", True),
        ("cac", False),  # a final stop needs sắc or nặng
        ("càc", False),
        ("ka", False),  # k only before e, ê, i, y
        ("ii", False),
        ("bṍ", False),  # not a Vietnamese letter
        ("ubnd", False),
    ],
)
def test_valid_syllable(word: str, valid: bool) -> None:
    assert lexicon.valid_syllable(word) is valid


def test_name_syllables_may_be_minority_language() -> None:
    assert lexicon.name_syllable("krông")
    assert not lexicon.name_syllable("b")


def test_sentences_break_at_punctuation_and_lines() -> None:
    text = "Ủy ban nhân dân (UBND) huyện; năm 2023.\nKế hoạch số 15/2023"
    assert list(sentences(text)) == [
        ["Ủy", "ban", "nhân", "dân"],
        ["UBND"],
        ["huyện"],
        ["năm", "2023"],
        ["Kế", "hoạch", "số", "15/2023"],
    ]


def test_sentences_keep_commas_as_tokens_inside() -> None:
    # a comma is context the model reads ("xã, phường"); never first, never twice in a row
    text = ", xã, phường,, thị trấn 1,5 ha. Hết"
    assert list(sentences(text)) == [
        ["xã", ",", "phường", ",", "thị", "trấn", "1,5", "ha"],
        ["Hết"],
    ]


def test_id_stream_pads_sentences() -> None:
    vocab = Vocabulary(["hòa", "năm"])
    ids = id_stream(["Hoà năm 2023 xyz."], vocab).tolist()
    hoa, nam = vocab.ids["hòa"], vocab.ids["năm"]
    assert ids == [lm.BOS, lm.BOS, lm.BOS, hoa, nam, lm.NUM, lm.UNK, lm.EOS]
    assert id_stream(["Hoà."], vocab, order=3).tolist() == [lm.BOS, lm.BOS, hoa, lm.EOS]


def _toy_model(continuation: bool) -> tuple[lm.LanguageModel, Vocabulary]:
    vocab = Vocabulary(["a", "b", "c", "d"])
    counts = NgramCounts()
    text = "a b c. a b d. b c a. a b c. c d. d a b."
    counts.add(id_stream([text], vocab))
    return estimate.estimate(counts, len(vocab.words), continuation=continuation), vocab


@pytest.mark.parametrize("continuation", [False, True])
def test_estimate_gives_distributions(continuation: bool) -> None:
    model, vocab = _toy_model(continuation)
    uni = np.exp(model.unigram_logp.astype(np.float64))
    assert abs(uni.sum() - 1) < 1e-3
    a = vocab.ids["a"]
    lo, hi = model.bigram_offsets[a], model.bigram_offsets[a + 1]
    levels = model.bigram_levels[model.bigram_q[lo:hi]]
    seen = np.exp(levels.astype(np.float64)).sum()
    assert 0.5 < seen <= 1.05  # the rest is the back-off mass
    assert model.order == 4
    for order in model.higher:
        assert order.contexts.size and np.all(np.diff(order.contexts) > 0)


def test_quantise_keeps_values_close() -> None:
    values = np.random.default_rng(0).normal(-6, 3, 10_000)
    levels, q = lm.quantise(values)
    assert len(levels) == 256
    assert np.abs(levels[q] - values).max() < 0.5


def test_markdown_to_text_keeps_words_only() -> None:
    md = "# Điều 1. Phạm vi\n> **Nguồn**: x\n| Quyết định | QĐ |\n| --- | --- |\nXem [Phụ lục](a.md) ....."
    assert markdown_to_text(md).split("\n") == [
        "Điều 1. Phạm vi",
        "Quyết định",
        "QĐ",
        "Xem Phụ lục",
    ]


def test_everyday_text_splits_into_training_and_held_out_articles() -> None:
    text = (CORPORA_DIR / GENERAL_TEXTS).read_text(encoding="utf-8")
    articles = [block.split("\n") for block in text.strip().split("\n\n")]
    held_out, training = general_articles(held_out=True), general_articles(held_out=False)
    assert len(held_out) + len(training) == len(articles)
    assert held_out == articles[::GENERAL_HELD_OUT_EVERY]
    assert not any(article in training for article in held_out)
    assert all(line.strip() for article in articles for line in article)


def test_align_lines_drops_lines_the_ocr_lost() -> None:
    source = ["Kế hoạch tổ chức", "Hội nghị công bố", "Chỉ số cải cách"]
    read = ["Ké hoach t6 chirc", "Chi s6 cai cach"]
    assert garble.align_lines(source, read) == [(source[0], read[0]), (source[2], read[1])]


def test_word_pairs_align_syllables_with_what_was_read() -> None:
    pairs = confusions.word_pairs("Những nhiệm vụ, đã làm tốt", "Nhitng nhiém vu, da lam tét")
    assert pairs == [
        ("những", "nhitng"),
        ("nhiệm", "nhiém"),
        ("vụ", "vu"),
        ("đã", "da"),
        ("làm", "lam"),
        ("tốt", "tét"),
    ]


def test_learn_letters_finds_the_confusions() -> None:
    pairs = Counter({("tổ", "t6"): 20, ("số", "s6"): 20, ("những", "nhitng"): 10, ("có", "co"): 30})
    edits = confusions.learn_letters(pairs)
    assert edits[("ổ", "6")] == 20 and edits[("ố", "6")] == 20
    assert edits[("ữ", "it")] == 10
    assert edits[("ó", "o")] == 30


def test_letters_table_written_again_keeps_its_learned_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    edits = Counter({("â", "a"): 900, ("â", "d"): 100, ("ư", "u"): 50, ("đ", "d"): 400})
    confusions.write_letters(edits, tmp_path)
    assert confusions.learned_letters(tmp_path) == edits
    rows = (tmp_path / confusions.CHARS_FILE).read_text(encoding="utf-8").splitlines()
    assert "â\ti\t10\tdescribed" in rows  # 1% of the letter's learned readings
    assert "đ\tp\t8\tdescribed" in rows
    first = (tmp_path / confusions.CHARS_FILE).read_bytes()
    confusions.write_letters(confusions.learned_letters(tmp_path), tmp_path)
    assert (tmp_path / confusions.CHARS_FILE).read_bytes() == first


@pytest.mark.tesseract
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_garble_reads_a_rendered_page_without_vietnamese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = ["Kế hoạch tổ chức Hội nghị công bố", "chỉ số cải cách hành chính năm 2023"]
    pairs = garble.garble_lines(lines, garble.Style(), cache=tmp_path)
    assert [src for src, _ in pairs] == lines
    read = " ".join(got for _, got in pairs)
    assert "hoach" in read.lower() and "2023" in read
    assert garble.garble_lines(lines, garble.Style(), cache=tmp_path) == pairs  # cached


@pytest.mark.tesseract
@pytest.mark.slow
@pytest.mark.parametrize("lang", confusions.OTHER_MODELS)
def test_garble_of_other_latin_models_is_restored(tmp_path, lang: str) -> None:  # type: ignore[no-untyped-def]
    # models of other Latin-script languages that old engines read Vietnamese with: the
    # restorer's channel learned their readings too
    import pytesseract
    from rapidfuzz.distance import Levenshtein

    from diacritics import restore

    if lang not in pytesseract.get_languages():
        pytest.skip(f"tesseract-ocr-{lang} is not installed")
    lines = [
        "Ủy ban nhân dân xã tổ chức hội nghị tổng kết công tác năm 2024",
        "Các phòng, ban chuyên môn của huyện có trách nhiệm thực hiện",
        "kế hoạch này và báo cáo kết quả về Văn phòng trước ngày 15 tháng 12.",
        "Giao Phòng Tài chính - Kế hoạch bố trí kinh phí để thực hiện các nội dung trên.",
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời phản ánh.",
    ]
    pairs = garble.garble_lines(lines, garble.Style(), cache=tmp_path, lang=lang)
    source = "\n".join(src for src, _ in pairs)
    read = "\n".join(got for _, got in pairs)
    assert len(pairs) == 5 and Levenshtein.normalized_distance(source, read) > 0.1
    assert Levenshtein.normalized_distance(source, restore(read).text) < 0.02


def test_syllable_pairs_align_what_good_ocr_read() -> None:
    pairs = slips.syllable_pairs("Ủy ban nhân dân (UBND) huyện", "Ủy ban nhần dân (UBND huyện")
    assert pairs == [
        ("ủy", "ủy"),
        ("ban", "ban"),
        ("nhần", "nhân"),
        ("dân", "dân"),
        ("ubnd", "ubnd"),
        ("huyện", "huyện"),
    ]


@needs_hunspell
def test_count_slips_counts_slips_between_syllables(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = [("Ủy ban nhân dân", "Ủy ban nhần dân")] * 3 + [("nhân dân", "nhân dần")]
    counts = slips.count_slips(lines + [("UBND xã", "UBNĐ xã")])
    assert counts.slips == Counter({("nhần", "nhân"): 3, ("dần", "dân"): 1})
    assert counts.reads["nhần"] == 3 and counts.truths["nhân"] == 4
    assert counts.letters == Counter({("ầ", "â"): 4}) and counts.letter_truths["â"] == 8
    assert slips.write_slips(counts, tmp_path, min_count=2) == (1, 1)
    rows = (tmp_path / slips.SLIPS_FILE).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("# ") and rows[1:] == ["nhần\tnhân\t3\t3\t4"]
    rows = (tmp_path / slips.LETTERS_FILE).read_text(encoding="utf-8").splitlines()
    assert rows[1:] == ["ầ\tâ\t4\t8"]


@pytest.mark.parametrize(
    ("read", "truth", "letters"),
    [("nhần", "nhân", [("ầ", "â")]), ("thế", "thể", [("ế", "ể")]), ("tống", "tổng", [("ố", "ổ")]),
     ("nhân", "nhân", []), ("chỉnh", "chính", [("ỉ", "í")]), ("ban", "bàn", [("a", "à")]),
     ("quyên", "quyền", [("ê", "ề")]), ("đữ", "dư", [])],
)  # fmt: skip
def test_letter_slips_are_one_letter_changed(read: str, truth: str, letters: list) -> None:
    assert slips.letter_slips(read, truth) == letters


@pytest.mark.tesseract
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_garble_reads_a_rendered_page_with_vietnamese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = ["Kế hoạch tổ chức Hội nghị công bố", "chỉ số cải cách hành chính năm 2023"]
    pairs = garble.garble_lines(lines, garble.Style(), cache=tmp_path, lang="vie")
    assert "hoạch" in " ".join(got for _, got in pairs)
    eng = garble.garble_lines(lines, garble.Style(), cache=tmp_path)
    assert len(list(tmp_path.iterdir())) == 2  # cached by language too
    assert eng != pairs


def _logp(model: lm.LanguageModel, *words: int) -> float:
    """log P(last word | the others) by the stored arrays, backing off as the restorer does."""
    *history, w = words
    backoff = 0.0
    for n in range(len(history) + 1, 2, -1):
        order = model.higher[n - 3]
        key = int(lm.pack(*(np.array([h]) for h in history[len(history) - n + 1 :]))[0])
        i = int(order.contexts.searchsorted(key))
        if i < len(order.contexts) and order.contexts[i] == key:
            lo, hi = order.offsets[i], order.offsets[i + 1]
            j = lo + int(np.searchsorted(order.words[lo:hi], w))
            if j < hi and order.words[j] == w:
                return backoff + float(order.levels[order.q[j]])
            backoff += float(order.backoff_levels[order.backoff_q[i]])
    b = history[-1]
    lo, hi = model.bigram_offsets[b], model.bigram_offsets[b + 1]
    j = lo + int(np.searchsorted(model.bigram_words[lo:hi], w))
    if j < hi and model.bigram_words[j] == w:
        return backoff + float(model.bigram_levels[model.bigram_q[j]])
    return backoff + float(model.unigram_backoff[b] + model.unigram_logp[w])


@pytest.mark.parametrize("min_count", [1, 2])
def test_four_gram_estimates_sum_to_one_in_every_context(min_count: int) -> None:
    """Also where 4-grams seen once are pruned: their mass goes to the back-off."""
    vocab = Vocabulary(["a", "b", "c", "d"])
    counts = NgramCounts(4)
    counts.add(id_stream(["a b c d. a b c a. b c d a b. a b d. c a b c d. d d a."], vocab))
    model = estimate.estimate(counts, len(vocab.words), min_count=min_count)
    assert len(model.higher) == 2 and len(model.higher[1].words) > 0
    a, b, c, d = (vocab.ids[x] for x in "abcd")
    for history in [(a,), (a, b), (a, b, c), (b, c, d), (lm.BOS, lm.BOS, a), (c, c, c)]:
        total = sum(np.exp(_logp(model, *history, w)) for w in range(1, len(vocab.words)))
        assert abs(total - 1) < 0.02, history
    # the stored 4-gram wins over its back-off: "a b c" went on with "d" twice, "a" once
    assert _logp(model, a, b, c, vocab.ids["d"]) > _logp(model, a, b, c, a)


def test_pruning_singletons_of_the_highest_order_keeps_the_rest() -> None:
    vocab = Vocabulary(["a", "b", "c", "d"])
    counts = NgramCounts(4)
    counts.add(id_stream(["a b c d. a b c d. b c a d."], vocab))
    full = estimate.estimate(counts, len(vocab.words), min_count=1)
    pruned = estimate.estimate(counts, len(vocab.words), min_count=2)
    assert len(pruned.higher[1].words) < len(full.higher[1].words)
    assert len(pruned.higher[0].words) == len(full.higher[0].words)


def test_three_discounts_grow_with_the_count() -> None:
    counts = np.array([1.0] * 500 + [2.0] * 200 + [3.0] * 90 + [4.0] * 50 + [9.0] * 40)
    d1, d2, d3 = estimate.discounts(counts)
    assert 0 < d1 < d2 < d3 < 3
