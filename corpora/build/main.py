"""Build the data files in corpora/ from their sources: rerunnable and deterministic.

    .venv/bin/pip install -e ".[corpora]"
    .venv/bin/python -m corpora.build [--shared ../shared] [--only lm,registers,words,...]

Sources (each file's are recorded with licence, entries, size and sha256 in corpora/MANIFEST):
- syllable lexicon: hunspell-vi (Debian), wordfreq small_vi, Tesseract's vie.wordlist,
  underthesea's Viet74K, the names of administrative units (vietnamadminunits);
- syllable language model (4-gram, modified Kneser-Ney, ``corpora.build.estimate``):
  Vietnamese Wikipedia (held-out articles excluded), Decree 30/2020 (held-out parts excluded,
  weighted up as in-domain text), administrative phrasing (``admin-phrases-v1.txt`` with the
  gazetteer's unit names) and administrative documents written for the project
  (``admin-texts-v1.txt``, weighted up too), everyday text of every newspaper section written
  for the project (``general-texts-v1.txt``, held-out articles excluded), UD
  Vietnamese-VTB, Viet74K words; singleton 4-grams pruned;
- registers: each word's count in the administrative and in the general training text;
- words: Viet74K's lower-case words of two to four syllables;
- topics: the skeletons near each syllable in the training documents, against its skeleton's;
- abbreviation expansions: abbreviations defined in parentheses after their words in the
  language model's training text ("Hội đồng nhân dân (HĐND)"), for the model's context;
- OCR confusions: training text rendered with Pillow (Liberation Serif, and DejaVu Serif and
  Noto Serif where installed) and read back by ``tesseract -l eng`` (an eighth of it each by
  each of ``confusions.OTHER_MODELS`` too) (``corpora.build.garble``),
  aligned syllable by syllable and counted; the step ``described`` writes the letters' table
  again from its learned rows with the readings seen in real scans (``confusions.DESCRIBED``);
- OCR slips: training text rendered the same way and read back by ``tesseract -l vie``, the
  syllables read as other syllables counted (``corpora.build.slips``);
- gazetteer: vietnamadminunits, units before and after the 1 July 2025 reform.
Never reads /work/shared/samples: those documents are evaluation text only. Intermediate
results (token counts, OCR of the rendered pages) are cached in build/corpora-cache.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from corpora import CORPORA_DIR, GENERAL_TEXTS, lm
from corpora.build import confusions, estimate, garble, persons, slips, topics
from corpora.build import sources as src
from corpora.build.gazetteer import admin_units, unit_phrases, write_gazetteer
from corpora.build.lexicon import build_lexicon, norm, valid_syllable, viet74k
from corpora.manifest import write_manifest
from corpora.persons import PERSON_NAMES_FILE
from corpora.registers import IN_DOMAIN_WEIGHT, REGISTERS_FILE
from corpora.topics import TOPICS_FILE
from corpora.topics import save as save_topics
from corpora.words import WORDS_FILE

ROOT = CORPORA_DIR.parent
CACHE = ROOT / "build" / "corpora-cache"

# --------------------------------------------------------------------------- text -> ids

_TOKEN = re.compile(r"\d+(?:[.,/:-]\d+)*|[^\W\d_]+|[.,!?;:()\[\]\"“”…\n]")


class Vocabulary:
    """Syllable (and frequent other token) ids; 0..3 are the special tokens of ``corpora.lm``."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = [*lm.SPECIALS, *words]
        self.ids = {w: i for i, w in enumerate(self.words)}
        self._cache: dict[str, int] = {}

    def id(self, token: str) -> int:
        got = self._cache.get(token)
        if got is None:
            got = lm.NUM if token[0].isdigit() else self.ids.get(norm(token), lm.UNK)
            self._cache[token] = got
        return got


def sentences(text: str) -> Iterator[list[str]]:
    """Token lists between sentence breaks (punctuation, brackets, quotes, line ends)."""
    sent: list[str] = []
    for tok in _TOKEN.findall(text):
        if tok[0].isalnum():
            sent.append(tok)
        elif tok == ",":
            if sent and sent[-1] != ",":
                sent.append(tok)
        elif sent:
            yield sent
            sent = []
    if sent:
        yield sent


