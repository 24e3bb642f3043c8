"""Restore Vietnamese diacritics and OCR garble, line for line.

The text is read as one of three kinds (``text_mode``): clean Vietnamese, stripped of all
diacritics, or garbled by an OCR engine without Vietnamese. It is cut into tokens: words,
numbers, and chunks left alone (URLs, e-mail addresses, dates, document symbols,
abbreviations). Words between sentence breaks form a segment; each word gets candidates
(``diacritics.candidates``) and the decoder (``diacritics.decode``) picks the likeliest
sequence under the syllable language model. Every token's decision is reported.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from core.errors import WarningCode
from core.options import RestoreOptions
from core.record import Notice, Restoration, TokenDecision
from diacritics import codes
from diacritics.candidates import Candidates, candidates, clear_cache
from diacritics.decode import Memo, decode
from diacritics.model import NUM, UNK, Model, load_model
from diacritics.names import place_spans, prefer_place_names
from diacritics.normalize import (
    VOWELS,
    ToneStyle,
    apply_case,
    case_pattern,
    has_marks,
    nfc,
    normalize_tone,
    skeleton,
)
from diacritics.persons import prefer_person_names

_CHUNK = re.compile(r"\S+")
_GARBLE_SYMBOLS = "@&¢€¥£§"
_WORD = {
    "garbled": re.compile(
        rf"(?:[^\W_]|[{_GARBLE_SYMBOLS}])+(?:['’?](?:[^\W_]|[{_GARBLE_SYMBOLS}])+)*"
    ),
    "clean": re.compile(r"[^\W_]+"),
    "stripped": re.compile(r"[^\W_]+"),
}
_BREAK = re.compile(r"[.!?;:()\[\]{}\"“”…]")
_LIST_MARKER = re.compile(r"^\s*(?:[-+•*–—]|\d+[.)]|[a-zđ][)]|[IVXLC]+\.)(?=\s|$)")
_WORDS = re.compile(r"[^\W\d_]+")
SHORT_TEXT = 30  # words
UNREADABLE_COST = 12.0  # a garbled word whose best reading costs more is left as it was ...
UNREADABLE_PER_CHAR = 2.0  # ... plus this for each letter over four (long words cost more)
CLEAN_CHANGE = 0.5  # good text: a word is changed only with at least this confidence


@dataclass(slots=True)
class _Token:
    line: int
    start: int
    end: int
    text: str
    kind: str  # word | fixed | code
    slot: Candidates
    choice: int = 0
    confidence: float = 1.0


def restore(text: str, *, options: RestoreOptions | None = None) -> Restoration:
    """Restore Vietnamese diacritics in ``text``, keeping every line where it was."""
    options = options or RestoreOptions()
    model = load_model()
    lines = nfc(text).split("\n")
    mode = text_mode(lines, model)
    segments = _segments(lines, mode, slips=options.ocr_slips)
    if mode != "clean":
        for segment in segments:
            words = [t.text if t.kind == "word" else "" for t in segment]
            slots = prefer_place_names(words, [t.slot for t in segment], model)
            places = {s + k for s, spelled in place_spans(words) for k in range(len(spelled))}
            slots = prefer_person_names(words, slots, model, skip=places)
            for token, slot in zip(segment, slots, strict=True):
                token.slot = slot
    memo = Memo()  # what the decoder works out once for the whole text
    for segment in segments:
        for token, (choice, confidence) in zip(
            segment, decode([t.slot for t in segment], model, memo=memo), strict=True
        ):
            token.choice, token.confidence = choice, confidence
    decisions = [_decide(t, model, mode, options) for segment in segments for t in segment]
    read_as = Notice(WarningCode.TEXT_READ_AS, f"restoration: text read as {mode}")
    warnings = (read_as,) if mode != "clean" else ()
    return Restoration(_rewrite(lines, decisions), tuple(decisions), warnings)


def _rewrite(lines: list[str], decisions: list[TokenDecision]) -> str:
    """``lines`` with each token replaced by its restored form (decisions in text order)."""
    out = list(lines)
    pieces: list[str] = []
    line, at = -1, 0
    for d in decisions:
        if d.restored == d.original:
            continue
        if d.line != line:
            if line >= 0:
                out[line] = "".join(pieces) + lines[line][at:]
            line, at, pieces = d.line, 0, []
        pieces += (lines[line][at : d.start], d.restored)
        at = d.end
    if line >= 0:
        out[line] = "".join(pieces) + lines[line][at:]
    return "\n".join(out)


def clear_caches() -> None:
    """Forget what was computed for earlier texts (candidates per token, language-model
    contexts, codes, spellings); only benchmarks need this, to measure from a cold start."""
    clear_cache()
    load_model().clear_cache()
    codes.is_protected.cache_clear()
    codes.is_abbreviation.cache_clear()
    _spell.cache_clear()


def text_mode(lines: list[str], model: Model) -> str:
    """'clean' (good Vietnamese), 'stripped' (no diacritics) or 'garbled' (OCR garble).

    Garble shows as letters mixed with digits or symbols ("t6", "x4", "d¢"), as words without
    marks that no syllable is spelled like ("chirc", "nhitng": in a short text one is enough,
    in a long one, where foreign words are common, they must be many; capitalised ones count
    half, they may be names), or as marked words the lexicon does not know ("trén"). Text
    with some words typed with their marks and many more without them ("Số: 12" above "ngay
    10 thang 3 nam 2022") is stripped text, not clean."""
    chunks = [c for line in lines for c in line.split()]
    chunks = [c for c in chunks if c.isalpha() or not codes.is_protected(c)]
    mixed = sum(1 for c in chunks if not c.isalpha() and _is_mixed(c.strip(".,;:!?()\"'")))
    words = [w for c in chunks for w in _WORDS.findall(c) if not codes.is_abbreviation(w)]
    marked = [w.lower() for w in words if not w.isascii() and has_marks(w)]
    if mixed and mixed >= 0.01 * len(chunks):
        return "garbled"
    known = sum(1 for w in marked if model.is_known(normalize_tone(w)))
    few = len(marked) < 0.15 * len(words)
    if len(marked) <= 0.02 * len(words) or (
        known == len(marked) and (few or _stripped_share(words, model) >= 0.4)
    ):  # no marks, or a few right ones (stripped text with some lines typed in Vietnamese)
        odd = sum(0.5 if w[0].isupper() else 1.0 for w in words if _unspellable(w, model))
        short = len(words) < SHORT_TEXT  # foreign words are common in long texts
        return "garbled" if odd >= 1 and (short or odd >= 0.08 * len(words)) else "stripped"
    if known >= 0.9 * len(marked) and len(marked) >= 0.15 * len(words):
        return "clean"
    return "garbled"


def _stripped_share(words: list[str], model: Model) -> float:
    """Share of ``words`` written without marks where a marked syllable with the same letters
    is far likelier ("ngay" for "ngày", "thang" for "tháng"): high in stripped text, low in
    clean text, where such words are rare."""
    if not words:
        return 0.0
    unigram, count = model.unigram, 0
    for word in words:
        low = word.lower()
        spelled = model.by_skeleton.get(low) if low.isascii() else None
        if spelled:
            own = model.ids.get(low)
            count += own is None or unigram[spelled[0]] - unigram[own] > 1.0
    return count / len(words)


def _unspellable(word: str, model: Model) -> bool:
    """A word without marks that is no syllable's skeleton nor a known word."""
    low = word.lower()
    return len(low) > 1 and low.isascii() and low not in model.by_skeleton and low not in model.ids


def _is_mixed(chunk: str) -> bool:
    """Letters and digits or garble symbols in one word: "t6", "x4", "d¢"."""
    letters = any(c.isalpha() for c in chunk)
    others = any(c.isdigit() or c in _GARBLE_SYMBOLS for c in chunk)
    return letters and others and not chunk.isupper()


def _segments(lines: list[str], mode: str, *, slips: bool = False) -> list[list[_Token]]:
    """Tokens grouped into segments between sentence breaks (lines continue a sentence, but
    blank lines, list items and lines after one ending in a code start a new one)."""
    segments: list[list[_Token]] = [[]]
    word_re = _WORD[mode]
    for number, line in enumerate(lines):
        ends_in_code = bool(segments[-1]) and segments[-1][-1].kind == "code"
        if not line.strip() or _LIST_MARKER.match(line) or ends_in_code:
            segments.append([])  # a line ending in a code ("Số: 12/KH-UBND") ends a phrase
        for chunk in _CHUNK.finditer(line):
            text = chunk.group(0)
            if text.isalpha():  # a plain word, the common case
                start = chunk.start()
                segments[-1].append(
                    _word_token(text, number, start, text, len(text), mode, slips=slips)
                )
                continue
            token = _code_token(text, number, chunk.start())
            if token is not None:
                if _BREAK.search(text, 0, token.start - chunk.start()):
                    segments.append([])
                segments[-1].append(token)
                if _BREAK.search(text, token.end - chunk.start()):
                    segments.append([])
                continue
            at = 0
            for word in word_re.finditer(text):
                if word.start() > at and _BREAK.search(text, at, word.start()):
                    segments.append([])
                start = chunk.start() + word.start()
                segments[-1].append(
                    _word_token(word.group(0), number, start, text, word.end(), mode, slips=slips)
                )
                at = word.end()
            if at < len(text) and _BREAK.search(text, at):
                segments.append([])
    return [s for s in segments if s]


def _code_token(text: str, line: int, start: int) -> _Token | None:
    """A chunk left alone as a whole: URL, e-mail, date, number with separators, symbol."""
    core = text.strip(".,;:()[]\"'“”")
    if not core or core.isalnum() or not (codes.is_protected(core) or codes.is_code(core)):
        return None
    offset = text.index(core)
    slot = ((NUM if core[0].isdigit() else UNK, 0.0),)
    return _Token(line, start + offset, start + offset + len(core), core, "code", slot)


def _word_token(
    word: str, line: int, start: int, chunk: str, after: int, mode: str, *, slips: bool = False
) -> _Token:
    end = start + len(word)
    if word.isdigit() and mode != "garbled":
        return _Token(line, start, end, word, "fixed", ((NUM, 0.0),))
    if word.islower() or not _fixed(word, chunk[after:], mode):
        return _Token(line, start, end, word, "word", candidates(word, mode, slips=slips))
    own = load_model().ids.get(codes.repair_abbreviation(word).lower(), UNK)
    return _Token(line, start, end, word, "fixed", ((own, 0.0),))


def _fixed(word: str, after: str, mode: str) -> bool:
    """Roman numerals of headings, lone capital consonants ("B/c"), abbreviations. In garbled
    text, only known abbreviations: "HQI" in a heading in capitals is a garbled "HỘI"."""
    if len(word) == 1 and word.isalpha() and word.lower() not in VOWELS:
        return True
    if codes.is_roman_numeral(word, after, garbled=mode == "garbled"):
        return True
    if not codes.is_abbreviation(word):
        return False
    if mode != "garbled" or codes.is_known_abbreviation(word, load_model().ids):
        return True
    return not any(c.lower() in VOWELS or not c.isalpha() for c in word)  # "TM", "VT": no vowel


def _decide(token: _Token, model: Model, mode: str, options: RestoreOptions) -> TokenDecision:
    original = token.text
    status = "kept"
    restored = original
    confidence = token.confidence
    if token.kind != "word":
        restored = (
            codes.repair(original, garbled=mode == "garbled") if mode != "clean" else original
        )
        status, confidence = ("changed" if restored != original else "protected"), 1.0
    else:
        word_id, score = token.slot[token.choice]
        if word_id not in model.syllables:  # no syllable read for it: left as it was
            if not _foreign(original, word_id, mode):
                status = "unreadable"
        elif mode == "garbled" and -score > _unreadable_cost(original) and confidence < 0.9:
            status, confidence = "unreadable", 0.0
        elif mode == "clean" and confidence < CLEAN_CHANGE:
            pass  # an unknown word of good text: a name or a foreign word more likely than a slip
        else:
            restored = _spell(word_id, original, options.tone_style)
            status = "kept" if restored == original else "changed"
    return TokenDecision(
        token.line, token.start, token.end, original, restored, round(confidence, 4), status
    )


def _unreadable_cost(word: str) -> float:
    return UNREADABLE_COST + UNREADABLE_PER_CHAR * max(0, len(word) - 4)


@functools.lru_cache(maxsize=100_000)
def _spell(word_id: int, original: str, style: ToneStyle) -> str:
    """The syllable written in ``style``, in the letter case of the token it restores: letter
    by letter where only marks were added ("CaO" stays "CaO"), else by the token's pattern."""
    word = normalize_tone(load_model().words[word_id], style=style)
    if len(word) == len(original) and skeleton(word) == skeleton(original):
        return "".join(w.upper() if o.isupper() else w for w, o in zip(word, original, strict=True))
    return apply_case(word, case_pattern(original))


def _foreign(word: str, word_id: int, mode: str) -> bool:
    """Is a word no syllable could be read for a number, name or foreign word, rather than
    Vietnamese the restorer could not read?"""
    if word_id == NUM:
        return True
    if mode == "clean":
        return not has_marks(word)
    return word[:1].isupper() and word.isalpha() and not has_marks(word)
