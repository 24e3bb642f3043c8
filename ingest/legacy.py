"""Vietnamese text in the encodings that came before Unicode, read back as Unicode (NFC).

Archives hold text typed in TCVN3 (ABC; fonts .VnTime, .VnTimeH), VNI-Windows (fonts
VNI-Times), VIQR (RFC 1456, ASCII) and Windows-1258. Such a file is not UTF-8, and the same
text copied out of an old PDF arrives as the Latin-1/cp1252 reading of those bytes
("KÕ ho¹ch" for "Kế hoạch"). UTF-8 itself arrives so too when a system along the way read
it as Windows-1252 and saved what it showed ("Káº¿ hoáº¡ch": ``utf-8-as-cp1252``). None of
these encodings marks itself, so the encoding is found by scoring: each candidate reading is
cut into syllables, and the reading whose syllables are valid Vietnamese wins, but only when
it is clearly better than the text as it stands.
Text that already holds Unicode Vietnamese letters is never converted.

TCVN3 (TCVN 5712:1993, table VN3) has codes for the 67 lowercase letters with marks and
for Ă Â Ê Ô Ơ Ư Đ only: the .VnTimeH fonts draw the lowercase codes as capitals, so "Ế"
and "ế" are the same byte. Those letters decode as lowercase, except inside a word or line
written in capitals ("HO¹CH" -> "HOẠCH"), where a capital is the only sensible reading.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from typing import NamedTuple

GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES = GRAVE + HOOK + TILDE + ACUTE + DOT
BREVE, CIRCUMFLEX, HORN = "\u0306", "\u0302", "\u031b"
NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1258": "Windows-1258"}
NAMES |= {"tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows", "viqr": "VIQR"}
NAMES |= {"utf-8-as-cp1252": "UTF-8 read as Windows-1252"}

# TCVN3 code (as its Latin-1 character) -> letter: a vowel's five tones go grave, hook,
# tilde, acute, dot; the letter with a vowel mark comes before its toned forms.
_TCVN3_CODES = "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô\xadõö÷øùúûüýþ¡¢£¤¥¦§"
_TCVN3_LETTERS = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂÊÔƠƯĐ"
_TCVN3_DECODE = str.maketrans(dict(zip(_TCVN3_CODES, _TCVN3_LETTERS, strict=True)))
_SHARED_LOWER = "".join(ch for ch in _TCVN3_LETTERS if ch.islower() and ch not in "ăâêôơưđ")
_SHARED_UPPER = str.maketrans(_SHARED_LOWER, _SHARED_LOWER.upper())
_SHARED = re.compile(f"[{_SHARED_LOWER}]")
_SHARED_WORD = re.compile(f"[^\\W\\d_]*[{_SHARED_LOWER}][^\\W\\d_]*")
_TYPED_LOWER = re.compile("[a-zăâêôơưđ]")  # letters with capitals of their own
_CAPITAL = re.compile("[A-ZĂÂÊÔƠƯĐ]")

# VNI-Windows: a base letter followed by a mark byte; đ, ơ, ư and i (and ỵ) are one byte.
_VNI_TONE = dict(zip("øûõùï", TONES, strict=True))
_VNI_CIRCUMFLEX = dict(zip("âàåãáä", ["", *TONES], strict=True))
_VNI_BREVE = dict(zip("êèúüéë", ["", *TONES], strict=True))
_VNI_SINGLE = dict(zip("ñôöìæóíòî", "đơưìỉĩíịỵ", strict=True))
_VNI_MARKS = "".join([*_VNI_TONE, *_VNI_CIRCUMFLEX, *_VNI_BREVE])
_VNI_RE = re.compile(
    f"([aeiouyAEIOUY])([{_VNI_MARKS}{_VNI_MARKS.upper()}])|([ôöÔÖ])([øûõùïØÛÕÙÏ]?)"
    "|([ñìæóíòîÑÌÆÓÍÒÎ])"
)

# VIQR (RFC 1456): marks typed after the letter, "dd" for đ, a backslash keeps a mark literal.
_VIQR_MODIFIERS = {"(": BREVE, "^": CIRCUMFLEX, "+": HORN}
_VIQR_TONES = dict(zip("`?~'.", TONES, strict=True))
_VIQR_TAKES = {BREVE: "aA", CIRCUMFLEX: "aeoAEO", HORN: "ouOU"}
_VIQR_RE = re.compile(r"\\([\\(^+`?~'.dD])|([dD])([dD])|([aeiouyAEIOUY])([(^+]?)([`?~'.]?)")
_VIQR_STRONG = re.compile(r"[aeiouyAEIOUY](?:[(^+`~]|['?.](?=[A-Za-z]))")
_VIQR_WEAK = re.compile(r"[aeiouyAEIOUY]['?.](?![A-Za-z])")

# A syllable: onset, rhyme (vowel nucleus with its glides) and coda; spelling rules of
# c/k, g/gh and ng/ngh before front vowels are kept, so random letters rarely pass.
_ONSET = (
    r"(?:ngh(?=[eêi])|ng(?![eêi])|gh(?=[eêi])|gi(?=[aăâeêoôơuư])|nh|ch|kh|ph|th|tr"
    r"|qu(?=[aăâeêioôơy])|k(?=[eêiy])|c(?![eêiy])|g(?![eê])|[bdđhlmnprstvx])?"
)
_RHYME = (
    r"(?:(?:a|oa|ê|uê|i|uy)(?:ch|nh|ng|c|m|n|p|t)?|(?:e|o|ô|ơ|u|ư|y|oe)(?:ng|c|m|n|p|t)?"
    r"|(?:ă|â|iê|yê|uô|ươ|oă|uâ|uyê)(?:ng|c|m|n|p|t)"
    r"|oai|oay|oao|oeo|uây|uôi|ươi|ươu|iêu|yêu|uyu|uya"
    r"|ai|ay|ao|au|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu|ia|ua|ưa|uơ)"
)
_SYLLABLE = re.compile(f"({_ONSET}){_RHYME}")
_VOWELS = "aăâeêioôơuưy"
_ACRONYM = frozenset(string.ascii_letters + "Đ")  # HĐND, QĐ: no syllable to judge
_EDGE = string.punctuation + "“”‘’–—…"
_ASCII_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")

# A byte as its Latin-1 or cp1252 reading -> the byte; Windows-1258 text read that way.
_BYTE_OF = {chr(b): b for b in range(256)} | {
    bytes([b]).decode("cp1252", errors="ignore") or chr(b): b for b in range(256)
}
_CP1258_FROM_READING = str.maketrans(
    {ch: bytes([b]).decode("cp1258", errors="ignore") or ch for ch, b in _BYTE_OF.items()}
)
_NON_ASCII = re.compile("[^\x00-\x7f]+")
_SAMPLE = 65536  # characters or bytes scored; enough to judge, cheap on large files


class UndecodableText(ValueError):
    """No encoding reads the bytes as text; ``guess`` names the closest one, if any."""

    def __init__(self, guess: str | None) -> None:
        super().__init__(f"cannot decode text (closest: {guess or 'none'})")
        self.guess = guess


class Score(NamedTuple):
    """Words read as Vietnamese syllables with marks (good), and words that cannot be."""

    good: int
    bad: int

    @property
    def value(self) -> int:
        return self.good - 2 * self.bad


def describe(encoding: str) -> str:
    """The name people know an encoding by, for messages."""
    return NAMES.get(encoding, encoding)


def detect(data: bytes) -> str | None:
    """The encoding of ``data`` ("utf-8", "utf-16", "cp1258", "tcvn3", "vni", "viqr") or None."""
    try:
        return decode(data)[1]
    except UndecodableText:
        return None


def decode(data: bytes) -> tuple[str, str]:
    """``data`` as Unicode NFC text and the encoding it was read from.

    UTF-8 (or UTF-16 with a byte order mark) is taken as it is unless it holds only
    Latin-1/cp1252 characters that read far better as TCVN3, VNI or VIQR: legacy text
    pasted into a Unicode file. Raises UndecodableText when no encoding fits.
    """
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    try:
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError:
        if utf16:
            raise UndecodableText("utf-16") from None
        return _decode_legacy(data)
    if found := detect_text(text):
        return convert_text(text, found), found
    return _nfc(text), "utf-16" if utf16 else "utf-8"


def detect_text(text: str) -> str | None:
    """The encoding ("tcvn3", "vni", "viqr", "utf-8-as-cp1252") that ``text`` is clearly a
    misreading of, or None.

    A text with any letter beyond cp1252 (ạ, ế, đ, ơ...) is Unicode already and never
    converted; otherwise a reading must score clearly better than the text as it is.
    """
    sample = text[:_SAMPLE]
    if not set(sample) <= _BYTE_OF.keys():
        return None
    names = ["tcvn3", "vni", "utf-8-as-cp1252"] + (["viqr"] if _viqr_plausible(sample) else [])
    return _pick(sample, {name: convert_text(sample, name) for name in names})[0]


def _decode_legacy(data: bytes) -> tuple[str, str]:
    sample = data[:_SAMPLE]
    readings = {n: r for n in ("tcvn3", "vni", "cp1258") if (r := _read(sample, n)) is not None}
    found, guess = _pick(sample.decode("latin-1"), readings)
    text = _read(data, found) if found else None
    if found is None or text is None:
        raise UndecodableText(guess)
    return text, found


def _read(data: bytes, encoding: str) -> str | None:
    if encoding != "cp1258":
        return convert_text(data.decode("latin-1"), encoding)
    try:
        return _nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def _pick(base_text: str, readings: dict[str, str]) -> tuple[str | None, str | None]:
    """(accepted reading, closest reading): accepted only when clearly better than the base.

    Clearly better: two words at least, two points above the text as it is (a bad word
    costs two), no other reading as good, and at most one word in five still failing.
    """
    base = score(base_text)
    ranked = sorted(((score(t), n) for n, t in readings.items()), key=lambda p: -p[0].value)
    if not ranked or ranked[0][0].good == 0 or ranked[0][0].value <= base.value:
        return None, None
    (best, name), rest = ranked[0], ranked[1:]
    tied = any(s.value == best.value and readings[n] != readings[name] for s, n in rest)
    margin = best.good >= 2 and best.value >= base.value + 2 and best.bad * 5 <= best.good
    return (name if margin and not tied else None), name


def _viqr_plausible(text: str) -> bool:
    """VIQR needs marks no plain text has: sentence dots and question marks prove nothing."""
    strong = len(_VIQR_STRONG.findall(text))
    return strong >= 2 and strong >= len(_VIQR_WEAK.findall(text))


def score(text: str) -> Score:
    """Count the words of ``text`` that are Vietnamese syllables with marks, and the misfits.

    ASCII words count for nothing either way (English, numbers, unaccented Vietnamese), nor
    do acronyms (HĐND); a word with another non-ASCII letter is good when it is a syllable,
    bad otherwise, and so is one mixing such letters with digits or symbols ("ho¹ch").
    """
    good = bad = 0
    for token in text[:_SAMPLE].split():
        for part in _ASCII_PUNCTUATION.split(token.strip(_EDGE)):
            if set(part) <= _ACRONYM or part.isascii():
                continue
            if part.isalpha() and is_syllable(part):
                good += 1
            else:
                bad += 1
    return Score(good, bad)


@functools.lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when ``word`` is spelt as a Vietnamese syllable: onset, rhyme, one tone in place.

    A syllable closed by c, ch, p or t takes only the acute or the dot below, and the tone
    sits on the vowel the spelling gives it ("hoà" and "hòa" both pass, "hoaì" does not).
    """
    word = word.lower()
    toned = [
        (i, m) for i, ch in enumerate(word) for m in unicodedata.normalize("NFD", ch) if m in TONES
    ]
    plain = _nfc("".join(ch for ch in unicodedata.normalize("NFD", word) if ch not in TONES))
    match = _SYLLABLE.fullmatch(plain)
    if match is None or len(toned) > 1 or len(plain) != len(word):
        return False
    if not toned:
        return True
    (at, tone), rhyme = toned[0], plain[match.end(1) :]
    if plain.endswith(("c", "ch", "p", "t")) and tone not in ACUTE + DOT:
        return False
    nucleus = rhyme[: len(rhyme) - len(rhyme.lstrip(_VOWELS))]
    return at - match.end(1) in _tone_places(nucleus, closed=nucleus != rhyme)