def id_stream(texts: Iterable[str], vocab: Vocabulary, order: int = lm.ORDER) -> np.ndarray:
    """All sentences as one id array: order - 1 BOS, w1 .. wn, EOS for each."""
    out: list[int] = []
    ident = vocab.id
    pad = (lm.BOS,) * (order - 1)
    for text in texts:
        for sent in sentences(text):
            out += pad
            out += [ident(t) for t in sent]
            out.append(lm.EOS)
    return np.array(out, dtype=np.int64)


# --------------------------------------------------------------------------- counting


class NgramCounts:
    """Weighted n-gram counts (orders 1 to ``order``) over id streams padded for that order,
    as sorted packed keys and counts."""

    def __init__(self, order: int = lm.ORDER) -> None:
        self.order = order
        self.parts: dict[int, list[tuple[np.ndarray, float]]] = {n: [] for n in range(1, order + 1)}

    def add(self, ids: np.ndarray, *, weight: float = 1.0) -> None:
        top = self.order
        keep = ids[top - 1 :] != lm.BOS  # the n-grams end at every word but the padding
        ends = np.nonzero(keep)[0] + top - 1
        for n in range(1, top + 1):
            self.parts[n].append((lm.pack(*(ids[ends - k] for k in range(n - 1, -1, -1))), weight))

    def counts(self, order: int) -> tuple[np.ndarray, np.ndarray]:
        """(sorted distinct keys, their weighted counts)."""
        keys = np.concatenate([k for k, _ in self.parts[order]])
        weights = np.concatenate([np.full(len(k), w) for k, w in self.parts[order]])
        uniq, inverse = np.unique(keys, return_inverse=True)
        return uniq, np.bincount(inverse, weights=weights)

    def type_weights(self, order: int) -> tuple[np.ndarray, np.ndarray]:
        """(sorted distinct keys, the largest weight of a text each occurs in)."""
        distinct = [(np.unique(k), w) for k, w in self.parts[order]]
        keys = np.concatenate([k for k, _ in distinct])
        weights = np.concatenate([np.full(len(k), w) for k, w in distinct])
        uniq, inverse = np.unique(keys, return_inverse=True)
        best = np.zeros(len(uniq))
        np.maximum.at(best, inverse, weights)
        return uniq, best


# --------------------------------------------------------------------------- main


