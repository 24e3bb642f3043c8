"""Candidate syllables for one token, with channel log-scores, by kind of input text.

- "clean": good Vietnamese (OCR with Vietnamese, typed text). A known syllable is kept as it
  is, unless OCR with Vietnamese is known to slip into it: then the syllables it may have been
  are candidates too, scored by the slip channel (``diacritics.slips``). An unknown marked
  word gets its near neighbours in the lexicon and the syllables of its letters with other
  marks ("ửy": "ủy"), and may stay as it is.
- "stripped": no diacritics (but perhaps a few words typed with them, which are kept). Every
  syllable with the token's skeleton, equally likely.
- "garbled": read by an OCR engine without Vietnamese. Syllables the learned OCR channel
  (``diacritics.channel``) can read as the token, scored by it.

The first candidate of every list is the token's own reading when it is not restored: its id
if the model knows it, else ``UNK`` (``NUM`` for numbers).
"""

from __future__ import annotations

import functools
import math

import cython
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from diacritics.channel import Skeletons, load_channel
from diacritics.model import BITS, NUM, UNK, Model, load_model
from diacritics.normalize import has_marks, normalize_tone, skeleton
from diacritics.slips import load_slips

Candidates = tuple[tuple[int, float], ...]
MAX_CANDIDATES = 10
# garbled tokens have more readings that tie on the channel alone: a word read without its
# marks ("doi") spells some twenty syllables, and a rare one ("dõi" of "theo dõi") must stay
MAX_GARBLED = 20
GARBLED_MARGIN = 9.0  # a garbled token's candidates this much (log) behind the best are dropped
PRUNE = 7.0  # candidates this much less likely (log) than the best, before context, are dropped
CHANNEL_WEIGHT = 1.0
WORD_GAIN = 2.0  # log: a whole word's reading counts as seen only if that much likelier
SPECK_DROPPED = 1.0  # log cost of reading a word of garble without a "?" or apostrophe after it
# log cost of a "?" (or an apostrophe) between a word of garble and a capital being a question
# mark (a closing quote), not a piece of the word's last letter: in administrative text
# questions are rare, and "ư" with its tone is often read as a letter and a "?" ("thi? Hai")
QUESTION_COST = 4.0
KEEP_GARBLED = 12.0  # -log P of leaving a garbled token unrestored: this plus ...
KEEP_GARBLED_PER_CHAR = 1.5  # ... this per character (a token known as it is: KEEP_KNOWN)
KEEP_KNOWN = 2.0
KEEP_CLEAN_UNKNOWN = -7.0  # ... an unknown word of clean text
NEIGHBOUR_COST = 4.0  # per edit, for the neighbours of an unknown word in clean text
MARKS_IGNORED = -6.0  # stripped text with a few marks: a syllable that disagrees with them


def candidates(word: str, mode: str, *, slips: bool = False) -> Candidates:
    """Candidates for ``word`` (as written, NFC); best by channel and frequency first.
    ``slips``: clean text read by OCR, whose known slips are candidates too."""
    if mode == "garbled" and len(word) > 1 and word.isupper() and not has_marks(word):
        mode = "capitals"
    # (slips weigh in clean text only: elsewhere a token is looked up once, with or without)
    return _candidates(word.lower(), mode, slips and mode == "clean")


@functools.lru_cache(maxsize=200_000)
def _candidates(token: str, mode: str, slips: bool) -> Candidates:
    """Candidates of a token in lower case (cached: the same word in capitals or at the start
    of a sentence is looked up once). Its tone marks are placed the new way, but for garble's,
    which stand where the engine read them, as the channel learned them. (Every call passes
    all three arguments, so that each token has one entry in the cache.)"""
    model = load_model()
    if mode not in ("garbled", "capitals"):
        token = normalize_tone(token)
    own = NUM if token.isdigit() else model.ids.get(normalize_tone(token), UNK)
    if mode == "clean":
        return _clean(token, own, model, slips=slips)
    if mode == "stripped":
        return _stripped(token, own, model)
    if mode == "capitals":
        return _in_capitals(token, own, model)
    return _garbled(token, own, model)


def load() -> None:
    """Build the tables candidates are drawn from now, not for the first text."""
    word_syllables()
    _syllable_words()
    _skeleton_index()


def clear_cache() -> None:
    """Forget the candidates computed so far (they are cached per token and kind of text)."""
    _candidates.cache_clear()


