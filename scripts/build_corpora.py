"""Build the data files in corpora/ from their sources; rerunnable, deterministic.

    .venv/bin/pip install -e ".[corpora]"
    .venv/bin/python scripts/build_corpora.py [--shared ../shared] [--wiki-share 1.0]

Sources (recorded with licence, size and sha256 in corpora/MANIFEST.tsv):
- syllable lexicon: hunspell-vi (Debian), wordfreq small_vi, Tesseract's vie.wordlist,
  underthesea's Viet74K, the names of administrative units (vietnamadminunits);
- syllable language model: Vietnamese Wikipedia (every 50th article held out for evaluation),
  Decree 30/2020 and its appendices (administrative phrasing, weighted up), UD Vietnamese-VTB,
  Viet74K words and administrative unit names;
- gazetteer: vietnamadminunits, units before and after the 1 July 2025 reform.
Never trains on anything under samples/.
"""

from __future__ import annotations

import argparse
import hashlib
import lzma
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diacritics.normalize import normalize_tone  # noqa: E402

OUT = ROOT / "corpora"
HELD_OUT_EVERY = 50  # wiki article i is held out when i % 50 == 0
_WORD = re.compile(r"[^\W\d_]+|\d+|[.!?;:]")
_SENT_END = {".", "!", "?", ";", ":"}
_VOWELS = "aăâeêioôơuưy"
# onsets and codas of Vietnamese, with the clusters and final k of minority place names
# (Krông Pắc, Đắk Lắk)
_ONSET = r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]{1,2})?"
_SYLLABLE = re.compile(rf"^{_ONSET}[{_VOWELS}]{{1,3}}(ng|nh|ch|[cmnptk])?$")
BOS, UNK, NUM = "<s>", "<unk>", "<num>"


def _base_letters(word: str) -> Iterator[str]:
    import unicodedata

    for ch in unicodedata.normalize("NFD", word):
        if ch in "\u0301\u0300\u0309\u0303\u0323":
            continue
        yield ch