def _tone_places(nucleus: str, *, closed: bool) -> tuple[int, ...]:
    """Where the tone may sit in a vowel nucleus, so misplaced tones read as misfits.

    On the last marked vowel (ươ, iê, â); on the last vowel before a coda; else on the
    middle of three or the first of two, where oa, oe and uy allow either (old and new).
    """
    marked = [i for i, ch in enumerate(nucleus) if ch in "ăâêôơư"]
    if marked:
        return (marked[-1],)
    if closed or len(nucleus) == 1:
        return (len(nucleus) - 1,)
    if len(nucleus) == 3:
        return (1,)
    return (0, 1) if nucleus in ("oa", "oe", "uy") else (0,)


def convert_text(text: str, encoding: str) -> str:
    """``text`` read as the Latin-1/cp1252 rendering of ``encoding``, converted to NFC.

    Characters that cannot come from that encoding are kept as they are.
    """
    if encoding == "tcvn3":
        text = _recase(text.translate(_TCVN3_DECODE))
    elif encoding == "vni":
        text = _VNI_RE.sub(_vni_letter, text)
    elif encoding == "viqr":
        text = _VIQR_RE.sub(_viqr_letter, text)
    elif encoding == "cp1258":
        text = text.translate(_CP1258_FROM_READING)
    elif encoding == "utf-8-as-cp1252":
        text = _NON_ASCII.sub(_utf8_of_reading, text)
    elif encoding not in ("utf-8", "utf-16"):
        raise ValueError(f"unknown encoding {encoding!r}")
    return _nfc(text)