STEPS = ("lm", "confusions", "described", "slips", "names", "registers", "words", "topics")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--wiki-every", type=int, default=1, help="use every n-th article")
    parser.add_argument("--min-count", type=float, default=2, help="of the highest order")
    parser.add_argument("--min-trigram", type=float, default=1)
    parser.add_argument("--min-bigram", type=float, default=1)
    parser.add_argument(
        "--raw-lower-orders",
        action="store_true",
        help="weighted counts for the lower orders instead of (weighted) continuation counts",
    )
    parser.add_argument("--in-domain-weight", type=float, default=IN_DOMAIN_WEIGHT)
    parser.add_argument(
        "--words-weight",
        type=float,
        default=WORDS_WEIGHT,
        help="weight of the lexicons' multi-syllable words (each a sentence of its own)",
    )
    parser.add_argument("--workers", type=int, default=2, help="Tesseract processes")
    parser.add_argument(
        "--only",
        default=",".join(STEPS),
        help=f"comma-separated steps to run, of {', '.join(STEPS)} (default: all)",
    )
    args = parser.parse_args(argv)
    steps = set(args.only.split(","))
    if not steps <= set(STEPS):
        parser.error(f"--only: unknown step {', '.join(sorted(steps - set(STEPS)))}")
    shared = args.shared.resolve()
    started = time.time()
    entries: dict[str, tuple[int, str, str]] = {}
    if steps & {"lm", "confusions"}:
        units = admin_units()
        if "lm" in steps:
            entries |= build_language_model(shared, units, args)
        if "confusions" in steps:
            n_letters, n_words = build_confusions(shared, units, workers=args.workers)
            log(f"confusions: {n_letters} letter edits, {n_words} words read")
            entries[confusions.CHARS_FILE] = (n_letters, CONFUSION_SOURCE, CONFUSION_LICENCE)
            entries[confusions.WORDS_FILE] = (n_words, CONFUSION_SOURCE, CONFUSION_LICENCE)
    if "described" in steps:  # the letters' table again, its learned rows as they are
        n_letters = confusions.write_letters(confusions.learned_letters(CORPORA_DIR), CORPORA_DIR)
        log(f"described: {n_letters} letter edits")
        entries[confusions.CHARS_FILE] = (n_letters, CONFUSION_SOURCE, CONFUSION_LICENCE)
    if "slips" in steps:
        n_slips, n_letters = build_slips(shared, workers=args.workers)
        log(f"slips: {n_slips} slips of tesseract -l vie, {n_letters} of one letter")
        entries[slips.SLIPS_FILE] = (n_slips, SLIP_SOURCE, CONFUSION_LICENCE)
        entries[slips.LETTERS_FILE] = (n_letters, SLIP_SOURCE, CONFUSION_LICENCE)
    if "names" in steps:
        n_names = build_person_names(shared)
        log(f"names: {n_names} (position, syllable) entries")
        entries[PERSON_NAMES_FILE] = (n_names, NAMES_SOURCE, CONFUSION_LICENCE)
        entries[persons.FAMILY_NAMES_FILE] = (
            len(persons.listed_family_names()),
            "written for vanban: family names of Vietnam's peoples, added to those found by "
            "counting",
            "MIT (vanban)",
        )
    if "registers" in steps:
        n_words = build_registers(shared, args)
        log(f"registers: {n_words} words")
        entries[REGISTERS_FILE] = (n_words, REGISTERS_SOURCE, LM_LICENCE)
    if "topics" in steps:
        n_values = build_topic_table(shared, args)
        log(f"topics: {n_values:,} values")
        entries[TOPICS_FILE] = (n_values, TOPICS_SOURCE, LM_LICENCE)
    if "words" in steps:
        n_words = build_words()
        log(f"words: {n_words} words of two to four syllables")
        entries[WORDS_FILE] = (n_words, WORDS_SOURCE, "Apache-2.0")
    write_manifest(entries)
    log(f"done in {time.time() - started:.0f} s")


def build_language_model(
    shared: Path, units: list[tuple[str, ...]], args: argparse.Namespace
) -> dict[str, tuple[int, str, str]]:
    """The gazetteer, the lexicon, the language model and the abbreviations; their manifest
    entries."""
    n_units = write_gazetteer(units)
    log(f"gazetteer: {n_units} units")
    lexicon = build_lexicon(shared, [u[3] for u in units])
    texts = training_texts(
        shared,
        units,
        wiki_every=args.wiki_every,
        in_domain_weight=args.in_domain_weight,
        words_weight=args.words_weight,
    )
    vocab = choose_vocabulary(lexicon, texts)
    if len(vocab.words) > lm.MAX_VOCAB:
        raise SystemExit(f"lm: {len(vocab.words):,} words, more than ids pack into a key")
    counts = NgramCounts(lm.ORDER)
    for name, (weight, parts) in texts.items():
        ids = id_stream(parts, vocab)
        counts.add(ids, weight=weight)
        log(f"lm: {name}: {len(ids):,} tokens, weight {weight}")
    model = estimate.estimate(
        counts,
        len(vocab.words),
        min_count=args.min_count,
        min_bigram=args.min_bigram,
        min_trigram=args.min_trigram,
        continuation=not args.raw_lower_orders,
    )
    unigram_counts = counts.counts(1)
    uni = dict(zip(unigram_counts[0].tolist(), unigram_counts[1].tolist(), strict=True))
    write_syllables(vocab, lexicon, uni)
    lm.save(model, CORPORA_DIR / lm.LM_FILE)
    log(
        f"lm: {len(vocab.words):,} words, {len(model.bigram_words):,} bigrams, "
        + ", ".join(f"{len(o.words):,} {n}-grams" for n, o in enumerate(model.higher, 3))
    )
    n_abbreviations = write_abbreviations(shared, texts)
    log(f"abbreviations: {n_abbreviations}")
    n_expansions = write_expansions(texts)
    log(f"abbreviation expansions: {n_expansions}")
    entries = manifest_entries(vocab, model, n_units)
    entries["abbreviations-v1.tsv"] = (n_abbreviations, ABBREVIATION_SOURCE, LM_LICENCE)
    entries[EXPANSIONS_FILE] = (n_expansions, EXPANSION_SOURCE, LM_LICENCE)
    return entries