def syllable_base(word: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", "".join(_base_letters(word)))


def valid(word: str) -> bool:
    return bool(_SYLLABLE.match(syllable_base(word.lower())))


def norm(word: str) -> str:
    return normalize_tone(word.lower())


# --------------------------------------------------------------------------- sources


def lexicon_sources(shared: Path) -> dict[str, Iterable[str]]:
    import wordfreq

    viet74k = _underthesea_file("corpus/data/Viet74K.txt")
    return {
        "hunspell-vi": _lines(Path("/usr/share/hunspell/vi_VN.dic"), skip=1),
        "wordfreq-small-vi": wordfreq.get_frequency_dict("vi", wordlist="small").keys(),
        "tesseract-vie-wordlist": _lines(shared / "corpora/tesseract-langdata-vie/vie.wordlist"),
        "viet74k": _lines(viet74k),
    }


def _underthesea_file(rel: str) -> Path:
    import underthesea

    return Path(underthesea.__file__).parent / rel


def _lines(path: Path, *, skip: int = 0) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()[skip:]
    return [line.split("/")[0].strip() for line in text if line.strip()]


def admin_units() -> list[tuple[str, str, str, str]]:
    """(era, type, name, province) for every unit before and after the 2025 reform."""
    import vietnamadminunits

    db = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    con = sqlite3.connect(db)
    rows: set[tuple[str, str, str, str]] = set()
    for prov, _dist, ward, pshort, dshort, wshort, dtype, wtype in con.execute(
        "select province, district, ward, provinceShort, districtShort, wardShort, "
        "districtType, wardType from admin_units_legacy"
    ):
        rows.add(("before-2025", "tỉnh" if prov.startswith("Tỉnh") else "thành phố", pshort, ""))
        rows.add(("before-2025", dtype.lower(), dshort, pshort))
        if ward:
            rows.add(("before-2025", wtype.lower(), wshort, pshort))
    for prov, _ward, pshort, wshort, wtype in con.execute(
        "select province, ward, provinceShort, wardShort, wardType from admin_units"
    ):
        rows.add(("after-2025", "tỉnh" if prov.startswith("Tỉnh") else "thành phố", pshort, ""))
        rows.add(("after-2025", wtype.lower(), wshort, pshort))
    return sorted(r for r in rows if r[2])


# --------------------------------------------------------------------------- text


def tokens(text: str) -> Iterator[list[str]]:
    """Sentences of normalised lower-case syllables (others as <unk>, numbers as <num>)."""
    sent: list[str] = []
    for tok in _WORD.findall(text):
        if tok in _SENT_END:
            if sent:
                yield sent
            sent = []
        elif tok.isdigit():
            sent.append(NUM)
        else:
            sent.append(norm(tok) if valid(tok) else UNK)
    if sent:
        yield sent


def wiki_articles(path: Path) -> Iterator[tuple[int, str]]:
    index, buf = -1, []
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("### "):
                if index >= 0:
                    yield index, "".join(buf)
                index, buf = index + 1, []
            else:
                buf.append(line)
    if index >= 0:
        yield index, "".join(buf)


def nd30_text(shared: Path) -> str:
    parts = []
    for md in sorted((shared / "corpora/nd30-2020").glob("*.md")):
        text = md.read_text(encoding="utf-8")
        parts.append(re.sub(r"[#*|>_`\[\]()]", " ", text))
    return "\n".join(parts)


# --------------------------------------------------------------------------- counting


class Counts:
    def __init__(self) -> None:
        self.uni: Counter[str] = Counter()
        self.bi: Counter[tuple[str, str]] = Counter()
        self.tri: Counter[tuple[str, str, str]] = Counter()

    def add(self, sentences: Iterable[list[str]], *, weight: int = 1) -> None:
        uni, bi, tri = self.uni, self.bi, self.tri
        for sent in sentences:
            seq = [BOS, BOS, *sent]
            for i in range(2, len(seq)):
                a, b, c = seq[i - 2], seq[i - 1], seq[i]
                uni[c] += weight
                bi[(b, c)] += weight
                tri[(a, b, c)] += weight


def build_lm(
    counts: Counts, vocab: list[str], *, min_bi: int, min_tri: int
) -> dict[str, np.ndarray]:
    ids = {w: i for i, w in enumerate(vocab)}
    total = sum(counts.uni.values())
    uni = np.array([np.log((counts.uni.get(w, 0) + 0.5) / total) for w in vocab], dtype=np.float32)
    ctx_uni = Counter[str]()
    for (b, _), n in counts.bi.items():
        ctx_uni[b] += n
    ctx_bi = Counter[tuple[str, str]]()
    for (a, b, _), n in counts.tri.items():
        ctx_bi[(a, b)] += n
    bi_keys, bi_vals = [], []
    for (b, c), n in counts.bi.items():
        if n >= min_bi and b in ids and c in ids:
            bi_keys.append((ids[b] << 20) | ids[c])
            bi_vals.append(np.log(n / ctx_uni[b]))
    tri_keys, tri_vals = [], []
    for (a, b, c), n in counts.tri.items():
        if n >= min_tri and a in ids and b in ids and c in ids:
            tri_keys.append((ids[a] << 40) | (ids[b] << 20) | ids[c])
            tri_vals.append(np.log(n / ctx_bi[(a, b)]))
    return {
        "unigram": uni,
        "bigram_keys": _sorted(bi_keys, bi_vals)[0],
        "bigram_logp": _sorted(bi_keys, bi_vals)[1],
        "trigram_keys": _sorted(tri_keys, tri_vals)[0],
        "trigram_logp": _sorted(tri_keys, tri_vals)[1],
    }


def _sorted(keys: list[int], vals: list[float]) -> tuple[np.ndarray, np.ndarray]:
    k = np.array(keys, dtype=np.int64)
    v = np.array(vals, dtype=np.float16)
    order = np.argsort(k)
    return k[order], v[order]


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--wiki-share", type=float, default=1.0, help="fraction of articles")
    parser.add_argument("--min-bigram", type=int, default=2)
    parser.add_argument("--min-trigram", type=int, default=3)
    args = parser.parse_args()
    shared = args.shared.resolve()

    lexicon: Counter[str] = Counter()
    for name, words in lexicon_sources(shared).items():
        before = len(lexicon)
        for word in words:
            for syl in word.split():
                if valid(syl):
                    lexicon[norm(syl)] += 1
        print(f"lexicon: {name}: +{len(lexicon) - before} syllables", file=sys.stderr)
    units = admin_units()
    for _, _, name, _ in units:
        for syl in name.split():
            if valid(syl):
                lexicon[norm(syl)] += 1

    counts = Counts()
    counts.add(tokens(nd30_text(shared)), weight=10)
    counts.add(tokens((shared / "corpora/ud-vtb/sentences.txt").read_text(encoding="utf-8")))
    counts.add(
        [
            [norm(s) for s in w.split()]
            for w in _lines(_underthesea_file("corpus/data/Viet74K.txt"))
            if " " in w and all(valid(s) for s in w.split())
        ]
    )
    counts.add(
        [
            [norm(u), *[norm(s) for s in name.split()]]
            for _, u, name, _ in units
            if all(valid(s) for s in name.split())
        ],
        weight=2,
    )
    step = max(1, round(1 / args.wiki_share))
    for index, text in wiki_articles(shared / "corpora/viwiki/viwiki.txt.xz"):
        if index % HELD_OUT_EVERY == 0 or index % step:
            continue
        counts.add(tokens(text))
        if index % 1000 == 1:
            print(f"wiki: article {index}", file=sys.stderr)

    vocab = [
        BOS,
        UNK,
        NUM,
        *sorted(
            set(lexicon) | {w for w in counts.uni if w not in (BOS, UNK, NUM) and w in lexicon}
        ),
    ]
    lm = build_lm(counts, vocab, min_bi=args.min_bigram, min_tri=args.min_trigram)
    write_outputs(vocab, counts, lm, units)


def write_outputs(
    vocab: list[str],
    counts: Counts,
    lm: dict[str, np.ndarray],
    units: list[tuple[str, str, str, str]],
) -> None:
    OUT.mkdir(exist_ok=True)
    with open(OUT / "syllables-v1.tsv", "w", encoding="utf-8") as fh:
        fh.write("# syllable\tcount in the language model's training text\n")
        for word in vocab[3:]:
            fh.write(f"{word}\t{counts.uni.get(word, 0)}\n")
    np.savez_compressed(OUT / "lm-v1.npz", vocab=np.array(vocab), **lm)
    with open(OUT / "gazetteer-v1.tsv", "w", encoding="utf-8") as fh:
        fh.write("# era\tunit type\tname\tprovince\n")
        for row in units:
            fh.write("\t".join(row) + "\n")
    print(
        f"vocab {len(vocab)}, bigrams {len(lm['bigram_keys'])}, trigrams {len(lm['trigram_keys'])}",
        file=sys.stderr,
    )
    write_manifest(
        {
            "syllables-v1.tsv": (len(vocab) - 3, LEXICON_SOURCES, LEXICON_LICENCE),
            "lm-v1.npz": (len(lm["bigram_keys"]) + len(lm["trigram_keys"]), LM_SOURCES, LM_LICENCE),
            "gazetteer-v1.tsv": (len(units), "PyPI vietnamadminunits 1.0.4 (dataset.db)", "MIT"),
        }
    )


LEXICON_SOURCES = (
    "Debian hunspell-vi vi_VN.dic; PyPI wordfreq 3.1.1 small_vi; Tesseract "
    "langdata vie.wordlist; PyPI underthesea 9.5.0 Viet74K.txt; vietnamadminunits"
)
LEXICON_LICENCE = "GPL-2 (hunspell-vi); CC BY-SA 4.0 (wordfreq); Apache-2.0; Apache-2.0; MIT"
LM_SOURCES = (
    "Vietnamese Wikipedia (7,862 articles, every 50th held out); Decree 30/2020/NĐ-CP "
    "with appendices (x10); UD_Vietnamese-VTB sentences; Viet74K words; unit names"
)
LM_LICENCE = "CC BY-SA (Wikipedia); public legal text; CC BY-SA 4.0 (UD); Apache-2.0; MIT"


def write_manifest(entries: dict[str, tuple[int, str, str]]) -> None:
    with open(OUT / "MANIFEST.tsv", "w", encoding="utf-8") as fh:
        fh.write("file\tentries\tbytes\tsha256\tsource\tlicence\n")
        for name, (count, source, licence) in sorted(entries.items()):
            path = OUT / name
            fh.write(
                f"{name}\t{count}\t{path.stat().st_size}\t{sha256(path)}\t{source}\t{licence}\n"
            )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    main()
