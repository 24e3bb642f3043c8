"""Restore Vietnamese diacritics and OCR garble, line for line.

The text is read as one of three kinds (``text_mode``): clean Vietnamese, stripped of all
diacritics, or garbled by an OCR engine without Vietnamese. It is cut into tokens: words,
numbers, and chunks left alone (URLs, e-mail addresses, dates, document symbols,
abbreviations). Words between sentence breaks form a segment; each word gets candidates
(``diacritics.candidates``) and the decoder (``diacritics.decode``) picks the likeliest
sequence under the syllable language model. Every token's decision is reported.

Before decoding, what position and shape say is applied: header and closing labels and type
lines ("Số:", "Nơi nhận:", "KẾ HOẠCH") get their syllables (``diacritics.labels``); a
capitalised run after a unit type ("xã", "huyện") is matched against units of that type first
(``diacritics.names``); in garble, a lone digit between words may be a word ("6" for "ở"),
and the letter case of a word is taken from its neighbours where the garble's own misleads
("cua BO Lao dong": "Bộ"; "CHi": "CHỈ"). An abbreviation the training text defines is read
by the language model as the words it stands for ("HĐND tinh": "tỉnh" after "hội đồng nhân
dân"), and is itself left as it is. In stripped text, the segments are decoded in order and
each word leans towards the spellings the text has already chosen with confidence (a text on
fish says "cá" again), and a syllable too rare to be among its letters' candidates is one
beside the neighbour it makes a word of the lexicon with ("tham do": "thăm dò").
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import add

import cython

from core.errors import WarningCode
from core.options import RestoreOptions
from core.record import Notice, Restoration, TokenDecision
from diacritics import codes, names, persons
from diacritics.candidates import (
    Candidates,
    add_word_syllables,
    candidates,
    clear_cache,
    garbled_or_question,
    garbled_with_speck,
)
from diacritics.candidates import load as candidates_tables
from diacritics.decode import Memo, decode
from diacritics.labels import FILED_LABEL, NUMBER_LABEL, fixed_labels
from diacritics.model import BITS, NUM, UNK, Model, load_model
from diacritics.names import (
    place_spans,
    prefer_place_names,
    prefer_place_of_date,
    prefer_units_after_type,
    written_before_reform,
)
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
from diacritics.persons import person_runs, prefer_person_names
from diacritics.register import register_bonus, registers
from diacritics.slips import load_slips
from diacritics.topics import topic_bonuses, topics

_CHUNK = re.compile(r"\S+")
_GARBLE_SYMBOLS = "@&¢€¥£§"
_WORD = {
    "garbled": re.compile(
        rf"(?:[^\W_]|[{_GARBLE_SYMBOLS}])+(?:['’?](?:[^\W_]|[{_GARBLE_SYMBOLS}])+)*"
    ),
    "clean": re.compile(r"[^\W_]+"),
    "stripped": re.compile(r"[^\W_]+"),
}
_GLYPH_TAILS = ("?", "’", "'")
_INNER_QUESTION = re.compile(r"[^\W\d_]\?[^\W\d_]")  # "chi?c": a glyph read as "?"
# "mi’c", "thu'c": a glyph read as an apostrophe between small letters (a name's stays:
# "M'nông", "H'Mông")
_INNER_APOSTROPHE = re.compile(r"[^\W\d_]['’][^\W\d_]")
_OPENING_QUOTE = re.compile(r"(?:^|(?<=\s))['‘’](?=\w)")
_GOES_ON = (",", ";", ")")
_NEXT_WORD = re.compile(r" ([^\W_]+)")
_BREAK = re.compile(r"[.!?;:()\[\]{}\"“”…]")
_LIST_MARKER = re.compile(r"^\s*(?:[-+•*–—]|\d+[.)]|[a-zđ][)]|[IVXLC]+\.)(?=\s|$)")
_WORDS = re.compile(r"[^\W\d_]+")
SHORT_TEXT = 30  # words
MISREAD_COST = 8.0  # a word the garble channel reads as a syllable at most this far: garble
MISREAD_LETTERS = 9  # ... and no longer than this
JOINED_LETTERS = (4, 14)  # a word this long may be two syllables written together ...
JOINED_PART = 2  # ... each of at least this many letters ...
JOINED_CHANNEL = 8.0  # ... read with at most this channel cost ...
JOINED_SCORE = 9.0  # ... and the two a bigram of the model this likely (channel and log P),
JOINED_MARGIN = 12.0  # and this much likelier than the word's own best reading, if any
JOINED_BETWEEN = 3.0  # a pair this much less likely, where each end makes a word with its neighbour
NUMBER_LETTERS = 3  # a word and a number written together: the word this long at least ...
NUMBER_AFTER = -4.0  # ... and a number this likely after it (log P), or ...
NUMBER_BEFORE = -6.0  # ... it this likely after a number
ABBREVIATION_APART = 3  # capitals written together with a word: at least this many letters
JOINED_STRIPPED = 4.0  # stripped, in small letters: the pair this likely (log P), or a foreign word
UNREADABLE_COST = 12.0  # a garbled word whose best reading costs more is left as it was ...
UNREADABLE_PER_CHAR = 2.0  # ... plus this for each letter over four (long words cost more)
CLEAN_CHANGE = 0.5  # good text: a word is changed only with at least this confidence ...
# ... weighed by the next three words (as far as a 4-gram reaches): in good text each choice
# is a change of what was written. Stripped and garbled text, with a choice at nearly every
# word, weigh the next one (the three would cost them a seventh of their time)
CLEAN_REACH = 3
LONE_DIGIT = 3.0  # -log P of a lone digit between words of garble being a number ("ở" read "6")
CACHE_CONFIDENCE = 0.7  # a choice this sure counts as the text's spelling of its letters
CACHE_MIN = 2  # choices of a token's candidates seen before any lean is taken
CACHE_PRIOR = 4.0  # pseudo-count spread evenly over the candidates
CACHE_WEIGHT = 0.5
CACHE_GROWTH = 4  # a lean is worked out again once its skeleton's count grew by a quarter
# a "?", apostrophe or "!" after a word of garble, before a capital: a piece of the word only
# where the word with it reads as a syllable this likely (log; "thi?" as "thứ" 5.1, "khong?"
# at best 14.6)
QUESTION_PIECE = 9.0
COLON_CHANNEL = 3.0  # a colon inside a word: each syllable read at most this far (log) ...
COLON_BIGRAM = -4.0  # ... and the second this likely after the first (log P; "thủ tục" -3.5)
_HOOK = "\u0309"  # the hỏi tone's hook above, in a decomposed syllable
UNREADABLE_SHOWN = 10  # unreadable words named in their warning (all are in the tokens)
# a longer text is restored a block of whole lines at a time: about 80,000 syllables, for
# which the decoder's memo and the tokens take about 250 MB beside the tables
BLOCK_CHARS = 400_000
SMALL_TEXT = 0.02  # share of capitalised words at most in a text of small letters
UNWRITTEN_SHARE = 0.03  # of a text's words, unmarked and no syllable as written: not clean text
SHORT_CAPS = 3  # letters: a word in capitals this short amid small letters is a capital's word
CAPS_LINE = 3  # words in capitals, and none in small letters: a line in capitals
_FINALS = "CMNPT"  # the letters a syllable may end in (but for its vowels)
_ROUND = "GQ"  # capitals an "o" with its marks is read as ("BG" of "Bộ")
_JOINED = re.compile(r"^[A-ZĐ]{1,5}&[A-ZĐ]{1,5}$")
_LABEL_CODE = re.compile(r"^([^\W\d_][^\W_]{0,3}):(?=\d)")  # "S6:15/2014/QD-UBND"


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
    case: str | None = None  # letter case to write it in, where its own would mislead
    mid: bool = False  # garble: after a word in small letters on its line
    apart: bool = False  # the second of two words written together ("CHUTICH"): a space before
    comma: bool = False  # a comma after it, before the next word
    # readings after which its last "?" or apostrophe is a question mark or a closing quote
    asked: frozenset[int] = frozenset()


def restore(text: str, *, options: RestoreOptions | None = None) -> Restoration:
    """Restore Vietnamese diacritics in ``text``, keeping every line where it was. A text
    longer than ``BLOCK_CHARS`` is restored a block of whole lines at a time, each on its own
    (a longer line in pieces): what the restorer keeps while it reads a text grows with the
    text."""
    options = options or RestoreOptions()
    with _collector_paused():
        blocks = _blocks(text)
        parts = [_restore(block, options) for block, _ in blocks]
    if len(parts) == 1:
        return parts[0]
    return joined(_moved_along(blocks, parts), [after for _, after in blocks[:-1]])


def joined(parts: Sequence[Restoration], separator: str | Sequence[str] = "\n") -> Restoration:
    """The restorations of consecutive pieces of a text as one: their texts joined by
    ``separator`` (or by each of a sequence, in turn), each token's line counted across the
    whole, each warning once."""
    between = [separator] * (len(parts) - 1) if isinstance(separator, str) else list(separator)
    if len(between) != max(0, len(parts) - 1):
        raise ValueError(f"{len(between)} separators for {len(parts)} parts")
    tokens: list[TokenDecision] = []
    warnings: dict[Notice, None] = {}
    pieces: list[str] = []
    offset = 0
    for part, after in zip(parts, [*between, ""], strict=True):
        tokens += [
            t if not offset else dataclasses.replace(t, line=t.line + offset) for t in part.tokens
        ]
        warnings.update(dict.fromkeys(part.warnings))
        offset += part.text.count("\n") + after.count("\n")
        pieces += [part.text, after]
    return Restoration("".join(pieces), tuple(tokens), tuple(warnings))


def _blocks(text: str) -> list[tuple[str, str]]:
    """``text`` cut into blocks of at most ``BLOCK_CHARS`` characters, each with what follows
    it in the text ("" after the last): runs of whole lines, and a longer line in pieces, cut
    at a space or tab (that follows the piece), or where it must if it has none."""
    if len(text) <= BLOCK_CHARS:
        return [(text, "")]
    blocks: list[tuple[str, str]] = []
    lines: list[str] = []
    size = 0
    for line in text.split("\n"):
        if lines and size + len(line) > BLOCK_CHARS:
            blocks.append(("\n".join(lines), "\n"))
            lines, size = [], 0
        while len(line) > BLOCK_CHARS:  # the line alone is too long: a piece of it
            cut = max(line.rfind(" ", 0, BLOCK_CHARS), line.rfind("\t", 0, BLOCK_CHARS))
            if cut > 0:
                blocks.append((line[:cut], line[cut]))
                line = line[cut + 1 :]
            else:
                blocks.append((line[:BLOCK_CHARS], ""))
                line = line[BLOCK_CHARS:]
        lines.append(line)
        size += len(line) + 1
    blocks.append(("\n".join(lines), ""))
    return blocks


def _moved_along(blocks: list[tuple[str, str]], parts: list[Restoration]) -> list[Restoration]:
    """``parts``, the restorations of ``blocks``, with the tokens of each block's first line
    moved along that line by what the blocks before it put there (a block cut from within a
    line starts where the piece before it and the space after that end)."""
    out: list[Restoration] = []
    column = 0  # where the block's first line starts on its line of the whole text
    for (block, after), part in zip(blocks, parts, strict=True):
        if column:
            moved = tuple(
                dataclasses.replace(t, start=t.start + column, end=t.end + column)
                if t.line == 0
                else t
                for t in part.tokens
            )
            part = dataclasses.replace(part, tokens=moved)
        out.append(part)
        _, newline, last = block.rpartition("\n")
        column = 0 if after == "\n" else (0 if newline else column) + len(last) + len(after)
    return out


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a text is restored: the decoder makes many
    short-lived tuples and lists, freed by their counts alone, and the collector's passes
    over them took about a tenth of the time. Left as it was if it was already paused."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _restore(text: str, options: RestoreOptions) -> Restoration:
    model = load_model()
    lines = nfc(text).split("\n")
    mode = text_mode(lines, model)
    segments = _segments(lines, mode, slips=options.ocr_slips)
    if mode == "stripped":
        for segment in segments:
            words = [t.text if t.kind == "word" else "" for t in segment]
            slots = add_word_syllables([t.slot for t in segment], words)
            for token, slot in zip(segment, slots, strict=True):
                token.slot = slot
    if mode != "clean":
        _fix_labels(lines, segments, mode, model)
    before_reform = written_before_reform(lines)
    if mode == "clean" and options.ocr_slips:
        _names_as_written(segments, before_reform=before_reform)
        _capitals_in_a_word(segments, model)
    if mode == "garbled":
        _place_of_date(lines, segments, model, before_reform=before_reform)
        _lone_digits(lines, segments)
        _caps_before_names(lines, segments)
        _roman_amid_small(segments, model)
        _garbled_case(segments)
    if mode != "clean":
        units_after_type = functools.partial(
            prefer_units_after_type,
            model=model,
            before_reform=before_reform,
            small=_in_small_letters(segments),  # names too are in small letters
        )
        named: set[str] = set()  # provinces the document names (its units' too)
        found = []
        for segment in segments:
            words = [t.text if t.kind == "word" else "" for t in segment]
            tied: set[int] = set()  # units whose choice the provinces named may change
            slots, units = units_after_type(
                words, [t.slot for t in segment], named=named, tied=tied
            )
            found.append((words, slots, units, tied))
        for segment, (words, slots, units, tied) in zip(segments, found, strict=True):
            if tied and named:  # read again, knowing the provinces the whole document names
                slots, units = units_after_type(words, [t.slot for t in segment], provinces=named)
            # a run of three or four capitalised words from a family name is a person's name,
            # even where its first two spell a commune ("Hoàng Vân" of "Hoàng Văn Dũng")
            people = {i + k for i, n in person_runs(words, skip=units) for k in range(n)}
            slots = prefer_place_names(
                words, slots, model, skip=people, before_reform=before_reform
            )
            spans = place_spans(words, skip=people, before_reform=before_reform)
            places = {s + k for s, spelled in spans for k in range(len(spelled))} | units
            slots = prefer_person_names(words, slots, model, skip=places)
            for token, slot in zip(segment, slots, strict=True):
                token.slot = slot
        _weigh_register(segments, model)
    memo = Memo()  # what the decoder works out once for the whole text
    reach = CLEAN_REACH if mode == "clean" else 1
    seen = _Seen() if mode != "clean" else None  # the spellings the text has used so far
    # the words around a token weigh its candidates in stripped text only: in garble the
    # channel already tells most choices, and they would cost an eighth more time there
    topical = _topic_bonuses(segments) if mode == "stripped" else None
    for at, segment in enumerate(segments):
        slots, owners = _expanded(segment, model)
        leans = topical[at] if topical is not None else None
        if seen is not None and (seen.counts or seen.named):
            leans = [
                _sum(a, b)
                for a, b in zip(leans or [None] * len(segment), seen.bonuses(segment), strict=True)
            ]
        bonuses = [leans[k] if k >= 0 else None for k in owners] if leans is not None else None
        decoded = decode(slots, model, memo=memo, bonuses=bonuses, reach=reach)
        for k, (choice, confidence) in zip(owners, decoded, strict=True):
            if k >= 0:
                token = segment[k]
                token.choice, token.confidence = choice, confidence
                if seen is not None and confidence >= CACHE_CONFIDENCE and len(token.slot) > 1:
                    # a sentence's first word, capitalised whatever it is, counts as a small one
                    seen.add(token.slot[choice][0], named=_named(token, k))
    decisions = [_decide(t, model, mode, options) for segment in segments for t in segment]
    if mode != "clean":
        decisions = _defined_abbreviations(decisions)
    warnings: list[Notice] = []
    if mode != "clean":
        warnings.append(Notice(WarningCode.TEXT_READ_AS, f"restoration: text read as {mode}"))
    unreadable = [d.original for d in decisions if d.status == "unreadable"]
    if unreadable:
        shown = ", ".join(dict.fromkeys(unreadable[:UNREADABLE_SHOWN]))
        more = ", ..." if len(unreadable) > UNREADABLE_SHOWN else ""
        count = f"{len(unreadable)} word{'s' if len(unreadable) > 1 else ''}"
        message = f"restoration: {count} could not be read, kept as they were: {shown}{more}"
        warnings.append(Notice(WarningCode.WORDS_UNREADABLE, message))
    apart = {k for k, t in enumerate(t for s in segments for t in s) if t.apart}
    return Restoration(_rewrite(lines, decisions, apart), tuple(decisions), tuple(warnings))


class _Seen:
    """The syllables a text (stripped or garbled) has chosen with confidence so far, and the
    lean they give each word's candidates towards the spellings the text uses (a text on
    fish says "cá" again; a plan that read "tổ công tác" says it again):
    ``CACHE_WEIGHT`` times the log of their share, smoothed, among the candidates, against
    an even share. The words written as names within a sentence are counted apart, and
    lean only towards the spellings such words were given ("Chỉ số" again, "Trịnh" again,
    never "trình")."""

    __slots__ = ("counts", "named", "leans")

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.named: dict[int, int] = {}  # of words written as names
        # by id() of a token's candidates (negative for a name's): how often any of them was
        # chosen when their lean is to be worked out again, and that lean
        self.leans: dict[int, tuple[int, tuple[float, ...] | None]] = {}

    def add(self, word: int, *, named: bool = False) -> None:
        if word in _letters():  # a syllable of the lexicon
            counts = self.named if named else self.counts
            counts[word] = counts.get(word, 0) + 1

    @cython.locals(k=cython.Py_ssize_t, seen=cython.Py_ssize_t, counts=dict, leans=dict)
    def bonuses(self, segment: list[_Token]) -> list[tuple[float, ...] | None]:
        """Per token, its candidates' lean, or None."""
        out: list[tuple[float, ...] | None] = []
        leans = self.leans
        for k, token in enumerate(segment):
            slot = token.slot
            if len(slot) < 2 or token.kind != "word":
                out.append(None)
                continue
            named = _named(token, k)
            counts = self.named if named else self.counts
            # how often one of these candidates was chosen (in garble their letters are not
            # the token's: "t6" is "tổ")
            seen = 0
            for c, _ in slot:
                seen += counts.get(c, 0)
            if seen < CACHE_MIN:
                out.append(None)
                continue
            key = -id(slot) if named else id(slot)  # the token holds its slot while read
            got = leans.get(key)
            if got is None or seen >= got[0]:  # worked out again as the count grows
                lean = _lean(tuple([counts.get(c, 0) for c, _ in slot]))
                got = leans[key] = (seen + max(1, seen // CACHE_GROWTH), lean)
            out.append(got[1])
        return out


def _topic_bonuses(segments: list[list[_Token]]) -> list[list[tuple[float, ...] | None]]:
    """Per segment and token, its candidates' bonus from the words around it
    (``diacritics.topics``), names' too: the words around a person or a place speak for
    the spelling of their name as they do for any word's."""
    tokens = [t for segment in segments for t in segment]
    got = iter(
        topic_bonuses(
            [t.text if t.kind == "word" else None for t in tokens],
            [t.slot if t.kind == "word" else None for t in tokens],
        )
    )
    return [[next(got) for _ in segment] for segment in segments]


def _sum(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> tuple[float, ...] | None:
    if a is None or b is None:
        return a if b is None else b
    return tuple(map(add, a, b))


@functools.cache
def _letters() -> dict[int, str]:
    """The skeleton of each syllable of the lexicon, by word id."""
    model = load_model()
    return {i: key for key, ids in model.by_skeleton.items() for i in ids}


@functools.lru_cache(maxsize=4096)
def _lean(counts: tuple[int, ...]) -> tuple[float, ...] | None:
    total = sum(counts)
    if total < CACHE_MIN:
        return None
    n = len(counts)
    return tuple(
        [CACHE_WEIGHT * math.log((k + CACHE_PRIOR / n) / (total + CACHE_PRIOR) * n) for k in counts]
    )


def _named(token: _Token, at: int) -> bool:
    """Is the token at ``at`` in its segment written as a name (a capital and small letters)
    within a sentence? A sentence's first word is capitalised whatever it is."""
    return at > 0 and token.text.istitle()


def _weigh_register(segments: list[list[_Token]], model: Model) -> None:
    """Each word's candidates weighted towards the register of the whole text; not words
    written as names are (a capital and small letters) within a sentence, which no register
    predicts (a sentence's first word is capitalised whatever it is)."""
    words = [t.text for segment in segments for t in segment if t.kind == "word"]
    bonus = register_bonus(words, model)
    weighed: dict[Candidates, Candidates] = {}  # the same candidates, weighed once
    for segment in segments:
        for k, token in enumerate(segment):
            if token.kind == "word" and len(token.slot) > 1 and not _named(token, k):
                got = weighed.get(token.slot)
                if got is None:
                    got = weighed[token.slot] = tuple((c, s + bonus[c]) for c, s in token.slot)
                token.slot = got


def _expanded(segment: list[_Token], model: Model) -> tuple[list[Candidates], list[int]]:
    """The segment's slots for the decoder, each abbreviation the training text defines (and
    each administrative shorthand, ``codes.SHORTHAND``) read as the words it stands for ("HĐND
    tinh": "hội đồng nhân dân" before "tỉnh"; "(de b/c)": "báo cáo" after "để"), a comma
    after a word as the model's comma, and which token each slot is (-1: a word of an
    abbreviation's expansion, or a comma)."""
    table = codes.expansions()
    comma = model.ids.get(",")  # the model reads commas (as it was trained)
    slots: list[Candidates] = []
    owners: list[int] = []
    for k, token in enumerate(segment):
        words = None
        if token.kind == "fixed":
            words = table.get(_expansion_key(token.text)) or codes.title_abbreviation(token.text)
        elif token.kind == "code":
            words = codes.shorthand(token.text)
        ids = [model.ids.get(w) for w in words] if words else []
        if ids and all(i is not None for i in ids):
            slots += [((i, 0.0),) for i in ids if i is not None]
            owners += [-1] * (len(ids) - 1) + [k]
        else:
            slots.append(token.slot)
            owners.append(k)
        if token.comma and comma is not None:
            slots.append(((comma, 0.0),))
            owners.append(-1)
    return slots, owners


@functools.lru_cache(maxsize=4096)
def _expansion_key(text: str) -> str:
    """An abbreviation as the expansions table writes it ("GD&DT" -> "GDĐT")."""
    return codes.repair_code(text).replace("&", "")


def _fix_labels(lines: list[str], segments: list[list[_Token]], mode: str, model: Model) -> None:
    """Labels ("Số:", "Nơi nhận:") and type lines ("KẾ HOẠCH") by position and shape: their
    words get the label's syllables as their only candidates (``diacritics.labels``)."""
    words = [t for segment in segments for t in segment if t.kind == "word"]
    found = fixed_labels(lines, [(t.line, t.start, t.end, t.text) for t in words], mode, model)
    for k, word_id in found.items():
        token = words[k]
        token.slot = ((word_id, 0.0),)
        if model.words[word_id] == NUMBER_LABEL and token.text[:1].isupper():
            token.case = "title"  # "Số:", however it was read ("SO:", "S6:")
    filed = {words[k].line: words[k].end for k, i in found.items() if model.words[i] == FILED_LABEL}
    for token in words:
        after = filed.get(token.line)
        if after is not None and token.start > after and _initials(token.text):
            token.kind, token.slot = "fixed", ((UNK, 0.0),)


def _initials(word: str) -> bool:
    """Is ``word``, after "Lưu:" on its line, the initials of the one who typed the document
    ("Lưu: VT, TH. pvc 5"), a few small letters and no vowel, or a department's code, capitals
    and digits ("C1")? Garble may lose a syllable's vowel ("sv" of "sự") or read it as a digit
    ("c6" of "có"), but not there."""
    if len(word) > 5 or not word.isalnum():
        return False
    if word.isalpha():
        return word.islower() and not any(c in VOWELS for c in skeleton(word))
    return word[:1].isupper() and word.upper() == word and not word.isdigit()


_DATE_AFTER = re.compile(r"\s*,\s*$")


def _place_of_date(
    lines: list[str], segments: list[list[_Token]], model: Model, *, before_reform: bool
) -> None:
    """The place of a place and date line ("Ha Ndi, ngay 28 thang 01 nam 2011"): up to four
    capitalised words from the start of a line, a comma, then "ngày" and a number. Garble
    hides the name from its letters ("Ndi"); its words lean to the unit of the gazetteer
    whose syllables are among their candidates (``names.prefer_place_of_date``; those of
    before the 2025 reform only, if ``before_reform``)."""
    words = [t for segment in segments for t in segment]
    ngay = model.ids["ngày"]
    for k in range(1, len(words) - 2):
        token, after = words[k], words[k + 1]
        line = lines[token.line]
        if not (
            after.line == token.line
            and _DATE_AFTER.match(line[token.end : after.start])
            and any(c == ngay for c, _ in after.slot)
            and words[k + 2].text.isdigit()
            and words[k + 2].line == token.line
        ):
            continue
        run = [token]
        while len(run) < 4 and k - len(run) >= 0:
            before = words[k - len(run)]
            if before.line != token.line or not line[before.end : run[0].start].isspace():
                break
            run.insert(0, before)
        if line[: run[0].start].strip() or not all(t.text[:1].isupper() for t in run):
            continue  # not at the start of its line, or not a name's capitalised words
        slots, _ = prefer_place_of_date([t.slot for t in run], model, before_reform=before_reform)
        for t, slot in zip(run, slots, strict=True):
            t.slot = slot


def _lone_digits(lines: list[str], segments: list[list[_Token]]) -> None:
    """A digit alone between two words of garble, or after a word and before a comma or
    semicolon, or opening a bracket before a word, is as likely a word read as a digit ("hành
    6 Hàn Quốc", "Luật nhà 6;": "ở", "(6 chức": "tổ") as a number: its own reading loses its
    head start, and the words around it decide."""
    for segment in segments:
        for k in range(len(segment)):
            token = segment[k]
            if not (
                len(token.text) == 1
                and token.text.isdigit()
                and token.slot[0][0] == NUM
                and len(token.slot) > 1
            ):
                continue
            if k:  # a word before it
                lone = _word_beside(token, segment[k - 1])
            else:  # a bracket's first word
                lone = lines[token.line][: token.start].endswith("(")
            if k + 1 < len(segment):  # a word after it
                lone = lone and _word_beside(token, segment[k + 1])
            else:  # or, after a word, a comma or semicolon
                lone = lone and k > 0 and lines[token.line][token.end : token.end + 1] in (",", ";")
            if lone:
                token.slot = ((NUM, -LONE_DIGIT), *token.slot[1:])


def _word_beside(token: _Token, other: _Token) -> bool:
    """Is ``other`` a word of letters on ``token``'s line?"""
    return other.kind == "word" and other.text.isalpha() and other.line == token.line


def _caps_before_names(lines: list[str], segments: list[list[_Token]]) -> None:
    """Two capitals without a vowel taken for an abbreviation ("SG") that no table knows, with
    no dot after them and a capitalised word next ("SG Tai chinh"), or a word in small letters
    they make a word of the lexicon with ("BG trudng"), are a garbled word ("Sở", "Bộ", its
    vowel read as G): they get candidates. "KT. Chủ tịch", "VT" stay. Before a word in
    capitals, only if their second letter ends no syllable ("BQ CONG": "BỘ"; "TN CHU TICH",
    where N may end one, is more likely a signature's "TM." misread)."""
    model = load_model()
    for segment in segments:
        for k in range(len(segment) - 1):
            token, after = segment[k], segment[k + 1]
            text = token.text
            if not (
                token.kind == "fixed"
                and len(text) == 2
                and text.isupper()
                and text.isalpha()
                and after.kind == "word"
                and after.line == token.line
                and (after.text[:1].isupper() or _word_with(text, after, model))
                # before a word in capitals ("BQ CONG"), only if the second letter ends no
                # syllable, so it is a misread vowel ("TN CHU TICH": the "TM." of a signature)
                and (
                    len(after.text) == 1  # "BG Y té": "Bộ Y tế"
                    or not after.text.isupper()
                    or text[1] not in _FINALS
                )
                and lines[token.line][token.end : token.end + 1] != "."
                and text not in codes.expansions()
                and not codes.is_known_abbreviation(text, model.ids)
            ):
                continue
            token.kind, token.slot = "word", candidates(text, "garbled")


def _word_with(caps: str, after: _Token, model: Model) -> bool:
    """Do two capitals read as garble make a word of the lexicon with a reading of the word in
    small letters ``after`` them ("BG trudng": "bộ trưởng")? Only where the second is a round
    letter an "o" with its marks is read as ("ộ" as G or Q); "CB công chức" stays."""
    if not after.text.islower() or caps[1] not in _ROUND:
        return False
    firsts = [i for i, _ in candidates(caps, "garbled")[1:]]
    return any((a << BITS) | b in model.word_pairs for a in firsts for b, _ in after.slot)


def _garbled_case(segments: list[list[_Token]]) -> None:
    """Letter case the garble's own would mislead: a word of mixed case ("CHi", "cOng": a
    marked letter read in the other case) takes its majority's, but one in capitals that
    ends in a small letter ("NOi", "SGi") on a line of words in small letters is a capitalised
    word ("Nội": its marked vowel read as a capital); a short word in capitals amid words in
    small letters ("cua BO Lao dong": "Bộ") is a capitalised word."""
    tokens = [t for segment in segments for t in segment]
    line_cases = _LineCases(tokens)  # (no token's kind changes here)
    short: list[int] = []
    for k, token in enumerate(tokens):
        if token.kind != "word" or token.case is not None:
            continue
        text = token.text
        before = tokens[k - 1] if k else None
        token.mid = (
            before is not None
            and before.kind == "word"
            and before.line == token.line
            and before.text.islower()
        )
        if text.isdigit():  # a word read as a digit takes the case of its neighbours
            if any(case_pattern(t.text) == "upper" for t in _near(tokens, k)):
                token.case = "upper"
            continue
        if text.islower():
            continue
        if _capitalised(text):
            if text[0] == "J" and before is not None and before.line == token.line:
                token.case = "lower"  # "Can Tho Jan thir X": J is no Vietnamese letter, an l
                continue
            small, caps = line_cases(k)
            if not small and caps >= CAPS_LINE and sum(c.isalpha() for c in text) <= SHORT_CAPS:
                token.case = "upper"  # "TRANG THIET Bi CHO": a small marked vowel, "BỊ"
            continue
        if not text.isupper():
            token.case = case_pattern(text)
            if (
                token.case == "upper"
                and text[0].isupper()
                and text[-1].islower()
                and line_cases.small_line(k)
            ):
                token.case = "title"
            continue
        if 2 <= sum(c.isalpha() for c in text) <= SHORT_CAPS:
            short.append(k)
    for k in short:  # after the mixed words beside them have their case
        near = _near(tokens, k)
        if near and not any((t.case or case_pattern(t.text)) == "upper" for t in near):
            tokens[k].case = "title"


def _roman_amid_small(segments: list[list[_Token]], model: Model) -> None:
    """A word of two or more capitals spelled as a Roman numeral on a line of words in small
    letters ("lan thir VI Ban Chap hanh", "khoa XI") is a number, though "vi" and "xi" are
    syllables too: the short-word rule would read it as a capitalised word ("Vi"). On a line
    in capitals it is left to the decoder ("DON VI": "ĐƠN VỊ")."""
    tokens = [t for segment in segments for t in segment]
    line_cases = _LineCases(tokens)
    for k, token in enumerate(tokens):
        text = token.text
        if (
            token.kind == "word"
            and len(text) >= 2
            and codes.is_roman_spelling(text)
            and line_cases.small_line(k)
        ):
            token.kind, token.slot = "fixed", ((model.ids.get(text.lower(), UNK), 0.0),)
            line_cases.drop(k)  # a number now, no word of the line


def _capitals_in_a_word(segments: list[list[_Token]], model: Model) -> None:
    """A syllable in capitals after one in small letters that it (or one of its readings) makes
    a word of the lexicon with, and not before another in capitals ("chuẩn BỊ cho", "chuẩn ĐỊ
    cho": "chuẩn bị"), is written small: OCR read its small letters as capitals. A writer
    stresses a whole word ("tuyệt đối KHÔNG"), not half of one; a small syllable that makes a
    word with the one before it is in a word already ("tuyệt đối", not "đối không"), unless
    the three are one word."""
    for segment in segments:
        for k in range(1, len(segment)):
            token, before = segment[k], segment[k - 1]
            if not (
                token.kind == "word"
                and before.kind == "word"
                and len(token.text) > 1
                and token.text.isupper()
                and before.text.islower()
                and before.line == token.line
            ):
                continue
            after = segment[k + 1] if k + 1 < len(segment) else None
            if after is not None and after.line == token.line and after.text.isupper():
                continue  # a run in capitals
            first = before.slot[0][0] << BITS
            if (
                k >= 2
                and _in_a_word(segment[k - 2], before, model)
                and not any(
                    (segment[k - 2].slot[0][0] << 2 * BITS | first | word) in model.word_triples
                    for word, _ in token.slot
                )
            ):
                continue  # the small syllable is in a word with the one before it already
            if any(first | word in model.word_pairs for word, _ in token.slot):
                token.case = "lower"  # as read, or as a slip's reading ("ĐỊ" of "bị")


def _in_a_word(first: _Token, second: _Token, model: Model) -> bool:
    """Do two words in small letters on one line make a word of the lexicon as read?"""
    return (
        first.kind == "word"
        and first.line == second.line
        and first.text.islower()
        and (first.slot[0][0] << BITS | second.slot[0][0]) in model.word_pairs
    )


def _capitalised(text: str) -> bool:
    """A capital, then small letters only ("Hà", "N6i"; not "N6Oi", which ``str.istitle``
    takes for two words)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and letters[0].isupper() and all(c.islower() for c in letters[1:])


class _LineCases:
    """Per token of ``tokens``, (words in small letters or capitalised, words in capitals) on
    its line (words of two letters or more, that one aside): each line counted once, so a
    long line costs no more per word than a short one. A token whose kind changes from a
    word is taken out with ``drop``."""

    __slots__ = ("own", "run", "totals")

    def __init__(self, tokens: list[_Token]) -> None:
        self.own = [_count_case(t, 0, 0) for t in tokens]
        self.run: list[int] = []  # per token, its line's run of tokens
        self.totals: list[list[int]] = []
        for k, token in enumerate(tokens):
            if not k or tokens[k - 1].line != token.line:
                self.totals.append([0, 0])
            total = self.totals[-1]
            total[0] += self.own[k][0]
            total[1] += self.own[k][1]
            self.run.append(len(self.totals) - 1)

    def __call__(self, k: int) -> tuple[int, int]:
        total, own = self.totals[self.run[k]], self.own[k]
        return total[0] - own[0], total[1] - own[1]

    def small_line(self, k: int) -> bool:
        """More words in small letters (or capitalised) than in capitals on the line?"""
        small, caps = self(k)
        return small > caps

    def drop(self, k: int) -> None:
        total, own = self.totals[self.run[k]], self.own[k]
        total[0] -= own[0]
        total[1] -= own[1]
        self.own[k] = (0, 0)


def _count_case(token: _Token, small: int, caps: int) -> tuple[int, int]:
    text = token.text
    if token.kind != "word" or sum(c.isalpha() for c in text) < 2:
        return small, caps
    if text.isupper():
        return small, caps + 1
    if text.islower() or text.istitle():
        return small + 1, caps
    return small, caps


def _near(tokens: list[_Token], k: int) -> list[_Token]:
    """The words of two letters or more just before and after ``tokens[k]`` on its line."""
    return [
        t
        for t in (tokens[k - 1] if k else None, tokens[k + 1] if k + 1 < len(tokens) else None)
        if t is not None
        and t.kind == "word"
        and t.line == tokens[k].line
        and sum(c.isalpha() for c in t.text) >= 2
    ]


def _rewrite(lines: list[str], decisions: list[TokenDecision], apart: set[int]) -> str:
    """``lines`` with each token replaced by its restored form (decisions in text order), a
    space before those at ``apart`` (the second of two words written together)."""
    out = list(lines)
    pieces: list[str] = []
    line, at = -1, 0
    for k, d in enumerate(decisions):
        if d.restored == d.original and k not in apart:
            continue
        if d.line != line:
            if line >= 0:
                out[line] = "".join(pieces) + lines[line][at:]
            line, at, pieces = d.line, 0, []
        pieces += (lines[line][at : d.start], " " if k in apart else "", d.restored)
        at = d.end
    if line >= 0:
        out[line] = "".join(pieces) + lines[line][at:]
    return "\n".join(out)


def load() -> None:
    """Load every table restoration reads (the language model, the garble channel, OCR
    slips, topics, registers, abbreviations, persons' names, the gazetteer of both eras), so
    that the first text restored pays for none of them; a worker calls this as it starts,
    while pages are still being read. Restoring loads what it needs anyway."""
    load_model()
    load_slips()
    topics()
    registers()
    _letters()
    candidates_tables()
    codes.load()
    names.load()
    persons.load()


def _in_small_letters(segments: list[list[_Token]]) -> bool:
    """Is the text written in small letters (its names too), at most ``SMALL_TEXT`` of its
    words capitalised? Text with its capitals has several times as many."""
    words = [t.text for segment in segments for t in segment if t.kind == "word"]
    return bool(words) and sum(w[:1].isupper() for w in words) <= SMALL_TEXT * len(words)


def clear_caches() -> None:
    """Forget what was computed for earlier texts (candidates per token, language-model
    contexts, codes, spellings): for tests that restore a text from a cold start."""
    clear_cache()
    load_model().clear_cache()
    codes.is_protected.cache_clear()
    codes.is_abbreviation.cache_clear()
    _spell.cache_clear()
    _expansion_key.cache_clear()
    _joined_cut.cache_clear()
    names.clear_caches()


def text_mode(lines: list[str], model: Model) -> str:
    """'clean' (good Vietnamese), 'stripped' (no diacritics) or 'garbled' (OCR garble).

    Text whose words mostly carry marks the lexicon knows is clean, even with a few tokens of
    letters mixed with digits (a scan's stamps and handwriting read by a Vietnamese engine),
    but not where, beside them, words in small letters without marks are ones Vietnamese
    never writes so ("hoach", "thyc": garble of a Latin model that read many marks as
    Vietnamese ones, "nhân", "công"; at least ``UNWRITTEN_SHARE`` of the words).
    Garble shows as letters mixed with digits or symbols ("t6", "x4", "d¢", "chi?c"), as words
    of mixed case ("PHi", "cOng": two or more), as words without marks that no syllable is
    spelled like ("chirc", "nhitng": in a short text one is enough, in a long one, where foreign
    words are common, they must be many; capitalised ones count half, they may be names), or as
    marked words the lexicon does not know ("trén"). Only words the garble channel reads as a
    syllable count (``_misread``): names, words of other languages and formulas ("McCoury",
    "Ca2+") are none. Text with some words typed with their marks and many more without them
    ("Số: 12" above "ngay 10 thang 3 nam 2022") is stripped text, not clean."""
    chunks = [c for line in lines for c in line.split()]
    chunks = [c for c in chunks if c.isalpha() or not codes.is_protected(c)]
    mixed = [c.strip(".,;:!?()\"'") for c in chunks if not c.isalpha()]
    mixed = [c for c in mixed if _is_mixed(c)]
    words = [w for c in chunks for w in _WORDS.findall(c) if not codes.is_abbreviation(w)]
    marked = [w.lower() for w in words if not w.isascii() and has_marks(w)]
    known = sum(1 for w in marked if model.is_known(normalize_tone(w)))

    # words in small letters without marks that Vietnamese never writes so ("hoach", "kip",
    # "thyc"): beside marked words a Latin model read right ("nhân", "công"), garble
    def misspelled() -> bool:  # asked only of text that may be clean
        unwritten = [
            w for w in words if len(w) > 1 and w.islower() and w.isascii() and not model.is_known(w)
        ]
        return _misread_at_least(unwritten, max(2.0, UNWRITTEN_SHARE * len(words)), model)

    if (
        len(marked) >= 0.5 * len(words)
        and known >= 0.9 * len(marked)
        and not _misread_at_least(mixed, 0.05 * len(chunks), model)
        and not misspelled()
    ):
        return "clean"  # Vietnamese OCR of a scan: its few mixed tokens are stamps and handwriting
    if _misread_at_least(mixed, max(1.0, 0.01 * len(chunks)), model):
        return "garbled"
    # words of mixed case ("PHi", "CHiINH", "cOng": a marked letter read in the other case);
    # one may be a brand's name
    cased = [w for w in words if not (w.islower() or w.isupper() or _capitalised(w))]
    if _misread_at_least(cased, max(2.0, 0.01 * len(chunks)), model):
        return "garbled"
    few = len(marked) < 0.15 * len(words)
    if len(marked) <= 0.02 * len(words) or (
        known == len(marked) and (few or _stripped_share(words, model) >= 0.4)
    ):  # no marks, or a few right ones (stripped text with some lines typed in Vietnamese)
        short = len(words) < SHORT_TEXT  # foreign words are common in long texts
        # a capitalised one counts half in a long text, where it may be a name
        name = 1.0 if short else 0.5
        # an abbreviation in small letters ("hdnd") has no vowel, but is no garble
        odd = [w for w in words if _unspellable(w, model) and codes.small_abbreviation(w) is None]
        weights = [name if w[0].isupper() else 1.0 for w in odd]
        # and they are counted among the words not in capitals: garble of capitals loses
        # their marks as stripping does, so a header in capitals tells the two apart by nothing
        need = 1.0 if short else max(1.0, 0.08 * sum(not w.isupper() for w in words))
        return "garbled" if _misread_at_least(odd, need, model, weights) else "stripped"
    if known >= 0.9 * len(marked) and len(marked) >= 0.15 * len(words) and not misspelled():
        return "clean"
    return "garbled"


def _misread_at_least(
    words: list[str], need: float, model: Model, weights: list[float] | None = None
) -> bool:
    """Do the ``words`` the garble channel reads as a syllable (``_misread``) weigh at least
    ``need`` (each 1, or its weight)? Each is read only until the answer is known: in stripped
    text, most often none is (its odd words are too few to matter)."""
    if need <= 0:
        return True
    weights = weights if weights is not None else [1.0] * len(words)
    left, got = sum(weights), 0.0
    for word, weight in zip(words, weights, strict=True):
        if got + left < need:
            return False
        left -= weight
        if _misread(word, model):
            got += weight
            if got >= need:
                return True
    return False


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
    """Letters and digits or garble symbols in one word: "t6", "x4", "d¢", or a question mark
    between letters, a mark's glyph read so ("chi?c", "mi?c"), or an apostrophe between letters
    of a word in small letters ("mi’c"); and "Ca2", "km2": only those the garble channel reads
    as a syllable count as garble."""
    letters = any(c.isalpha() for c in chunk)
    others = any(c.isdigit() or c in _GARBLE_SYMBOLS for c in chunk)
    inner = _INNER_QUESTION.search(chunk) is not None or (
        chunk.islower() and _INNER_APOSTROPHE.search(chunk) is not None
    )
    return letters and (others or inner) and not chunk.isupper()


def _misread(word: str, model: Model) -> bool:
    """Does the garble channel read ``word`` as a syllable at no more than ``MISREAD_COST``?
    Garble is syllables misread ("chirc", "t6", "PHi"); names and words of other languages
    and chemical formulas are not ("Alvin", "McCune", "Ca2"), and a text full of them is
    still stripped text."""
    if len(word) > MISREAD_LETTERS:
        return False  # longer than any syllable and a letter or two of garble
    return any(
        score >= -MISREAD_COST and i in model.syllables for i, score in candidates(word, "garbled")
    )


def _case_turns(before: list[str], words: list[str]) -> bool:
    """Does a heading in capitals start or end between two lines of these words? A line of
    two or more words all in capitals after a line that ends in small letters ("Chương I"
    above "NHỮNG QUY ĐỊNH CHUNG"), or a line that starts in small letters after one in
    capitals ("QUYẾT ĐỊNH" above "Về việc ..."). An abbreviation alone on a line, or a line
    that goes on in capitals ("SỞ GIÁO" above "DỤC VÀ ĐÀO TẠO Độc lập"), is none."""
    upper = [w.isupper() for w in words]
    was = [w.isupper() for w in before]
    if len(upper) > 1 and all(upper):
        return not was[-1]
    if len(was) > 1 and all(was):
        return not upper[0]
    return False


def _segments(lines: list[str], mode: str, *, slips: bool = False) -> list[list[_Token]]:
    """Tokens grouped into segments between sentence breaks (lines continue a sentence, but
    blank lines, list items, lines after one ending in a code and the lines where a heading
    in capitals starts or ends start a new one)."""
    segments: list[list[_Token]] = [[]]
    word_re = _WORD[mode]
    last: list[str] = []  # the words of the last line with words
    for number, line in enumerate(lines):
        ends_in_code = bool(segments[-1]) and segments[-1][-1].kind == "code"
        words = [w for w in _WORDS.findall(line) if len(w) > 1]
        turns = bool(words and last) and _case_turns(last, words)
        if words:
            last = words
        if not line.strip() or _LIST_MARKER.match(line) or ends_in_code or turns:
            segments.append([])  # a line ending in a code ("Số: 12/KH-UBND") ends a phrase
        for chunk in _CHUNK.finditer(line):
            text = chunk.group(0)
            if text.isalpha():  # a plain word, the common case
                start = chunk.start()
                segments[-1].append(
                    _word_token(text, number, start, text, len(text), mode, slips=slips)
                )
                continue
            base = chunk.start()
            if mode == "garbled" and text == "&" and line[chunk.end() :].lstrip()[:1].isupper():
                # "Nông nghiệp & Phát triển": an ampersand, not a garbled "ở"
                segments[-1].append(_Token(number, base, base + 1, text, "fixed", ((UNK, 0.0),)))
                continue
            label = _LABEL_CODE.match(text) if mode != "clean" else None
            if label is not None:  # "S6:15/2014/QD-UBND": the label, then the rest
                word = label.group(1)
                segments[-1].append(_word_token(word, number, base, text, len(word), mode))
                segments.append([])
                text, base = text[label.end() :], base + label.end()
            token = _code_token(text, number, base)
            if token is not None:
                if _BREAK.search(text, 0, token.start - base):
                    segments.append([])
                segments[-1].append(token)
                if _BREAK.search(text, token.end - base):
                    segments.append([])
                continue
            at = 0
            for word in word_re.finditer(text):
                if (
                    word.start() > at
                    and _BREAK.search(text, at, word.start())
                    and not _speck_before_number(text, at, word.start())
                ):
                    segments.append([])
                elif word.start() > at and "," in text[at : word.start()] and segments[-1]:
                    segments[-1][-1].comma = True  # "phường,thị trấn"
                start, end = base + word.start(), word.end()
                tailed = mode == "garbled" and _glyph_tail(line, base + end, word.group(0))
                # a mark that may be a piece of the word or what it looks like: the letter it
                # stands for ("" where it is that piece itself), or None
                letter = (
                    _mark_or_letter(line, base + end, word.group(0))
                    if mode == "garbled" and not tailed
                    else None
                )
                if tailed or letter is not None:
                    end += 1  # "st? dung": the mark of "sử" read as "?", not a question
                token = _word_token(
                    text[word.start() : end], number, start, text, end, mode, slips=slips
                )
                if _UNIT_POWER.fullmatch(token.text) and line[:start].rstrip()[-1:].isdigit():
                    token.kind, token.slot = "fixed", ((UNK, 0.0),)  # "25 m2", not "mở"
                symbol = mode == "garbled" and token.text[-1] in _GARBLE_SYMBOLS
                if letter is not None and token.kind == "word" and len(token.text) > 1:
                    token.slot, token.asked = garbled_or_question(token.text, letter)
                elif (tailed or symbol) and token.kind == "word" and len(token.text) > 1:
                    # read with and without it ("cv¥": "cứ", its hook read as a symbol)
                    token.slot = garbled_with_speck(token.text)
                segments[-1].extend(_number_apart(token, mode))
                at = end
            if at < len(text) and _BREAK.search(text, at):
                segments.append([])
            elif "," in text[at:] and segments[-1] and segments[-1][-1].line == number:
                segments[-1][-1].comma = True  # "xã, phường"
    return [_lost_spaces(s, mode) for s in segments if s]


def _lost_spaces(segment: list[_Token], mode: str) -> list[_Token]:
    """``segment`` with each word that is words written together as them: an abbreviation
    and a word (``_abbreviation_apart``), or two or three words (``_joined``)."""
    if mode == "clean":
        return segment
    out: list[_Token] = []
    for k, token in enumerate(segment):
        parts = _abbreviation_apart(token, mode)
        if len(parts) > 1:
            out.extend(parts)
            continue
        before = segment[k - 1] if k else None
        after = segment[k + 1] if k + 1 < len(segment) else None
        out.extend(_joined(token, mode, before, after))
    return out


def _abbreviation_apart(token: _Token, mode: str) -> list[_Token]:
    """A word that is a known abbreviation and a word written together, the one in capitals
    and the other in small letters ("vaUBND", "HDNDtinh", "dongPCTNTT": a space lost by the
    copy or the engine), becomes them, each read as itself, with the space put back: only
    where the abbreviation is one of the training text's (``codes.is_known_abbreviation``)
    or has no vowel, of ``ABBREVIATION_APART`` letters at least (in garble, "DPwong" is
    "Đường"), and the word in small letters reads as a syllable."""
    text = token.text
    if not text.isalpha() or text.islower() or text.isupper():
        return [token]
    upper = [k for k, c in enumerate(text) if c.isupper()]
    # the capitals are one run, at the start or at the end, of two letters or more
    if len(upper) < 2 or upper != list(range(upper[0], upper[-1] + 1)):
        return [token]
    if upper[0] == 0:
        cut = upper[-1] + 1
        caps, small = text[:cut], text[cut:]
    elif upper[-1] == len(text) - 1:
        cut = upper[0]
        small, caps = text[:cut], text[cut:]
    else:
        return [token]
    if len(caps) < ABBREVIATION_APART or len(small) < JOINED_PART:  # "DPwong", "iOS"
        return [token]
    model = load_model()
    vowelless = not any(c.lower() in VOWELS for c in caps)  # "PCTNTT": no syllable's letters
    if not (vowelless or codes.is_known_abbreviation(caps, model.ids)):
        return [token]
    read = candidates(small, mode)
    if not any(i in model.syllables and score >= -JOINED_CHANNEL for i, score in read):
        return [token]
    first = _word_token(text[:cut], token.line, token.start, text[:cut], cut, mode)
    second = _word_token(
        text[cut:], token.line, token.start + cut, text[cut:], len(text) - cut, mode
    )
    second.apart, second.comma = True, token.comma
    return [first, second]


def _speck_before_number(text: str, at: int, end: int) -> bool:
    """Is ``text[at:end]``, between a word and a number in one chunk ("ngay.24"), a lone dot
    the engine read from a speck, not the end of a sentence? A sentence's dot has a space
    after it."""
    return (
        end == at + 1
        and text[at] == "."
        and at > 0
        and text[at - 1].isalpha()
        and text[end : end + 1].isdigit()
    )


def _glyph_tail(line: str, at: int, word: str) -> bool:
    """Is the "?" or apostrophe at ``line[at]``, just after ``word`` of garble, a piece of
    that word's last letter ("st? dung", "thi’ 9", "chi?,"), not a question or a quote? So it
    is where the sentence goes on after it (a comma or bracket next, or a word in small
    letters or a number after the space), or where the word without it is no syllable
    ("Can ct? Luat": "cứ")."""
    mark = line[at : at + 1]
    if mark == ":":
        return _splits_a_word(line, at, word)
    if mark not in _GLYPH_TAILS:
        return False
    if mark != "?" and _OPENING_QUOTE.search(line, 0, at):
        return False  # "goi la 'nong thon moi' cua": the closing quote of an opening one
    after = line[at + 1 : at + 2]
    if after in _GOES_ON:
        return True
    following = line[at + 1 :].lstrip()[:1]
    if after == " " and (following.islower() or following.isdigit()):
        return True
    model = load_model()
    return after in ("", " ") and model.ids.get(normalize_tone(word.lower())) not in model.syllables


def _mark_or_letter(line: str, at: int, word: str) -> str | None:
    """Is ``line[at]``, just after ``word`` of garble (a syllable as it stands), a mark with a
    capital after the space that may be a piece of the word as well as what it looks like: a
    "?" or an apostrophe, the piece of an "ư" and its tone the engine read apart ("thi? Hai",
    "thi’ XIII": "thứ"), not a question mark or a closing quote; a "!" after a word in
    capitals, an I read so ("THO! GIAN": "THỜI"), not an exclamation? So it is where the word
    with it reads as a syllable at least ``QUESTION_PIECE`` likely; the readings then decide
    (``garbled_or_question``). The letter the mark stands for ("" for the mark itself, read by
    the garble channel; "i" for "!"), or None ("khong? Khong": a question)."""
    mark = line[at : at + 1]
    if line[at + 1 : at + 2] != " " or not line[at + 2 : at + 3].isupper():
        return None
    if mark == "!":
        if len(word) < 2 or not word.isupper():
            return None
        letter = "i"
    elif mark in _GLYPH_TAILS:
        if mark != "?" and _OPENING_QUOTE.search(line, 0, at):
            return None  # the closing quote of an opening one
        letter = ""
    else:
        return None
    read = candidates(word.lower() + (letter or mark), "garbled")
    return letter if any(score >= -QUESTION_PIECE for _, score in read) else None


def _splits_a_word(line: str, at: int, word: str) -> bool:
    """Is the colon at ``line[at]``, just after ``word`` of garble and before a word in small
    letters, inside a word of the lexicon those two spell ("Phd Chi: tich": "Chủ tịch", the
    hook of "ủ" read as a colon)? The first must carry that hook (the hỏi tone: "phơ phất"
    has none, and "pho:" before "phat" is a name and its label's colon), both must read well
    as its syllables (each at most ``COLON_CHANNEL``) and the second follow the first closely
    (log P at least ``COLON_BIGRAM``): a colon between a word's two syllables is no
    punctuation."""
    following = _NEXT_WORD.match(line, at + 1)
    if following is None or not following.group(1).islower():
        return False
    model = load_model()
    firsts = [
        i
        for i, s in candidates(word, "garbled")
        if s >= -COLON_CHANNEL and _HOOK in unicodedata.normalize("NFD", model.words[i])
    ]
    seconds = [i for i, s in candidates(following.group(1), "garbled") if s >= -COLON_CHANNEL]
    pairs, syllables = model.word_pairs, model.syllables
    return any(
        (a << BITS | b) in pairs and model.logp(a, b) >= COLON_BIGRAM
        for a in firsts
        if a in syllables
        for b in seconds
        if b in syllables
    )


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
    # an abbreviation in small letters ("hdnd") is fixed, as it would be in capitals
    small = codes.small_abbreviation(word) if mode == "stripped" else None
    if small is None and (word.islower() or not _fixed(word, chunk[after:], mode)):
        return _Token(line, start, end, word, "word", candidates(word, mode, slips=slips))
    own = load_model().ids.get((small or codes.repair_abbreviation(word)).lower(), UNK)
    return _Token(line, start, end, word, "fixed", ((own, 0.0),))


def _joined(token: _Token, mode: str, before: _Token | None, after: _Token | None) -> list[_Token]:
    """A word of garble that no reading fits well but two syllables written together do
    ("hoachphong", "tichtrong", "CHUTICH": a space lost by the engine or the copy), or in
    garble three ("BANNHANDAN"), becomes them, side by side: each is restored in its context
    and written where it was, with the space put back between them (``apart``), so that
    search finds the words. Words the model knows ("online") stay whole, and so do those
    whose two halves make no likely pair of words ("Alvin") or a pair not far likelier than
    the word's own best reading ("chure": "chức"). In stripped text the halves must be
    syllables' letters exactly, and more is asked, by the word's letter case and the words
    ``before`` and ``after`` it (``_split_stripped``)."""
    text = token.text
    capitals = (  # stripped, in capitals, taken for an abbreviation by its shape alone
        mode == "stripped"
        and token.kind == "fixed"
        and text.isalpha()
        and text.isupper()
        and not codes.is_known_abbreviation(text, load_model().ids)
    )
    if (
        not (token.kind == "word" or capitals)
        or not JOINED_LETTERS[0] <= len(text) <= JOINED_LETTERS[1]
        or token.slot[0][0] != UNK
        or any(score >= -JOINED_CHANNEL for _, score in token.slot[1:])  # read well whole
    ):
        return [token]
    found = _joined_cut(text, mode)
    if found is None:
        return [token]
    cuts, pair, lexical = found
    if mode == "stripped":
        split = _split_stripped(token, cuts, pair, lexical, before, after)
    else:  # likely enough, or each end makes a word with its neighbour
        split = pair > -JOINED_SCORE or _between_words(text, mode, cuts, before, after)
    if not split:
        return [token]
    line, start = token.line, token.start
    parts = [
        _Token(
            line, start + a, start + b, text[a:b], "word", candidates(text[a:b], mode), apart=k > 0
        )
        for k, (a, b) in enumerate(itertools.pairwise([0, *cuts, len(text)]))
    ]
    parts[-1].comma = token.comma  # "kehoach, ..."
    return parts


_UNIT_POWER = re.compile(r"[kcdm]?m[23]")  # a unit of area or volume: m2, km2, cm3
_LETTERS_AND_DIGITS = re.compile(r"[^\W\d_]+|\d+")


def _number_apart(token: _Token, mode: str) -> list[_Token]:
    """A word of garble or stripped text that is words and a number written together
    ("ngay22thang", "ndm2025", "4nam": a date filled in by hand, the spaces around it lost)
    becomes them, side by side: the number as a number, each run of letters restored in its
    context, with the spaces put back between them (``apart``). Only where the whole reads as
    no syllable (a digit of garble inside a word, "c6ng", "t6", is a letter), and each run of
    letters, of ``NUMBER_LETTERS`` at least, reads well as a syllable that goes with a number
    next to it: before it (log P(number | syllable) at least ``NUMBER_AFTER``: "ngày 22") or
    after it (log P(syllable | number) at least ``NUMBER_BEFORE``: "22 tháng"). Units and
    codes and formulas stay whole ("km2", "CO2", "Win10", "SiO4")."""
    text = token.text
    if (
        mode == "clean"
        or token.kind != "word"
        or text.isalpha()
        or not any(c.isdigit() for c in text)
        or any(score >= -JOINED_CHANNEL for i, score in token.slot if i != UNK)  # read whole
    ):
        return [token]
    runs = _LETTERS_AND_DIGITS.findall(text)
    if len(runs) < 2 or "".join(runs) != text:
        return [token]
    model = load_model()
    parts: list[_Token] = []
    at = token.start
    for k, piece in enumerate(runs):
        if piece.isdigit():
            parts.append(_Token(token.line, at, at + len(piece), piece, "fixed", ((NUM, 0.0),)))
        else:
            slot = candidates(piece, mode)
            before, after = k + 1 < len(runs), k > 0  # a number after it, before it
            written = piece.islower() or piece.istitle() or piece.isupper()  # not "SiO"
            if (
                len(piece) < NUMBER_LETTERS
                or not written
                or not any(
                    i in model.syllables
                    and score >= -JOINED_CHANNEL
                    and (
                        (before and model.logp(i, NUM) >= NUMBER_AFTER)
                        or (after and model.logp(NUM, i) >= NUMBER_BEFORE)
                    )
                    for i, score in slot
                )
            ):
                return [token]
            parts.append(_Token(token.line, at, at + len(piece), piece, "word", slot))
        parts[-1].apart = k > 0
        at += len(piece)
    return parts


def _small_then_capital(text: str) -> bool:
    """A capital after a small letter ("cuaBan", "theoQuyet"): a space lost before it."""
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(text))


def _split_stripped(
    token: _Token,
    cuts: tuple[int, ...],
    pair: float,
    lexical: bool,
    before: _Token | None,
    after: _Token | None,
) -> bool:
    """Is a word of stripped text that may be words written together (``_joined``) taken
    for them? In small letters, where they are a likely pair (``JOINED_STRIPPED``: else a
    foreign word, "bonsai") or where each end makes a word of the lexicon with the word next
    to it ("ke hoachphong chong"); where a capital follows a small letter ("cuaBan"), as in
    garble (a pair likely enough, ``JOINED_SCORE``, or the words next to it); in capitals,
    or with a capital first (most often a name or a foreign word: "Kontum", "Taino"), only
    where they are a likely word of the lexicon ("UYBAN", "CHINHPHU"), and with a capital
    first only before a word in small letters and after none in capitals ("cua Uyban nhan
    dan", not "Zhuo Dian, ...")."""
    text = token.text
    likely = pair > -JOINED_STRIPPED
    if text.islower():
        return likely or _between_words(text, "stripped", cuts, before, after)
    if _small_then_capital(text):
        return pair > -JOINED_SCORE or _between_words(text, "stripped", cuts, before, after)
    return (
        likely
        and lexical
        and (
            text.isupper()
            or (
                after is not None
                and after.kind == "word"
                and after.text.islower()
                and (before is None or not before.text[:1].isupper())
            )
        )
    )


def _between_words(
    text: str, mode: str, cuts: tuple[int, ...], before: _Token | None, after: _Token | None
) -> bool:
    """Does the first part of ``text`` (cut at ``cuts``) make a word of the lexicon with a
    reading of the word ``before`` it, and its last part one with the word ``after`` it?
    (Either alone is too easily met: "san hose" has "san hô".)"""
    if before is None or after is None or before.kind != "word" or after.kind != "word":
        return False
    return _make_a_word(before.slot, candidates(text[: cuts[0]], mode)) and _make_a_word(
        candidates(text[cuts[-1] :], mode), after.slot
    )


def _make_a_word(first: Candidates, second: Candidates) -> bool:
    """Do a reading of ``first`` and one of ``second`` make (part of) a word of the lexicon?"""
    nexts = load_model().word_nexts
    following = {b for b, _ in second}
    return any(not nexts.get(a, frozenset()).isdisjoint(following) for a, _ in first)


@functools.lru_cache(maxsize=20_000)
def _joined_cut(text: str, mode: str) -> tuple[tuple[int, ...], float, bool] | None:
    """Where ``text``, a word of garble or stripped text, is two syllables written together,
    or else three ("BANNHANDAN"), if it is: the places of the lost spaces, the score of the
    least likely pair of its parts (``_pair_score``), and whether every such pair makes a
    word of the lexicon."""
    n = len(text)
    best: tuple[float, tuple[int, ...]] | None = None
    for cut in range(JOINED_PART, n - JOINED_PART + 1):
        head, tail = _part_score(text[:cut], mode), _part_score(text[cut:], mode)
        if head is not None and tail is not None and (best is None or head + tail > best[0]):
            best = (head + tail, (cut,))
    if best is None and mode == "garbled":
        for a in range(JOINED_PART, n - 2 * JOINED_PART + 1):
            first = _part_score(text[:a], mode)
            if first is None:
                continue
            for b in range(a + JOINED_PART, n - JOINED_PART + 1):
                mid, tail = _part_score(text[a:b], mode), _part_score(text[b:], mode)
                if mid is None or tail is None:
                    continue
                if best is None or first + mid + tail > best[0]:
                    best = (first + mid + tail, (a, b))
    if best is None:
        return None
    cuts = best[1]
    parts = [candidates(text[a:b], mode) for a, b in itertools.pairwise([0, *cuts, n])]
    pairs = [_pair_score(a, b) for a, b in itertools.pairwise(parts)]
    pair = min(p for p, _ in pairs)
    if pair <= -JOINED_SCORE - JOINED_BETWEEN:
        return None  # no likely pair of words: a name or a foreign word ("Alvin", "Aruba")
    model = load_model()
    own = candidates(text, mode)
    whole = [s + model.unigram[c] for c, s in own[1:] if c in model.syllables]
    if whole and pairs[0][1] - max(whole) < JOINED_MARGIN:
        return None
    lexical = all(_make_a_word(first, second) for first, second in itertools.pairwise(parts))
    return cuts, pair, lexical


def _pair_score(first: Candidates, second: Candidates) -> tuple[float, float]:
    """The best channel and bigram score of a reading of ``first`` followed by one of
    ``second``, among the bigrams the model holds (-inf if none); and the same with the first
    reading's unigram, to weigh against the whole word's readings."""
    model = load_model()
    best, alone = -math.inf, -math.inf
    seconds = [b for b, _ in second]
    for a, channel_a in first:
        if a not in model.syllables:
            continue
        unigram = model.unigram[a]
        for (b, channel_b), lp in zip(second, model.bigrams(a, seconds), strict=True):
            if lp is not None and b in model.syllables:
                best = max(best, lp + channel_a + channel_b)
                alone = max(alone, lp + channel_a + channel_b + unigram)
    return best, alone


def _part_score(part: str, mode: str) -> float | None:
    """How well ``part`` of a word reads as one syllable: its best reading's channel score
    and frequency; None if it has no reading cheap enough, or no vowel (in garble, a digit
    or sign may be one: "th6ng", "du¢c")."""
    if not any(
        c in VOWELS or (mode == "garbled" and not c.isalpha()) for c in skeleton(part.lower())
    ):
        return None
    model = load_model()
    read = [(s, model.unigram[c]) for c, s in candidates(part, mode) if c in model.syllables]
    if not read or max(s for s, _ in read) < -JOINED_CHANNEL:
        return None
    return max(s + u for s, u in read)


def _names_as_written(segments: list[list[_Token]], *, before_reform: bool) -> None:
    """Good text read by OCR: persons' names (``person_runs``) and the gazetteer's places,
    spelled as it spells them, are kept as written ("Phạm Mạnh Cường", "Phù Cát"). The
    language model knows few names, and the slips it would find in them are the likelier
    syllables of their letters ("Cương", "Phú")."""
    for segment in segments:
        words = [t.text if t.kind == "word" else "" for t in segment]
        for first, run in person_runs(words):
            for token in segment[first : first + run]:
                token.slot = token.slot[:1]
        for first, spelled in place_spans(words, before_reform=before_reform):
            for token, spellings in zip(segment[first:], spelled, strict=False):
                if normalize_tone(token.text.lower()) in spellings:
                    token.slot = token.slot[:1]


def _fixed(word: str, after: str, mode: str) -> bool:
    """Roman numerals of headings, lone capital consonants ("B/c"), abbreviations ("Cty" too).
    In garbled text, only known abbreviations: "HQI" in a heading in capitals is a garbled
    "HỘI". In good text, a capitalised word whose letters no syllable has: a name ("René",
    "Zürich"), not a slip ("Thồng" of "Thống")."""
    if len(word) == 1 and word.isalpha() and word.lower() not in VOWELS:
        return True
    model = load_model()
    if mode == "clean" and word[1:].islower() and skeleton(word.lower()) not in model.by_skeleton:
        return True
    if codes.title_abbreviation(word) is not None:  # "Cty", "Ths"
        return True
    if _JOINED.match(word):  # "GD&DT": abbreviations joined by "&"
        return True
    if codes.is_roman_numeral(word, after, garbled=mode == "garbled"):
        return True
    if codes.is_roman_spelling(word) and len(word) > 1:
        low = word.lower()  # "Chương II": no other syllable is spelled so ("VI" may be "VÌ")
        if all(model.words[i] == low for i in model.by_skeleton.get(low, ())):
            return True
    if not codes.is_abbreviation(word):
        return False
    if codes.is_known_abbreviation(word, model.ids):
        return True
    if word.lower() in model.by_skeleton:  # "DAK LAK": a name's syllables in capitals
        return False
    if mode != "garbled":
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
            case = token.case
            if token.mid and original[:1] == "I" and model.words[word_id][:1] == "l":
                case = "lower"  # "hanh Ivu": an l read as I, not a capital
            if word_id in token.asked:  # "... chưa? Các": a question (or quote) after the word
                restored = _spell(word_id, original[:-1], options.tone_style, case) + original[-1]
            else:
                restored = _spell(word_id, original, options.tone_style, case)
            status = "kept" if restored == original else "changed"
        if _small_with_marked_capital(restored) and model.is_known(
            normalize_tone(restored.lower())
        ):
            restored, status = restored.lower(), "changed"
    return TokenDecision(
        token.line, token.start, token.end, original, restored, round(confidence, 4), status
    )


def _small_with_marked_capital(word: str) -> bool:
    """A word written small but for a marked vowel in capitals ("gỠ", "nhÂn"): OCR read the
    small letter as its capital, alike but for its size. No word is written so ("CaO", "pH"
    and "eKYC" have no marked capital)."""
    uppers = [c for c in word if c.isupper()]
    return word[:1].islower() and bool(uppers) and all(has_marks(c) for c in uppers)


def _defined_abbreviations(decisions: list[TokenDecision]) -> list[TokenDecision]:
    """An abbreviation the text defines where it first uses it, after the words it stands for
    ("Ban Chi dao (BCD)", "hop dong hd"), takes the Đ of their initials everywhere in the
    text ("BCĐ", "hđ"): stripped or garbled, its D says nothing of it. Only letters the
    restorer kept as they were (or gave an Đ) can be one."""
    spelled: dict[str, str | None] = {}  # letters, folded -> the marked ones (None: no)
    for at, d in enumerate(decisions):
        key = d.original.lower()
        if key in spelled or "d" not in key:
            continue
        if d.restored.replace("đ", "d").replace("Đ", "D") != d.original:
            spelled[key] = None  # read as a word ("cdc": "các"), not kept as letters
            continue
        n = len(key)
        before = decisions[max(0, at - n) : at]
        spelled[key] = codes.spelled_by_initials(d.original, [b.restored for b in before])
    if not any(spelled.values()):
        return decisions
    out = []
    for d in decisions:
        marked = spelled.get(d.original.lower())
        if marked is not None and len(marked) == len(d.original):
            restored = codes.with_marks_of(marked, d.original)
            d = TokenDecision(d.line, d.start, d.end, d.original, restored, 1.0, "changed")
        out.append(d)
    return out


def _unreadable_cost(word: str) -> float:
    return UNREADABLE_COST + UNREADABLE_PER_CHAR * max(0, len(word) - 4)


@functools.lru_cache(maxsize=100_000)
def _spell(word_id: int, original: str, style: ToneStyle, case: str | None = None) -> str:
    """The syllable written in ``style``, in the letter case of the token it restores: letter
    by letter where it is kept ("CaO" stays "CaO"), or where only marks were added, but for a
    word in capitals with a small letter ("PHi", "HOi": a capital read small, as engines read
    marked capitals), written in capitals ("PHÍ", "HỘI"); else by the token's pattern;
    ``case``: in this case instead."""
    word = normalize_tone(load_model().words[word_id], style=style)
    if case is not None:
        return apply_case(word, case)
    pattern = case_pattern(original)
    if len(word) == len(original) and skeleton(word) == skeleton(original):
        if pattern == "upper" and word != original.lower():
            return word.upper()
        return "".join(w.upper() if o.isupper() else w for w, o in zip(word, original, strict=True))
    return apply_case(word, pattern)


def _foreign(word: str, word_id: int, mode: str) -> bool:
    """Is a word no syllable could be read for a number, name or foreign word, rather than
    Vietnamese the restorer could not read?"""
    if word_id == NUM:
        return True
    if mode == "clean":
        return not has_marks(word)
    return word[:1].isupper() and word.isalpha() and not has_marks(word)