_CAPS = re.compile(r"(?<![\w-])[A-ZĐ][A-Za-zĐ]{0,6}[A-ZĐ](?:-[A-ZĐ][A-Za-zĐ]{0,6}[A-ZĐ])*(?![\w-])")
_TYPE_ROW = re.compile(r"^\|\s*\|\s*[^|]+?\s*\|\s*([A-ZĐ][A-Za-zĐ]{0,4})\s*\|\s*$", re.MULTILINE)


def write_abbreviations(shared: Path, texts: dict[str, tuple[float, list[str]]]) -> int:
    """abbreviations-v1.tsv: abbreviations written with Đ (and how often with D instead), and
    the document type codes of Decree 30/2020 (its appendix III table)."""
    counts: Counter[str] = Counter()
    for _, parts in texts.values():
        for text in parts:
            for token in _CAPS.findall(text):
                counts[token] += 1
                if "-" in token:
                    counts.update(token.split("-"))
    table = (shared / "corpora/nd30-2020/phu-luc-III.md").read_text(encoding="utf-8")
    types = set(_TYPE_ROW.findall(table))
    rows = sorted({f for f, n in counts.items() if "Đ" in f and n >= 3} | types)
    with open(CORPORA_DIR / "abbreviations-v1.tsv", "w", encoding="utf-8") as fh:
        fh.write(
            "# abbreviation\tcount in training text\tcount of its D spelling\t"
            "type (document type code of Decree 30/2020) or abbr\n"
        )
        for form in rows:
            kind = "type" if form in types else "abbr"
            fh.write(f"{form}\t{counts[form]}\t{counts[form.replace('Đ', 'D')]}\t{kind}\n")
    return len(rows)


EXPANSIONS_FILE = "abbreviation-expansions-v1.tsv"
_DEFINED = re.compile(r"((?:[^\W\d_]+[ ,-]+){1,10})\(([A-ZĐ][A-Za-zĐ]{1,7})\)")
_SKIPPED = frozenset({"và", "-"})  # words an abbreviation leaves out ("GDĐT": giáo dục và đào tạo)
MIN_DEFINITIONS = 2  # an expansion is kept when defined this many times ...
MIN_SHARE = 0.6  # ... and is this share of its abbreviation's definitions


def expansion(words: list[str], abbreviation: str) -> str | None:
    """The words (lower case) ending ``words`` whose initials spell the capitals of
    ``abbreviation`` ("Hội đồng nhân dân" for "HĐND"), skipping "và"; None if they do not."""
    letters = [c for c in abbreviation if c.isupper()]
    out: list[str] = []
    j = len(words) - 1
    for letter in reversed(letters):
        while j >= 0 and words[j].lower() in _SKIPPED and _initial(words[j]) != letter:
            out.append(words[j].lower())
            j -= 1
        if j < 0 or _initial(words[j]) != letter:
            return None
        out.append(words[j].lower())
        j -= 1
    return " ".join(reversed(out))


def _initial(word: str) -> str:
    """The first letter in capitals, without marks ("Ủy" -> "U"; Đ stays Đ)."""
    return unicodedata.normalize("NFD", word[:1].upper())[:1]


def count_expansions(texts: Iterable[str]) -> dict[str, Counter[str]]:
    """abbreviation -> its expansions as defined in ``texts`` ("Hội đồng nhân dân (HĐND)")."""
    found: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            letters = [c for c in m.group(2) if c.isalpha()]
            upper = sum(c.isupper() for c in letters)
            if upper < 2 or upper < len(letters) - 1:  # "HĐND", "TTr"; not "Austria"
                continue
            words = re.findall(r"[^\W\d_]+", m.group(1))
            got = expansion(words, m.group(2))
            if got is not None:
                found.setdefault(m.group(2), Counter())[norm_phrase(got)] += 1
    return found


def norm_phrase(phrase: str) -> str:
    return " ".join(norm(w) for w in phrase.split())


