"""The decoder's output is pinned: the restored text of three invented documents (one clean,
its marks stripped, and its letters garbled the way an English OCR engine reads Vietnamese),
captured before the decoder was made faster, must stay byte for byte the same. A faster
search that changes what is restored is a change of the model, not of speed.

Every line of the documents in tests/data/decode-check-*.txt is invented for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from diacritics import restore
from diacritics.candidates import candidates
from diacritics.decode import Memo, decode
from diacritics.model import load_model
from diacritics.restore import _Seen, _Token, clear_caches, text_mode

DATA = Path(__file__).parent / "data"
KINDS = ("clean", "stripped", "garbled")


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_check_documents_are_read_as_their_kind(kind: str) -> None:
    lines = _read(f"decode-check-{kind}.txt").split("\n")
    assert text_mode(lines, load_model()) == kind


@pytest.mark.parametrize("kind", KINDS)
def test_restored_text_is_unchanged(kind: str) -> None:
    got = restore(_read(f"decode-check-{kind}.txt")).text
    assert got == _read(f"decode-check-{kind}.restored.txt")


@pytest.mark.parametrize("kind", KINDS)
def test_cold_and_warm_caches_restore_alike(kind: str) -> None:
    text = _read(f"decode-check-{kind}.txt")
    clear_caches()
    cold = restore(text)
    warm = restore(text)
    assert cold.text == warm.text
    assert [t.confidence for t in cold.tokens] == [t.confidence for t in warm.tokens]


def test_memo_shared_across_segments_changes_nothing() -> None:
    model = load_model()
    ids = model.by_skeleton
    slots = [
        tuple((w, -0.5 * k) for k, w in enumerate(ids[s][:6]))
        for s in ["uy", "ban", "nhan", "dan", "huyen", "to", "chuc", "hoi", "nghi", "cac", "xa"]
    ]
    memo = Memo()
    first = decode(slots, model, memo=memo)
    again = decode(slots, model, memo=memo)
    fresh = decode(slots, model)
    assert first == again == fresh
    chosen = " ".join(model.words[slot[k][0]] for slot, (k, _) in zip(slots, first, strict=True))
    assert chosen == "ủy ban nhân dân huyện tổ chức hội nghị các xã"


def test_the_memo_finds_candidates_again_by_identity_and_by_content() -> None:
    model = load_model()
    ids = model.by_skeleton
    to, chuc = (tuple((w, -0.5 * k) for k, w in enumerate(ids[s][:6])) for s in ["to", "chuc"])
    copy = tuple(list(to))  # the same candidates, another tuple
    assert copy is not to
    slots = [to, chuc, to, copy]
    memo = Memo()
    got = decode(slots, model, memo=memo)
    assert got == decode(slots, model)
    assert len(memo.slots) == 2  # by content: "to" once
    assert len(memo.by_id) == 3  # by identity: each tuple once, the copy apart
    assert memo.by_id[id(copy)][1] is memo.by_id[id(to)][1]


def test_a_reading_the_channel_likes_less_survives_where_the_next_word_wants_it() -> None:
    """In "t6 trinh", "tờ" is a poorer reading of "t6" than "tổ", more than the beam's
    threshold behind after "tại"; the next word ("trình") makes it the better path, so the
    beam must still hold it when that word comes."""
    model = load_model()
    ids = model.ids
    channel = {"tổ": -1.2, "tô": -2.4, "tố": -2.2, "tờ": -7.0}
    t6 = tuple((ids[w], c) for w, c in channel.items())
    slots = [((ids["tại"], 0.0),), t6, ((ids["trình"], 0.0),), ((ids["số"], 0.0),)]
    chosen = [slot[k][0] for slot, (k, _) in zip(slots, decode(slots, model), strict=True)]
    assert model.words[chosen[1]] == "tờ"


def test_bonuses_lean_a_position_without_changing_the_rest() -> None:
    model = load_model()
    ids = model.by_skeleton
    slots = [tuple((w, 0.0) for w in ids[s][:6]) for s in ["nuoi", "ca", "trong", "ao"]]
    plain = decode(slots, model)
    assert decode(slots, model, bonuses=[None] * len(slots)) == plain
    fish = slots[1].index(next(c for c in slots[1] if model.words[c[0]] == "cá"))
    other = next(k for k in range(len(slots[1])) if k != fish)
    lean = tuple(5.0 if k == other else 0.0 for k in range(len(slots[1])))
    leaned = decode(slots, model, bonuses=[None, lean, None, None])
    assert leaned[1][0] == other and plain[1][0] != other


@pytest.mark.parametrize(
    ("written", "mode", "chosen", "other"),
    [
        ("ca", "stripped", "cá", "cả"),
        # "t6" is no syllable's letters: the choices among its candidates give its lean
        ("t6", "garbled", "tổ", "tố"),
    ],
)
def test_a_text_leans_to_the_spellings_it_used_with_confidence(
    written: str, mode: str, chosen: str, other: str
) -> None:
    model = load_model()
    slot = candidates(written, mode)
    token = _Token(0, 0, 2, written, "word", slot)
    seen = _Seen()
    assert seen.bonuses([token]) == [None]  # nothing seen yet
    for _ in range(6):
        seen.add(model.ids[chosen])
    (lean,) = seen.bonuses([token])
    assert lean is not None
    by_word = {model.words[c]: b for (c, _), b in zip(slot, lean, strict=True)}
    assert by_word[chosen] > 0 > by_word[other]
    name = _Token(0, 3, 5, written.capitalize(), "word", slot)
    assert seen.bonuses([token, name])[1] is None  # a name's spelling is its own ...
    assert seen.bonuses([name, token])[0] == lean  # ... but a sentence's first word leans


def test_a_word_written_as_a_name_leans_to_the_spelling_its_like_had_before() -> None:
    # "Chi so" within a sentence, as "Chỉ số" was read with confidence earlier in the text;
    # the names' spellings and the small words' are kept apart
    model = load_model()
    slot = candidates("chi", "stripped")
    word = _Token(0, 0, 3, "Cac", "word", candidates("cac", "stripped"))
    name = _Token(0, 4, 7, "Chi", "word", slot)
    small = _Token(0, 8, 11, "chi", "word", slot)
    seen = _Seen()
    for _ in range(6):
        seen.add(model.ids["chỉ"], named=True)
    _, lean, plain = seen.bonuses([word, name, small])
    assert lean is not None and plain is None  # only for the word written as a name
    by_word = {model.words[c]: b for (c, _), b in zip(slot, lean, strict=True)}
    assert by_word["chỉ"] > 0 > by_word["chí"]
    assert seen.bonuses([name])[0] is None  # a sentence's first word is the other kind's
    for _ in range(6):
        seen.add(model.ids["chí"])  # the small words' count leans them, not the name
    assert seen.bonuses([word, name])[1] == lean
    assert seen.bonuses([name])[0] is not None


def test_every_4gram_context_ends_in_a_trigram_context() -> None:
    # the decoder looks for a 4-gram context only where its last two words have trigrams
    import numpy as np

    from diacritics.model import BITS

    data = load_model().data
    trigram, fourgram = data.higher[0].contexts, data.higher[1].contexts
    suffix = fourgram & ((1 << (2 * BITS)) - 1)
    at = np.minimum(np.searchsorted(trigram, suffix), len(trigram) - 1)
    assert len(fourgram) and bool(np.all(trigram[at] == suffix))


def test_every_context_is_a_stored_ngram_of_its_words() -> None:
    # Model.context answers "not stored" from a cached shorter table when it lacks the
    # context's last word: right only if every context (but the padding's) is a stored n-gram
    import numpy as np

    from diacritics.model import BITS, BOS

    data = load_model().data
    trigram, fourgram = data.higher
    sizes = np.diff(data.bigram_offsets.astype(np.int64))
    bigrams = (np.repeat(np.arange(len(sizes)), sizes) << BITS) | data.bigram_words
    sizes = np.diff(trigram.offsets.astype(np.int64))
    trigrams = (np.repeat(trigram.contexts, sizes) << BITS) | trigram.words
    for contexts, stored in ((trigram.contexts, bigrams), (fourgram.contexts, trigrams)):
        own = contexts[(contexts & ((1 << BITS) - 1)) != BOS]
        at = np.minimum(np.searchsorted(stored, own), len(stored) - 1)
        assert len(own) and bool(np.all(stored[at] == own))


def _common_contexts() -> tuple[list[int], list[int]]:
    """Contexts of 2 and 3 common words, stored and not (the decoder asks for both)."""
    import random

    from diacritics.model import BITS

    model = load_model()
    common = [model.ids[w] for w in ["của", "các", "ủy", "ban", "nhân", "dân", "xã", "huyện"]]
    rng = random.Random(7)
    keys3 = [(rng.choice(common) << BITS) | rng.choice(common) for _ in range(300)]
    keys4 = [(k << BITS) | rng.choice(common) for k in keys3]
    return keys3, keys4


def test_contexts_ruled_out_by_their_shorter_ngram_are_those_the_arrays_lack() -> None:
    model = load_model()
    keys3, keys4 = _common_contexts()
    model.clear_cache()
    got = [model.context(3, k) for k in keys3] + [model.context(4, k) for k in keys4]
    want = []
    for n, keys in ((3, keys3), (4, keys4)):
        rows, levels = model.rows[n - 2], model.backoff_levels[n - 3]
        for key in keys:  # every context searched for, none ruled out beforehand
            i = rows.find(key)
            want.append(None if i < 0 else (levels[rows.backoff(i)], i))
    assert got == want
    assert any(c is None for c in got) and any(c is not None for c in got)


def test_the_contexts_kept_are_bounded_and_answer_alike_after_a_clearing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import diacritics.model

    model = load_model()
    keys3, keys4 = _common_contexts()
    model.clear_cache()
    unbounded = [model.context(4, k) for k in keys4]
    model.clear_cache()
    monkeypatch.setattr(diacritics.model, "CONTEXT_LIMIT", 20)
    bounded = [model.context(4, k) for k in keys4]
    assert all(len(cache) <= 20 for cache in model.caches)
    assert bounded == unbounded
    model.clear_cache()


def test_stored_ngrams_are_found_and_read_as_their_arrays_hold_them() -> None:
    import random

    model = load_model()
    rng = random.Random(5)
    vocabulary = len(model.words)
    orders = [
        (
            model.rows[n - 2],
            o.contexts.tolist(),
            o.offsets,
            o.words,
            o.q,
            o.levels,
            model.levels[n - 3],
        )
        for n, o in enumerate(model.data.higher, start=3)
    ]
    for rows, contexts, offsets, words, q, levels, shared in orders:
        picked = [0, len(contexts) - 1, *rng.sample(range(len(contexts)), 200)]
        for i in picked:
            assert rows.find(contexts[i]) == i
            lo, hi = int(offsets[i]), int(offsets[i + 1])
            stored = dict(zip(words[lo:hi].tolist(), q[lo:hi].tolist(), strict=True))
            asked = [*stored, *rng.sample(range(vocabulary), 20)]
            assert [rows.get(i, w) for w in asked] == [stored.get(w, -1) for w in asked]
            scores = rows.scores(i, asked, shared)
            assert scores == [None if w not in stored else float(levels[stored[w]]) for w in asked]
            chans = [rng.uniform(-5, 0) for _ in asked]
            backed = tuple(rng.uniform(-20, -5) for _ in asked)
            row = rows.row(i, asked, chans, shared, backed, -1.5)
            assert row == tuple(
                b - 1.5 if s is None else c + s
                for s, c, b in zip(scores, chans, backed, strict=True)
            )
            if i + 1 < len(contexts) and contexts[i + 1] != contexts[i] + 1:
                assert rows.find(contexts[i] + 1) == -1  # between two stored contexts
        assert rows.find(contexts[0] - 1) == -1 and rows.find(contexts[-1] + 1) == -1
    bigrams, d = model.rows[0], model.data
    for a in [0, *rng.sample(range(len(d.bigram_offsets) - 1), 100)]:
        lo, hi = int(d.bigram_offsets[a]), int(d.bigram_offsets[a + 1])
        stored = dict(zip(d.bigram_words[lo:hi].tolist(), d.bigram_q[lo:hi].tolist(), strict=True))
        asked = [*stored, *rng.sample(range(vocabulary), 20)]
        assert [bigrams.get(a, w) for w in asked] == [stored.get(w, -1) for w in asked]
        want = [None if w not in stored else float(d.bigram_levels[stored[w]]) for w in asked]
        assert model.bigrams(a, asked) == want
        assert [model.bigram(a, w) for w in asked] == want


def test_the_decoders_packed_history_scores_as_the_model_does() -> None:
    import random

    from diacritics.decode import _logp
    from diacritics.model import BITS, BOS, EOS
    from tests.test_corpora_build import _logp as stored_logp  # by the arrays, apart

    model = load_model()
    words = [
        "ủy",
        "ban",
        "nhân",
        "dân",
        "xã",
        "huyện",
        "tổ",
        "chức",
        "thực",
        "hiện",
        "kế",
        "hoạch",
        "của",
        "các",
        "năm",
    ]
    pool = [BOS, EOS, *(model.ids[w] for w in words)]
    rng = random.Random(3)
    cases = [[rng.choice(pool) for _ in range(4)] for _ in range(400)]
    scores = {_logp(model, a << (2 * BITS) | b << BITS | c, w) for a, b, c, w in cases}
    assert len(scores) > 50  # stored 4-grams, trigrams, bigrams and back-offs among them
    for a, b, c, w in cases:
        got = _logp(model, a << (2 * BITS) | b << BITS | c, w)
        assert got == model.logp(a, b, c, w)
        assert got == pytest.approx(stored_logp(model.data, a, b, c, w), abs=1e-5)


def test_a_sentences_first_word_and_a_name_within_it_are_weighed_by_their_topic() -> None:
    from diacritics.restore import _topic_bonuses

    slot = candidates("ca", "stripped")
    words = ["Ca", "hat", "va", "Ca", "nhac"]
    segment = [
        _Token(0, 3 * k, 3 * k + 2, w, "word", candidates(w, "stripped"))
        for k, w in enumerate(words)
    ]
    segment[0].slot = segment[3].slot = slot
    (got,) = _topic_bonuses([segment])
    assert got[0] is not None  # capitalised as a sentence opens
    assert got[3] is not None  # capitalised within it: a name, whose neighbours speak too


def test_two_words_of_the_lexicon_share_no_syllable_but_one_words_three_do() -> None:
    from diacritics.decode import _in_word, _word_bonus
    from diacritics.model import BITS

    model = load_model()

    def taken(*words: str) -> list[bool]:
        """Which words take the word bonus, read from the left as the decoder reads them."""
        ids = [0, 0, *(model.ids[w] for w in words)]
        out = []
        for k in range(2, len(ids)):
            history = ids[k - 2] << (2 * BITS) | ids[k - 1] << BITS
            hist3 = (ids[k - 3] if k >= 3 else 0) << (2 * BITS) | history >> BITS
            out.append(_word_bonus(model, history >> BITS, _in_word(model, hist3), ids[k]))
        return out

    assert taken("cự", "đại", "biểu") == [False, True, False]  # "đại" in one word, not two
    assert taken("cử", "đại", "biểu") == [False, False, True]
    assert taken("ủy", "ban", "nhân", "dân") == [False, True, True, True]
    # "cứu người" does not take it after "cấp cứu", so "người bị" may
    assert taken("cấp", "cứu", "người", "bị") == [False, True, False, True]
    # decoded: "cự đại" no longer wins by a second word bonus it shares a syllable with
    assert restore("cu dai bieu tham du hoi nghi").text == "cử đại biểu tham dự hội nghị"


def test_the_decoder_finds_the_best_path_where_the_word_bonus_looks_further_back() -> None:
    # two states ending in the same two words score their next word alike by the model but
    # not by the word bonus, which looks a word further back ("phân công cụ" leaves "cụ thể"
    # its bonus, "phần công cụ" does not): the decoder may pass over neither
    import itertools

    from diacritics.decode import HISTORY, PAIR, WORD_BONUS, _in_word, _logp, _word_bonus
    from diacritics.model import BITS, EOS

    model = load_model()

    def score(slots: list[tuple[tuple[int, float], ...]], picks: tuple[int, ...]) -> float:
        hist, total = 0, 0.0
        for slot, k in zip(slots, picks, strict=True):
            word, chan = slot[k]
            total += chan + _logp(model, hist, word)
            if _word_bonus(model, hist & PAIR, _in_word(model, hist), word):
                total += WORD_BONUS
            hist = ((hist << BITS) | word) & HISTORY
        return total + _logp(model, hist, EOS)

    def pair(a: str, b: str, lead: float = 0.0) -> tuple[tuple[int, float], ...]:
        return ((model.ids[a], lead), (model.ids[b], 0.0))

    texts = [
        # "phần" ahead at "cụ" by its channel score, "phân" ahead after "thể"
        [pair("phần", "phân", 0.6), pair("công", "cộng"), pair("cụ", "cũ"), pair("thể", "thế")],
        [pair("chữ", "chủ"), pair("đồng", "động"), pair("ý", "y"), pair("kiến", "kiện")],
        [pair("cự", "cử"), pair("đại", "dại"), pair("biểu", "biếu"), pair("tham", "thâm")],
        [pair("bí", "bị"), pair("mật", "mất"), pair("nhiều", "nhiễu"), pair("máu", "màu")],
    ]
    for slots in texts:
        chosen = tuple(k for k, _ in decode(list(slots), model))
        best = max(itertools.product(range(2), repeat=len(slots)), key=lambda p: score(slots, p))
        assert score(slots, chosen) == pytest.approx(score(slots, best))


def test_a_reading_the_channel_likes_less_is_not_lost_before_the_words_after_it() -> None:
    # "Ty" reads as "tự" and "từ" far better than as "tư": a beam of 16 states, filled by
    # garble's many candidates, lost "Sở Tư" before "pháp" could count
    text = (
        "Can ctr Nghi dinh s6 12/2014/ND-CP ngay 3 thang 4 nam 2014 cua Chinh phi;\n"
        "theo dé nghi cia SO Ty phap,"
    )
    assert restore(text).text.split("\n")[-1] == "theo đề nghị của Sở Tư pháp,"