def _clean(token: str, own: int, model: Model, *, slips: bool) -> Candidates:
    if own in model.syllables:
        return _slipped(token, own, model) if slips else ((own, 0.0),)
    if own == NUM or not has_marks(token):
        return ((own, 0.0),)  # a number, or a word without marks (names, foreign)
    scored = {own: KEEP_CLEAN_UNKNOWN}  # a marked word the lexicon does not know: a slip?
    for word, distance, _ in process.extract(
        token, _syllable_words(), scorer=Levenshtein.distance, score_cutoff=1, limit=20
    ):
        same = skeleton(word) == skeleton(token)
        scored[model.ids[word]] = -NEIGHBOUR_COST * distance * (0.5 if same else 1.0)
    # the syllables of its letters with other marks, whatever the neighbours above were: a
    # short word has dozens one letter away ("ửy": "ấy", "hy", "ly"), and the one it was
    # ("ủy") may not be among the first of them
    for i in model.by_skeleton.get(skeleton(token), ())[:MAX_CANDIDATES]:
        if i in model.syllables and i not in scored:
            distance = Levenshtein.distance(token, model.words[i])
            scored[i] = -NEIGHBOUR_COST * distance * 0.5
    return _best(scored, own, model)


def _slipped(token: str, own: int, model: Model) -> Candidates:
    """A syllable of clean text: itself, the syllables OCR was seen to read as it, and the
    likeliest others of its letters, as a slip never seen (``Slips.unseen``)."""
    slips = load_slips()
    readings = slips.readings(token)
    scored = {own: readings[0][1]}
    for word, score in readings[1:]:
        i = model.ids.get(word, UNK)
        if i in model.syllables and score > scored.get(i, -math.inf):
            scored[i] = score
    for i in model.by_skeleton.get(skeleton(token), ())[:MAX_CANDIDATES]:
        if i not in scored and i in model.syllables:
            scored[i] = slips.unseen
    if len(scored) == 1:
        return ((own, 0.0),)
    return tuple(scored.items())


def _stripped(token: str, own: int, model: Model) -> Candidates:
    ids = model.by_skeleton.get(skeleton(token), ())
    if not ids:
        return ((own, 0.0),)
    if not has_marks(token):
        floor = model.unigram[ids[0]] - PRUNE
        return tuple((i, 0.0) for i in ids[:MAX_CANDIDATES] if model.unigram[i] >= floor)
    if own in model.syllables:  # a syllable written with its marks: they were typed, keep them
        return ((own, 0.0),)
    scored = {i: 0.0 if model.words[i] == token else MARKS_IGNORED for i in ids}
    return _best(scored, None, model)


@functools.cache
def word_syllables() -> dict[tuple[str, str], tuple[tuple[int, int], ...]]:
    """Two skeletons -> the two syllables of each word of the lexicon they spell side by side
    ("tham do": thăm dò), where one of them is too rare to be among its skeleton's own
    candidates in stripped text ("dò" of "do", "đới" of "doi")."""
    model = load_model()
    words, word = model.words, (1 << BITS) - 1
    kept: dict[str, frozenset[int]] = {}

    def among(i: int) -> bool:
        key = skeleton(words[i])
        got = kept.get(key)
        if got is None:
            got = kept[key] = frozenset(c for c, _ in _stripped(key, UNK, model))
        return i in got

    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for pair in sorted(model.word_pairs):
        a, b = pair >> BITS, pair & word
        if not (among(a) and among(b)):
            found.setdefault((skeleton(words[a]), skeleton(words[b])), []).append((a, b))
    return {k: tuple(v) for k, v in found.items()}


def add_word_syllables(slots: list[Candidates], words: list[str]) -> list[Candidates]:
    """``slots`` of stripped text with the rare syllables of the lexicon's words that
    neighbouring ``words`` (as written; "" for no word) spell added as candidates."""
    table = word_syllables()
    out = list(slots)
    for k in range(len(words) - 1):
        got = table.get((words[k].lower(), words[k + 1].lower()))
        if got is None:
            continue
        for a, b in got:
            for at, i in ((k, a), (k + 1, b)):
                if all(c != i for c, _ in out[at]):
                    out[at] = (*out[at], (i, 0.0))
    return out