def _utf8_of_reading(match: re.Match[str]) -> str:
    """A run of characters read from UTF-8 bytes as Windows-1252 ("áº¿"), read back as UTF-8
    ("ế"); kept as it is where those bytes are not UTF-8 ("é" alone)."""
    run = match[0]
    try:
        return bytes([_BYTE_OF[ch] for ch in run]).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return run


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _recase(text: str) -> str:
    """Capitalise TCVN3's shared codes where the text around them is in capitals.

    A word with two capitals and no lowercase ASCII ("HO¹CH") is in capitals; so is a whole
    line without lowercase ASCII that holds such a word with a mark ("KÕ HO¹CH"), which
    settles its one-capital words too. "Sè: 12/KH-UBND" stays "Số": nothing in it shows
    that its marked letters were drawn as capitals.
    """
    return "\n".join(_recase_line(line) for line in text.split("\n"))


def _recase_line(line: str) -> str:
    if len(_CAPITAL.findall(line)) < 2 or not _SHARED.search(line):
        return line  # the usual line: nothing to decide
    words = _SHARED_WORD.findall(line)
    if not _TYPED_LOWER.search(line) and any(_in_capitals(w) for w in words):
        return line.translate(_SHARED_UPPER)
    return _SHARED_WORD.sub(
        lambda m: m[0].translate(_SHARED_UPPER) if _in_capitals(m[0]) else m[0], line
    )


