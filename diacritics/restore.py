"""Restore Vietnamese diacritics and OCR garble, line for line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.options import RestoreOptions
from core.record import Restoration, TokenDecision
from diacritics import codes
from diacritics.candidates import candidates
from diacritics.decode import Slot, decode
from diacritics.model import NUM, UNK, Model, load_model
from diacritics.normalize import (
    apply_case,
    case_pattern,
    has_marks,
    is_syllable_shape,
    nfc,
    normalize_text,
    normalize_tone,
)

_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"(?:[^\W_]|[@&¢])+")
_ROMAN = re.compile(r"^[IVXL]+$")
_EDGE = re.compile(r"^(?P<lead>[\W_]*?)(?P<core>[\w@&¢].*?[\w@&¢]|[\w@&¢])?(?P<trail>[\W_]*)$")
_WORDISH = re.compile(r"^[^\W_]*[^\W\d_][^\W_]*$|^[\w@&¢]+$")
UNREADABLE_BELOW = 0.0


@dataclass
class _Token:
    line: int
    start: int
    end: int
    text: str
    slot: Slot
    kind: str  # word | fixed
    caps_line: bool = False


def restore(text: str, *, options: RestoreOptions | None = None) -> Restoration:
    """Restore Vietnamese diacritics in ``text``, keeping every line where it was."""
    options = options or RestoreOptions()
    model = load_model()
    text, code_fixes = codes.repair(normalize_text(nfc(text)))
    lines = text.split("\n")
    mode = text_mode(text, model)
    tokens = [t for i, line in enumerate(lines) for t in _tokens(line, i, model, mode=mode)]
    chosen = decode([t.slot for t in tokens], model)
    out_lines = [list(line) for line in lines]
    decisions: list[TokenDecision] = []
    for token, (word, conf) in reversed(list(zip(tokens, chosen, strict=True))):
        decision = _decide(token, word, conf, options)
        decisions.append(decision)
        out_lines[token.line][token.start : token.end] = list(decision.restored)
    decisions.reverse()
    restored = "\n".join("".join(chars) for chars in out_lines)
    ordered = sorted(decisions + code_fixes, key=lambda d: (d.line, d.start))
    return Restoration(restored, tuple(ordered), ())


def text_mode(text: str, model: Model) -> str:
    """'clean' (good Vietnamese), 'stripped' (no diacritics) or 'garbled' (OCR garble)."""
    words = [w.lower() for w in _WORD.findall(text) if len(w) > 1]
    letters = [w for w in words if w.isalpha()]
    marked = [w for w in letters if has_marks(w)]
    mixed = [w for w in words if not w.isalpha() and not w.isdigit()]
    if len(mixed) > 0.03 * len(words) + 1:
        return "garbled"
    if len(marked) <= 0.02 * len(letters):
        return "stripped"
    known = sum(1 for w in marked if model.is_known(w))
    if len(marked) / max(1, len(letters)) > 0.3 and known / len(marked) > 0.9:
        return "clean"
    return "garbled"


def _tokens(line: str, number: int, model: Model, *, mode: str) -> list[_Token]:
    out: list[_Token] = []
    caps_line = _mostly_caps(line)
    for chunk in _CHUNK.finditer(line):
        if codes.is_protected(chunk.group(0)):
            continue
        for word in _WORD.finditer(chunk.group(0)):
            start, end = chunk.start() + word.start(), chunk.start() + word.end()
            token = _token(word.group(0), number, start, end, model, mode, caps_line)
            if token:
                out.append(token)
    return out


def _token(
    text: str, line: int, start: int, end: int, model: Model, mode: str, caps_line: bool
) -> _Token | None:
    if text.isdigit():
        return _Token(line, start, end, text, Slot((), lm_id=NUM), "fixed")
    if _ROMAN.match(text) or codes.is_abbreviation(text) and (not caps_line or len(text) < 3):
        return _Token(line, start, end, text, Slot((), lm_id=UNK), "fixed")
    capitalised = text[:1].isupper() and not caps_line
    options = candidates(
        normalize_tone(text.lower()),
        model,
        mode=mode,
        capitalised=capitalised,
        upper=text.isupper(),
    )
    return _Token(line, start, end, text, Slot(options), "word", caps_line)


def _mostly_caps(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if any(c.isalpha() for c in w)]
    caps = [w for w in words if w.isupper() and is_syllable_shape(w)]
    return len(caps) >= 3 and len(caps) / len(words) >= 0.6


def _decide(token: _Token, word: str, conf: float, options: RestoreOptions) -> TokenDecision:
    original = token.text
    if token.kind == "fixed":
        return TokenDecision(
            token.line, token.start, token.end, original, original, 1.0, "protected"
        )
    if not word:
        status = "unreadable" if _WORDISH.match(original) and len(original) > 1 else "kept"
        return TokenDecision(token.line, token.start, token.end, original, original, 0.0, status)
    if word == normalize_tone(original.lower()):
        restored = normalize_tone(original, style=options.tone_style)
        return TokenDecision(token.line, token.start, token.end, original, restored, conf, "kept")
    pattern = "upper" if token.caps_line and sum(c.isupper() for c in original) > 1 else None
    restored = apply_case(
        normalize_tone(word, style=options.tone_style), pattern or case_pattern(original)
    )
    status = "changed" if restored != normalize_tone(original, style=options.tone_style) else "kept"
    if options.tone_style == "old" and status == "kept":
        restored = normalize_tone(original, style="old")
    return TokenDecision(token.line, token.start, token.end, original, restored, conf, status)