def write_expansions(texts: dict[str, tuple[float, list[str]]]) -> int:
    """abbreviation-expansions-v1.tsv: what abbreviations stand for, as the training text
    defines them, for the language model's context (the abbreviation itself is kept)."""
    found = count_expansions(t for _, parts in texts.values() for t in parts)
    rows = []
    for abbreviation, counts in sorted(found.items()):
        (best, n), total = counts.most_common(1)[0], sum(counts.values())
        if n >= MIN_DEFINITIONS and n >= MIN_SHARE * total:
            rows.append((abbreviation, best, n, total))
    with open(CORPORA_DIR / EXPANSIONS_FILE, "w", encoding="utf-8") as fh:
        fh.write("# abbreviation\texpansion\ttimes defined so\ttimes defined\n")
        for row in rows:
            fh.write("\t".join(map(str, row)) + "\n")
    return len(rows)


def confusion_text(shared: Path, units: list[tuple[str, ...]]) -> list[str]:
    """Training paragraphs to render: Decree 30 and phrasing, unit names, Wikipedia; some in
    capitals, as headings are."""
    paras = [
        ln for t in src.nd30_documents(shared, held_out=False).values() for ln in t.split("\n")
    ]
    paras += (CORPORA_DIR / "admin-phrases-v1.txt").read_text(encoding="utf-8").splitlines()
    phrases = unit_phrases(units)
    paras += [", ".join(phrases[i : i + 6]) for i in range(0, len(phrases), 6 * 40)]
    for index, _name, text in src.wiki_articles(shared, held_out=False):
        if index % 25 == 1:
            paras += src.wiki_prose(text)[:8]
    return [p.upper() if i % 12 == 5 else p for i, p in enumerate(paras) if p.strip()]


LEARNING_OTHER_FONTS = 6  # styles in other serif families, beside 24 in Liberation Serif
# each of ``confusions.OTHER_MODELS`` reads every ``OTHER_MODELS_EVERY``-th paragraph (each
# its own: the k-th model from the k-th on), beside English reading them all
OTHER_MODELS_EVERY = 8
POOR_SCAN_STYLES = 12  # styles of ``garble.styles_for_poor_scans`` the last share is read in
assert len(confusions.OTHER_MODELS) < OTHER_MODELS_EVERY


def build_confusions(
    shared: Path, units: list[tuple[str, ...]], *, workers: int
) -> tuple[int, int]:
    paras = confusion_text(shared, units)
    styles = garble.styles_for_learning(24, others=LEARNING_OTHER_FONTS)
    started = time.time()
    pairs = confusions.read_pages(paras, styles, cache=CACHE / "ocr", workers=workers)
    for k, lang in enumerate(confusions.OTHER_MODELS):
        pairs += confusions.read_pages(
            paras[k::OTHER_MODELS_EVERY], styles, cache=CACHE / "ocr", workers=workers, lang=lang
        )
    # the share no other model reads, scanned poorly (low resolution, faded or thick strokes)
    poor = paras[len(confusions.OTHER_MODELS) :: OTHER_MODELS_EVERY]
    pairs += confusions.read_pages(
        poor, garble.styles_for_poor_scans(POOR_SCAN_STYLES), cache=CACHE / "ocr", workers=workers
    )
    log(f"confusions: {len(pairs):,} lines read in {time.time() - started:.0f} s")
    words = confusions.count_pairs(pairs)
    words = Counter({k: n for k, n in words.items() if valid_syllable(k[0])})
    log(f"confusions: {sum(words.values()):,} word pairs, {len(words):,} distinct")
    edits = confusions.learn_letters(words)
    return confusions.write_tables(edits, words, CORPORA_DIR)


def build_slips(shared: Path, *, workers: int) -> tuple[int, int]:
    paras = slips.slip_text(shared)
    started = time.time()
    pairs = confusions.read_pages(
        paras, slips.STYLES, cache=CACHE / "ocr-vie", workers=workers, lang="vie"
    )
    log(f"slips: {len(pairs):,} lines read in {time.time() - started:.0f} s")
    counts = slips.count_slips(pairs)
    log(
        f"slips: {sum(counts.reads.values()):,} syllables read, "
        f"{sum(counts.slips.values()):,} as another syllable"
    )
    return slips.write_slips(counts, CORPORA_DIR)


