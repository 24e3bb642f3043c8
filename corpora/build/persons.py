"""Persons' names counted in training text for ``person-names-v1.tsv`` (build side; the
loader is ``corpora.persons``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from corpora import CORPORA_DIR
from corpora.persons import PERSON_NAMES_FILE, POSITIONS

FAMILY_NAMES_FILE = "family-names-v1.txt"  # written by hand, beside those found by counting
MIN_COUNT = 2  # a (position, syllable) seen fewer times is left out of the file
FAMILY_MIN_RUNS = 60  # a family name starts at least this many distinct three-syllable runs ...
FAMILY_MIN_SHARE = 0.3  # ... and at least this share of the runs it is capitalised in
FAMILY_MAX_LOWER = 4.0  # ... and is written in lower case at most this many times as capitalised
_PHRASE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def capital_runs(texts: Iterable[str]) -> tuple[Counter[tuple[str, ...]], Counter[str]]:
    """Maximal runs of two or more title-case words separated by single spaces, counted; not
    those that start a sentence or line (any word is capitalised there); and how often each
    word is written in lower case."""
    runs: Counter[tuple[str, ...]] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        for match in _PHRASE.finditer(text):
            before = text[: match.start()].rstrip(" ")[-1:]
            initial = before in ("", "\n", ".", "!", "?", ":", '"', "“", "(", "-", "*", "#")
            run: list[str] = []
            for index, word in enumerate((*match.group(0).split(" "), "")):
                if word[:1].isupper() and (len(word) == 1 or word[1:].islower()):
                    if run or index > 0 or not initial:
                        run.append(word)
                    continue
                if word.islower():
                    lower[word] += 1
                if len(run) >= 2:
                    runs[tuple(run)] += 1
                run = []
    return runs, lower


def family_names(
    runs: Counter[tuple[str, ...]],
    lower: Counter[str],
    norm: Callable[[str], str],
    valid: Callable[[str], bool],
) -> set[str]:
    """Syllables that start many distinct runs of three, are seldom capitalised elsewhere in
    runs and seldom written in lower case (titles and common nouns are: "huyện", "vua")."""
    lowered: Counter[str] = Counter()
    for word, n in lower.items():
        lowered[norm(word)] += n
    capitalised: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for run, n in runs.items():
        for word in run:
            capitalised[norm(word)] += n
        if len(run) == 3:  # distinct names: persons differ, places repeat ("Tây Ban Nha")
            starts[norm(run[0])] += 1
        for word in run[1:]:
            inside[norm(word)] += 1
    return {
        s
        for s, n in starts.items()
        if valid(s)
        and lowered[s] <= FAMILY_MAX_LOWER * capitalised[s]
        and n >= FAMILY_MIN_RUNS
        and n >= FAMILY_MIN_SHARE * (n + inside[s])
    }


def listed_family_names(path: Path = CORPORA_DIR / FAMILY_NAMES_FILE) -> set[str]:
    """The family names listed by hand (``family-names-v1.txt``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def count_names(
    runs: Counter[tuple[str, ...]], families: set[str], norm: Callable[[str], str]
) -> Counter[tuple[str, str]]:
    """(position, syllable) -> count over names: a run of 2-4 syllables from a family name,
    at the start of a capitalised run or after its first word ("Ông Nguyễn Văn An")."""
    counts: Counter[tuple[str, str]] = Counter()
    for run, n in runs.items():
        words = [norm(w) for w in run]
        start = next((k for k in (0, 1) if k < len(words) and words[k] in families), None)
        if start is None or not 2 <= len(words) - start <= 4:
            continue
        name = words[start:]
        counts["family", name[0]] += n
        counts["given", name[-1]] += n
        for middle in name[1:-1]:
            counts["middle", middle] += n
    return counts


def write_person_names(
    counts: Counter[tuple[str, str]],
    valid: Callable[[str], bool],
    path: Path = CORPORA_DIR / PERSON_NAMES_FILE,
) -> int:
    rows = sorted(
        (POSITIONS.index(p), s, n) for (p, s), n in counts.items() if n >= MIN_COUNT and valid(s)
    )
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# position (family, middle, given)\tsyllable\tnames of the training text\n")
        for p, s, n in rows:
            fh.write(f"{POSITIONS[p]}\t{s}\t{n}\n")
    return len(rows)
