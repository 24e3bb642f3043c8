"""Invariants of restoration, checked on generated text (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diacritics import restore
from diacritics.model import load_model
from diacritics.normalize import apply_case, normalize_text, strip_marks

_MODEL = load_model()
_SYLLABLES = sorted(_MODEL.words[i] for i in _MODEL.syllables if _MODEL.unigram[i] > -12)
_MARKED = [w for w in _SYLLABLES if strip_marks(w) != w]
_SKELETONS = sorted({strip_marks(w) for w in _SYLLABLES})
_SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", ": ", " - ", "; ", " ("])
_CASES = st.sampled_from(["lower", "lower", "lower", "title", "upper"])
_EXTRAS = st.sampled_from(["2023", "15/10/2022", "775/KH-UBND", "UBND", "1.234"])
_settings = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _text(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    token = st.one_of(st.tuples(words, _CASES).map(lambda wc: apply_case(*wc)), _EXTRAS)
    line = st.lists(st.tuples(token, _SEPARATORS), max_size=12).map(
        lambda parts: "".join(w + s for w, s in parts).rstrip()
    )
    return st.lists(line, min_size=1, max_size=5).map("\n".join)


@_settings
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_restore_never_changes_the_line_count(text: str) -> None:
    out = restore(text).text
    assert out.count("\n") == text.count("\n")


@_settings
@given(_text(st.sampled_from(_SKELETONS)))
def test_restoring_ascii_vietnamese_only_adds_marks(text: str) -> None:
    out = restore(text).text
    assert strip_marks(out) == strip_marks(text)


@_settings
@given(_text(st.sampled_from(_MARKED)))
def test_restoring_clean_vietnamese_is_the_identity(text: str) -> None:
    result = restore(text)
    assert result.text == normalize_text(text)
    assert not result.changes


@_settings
@given(_text(st.sampled_from(_SKELETONS)))
def test_every_decision_points_at_its_token(text: str) -> None:
    lines = text.split("\n")
    for token in restore(text).tokens:
        assert lines[token.line][token.start : token.end] == token.original