def build_person_names(shared: Path) -> int:
    """person-names-v1.tsv from the training Wikipedia articles, Decree 30 and UD-VTB."""
    texts = [text for _i, _n, text in src.wiki_articles(shared, held_out=False)]
    texts += src.nd30_documents(shared, held_out=False).values()
    texts.append((shared / "corpora/ud-vtb/sentences.txt").read_text(encoding="utf-8"))
    runs, lower = persons.capital_runs(texts)
    families = persons.family_names(runs, lower, norm, valid_syllable)
    listed = persons.listed_family_names() - families
    log(f"names: {len(families)} family names counted: {', '.join(sorted(families))}")
    log(f"names: {len(listed)} more listed: {', '.join(sorted(listed))}")
    families |= {s for s in listed if valid_syllable(s)}
    counts = persons.count_names(runs, families, norm)
    return persons.write_person_names(counts, valid_syllable)


ADMIN_TEXTS = "admin-texts-v1.txt"
ADMINISTRATIVE = ("decree-30-2020", "admin-phrases", "admin-texts")
GENERAL = ("wikipedia", "ud-vtb", "general-texts")


def build_registers(shared: Path, args: argparse.Namespace) -> int:
    """registers-v1.tsv: each vocabulary word's count in administrative and in general
    training text (the language model's, unweighted)."""
    vocab = Vocabulary(e.word for e in lm.load_vocabulary()[len(lm.SPECIALS) :])
    texts = training_texts(shared, [], wiki_every=args.wiki_every, in_domain_weight=1.0)
    counts = []
    for names in (ADMINISTRATIVE, GENERAL):
        ids = np.concatenate([id_stream(texts[name][1], vocab) for name in names])
        counts.append(np.bincount(ids, minlength=len(vocab.words)))
    rows = [
        (word, int(counts[0][i]), int(counts[1][i]))
        for i, word in enumerate(vocab.words)
        if i >= len(lm.SPECIALS) and word[0].isalpha() and counts[0][i] + counts[1][i] > 0
    ]
    with open(CORPORA_DIR / REGISTERS_FILE, "w", encoding="utf-8") as fh:
        fh.write("# word\tcount in administrative training text\tcount in general training text\n")
        for word, admin, general in rows:
            fh.write(f"{word}\t{admin}\t{general}\n")
    return len(rows)


def build_topic_table(shared: Path, args: argparse.Namespace) -> int:
    """topics-v1.npz: the skeletons near each candidate syllable in the training documents
    (Wikipedia articles, Decree 30/2020 parts and the administrative phrasing)."""
    entries = lm.load_vocabulary()
    vocab = Vocabulary(e.word for e in entries[len(lm.SPECIALS) :])
    syllables = {i for i, e in enumerate(entries) if e.sources}
    texts = training_texts(shared, [], wiki_every=args.wiki_every, in_domain_weight=1.0)
    docs = [
        doc for name in ("wikipedia", "general-texts", *ADMINISTRATIVE) for doc in texts[name][1]
    ]
    ident = vocab.id
    table = topics.build_topics(
        ([ident(t) for t in _TOKEN.findall(doc) if t[0].isalpha()] for doc in docs),
        vocab.words,
        syllables,
    )
    save_topics(table, CORPORA_DIR / TOPICS_FILE)
    return table.values


def build_words() -> int:
    """words-v1.tsv: Viet74K's lower-case words of two to four well-formed syllables."""
    words = set()
    for entry in viet74k():
        syllables = entry.split()
        if 2 <= len(syllables) <= 4 and entry == entry.lower():
            normed = [norm(s) for s in syllables]
            if all(valid_syllable(s) for s in normed):
                words.add(" ".join(normed))
    with open(CORPORA_DIR / WORDS_FILE, "w", encoding="utf-8") as fh:
        fh.write("# word (lower case, syllables separated by spaces)\n")
        for word in sorted(words):
            fh.write(word + "\n")
    return len(words)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


WORDS_WEIGHT = 1.0