def _in_capitals(word: str) -> bool:
    """True for a word with two capitals and no letter TCVN3 would have written as one."""
    return not _TYPED_LOWER.search(word) and len(_CAPITAL.findall(word)) >= 2


def _vni_letter(match: re.Match[str]) -> str:
    if match[5]:
        single = _VNI_SINGLE[match[5].lower()]
        return single.upper() if match[5].isupper() else single
    if match[3]:
        base = {"ô": "o", "ö": "u", "Ô": "O", "Ö": "U"}[match[3]]
        return _nfc(base + HORN + _VNI_TONE.get(match[4].lower(), ""))
    base, mark = match[1], match[2].lower()
    if mark in _VNI_TONE:
        return _nfc(base + _VNI_TONE[mark])
    if mark in _VNI_CIRCUMFLEX and base in "aeoAEO":
        return _nfc(base + CIRCUMFLEX + _VNI_CIRCUMFLEX[mark])
    if mark in _VNI_BREVE and base in "aA":
        return _nfc(base + BREVE + _VNI_BREVE[mark])
    return match[0]


def _viqr_letter(match: re.Match[str]) -> str:
    if match[1] or match[2]:
        return match[1] or ("đ" if match[2].islower() else "Đ")
    base, modifier, tone = match[4], _VIQR_MODIFIERS.get(match[5], ""), match[6]
    if modifier and base not in _VIQR_TAKES[modifier]:
        return match[0]
    return _nfc(base + modifier + _VIQR_TONES.get(tone, ""))


