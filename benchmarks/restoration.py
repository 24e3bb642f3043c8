"""Diacritic and garble restoration: accuracy on held-out text, pyvi beside it, speed, memory.

    .venv/bin/python -m benchmarks.restoration [--shared ../shared] [--wiki-articles 60]

What is measured (every figure printed in one run; OCR results are cached in benchmarks/out):

1. Legacy garble, restored CER and syllable error rate (SER), line N against line N:
   - the real sample (samples/text/000.ocr-legacy.txt against 000.gold.txt);
   - garble made here: held-out administrative text (samples 001 and 002, and the held-out
     Decree 30 parts, ``corpora.ND30_HELD_OUT``) rendered in Liberation Serif at 300 dpi, clean
     and scan-like (blurred), read by ``tesseract -l eng --psm 6`` (``corpora.build.garble``).
   - real documents: ``real-dev`` texts (read as the pages show them) rendered and read the
     same way, clean and scan-like (section ``realdev``); a second row sets apart the page
     copies whose own text lost its marks in good part (``typed_without_marks``: "kê hoach
     tô chuc", "K HO CH"), which no restorer can be measured against;
   - real scans (section ``realscans``): the pages of ``real-scans`` read whole by ``tesseract
     -l eng --psm 3``, as an engine without Vietnamese read them, restored, each page against
     its corrected transcription (its words in reading order, so the engine's own layout slips
     count too); the same pages read by ``tesseract -l vie`` beside them, and the syllable
     errors left that are marks only (the letters right); the ``-l vie`` reading restored as
     the service restores it (its slips looked for); the pages' transcriptions, line by
     line, rendered and read as the other renders (restoration alone, on real layouts).
1e. Other Latin models (section ``latin``): the same held-out administrative text and the same
   real scans read by each of ``confusions.OTHER_MODELS`` (``-l fra``, ``-l deu``, ``-l por``,
   ``-l spa``, ``-l ita``, ``-l nld``, ``-l pol``: models of other languages in Latin script
   that old engines read Vietnamese with: "cäc", "nhi&m", "cöng", "lićn"), restored; a model
   not installed is skipped.
1b. Good OCR, restored CER and SER: the same held-out administrative text, and the real
   documents' text (``real-dev`` keeping their marks, the real scans' transcriptions), rendered
   the same ways, read by ``tesseract -l vie --psm 6``; its few slips into other valid
   syllables ("nhân" read "nhần") are what clean restoration may fix (``diacritics.slips``).
2. Fully stripped text (unidecode-stripped), syllable accuracy, against pyvi's
   ``ViUtils.add_accents``: administrative (samples 000 gold, 001, 002 and the held-out Decree
   30 parts) and general (the first ``--wiki-articles`` held-out Wikipedia articles with enough
   prose, their first 40 paragraphs; the held-out articles of the everyday text written for
   the project, ``corpora.GENERAL_TEXTS``); ``real-dev`` texts (and, apart, those whose own text
   keeps its marks); the public news test set of the accent-prediction peer (``peers/``,
   lower case), beside its published 96.52%.
3. Clean Vietnamese in (the same texts): share of syllables changed.
4. Speed on one core (stripped, garbled and clean text): a fresh process's first text once the
   restorer is loaded, and the same text again (the steady state); pyvi's ``add_accents`` on
   the same stripped text beside it.
5. Model load time and resident memory of the restorer alone (in a fresh process).

The split: none of this text is training text. ``corpora.build`` holds out every Wikipedia
article whose index is a multiple of ``corpora.WIKI_HELD_OUT_EVERY``, the Decree 30 parts in
``corpora.ND30_HELD_OUT`` and every ``corpora.GENERAL_HELD_OUT_EVERY``-th article of the
everyday text from the language model and from confusion learning, and never reads samples/.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import time
from collections.abc import Callable, Sequence
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from core.options import RestoreOptions
from corpora import WIKI_HELD_OUT_EVERY
from corpora.build import confusions, garble, sources
from diacritics import restore
from diacritics.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
_SYLLABLE = re.compile(r"[^\W\d_]+")
_EMPHASIS = re.compile(r"[*_]{1,2}")
OCR_SLIPS = RestoreOptions(ocr_slips=True)  # text read by Tesseract with Vietnamese
STYLES = {
    "clean render": garble.Style("Regular", 13.0),
    "scan-like render": garble.Style("Regular", 13.0, blur=1.2, noise=12, threshold=170),
}


# --------------------------------------------------------------------------- measures


def syllables(text: str) -> list[str]:
    return _SYLLABLE.findall(normalize_text(text))


def rates(
    gold: Sequence[str], hyp: Sequence[str], *, fold: bool = False, lost_spaces: bool = False
) -> tuple[float, float, int]:
    """(character error rate, syllable error rate, syllables) over aligned line pairs, tone
    marks placed one way; ``fold``: letter case ignored; ``lost_spaces``: a space between two
    letters where the gold has none is not counted (real-dev's page copies lost spaces,
    "kế hoạchphòng", which a restorer puts back)."""
    chars = char_errors = syl = syl_errors = 0
    for ref, out in zip(gold, hyp, strict=True):
        ref_n, out_n = normalize_text(ref), normalize_text(out)
        if fold:
            ref_n, out_n = ref_n.lower(), out_n.lower()
        if lost_spaces:
            out_n = _without_spaces_lost(ref_n, out_n)
        chars += len(ref_n)
        char_errors += Levenshtein.distance(ref_n, out_n)
        a, b = syllables(ref_n), syllables(out_n)
        syl += len(a)
        syl_errors += Levenshtein.distance(a, b)
    return char_errors / max(1, chars), syl_errors / max(1, syl), syl


def _without_spaces_lost(ref: str, out: str) -> str:
    """``out`` without the spaces it has between two letters where ``ref`` has none."""
    drop = {
        op.dest_pos
        for op in Levenshtein.editops(ref, out)
        if op.tag == "insert"
        and out[op.dest_pos] == " "
        and 0 < op.src_pos < len(ref)
        and ref[op.src_pos - 1].isalpha()
        and ref[op.src_pos].isalpha()
    }
    return "".join(c for i, c in enumerate(out) if i not in drop) if drop else out


def restored(lines: Sequence[str], *, options: RestoreOptions | None = None) -> list[str]:
    out = restore("\n".join(lines), options=options).text.split("\n")
    assert len(out) == len(lines), "restore changed the number of lines"
    return out


def strip(text: str) -> str:
    """Every diacritic removed as unidecode does (đ -> d)."""
    return "\n".join(unidecode(line) for line in text.split("\n"))


def pyvi_restore(lines: Sequence[str]) -> list[str]:
    from pyvi import ViUtils

    out = []
    for line in lines:
        try:
            out.append(str(ViUtils.add_accents(line)) if line.strip() else line)
        except (KeyError, ValueError, IndexError):  # pyvi fails on some symbols: line kept
            out.append(line)
    return out


# --------------------------------------------------------------------------- text


def admin_documents(shared: Path) -> dict[str, list[str]]:
    """Held-out administrative text: the sample plans and the held-out Decree 30 parts."""
    docs = {}
    for name in ("000.gold.txt", "001.clean.txt", "002.clean.txt"):
        text = (shared / "samples/text" / name).read_text(encoding="utf-8")
        docs[name] = _EMPHASIS.sub("", text).split("\n")
    for name, text in sources.nd30_documents(shared, held_out=True).items():
        docs[name] = text.split("\n")
    return docs


def wiki_documents(shared: Path, *, articles: int, skip: int = 0) -> dict[str, list[str]]:
    """Held-out Wikipedia articles with some prose: their first 40 paragraphs."""
    docs: dict[str, list[str]] = {}
    seen = 0
    for _index, name, text in sources.wiki_articles(shared, held_out=True):
        prose = sources.wiki_prose(text)
        if sum(map(len, prose)) > 400:
            seen += 1
            if seen > skip:
                docs[name] = prose[:40]
            if len(docs) >= articles:
                break
    return docs


def garbled_pairs(
    docs: dict[str, list[str]], style: garble.Style, *, lang: str = "eng"
) -> list[tuple[list[str], list[str]]]:
    """(gold lines, lines read) of each of ``docs`` rendered in ``style`` and read with
    ``-l lang``."""
    out = []
    for name, lines in docs.items():
        wrapped = garble.wrap([ln for ln in lines if ln.strip()], style)
        seed = sum(map(ord, name))
        pairs = garble.garble_lines(wrapped, style, cache=OUT / "ocr", seed=seed, lang=lang)
        out.append(([src for src, _ in pairs], [got for _, got in pairs]))
    return out


# --------------------------------------------------------------------------- report


def timed(fn: Callable[[], object]) -> float:
    """CPU seconds ``fn`` takes (one core; other processes on the machine do not count)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--wiki-articles", type=int, default=60)
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    if not only <= set(SECTIONS):
        parser.error(f"--only: unknown section {', '.join(sorted(only - set(SECTIONS)))}")
    shared = args.shared.resolve()

    admin = admin_documents(shared)
    general = wiki_documents(shared, articles=args.wiki_articles)
    rendered = {k: v for k, v in admin.items() if k != "000.gold.txt"}
    print(
        f"held-out text: admin {', '.join(admin)}; Wikipedia articles {len(general)} (index a "
        f"multiple of {WIKI_HELD_OUT_EVERY}, with 400+ characters of prose)"
    )
    garbled: list[str] = []
    if "garble" in only:
        garbled = report_garble(shared, rendered)
    if "realdev" in only:
        report_realdev_garble(shared)
    if "realscans" in only:
        report_real_scans(shared)
    if "latin" in only:
        report_other_models(shared, rendered)
    if "ocr" in only:
        report_good_ocr(rendered, shared)
    if "stripped" in only:
        report_stripped(admin, general, shared)
    if "names" in only:
        report_person_names(general)
    clean = [ln for doc in (*admin.values(), *general.values()) for ln in doc]
    if "clean" in only:
        report_clean(clean)
    stripped = strip("\n".join(clean))
    if not garbled and only & {"speed", "memory"}:
        garbled = report_garble(shared, rendered, quiet=True)
    texts = {
        "stripped text": stripped,
        "garbled text": "\n".join(garbled),
        "clean text": "\n".join(clean),
    }
    if "speed" in only:
        report_speed(texts)
    if "memory" in only:
        report_memory(list(texts.values()))