def training_texts(
    shared: Path,
    units: list[tuple[str, ...]],
    *,
    wiki_every: int,
    in_domain_weight: float,
    words_weight: float = WORDS_WEIGHT,
) -> dict[str, tuple[float, list[str]]]:
    """name -> (weight, texts) of the language model's training text."""
    nd30 = list(src.nd30_documents(shared, held_out=False).values())
    phrases = (CORPORA_DIR / "admin-phrases-v1.txt").read_text(encoding="utf-8")
    documents = (CORPORA_DIR / ADMIN_TEXTS).read_text(encoding="utf-8")
    wiki = [
        text
        for index, _name, text in src.wiki_articles(shared, held_out=False)
        if index % wiki_every == 0
    ]
    ud = (shared / "corpora/ud-vtb/sentences.txt").read_text(encoding="utf-8")
    words = "\n".join(w for w in viet74k() if " " in w)
    return {
        "decree-30-2020": (in_domain_weight, nd30),
        "admin-phrases": (in_domain_weight, [phrases]),
        "admin-texts": (in_domain_weight, [documents]),
        "unit-names": (3.0, ["\n".join(unit_phrases(units))]),
        "wikipedia": (1.0, wiki),
        "ud-vtb": (1.0, [ud]),
        "general-texts": (
            1.0,
            ["\n".join(article) for article in src.general_articles(held_out=False)],
        ),
        "viet74k-words": (words_weight, [words]),
    }


def choose_vocabulary(
    lexicon: dict[str, set[str]], texts: dict[str, tuple[float, list[str]]]
) -> Vocabulary:
    """Lexicon syllables, valid syllables seen 3+ times, other tokens seen 50+ times."""
    seen: Counter[str] = Counter()
    for _, parts in texts.values():
        for text in parts:
            seen.update(t.lower() for t in _TOKEN.findall(text) if t[0].isalpha())
    normed: Counter[str] = Counter()
    for tok, n in seen.items():
        normed[norm(tok)] += n
    words = set(lexicon)
    words |= {w for w, n in normed.items() if n >= 3 and valid_syllable(w)}
    words |= {w for w, n in normed.items() if n >= 50}
    return Vocabulary([*sorted(words), ","])


def write_syllables(
    vocab: Vocabulary, lexicon: dict[str, set[str]], counts: dict[int, float]
) -> None:
    """syllables-v3.tsv: id order of the language model; word, training count, sources."""
    with open(CORPORA_DIR / lm.VOCAB_FILE, "w", encoding="utf-8") as fh:
        fh.write(
            "# word\tcount in training text\tlexicon sources (empty: not a syllable "
            "of the lexicons, context only)\n"
        )
        for i, word in enumerate(vocab.words):
            sources = ",".join(sorted(lexicon.get(word, ())))
            fh.write(f"{word}\t{round(counts.get(i, 0))}\t{sources}\n")


def manifest_entries(vocab: Vocabulary, model: lm.LanguageModel, n_units: int) -> dict:
    return {
        "gazetteer-v1.tsv": (n_units, GAZETTEER_SOURCE, "MIT"),
        lm.VOCAB_FILE: (len(vocab.words), LEXICON_SOURCE, LEXICON_LICENCE),
        lm.LM_FILE: (model.ngrams, LM_SOURCE, LM_LICENCE),
        "admin-phrases-v1.txt": (
            sum(1 for line in open(CORPORA_DIR / "admin-phrases-v1.txt", encoding="utf-8")),
            "written for vanban: names of agencies, titles and phrasing of administrative "
            "documents (Decree 30/2020 forms)",
            "MIT (vanban)",
        ),
        ADMIN_TEXTS: (
            sum(1 for line in open(CORPORA_DIR / ADMIN_TEXTS, encoding="utf-8")),
            "written for vanban: administrative documents of every kind, level, field and "
            "decade (plans, decisions, resolutions, reports, submissions, official letters, "
            "notices, guidance, directives, invitations, minutes), their people and figures "
            "invented",
            "MIT (vanban)",
        ),
        GENERAL_TEXTS: (
            sum(1 for line in open(CORPORA_DIR / GENERAL_TEXTS, encoding="utf-8") if line.strip()),
            "written for vanban: everyday Vietnamese of every newspaper section (economy, "
            "markets, law, society, weather and the countryside, sport, culture, education, "
            "health, family life and conversation, food and travel, the world, science and "
            "technology, local news, labour, reportage, readers' letters, customs), its people, "
            "firms and figures invented",
            "MIT (vanban)",
        ),
    }