@cython.locals(
    best=cython.double,
    least=cython.double,
    cost=cython.double,
    score=cython.double,
    k=cython.Py_ssize_t,
    ids=tuple,
    uni=list,
    words=tuple,
    by_skeleton=dict,
    costs=dict,
)
def _garbled(token: str, own: int, model: Model) -> Candidates:
    channel = load_channel()
    index = _skeleton_index()
    words, uni, by_skeleton = model.words, model.unigram, model.by_skeleton
    word_cost = channel.word_cost
    costs: dict[int, float] = {}
    best = -math.inf  # the best channel and unigram score so far, but the own reading's
    for key, segments, inserted, least in channel.readings(token, index):
        ids = by_skeleton[key]
        for k in range(min(len(ids), MAX_CANDIDATES * 2)):
            i = ids[k]
            score = uni[i]
            if score - CHANNEL_WEIGHT * least < best - GARBLED_MARGIN:
                break  # this one and the rarer ones after it would be dropped by ``_best``
            cost = word_cost(words[i], segments, inserted)
            if cost < costs.get(i, math.inf):
                costs[i] = cost
                if i != own:
                    best = max(best, score - CHANNEL_WEIGHT * cost)
    for word in channel.words.get(token, ()):
        seen = model.ids.get(word)
        if seen is not None:
            letters = costs.get(seen)
            if letters is None:
                letters = channel.best_cost(word, token)
            # a whole word seen read so far more often than its letters explain ("thực" as
            # "thu"): as often as it was
            whole = channel.word_costs.get((token, word), letters)
            costs[seen] = whole if whole < letters - WORD_GAIN else letters
    scored = {i: -CHANNEL_WEIGHT * c for i, c in costs.items()}
    if own == NUM:
        keep = 0.0
    elif own == UNK:
        keep = -(KEEP_GARBLED + KEEP_GARBLED_PER_CHAR * len(token))
    else:
        keep = -KEEP_KNOWN
    if own not in scored or scored[own] < keep:
        scored[own] = keep
    return _best(scored, own, model, limit=MAX_GARBLED, margin=GARBLED_MARGIN)


def _in_capitals(token: str, own: int, model: Model) -> Candidates:
    """A word of garble in capitals without marks: the engine drops a capital's marks far
    more often than a small letter's, which the channel mostly learned from ("ĐẾN" is read
    "DEN", where "đến" is read "dén"), so its marks tell nothing: the syllables its letters
    spell (as stripped text's, the rare ones left out) all read as well as the best of them,
    and the language model chooses; the channel's other readings stay as they are."""
    scored = dict(_candidates(token, "garbled", False))  # (as the word in small letters)
    spelled = [i for i, _ in _stripped(skeleton(token), own, model) if i != own]
    best = max((scored[i] for i in spelled if i in scored), default=None)
    if best is not None:
        for i in spelled:
            scored[i] = best
    return _best(scored, own, model, limit=MAX_GARBLED, margin=GARBLED_MARGIN)


def garbled_with_speck(word: str) -> Candidates:
    """Candidates of a word of garble ending in "?" or an apostrophe that is a piece of its
    last letter: its own readings, and those of the word without it (a speck the channel has
    not learned: "sv’" of "sử") at ``SPECK_DROPPED`` more."""
    model = load_model()
    token = word.lower()
    own = _candidates(token, "garbled", False)
    scored = dict(own)
    for i, score in _candidates(token[:-1], "garbled", False)[1:]:
        scored[i] = max(scored.get(i, -math.inf), score - SPECK_DROPPED)
    return _best(scored, own[0][0], model, limit=MAX_GARBLED, margin=GARBLED_MARGIN)


def garbled_or_question(word: str, letter: str = "") -> tuple[Candidates, frozenset[int]]:
    """Candidates of a word of garble with a "?" or an apostrophe after it and a capital after
    the space: the mark a piece of its last letter ("thi? Hai": "thứ Hai"), or a question
    mark or closing quote after the word ("... chưa? Các"). Its readings with the mark in it,
    and those of the word alone at ``QUESTION_COST`` more; and the candidates that keep the
    mark after the word. ``letter``: the letter the mark stands for, read as that letter
    ("THO! GIAN": "I" read as "!", "THỜI")."""
    model = load_model()
    token = word.lower()
    own = _candidates(token[:-1] + letter if letter else token, "garbled", False)
    scored = dict(own)
    asked = set()
    for i, score in _candidates(token[:-1], "garbled", False):
        if score - QUESTION_COST > scored.get(i, -math.inf):
            scored[i] = score - QUESTION_COST
            asked.add(i)
    found = _best(scored, own[0][0], model, limit=MAX_GARBLED, margin=GARBLED_MARGIN)
    return found, frozenset(i for i, _ in found if i in asked)


def _best(
    scored: dict[int, float],
    own: int | None,
    model: Model,
    *,
    limit: int = MAX_CANDIDATES,
    margin: float = float("inf"),
) -> Candidates:
    """The own reading first (if any), then the best others by channel score and frequency,
    none more than ``margin`` (log) behind the best of them."""
    uni = model.unigram
    total = {i: score + uni[i] for i, score in scored.items() if i != own}
    ranked = sorted(total, key=total.__getitem__, reverse=True)  # ties in their order
    head = [(own, scored[own])] if own is not None else []
    ranked = ranked[: limit - len(head)]
    if ranked:
        floor = total[ranked[0]] - margin
        ranked = [i for i in ranked if total[i] >= floor]
    return tuple(head + [(i, scored[i]) for i in ranked])


@functools.cache
def _syllable_words() -> list[str]:
    model = load_model()
    return [model.words[i] for i in sorted(model.syllables)]


@functools.cache
def _skeleton_index() -> Skeletons:
    return load_channel().index(frozenset(load_model().by_skeleton))