def encode(text: str, encoding: str) -> bytes:
    """``text`` in a legacy encoding, as the old tools wrote it (used to make test documents).

    Raises ValueError for a character the encoding cannot hold.
    """
    text = _nfc(text)
    if encoding == "cp1258":
        return b"".join(_cp1258_bytes(ch) for ch in text)
    if encoding not in ("tcvn3", "vni", "viqr"):
        raise ValueError(f"unknown encoding {encoding!r}")
    table = _encode_table(encoding)
    missing = [ch for ch in text if not ch.isascii() and ch not in table]
    if missing:
        raise ValueError(f"{describe(encoding)} cannot hold {missing[0]!r}")
    if encoding == "viqr":
        return _viqr_escaped(text, table).encode("ascii")
    return "".join(table.get(ch, ch) for ch in text).encode("latin-1")


@functools.cache
def _encode_table(encoding: str) -> dict[str, str]:
    """Letter -> its shortest spelling, found by running the decoder over every spelling.

    For TCVN3 a capital with no code of its own takes its lowercase letter's code.
    """
    if encoding == "tcvn3":
        marks, spellings = [""], [*_TCVN3_CODES]
    elif encoding == "vni":
        marks, spellings = ["", *_VNI_MARKS], [*_VNI_SINGLE, "a", "e", "i", "o", "u", "y", "ô", "ö"]
    else:
        marks = [m + t for m in ["", *_VIQR_MODIFIERS] for t in ["", *_VIQR_TONES]]
        spellings = ["dd", "a", "e", "i", "o", "u", "y"]
    spellings = [s + m for s in spellings for m in marks]
    if encoding != "tcvn3":
        spellings += [s.upper() for s in spellings]
    table: dict[str, str] = {}
    for spelling in sorted(spellings, key=len):
        letter = convert_text(spelling, encoding)
        if len(letter) == 1 and not letter.isascii():
            table.setdefault(letter, spelling)
    for letter, spelling in list(table.items()):
        table.setdefault(letter.upper(), spelling)  # TCVN3's capitals without codes
    return table


def _viqr_escaped(text: str, table: dict[str, str]) -> str:
    """VIQR with a backslash wherever the reader would otherwise join what was not joined.

    That is before a literal mark after a letter ("hoa\\."), and before a literal d that
    would pair with the đ after it ("G\\DDDT" for "GDĐT").
    """
    spellings = [table.get(ch, ch) for ch in text]
    out: list[str] = []
    last = ""
    for ch, spelling, after in zip(text, spellings, [*spellings[1:], ""], strict=True):
        joined = convert_text(last + spelling, "viqr") != convert_text(last, "viqr") + ch
        pairs = ch in "dD" and after[:1] in ("d", "D")
        last = "\\" + spelling if ch == "\\" or pairs or (last and joined) else spelling
        out.append(last)
    return "".join(out)


def _cp1258_bytes(ch: str) -> bytes:
    """Windows-1258 writes the tone as a combining mark after the letter and its vowel mark."""
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(m for m in parts if m in TONES)
    try:
        return (_nfc("".join(m for m in parts if m not in TONES)) + tone).encode("cp1258")
    except UnicodeEncodeError:
        raise ValueError(f"Windows-1258 cannot hold {ch!r}") from None