GAZETTEER_SOURCE = "PyPI vietnamadminunits 1.0.4 (data/dataset.db), before and after 2025"
LEXICON_SOURCE = (
    "Debian hunspell-vi vi_VN.dic; PyPI wordfreq 3.1.1 small_vi; Tesseract langdata "
    "vie.wordlist; PyPI underthesea 9.5.0 Viet74K.txt; vietnamadminunits unit names"
)
LEXICON_LICENCE = "GPL-2 (hunspell-vi); CC BY-SA 4.0 (wordfreq); Apache-2.0; Apache-2.0; MIT"
LM_SOURCE = (
    "4-gram, modified Kneser-Ney: Vietnamese Wikipedia (7,862 articles less every 50th, held "
    "out); Decree 30/2020/NĐ-CP and appendices less phu-luc-V (x10); admin-phrases-v1.txt "
    "and admin-texts-v1.txt (x10); general-texts-v1.txt less every 10th article, held out; "
    "unit names; UD_Vietnamese-VTB sentences; Viet74K words"
)
ABBREVIATION_SOURCE = (
    "counted by corpora.build in the language model's training text; type codes from "
    "Decree 30/2020/NĐ-CP appendix III"
)
EXPANSION_SOURCE = (
    "counted by corpora.build: abbreviations defined in parentheses after their words "
    '("Hội đồng nhân dân (HĐND)") in the language model\'s training text'
)
CONFUSION_SOURCE = (
    "learned by corpora.build: training text (Decree 30 less held-out parts, phrasing, unit "
    "names, Wikipedia training articles) rendered at 300 dpi in Liberation Serif (24 styles: "
    "12-14 pt, regular, bold, italic, clean, blurred, noisy and binarised) and DejaVu Serif and "
    "Noto Serif (6 styles), read by Tesseract 5 -l eng --psm 6 (and an eighth of it each by "
    "-l fra, -l deu, -l por, -l spa, -l ita, -l nld and -l pol; the last eighth -l eng again "
    "as poor scans, 12 styles: 150-200 dpi, faded or thickened strokes, mostly binarised), "
    "aligned with the source (short words read unlike themselves paired by their place)"
)
SLIP_SOURCE = (
    "learned by corpora.build: training text (Decree 30 less held-out parts, phrasing, "
    "Wikipedia training articles) rendered in Liberation Serif at 12-14 pt, 300 dpi, clean and "
    "scan-like, read by Tesseract 5 -l vie --psm 6, aligned with the source"
)
NAMES_SOURCE = (
    "counted by corpora.build: persons' names (2-4 capitalised syllables from a family name "
    "found by counting or listed in family-names-v1.txt) in Vietnamese Wikipedia training "
    "articles, Decree 30/2020 training parts and UD_Vietnamese-VTB"
)
REGISTERS_SOURCE = (
    "counted by corpora.build: each word's count in administrative training text (Decree "
    "30/2020/NĐ-CP less phu-luc-V, admin-phrases-v1.txt, admin-texts-v1.txt) and in general "
    "training text (Vietnamese Wikipedia less every 50th article, UD_Vietnamese-VTB "
    "sentences, general-texts-v1.txt less every 10th article)"
)
TOPICS_SOURCE = (
    "counted by corpora.build: the skeletons within 50 words of each syllable in the training "
    "documents (Vietnamese Wikipedia less every 50th article, general-texts-v1.txt less every "
    "10th article, Decree 30/2020/NĐ-CP less phu-luc-V, admin-phrases-v1.txt, "
    "admin-texts-v1.txt), as log ratios against the "
    "syllable's skeleton"
)
WORDS_SOURCE = (
    "PyPI underthesea 9.5.0 corpus/data/Viet74K.txt: lower-case words of 2-4 well-formed "
    "syllables, tone marks placed the new way"
)
CONFUSION_LICENCE = "derived data: CC BY-SA (Wikipedia text)"
LM_LICENCE = (
    "CC BY-SA (Wikipedia); public legal text; MIT (the text written for vanban); "
    "CC BY-SA 4.0 (UD); Apache-2.0 (Viet74K)"
)

if __name__ == "__main__":
    main()