SECTIONS = (
    "garble",
    "realdev",
    "realscans",
    "latin",
    "ocr",
    "stripped",
    "names",
    "clean",
    "speed",
    "memory",
)


def realdev_documents(shared: Path) -> dict[str, list[str]]:
    """The real-dev texts as the pages show them (lines joined by two spaces split apart)."""
    docs = {}
    for path in sorted((shared / "real-dev/text").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        docs[path.name] = [part for ln in lines for part in re.split(r"\s{2,}", ln.strip())]
    return docs


def report_realdev_garble(shared: Path) -> None:
    """Section 1 on real documents: real-dev texts rendered in Liberation Serif (clean and
    scan-like) and read by ``tesseract -l eng``."""
    docs = realdev_documents(shared)
    if not docs:
        print("\n1c. real-dev garble skipped: no ../shared/real-dev")
        return
    print(
        "\n1c. real documents garbled (real-dev, -l eng)  CER raw -> restored   SER raw -> restored"
    )
    for label, style in STYLES.items():
        pairs = garbled_pairs(docs, style)
        _print_garble(f"{label}, real-dev ({len(docs)} texts)", pairs, lost_spaces=True)
        kept = [pair for pair in pairs if not typed_without_marks(pair[0])]
        _print_garble(f"  of them the {len(kept)} keeping their marks", kept, lost_spaces=True)
    print("   (a space put back between two words the page copy wrote together is not counted)")


def report_real_scans(shared: Path) -> None:
    """Section 1d: real scanned pages read without Vietnamese, restored (whole pages)."""
    pages = _scan_pages(shared)
    if not pages:
        print("\n1d. real scans skipped: no ../shared/real-scans")
        return
    eng, vie = _read_scans(pages, "eng"), _read_scans(pages, "vie")
    truth = _scan_truths(pages)
    ours = [_page(restore(text).text) for text in eng]
    # the service's own path: -l vie, restored with its slips looked for
    vie_ours = [_page(restore(text, options=OCR_SLIPS).text) for text in vie]
    eng, vie = [_page(t) for t in eng], [_page(t) for t in vie]
    print(
        f"\n1d. real scans ({len(pages)} pages) read by -l eng   CER raw -> restored   "
        "SER raw -> restored   beside -l vie: CER / SER"
    )
    for k, page in enumerate(pages):
        _scan_row(page.name.removesuffix("_p1.png"), *([x[k]] for x in (truth, eng, ours, vie)))
    ser = _scan_row("all pages", truth, eng, ours, vie)
    _, letters_ser, _ = rates([unidecode(t) for t in truth], [unidecode(t) for t in ours])
    print(
        f"   restored, syllable errors that are marks only (letters right): {ser - letters_ser:.2%}"
        f" of syllables; the rest ({letters_ser:.2%}) the engine's"
    )
    vie_cer, vie_ser, _ = rates(truth, vie)
    ours_cer, ours_ser, _ = rates(truth, vie_ours)
    print(
        f"   -l vie restored as the service does (its slips looked for): CER {vie_cer:.2%} ->"
        f" {ours_cer:.2%}, SER {vie_ser:.2%} -> {ours_ser:.2%}"
    )
    # the same pages' text as it stands in their lines, rendered and read as the other renders:
    # restoration alone on real documents' own layout (header columns, stamps, signatures)
    print("   their transcriptions, line by line, rendered and read by -l eng:")
    lines = {page.name: _transcribed_lines(page) for page in pages}
    for label, style in STYLES.items():
        _print_garble(f"  {label}", garbled_pairs(lines, style))


def _scan_pages(shared: Path) -> list[Path]:
    """The first pages of the real scans beside the project (none if absent)."""
    return sorted((shared / "real-scans").glob("*_p1.png"))


def _read_scans(pages: list[Path], lang: str) -> list[str]:
    """The text of each page read by ``tesseract -l lang``, two pages at a time."""
    with multiprocessing.Pool(2) as pool:
        return pool.starmap(_read_scan, [(page, lang) for page in pages])


def _scan_truths(pages: list[Path]) -> list[str]:
    """Each page's corrected transcription, as ``_page`` words."""
    return [_page("\n".join(_transcribed_lines(p))) for p in pages]


def _transcribed_lines(page: Path) -> list[str]:
    """The lines of a page's corrected transcription that have text."""
    text = page.with_name(page.name.replace(".png", ".gt.txt")).read_text("utf-8")
    return [line for line in text.split("\n") if line.strip()]


def report_other_models(shared: Path, rendered: dict[str, list[str]]) -> None:
    """Section 1e: held-out administrative renders and real scans read by Tesseract models of
    other Latin-script languages, restored."""
    import pytesseract

    installed = set(pytesseract.get_languages())
    print(
        "\n1e. other Latin models                          CER raw -> restored   "
        "SER raw -> restored"
    )
    pages = _scan_pages(shared)
    truth = _scan_truths(pages)
    for lang in confusions.OTHER_MODELS:
        if lang not in installed:
            print(f"   -l {lang}: skipped, not installed (apt-get install tesseract-ocr-{lang})")
            continue
        for label, style in STYLES.items():
            pairs = garbled_pairs(rendered, style, lang=lang)
            _print_garble(f"-l {lang}, {label}, held-out admin", pairs)
        if pages:
            read = _read_scans(pages, lang)
            ours = [_page(restore(text).text) for text in read]
            flat = [_page(text) for text in read]
            _garble_row(f"-l {lang}, real scans ({len(pages)} pages)", truth, flat, ours)


def _scan_row(
    label: str, truth: list[str], eng: list[str], ours: list[str], vie: list[str]
) -> float:
    """One row of section 1d (the pages read by ``-l eng``, restored, and read by ``-l
    vie``, against their truth); the restored syllable error rate."""
    raw_cer, raw_ser, _ = rates(truth, eng)
    cer, ser, n = rates(truth, ours)
    vie_cer, vie_ser, _ = rates(truth, vie)
    print(
        f"   {label[:40]:40s} {raw_cer:6.2%} -> {cer:6.2%}     {raw_ser:6.2%} -> {ser:6.2%}     "
        f"{vie_cer:6.2%} / {vie_ser:6.2%}   ({n:,} syllables)"
    )
    return ser


def _page(text: str) -> str:
    """A page's words in reading order, one line ("|" of table rules dropped)."""
    return " ".join(text.replace("|", " ").split())


def _read_scan(page: Path, lang: str) -> str:
    """What ``tesseract -l lang --psm 3`` reads on a page image (cached in benchmarks/out)."""
    cache = OUT / "real-scans" / f"{page.stem}.{lang}.txt"
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    import pytesseract
    from PIL import Image

    with Image.open(page) as image:
        text = str(pytesseract.image_to_string(image.convert("RGB"), lang=lang, config="--psm 3"))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(text, encoding="utf-8")
    return text


def report_garble(
    shared: Path, rendered: dict[str, list[str]], *, quiet: bool = False
) -> list[str]:
    """Section 1; returns all the garbled lines (``quiet``: only that, nothing measured)."""
    if not quiet:
        print(
            "\n1. legacy garble (tesseract -l eng)          CER raw -> restored   "
            "SER raw -> restored"
        )
    gold = (shared / "samples/text/000.gold.txt").read_text(encoding="utf-8").split("\n")
    legacy = (shared / "samples/text/000.ocr-legacy.txt").read_text(encoding="utf-8").split("\n")
    if not quiet:
        _print_garble("sample 000 (real scan)", [(gold, legacy)])
    garbled = list(legacy)
    for label, style in STYLES.items():
        pairs = garbled_pairs(rendered, style)
        if not quiet:
            _print_garble(f"{label}, held-out admin", pairs)
        garbled += [line for _, read in pairs for line in read]
    if not quiet:
        print("   targets: restored CER <= 0.8% (sample 000 <= 0.6%)")
    return garbled


def report_good_ocr(rendered: dict[str, list[str]], shared: Path) -> None:
    """Section 1b: held-out admin text, and real documents' text (real-dev, the real scans'
    transcriptions) when present, read by Tesseract with Vietnamese, then restored."""
    print("\n1b. good OCR (tesseract -l vie)             CER raw -> restored   SER raw -> restored")
    sets = [("held-out admin", rendered)]
    if (shared / "real-dev/text").is_dir():
        realdev = realdev_documents(shared)
        kept = {k: v for k, v in realdev.items() if not typed_without_marks(v)}
        sets.append((f"real-dev ({len(kept)})", kept))
    pages = _scan_pages(shared)
    if pages:
        sets.append(("real scans' text", {p.name: _transcribed_lines(p) for p in pages}))
    for name, docs in sets:
        for label, style in STYLES.items():
            pairs = garbled_pairs(docs, style, lang="vie")
            _print_garble(f"{label}, {name}", pairs, options=OCR_SLIPS, lost_spaces=True)
    print("   target: restored no worse than raw")


def news_test(shared: Path) -> dict[str, list[str]]:
    """The accent-prediction peer's news test set (lower case), if present."""
    path = shared / "peers/tienthanhdhcn-news-test.txt"
    if not path.exists():
        return {}
    return {path.name: path.read_text(encoding="utf-8").strip("\n").split("\n")}


def report_stripped(
    admin: dict[str, list[str]], general: dict[str, list[str]], shared: Path
) -> None:
    print("\n2. fully stripped text: syllable accuracy      vanban     pyvi add_accents   target")
    print("   (letter case ignored: pyvi changes it)")
    sets = [
        ("administrative (held out)", admin, "99.0%"),
        (f"general ({len(general)} held-out wiki art.)", general, "97%"),
    ]
    everyday = {
        f"general-texts-{i}": lines
        for i, lines in enumerate(sources.general_articles(held_out=True))
    }
    sets.append((f"everyday ({len(everyday)} held-out art.)", everyday, ""))
    realdev = realdev_documents(shared) if (shared / "real-dev/text").is_dir() else {}
    if realdev:
        sets.append((f"real-dev ({len(realdev)} real documents)", realdev, "99.0%"))
    news = news_test(shared)
    if news:
        sets.append(("news test of the peer (its own: 96.52%)", news, "96.6%"))
    for label, docs, target in sets:
        copies = docs is realdev  # page copies that lost spaces (see ``rates``)
        lines = [ln for doc in docs.values() for ln in doc]
        stripped = strip("\n".join(lines)).split("\n")
        # each document restored on its own, as the service does (what one document names,
        # its province, must not help another)
        ours_docs = [restored(strip("\n".join(doc)).split("\n")) for doc in docs.values()]
        ours_lines = [ln for doc in ours_docs for ln in doc]
        ours = 1 - rates(lines, ours_lines, fold=True, lost_spaces=copies)[1]
        peer = 1 - rates(lines, pyvi_restore(stripped), fold=True)[1]
        goal = f">= {target}" if target else ""
        print(f"   {label:40s} {ours:7.2%}    {peer:7.2%}            {goal}")
        if copies:
            kept = [
                (doc, mine)
                for doc, mine in zip(docs.values(), ours_docs, strict=True)
                if not typed_without_marks(doc)
            ]
            gold = [ln for doc, _ in kept for ln in doc]
            mine = [ln for _, doc in kept for ln in doc]
            ours = 1 - rates(gold, mine, fold=True, lost_spaces=True)[1]
            print(
                f"     of them the {len(kept)} whose own text keeps its marks"
                f" (``typed_without_marks``): {ours:7.2%}"
            )


UNMARKED_SHARE = 0.3  # of a text's syllables, without any mark: typed (in part) without them


def typed_without_marks(lines: Sequence[str]) -> bool:
    """Does a page's own text lack its marks (or its marked letters) in good part, so that
    it cannot be the answer for restoration? Vietnamese writes about one syllable in eight
    (administrative text) to one in five without any mark; a page copy that lost the marks
    of many words ("kê hoach tô chuc") or its marked letters ("K HO CH") has more than
    ``UNMARKED_SHARE``."""
    words = [w for w in syllables("\n".join(lines)) if w.isalpha()]
    unmarked = sum(unidecode(w) == w for w in words)
    return unmarked > UNMARKED_SHARE * max(1, len(words))


def report_person_names(general: dict[str, list[str]]) -> None:
    """Names (2-4 capitalised syllables from a family name of the name table) in held-out
    Wikipedia lines, stripped and restored: the share restored whole and right."""
    from corpora.build.lexicon import norm
    from corpora.build.persons import capital_runs
    from corpora.persons import load_person_names

    families = set(load_person_names()["family"])
    lines, names = [], []
    for line in (ln for doc in general.values() for ln in doc):
        runs, _ = capital_runs([line])
        found = [" ".join(r) for r in runs if norm(r[0]) in families and len(r) <= 4]
        if found:
            lines.append(line)
            names.append(found)
    out = restored(strip("\n".join(lines)).split("\n"))
    right = sum(name in got for found, got in zip(names, out, strict=True) for name in found)
    total = sum(map(len, names))
    print(
        f"\n2b. persons' names in held-out Wikipedia, stripped: {right / max(total, 1):.1%} of {total} restored whole"
    )


def report_clean(lines: list[str]) -> None:
    gold = [normalize_text(ln) for ln in lines]
    _, changed, count = rates(gold, restored(lines))
    _, as_ocr, _ = rates(gold, restored(lines, options=OCR_SLIPS))
    print(
        f"\n3. clean Vietnamese in: {changed:.3%} of {count:,} syllables changed (target <= 0.02%);"
        f"\n   the same text taken for Vietnamese OCR (its slips looked for): {as_ocr:.3%}"
    )


def report_speed(texts: dict[str, str], *, repeats: int = 3) -> None:
    """Syllables per second of CPU time on one core, the best of ``repeats`` fresh processes
    (other work on the machine only ever slows a run down): the first text a process
    restores once the restorer is loaded (``diacritics.load``, timed apart), as a worker's
    first document, and the same text again (the steady state: its candidates and the
    language model's contexts cached)."""
    print(
        f"\n4. speed, one core (CPU time, best of {repeats} fresh processes)"
        "   first text   again (steady)   load"
        f"\n   (the restorer's hot modules {_compiled_or_source()})"
    )
    # the peer on the same stripped text in the same run beside them: a figure this machine's
    # speed on the day does not move (a slower machine slows both)
    runs = [(label, text, _first_and_again) for label, text in texts.items()]
    runs.append(("pyvi add_accents", texts["stripped text"], _peer_first_and_again))
    context = multiprocessing.get_context("spawn")
    with context.Pool(1, maxtasksperchild=1) as pool:  # a fresh process for each run
        for label, text, timer in runs:
            count = len(_SYLLABLE.findall(text))
            times = [pool.apply(timer, (text,)) for _ in range(repeats)]
            load_s, first, again = (min(column) for column in zip(*times, strict=True))
            print(
                f"   {label:16s} ({count:,} syllables) {count / first:15,.0f}/s"
                f" {count / again:12,.0f}/s {load_s:8.2f} s"
            )
    print("   target: >= 20,000 syllables/s")


def _compiled_or_source() -> str:
    """Whether the decoder runs compiled (``setup.py``) or from its source."""
    import diacritics.decode

    compiled = (diacritics.decode.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))
    return "compiled" if compiled else "run from their Python source"


