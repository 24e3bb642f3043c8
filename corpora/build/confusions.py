"""Learn what ``tesseract -l eng`` (and other Latin-script models, ``OTHER_MODELS``) reads for
each Vietnamese letter (build side).

Training text (never evaluation text) is rendered and read back (``corpora.build.garble``); each line
read is aligned with its source word by word, and each word pair letter by letter, by a few
rounds of hard EM: align every pair with the current costs, count the edits, re-estimate.
Outputs two tables:

- ``ocr-eng-chars-v1.tsv``: Vietnamese letter (lower case; empty: nothing, an inserted
  character), what was read for it (0 to 2 characters; empty: nothing, a dropped letter),
  count;
- ``ocr-eng-words-v1.tsv``: word read (lower case), syllable it was, count (2 or more).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from corpora.build import garble
from corpora.edits import Edit, align, letter_cost
from corpora.spelling import normalize_tone, skeleton

# Tesseract models of other languages in Latin script that old engines read Vietnamese with
# (Western and Central European: "cäc", "nhi&m", "cöng", "lićn"), learned beside ``-l eng``
OTHER_MODELS = ("fra", "deu", "por", "spa", "ita", "nld", "pol")
CHARS_FILE = "ocr-eng-chars-v1.tsv"
WORDS_FILE = "ocr-eng-words-v1.tsv"
_SOURCE_WORD = re.compile(r"[^\W\d_]+")
_EDGE = "\"'.,;:!?()[]{}<>«»“”‘’…-–—/\\|*"


# --------------------------------------------------------------------------- pairs


def read_pages(
    lines: Sequence[str],
    styles: Sequence[garble.Style],
    *,
    cache: Path,
    workers: int = 2,
    lang: str = "eng",
) -> list[tuple[str, str]]:
    """(source line, OCR line) pairs; ``lines`` are spread over the styles page by page and
    read with the Tesseract model ``lang``."""
    chunks = []
    per_style = max(1, math.ceil(len(lines) / len(styles)))
    for i, style in enumerate(styles):
        part = garble.wrap(lines[i * per_style : (i + 1) * per_style], style)
        if part:
            chunks.append((part, style, i))
    with ProcessPoolExecutor(workers) as pool:
        results = pool.map(_read_chunk, [(c, cache, lang) for c in chunks])
        return [pair for result in results for pair in result]


def _read_chunk(
    arg: tuple[tuple[list[str], garble.Style, int], Path, str],
) -> list[tuple[str, str]]:
    (lines, style, seed), cache, lang = arg
    return garble.garble_lines(lines, style, cache=cache, seed=seed, lang=lang)


SHORT_PAIR = 2  # letters: a word this short read as something unlike it ("ở" as "6") ...
GOOD_PAIR = 0.34  # ... is paired when the words on both sides pair at least this well


def word_pairs(source: str, read: str) -> list[tuple[str, str]]:
    """(syllable, word read) pairs of a line, both lower case, aligned by similarity; a short
    word read as something unlike it ("ở" as "6") is paired by its place, between two words
    that pair well."""
    src = [normalize_tone(w.lower()) for w in _SOURCE_WORD.findall(source)]
    got = [w for w in (t.strip(_EDGE).lower() for t in read.split()) if w]
    a = [skeleton(w) for w in src]
    b = [garble._loose(w) for w in got]
    pairs = garble.align(a, b, Levenshtein.normalized_similarity, gap=0.4)
    good = [
        i is not None
        and j is not None
        and Levenshtein.normalized_similarity(a[i], b[j]) >= GOOD_PAIR
        for i, j in pairs
    ]
    out = []
    for k, (i, j) in enumerate(pairs):
        if i is None or j is None:
            continue
        if good[k] or (
            0 < k < len(pairs) - 1
            and good[k - 1]
            and good[k + 1]
            and len(a[i]) <= SHORT_PAIR
            and 0 < len(got[j]) <= SHORT_PAIR + 1
        ):
            out.append((src[i], got[j]))
    return out


# --------------------------------------------------------------------------- letters


def align_letters(word: str, read: str, cost: Callable[[str, str], float]) -> list[Edit]:
    """The cheapest edits turning the letters of ``word`` into ``read``."""
    return align(word, read, cost)[1]


def edit_cost(counts: Counter[Edit]) -> Callable[[str, str], float]:
    """-log P(read | letter) by the edit counts so far (as the restorer's channel scores)."""
    totals, inserted = _totals(counts), _inserted(counts)
    memo: dict[Edit, float] = {}

    def cost(letter: str, read: str) -> float:
        got = memo.get((letter, read))
        if got is None:
            got = memo[letter, read] = letter_cost(
                counts.get((letter, read), 0.0),
                totals.get(letter, 0.0),
                letter,
                read,
                inserted=inserted,
            )
        return got

    return cost


def learn_letters(pairs: Counter[tuple[str, str]], *, rounds: int = 4) -> Counter[Edit]:
    """Hard EM over (syllable, word read) pairs with their counts: the edit counts."""
    counts: Counter[Edit] = Counter()
    for _ in range(rounds):
        cost = edit_cost(counts)
        counts = Counter()
        for (word, read), n in pairs.items():
            for edit in align_letters(word, read, cost):
                counts[edit] += n
    return counts


def _totals(counts: Counter[Edit]) -> dict[str, float]:
    totals: Counter[str] = Counter()
    for (letter, _), n in counts.items():
        totals[letter] += n
    return dict(totals)


def _inserted(counts: Counter[Edit]) -> float:
    totals = _totals(counts)
    return (totals.get("", 0.0) + 1.0) / (sum(n for k, n in totals.items() if k) + 100.0)


# --------------------------------------------------------------------------- files

# Readings seen in real scans by an engine without Vietnamese that clean renders rarely show:
# Đ read as P, D or B ("Tam Puong", "Tam DPwong", "Pong chi"), ô/ố as b ("Sb:", "cbng"), ã as 4
# or & ("x4", "x&"), ở as & ("s&"), ề/ể as ¢/€ ("d¢", "d€"), ộ/ọ as Q ("HQI"), â and ă with
# any tone as i (a small scan's circumflex or breve merged into the letter: "tim", "Vin",
# "ting"). Each is added as this share of its letter's learned readings.
DESCRIBED = (
    ("đ", "p", 0.02), ("đ", "dp", 0.005), ("đ", "db", 0.005), ("đ", "b", 0.005),
    ("ô", "b", 0.01), ("ố", "b", 0.01), ("ồ", "b", 0.005), ("ổ", "b", 0.005),
    ("ã", "4", 0.02), ("á", "4", 0.005), ("à", "4", 0.005), ("ã", "&", 0.01), ("ở", "&", 0.01),
    ("ề", "¢", 0.01), ("ể", "¢", 0.005), ("ề", "€", 0.005), ("ể", "€", 0.01),
    ("ộ", "q", 0.01), ("ọ", "q", 0.005),
    *((letter, "i", 0.01) for letter in "âầấậẩẫăằắặẳẵ"),
)  # fmt: skip


def write_tables(
    edits: Counter[Edit], pairs: Counter[tuple[str, str]], folder: Path
) -> tuple[int, int]:
    n_rows = write_letters(edits, folder)
    words = sorted(
        ((r, w, n) for (w, r), n in pairs.items() if n >= 2), key=lambda t: (t[0], -t[2], t[1])
    )
    with open(folder / WORDS_FILE, "w", encoding="utf-8") as fh:
        fh.write("# read as\tsyllable\tcount\n")
        for read, word, n in words:
            fh.write(f"{read}\t{word}\t{n}\n")
    return n_rows, len(words)


def write_letters(edits: Counter[Edit], folder: Path) -> int:
    """The letters' table: the learned ``edits``, then the ``DESCRIBED`` readings."""
    rows = [(letter, read, n, "learned") for (letter, read), n in edits.items()]
    totals = _totals(edits)
    for letter, read, share in DESCRIBED:
        rows.append((letter, read, max(1, round(share * totals.get(letter, 0))), "described"))
    rows.sort(key=lambda r: (r[0], r[3] != "learned", -r[2], r[1]))
    with open(folder / CHARS_FILE, "w", encoding="utf-8") as fh:
        fh.write(
            "# letter\tread as\tcount\tsource (learned from renders, or described: "
            "seen in real scans, pseudo-counts)\n"
        )
        for row in rows:
            fh.write("\t".join(map(str, row)) + "\n")
    return len(rows)


def learned_letters(folder: Path) -> Counter[Edit]:
    """The learned edits of the letters' table already in ``folder`` (its described rows
    left out), to write it again with other described readings without reading the renders
    again."""
    edits: Counter[Edit] = Counter()
    with open(folder / CHARS_FILE, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            letter, read, count, source = line.rstrip("\n").split("\t")
            if source == "learned":
                edits[(letter, read)] += int(count)
    return edits


def count_pairs(lines: Iterable[tuple[str, str]]) -> Counter[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for source, read in lines:
        pairs.update(word_pairs(source, read))
    return pairs