def _first_and_again(text: str) -> tuple[float, float, float]:
    """CPU seconds to load the restorer, to restore ``text`` first, and to restore it again."""
    from diacritics import load

    return timed(load), timed(lambda: restore(text)), timed(lambda: restore(text))


def _peer_first_and_again(text: str) -> tuple[float, float, float]:
    """The same as ``_first_and_again`` for pyvi's ``add_accents``, line by line."""
    lines = text.split("\n")
    return (
        timed(lambda: pyvi_restore(["a"])),
        timed(lambda: pyvi_restore(lines)),
        timed(lambda: pyvi_restore(lines)),
    )


def report_memory(texts: list[str]) -> None:
    """Load time and memory of the restorer alone, in a fresh process."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        load_s, loaded_mb, peak_mb = pool.apply(_restorer_footprint, (texts,))
    print(
        f"\n5. restorer (all its tables) loaded in {load_s:.2f} s (target < 2 s); resident memory "
        f"{loaded_mb:.0f} MB "
        f"after loading, {peak_mb:.0f} MB at most while restoring all of the above "
        f"(target < 500 MB)"
    )


def _restorer_footprint(texts: list[str]) -> tuple[float, float, float]:
    from diacritics import load

    start = time.perf_counter()
    load()
    load_s = time.perf_counter() - start
    loaded = _peak_rss_mb()
    for text in texts:
        restore(text)
    return load_s, loaded, _peak_rss_mb()


def _peak_rss_mb() -> float:
    """Peak resident memory of this process's own address space (VmHWM; ru_maxrss would count
    the parent's, as it is kept across fork and exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _print_garble(
    label: str,
    docs: Sequence[tuple[list[str], list[str]]],
    *,
    options: RestoreOptions | None = None,
    lost_spaces: bool = False,
) -> None:
    """The rates of the lines read and of them restored, each document on its own (as the
    service restores a document's pages), over (gold lines, lines read) per document."""
    gold = [line for lines, _ in docs for line in lines]
    read = [line for _, lines in docs for line in lines]
    ours = [line for _, lines in docs for line in restored(lines, options=options)]
    _garble_row(label, gold, read, ours, lost_spaces=lost_spaces)


def _garble_row(
    label: str, gold: list[str], read: list[str], ours: list[str], *, lost_spaces: bool = False
) -> None:
    """One row: the rates of the lines read and of them restored."""
    raw_cer, raw_ser, count = rates(gold, read)
    cer, ser, _ = rates(gold, ours, lost_spaces=lost_spaces)
    print(
        f"   {label:40s} {raw_cer:6.2%} -> {cer:5.2%}      {raw_ser:6.2%} -> {ser:5.2%}"
        f"   ({count:,} syllables)"
    )


if __name__ == "__main__":
    main()
