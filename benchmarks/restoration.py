"""Diacritic and garble restoration: accuracy against held-out text, pyvi beside it, speed.

    python -m benchmarks.restoration [--shared ../shared] [--wiki-articles 60]

Evaluation text is never in the language model's training data: the sample documents are not
used by scripts/build_corpora.py, and Wikipedia articles whose index is a multiple of 50 are
held out there and used here.
"""

from __future__ import annotations

import argparse
import lzma
import re
import resource
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from diacritics import restore
from diacritics.model import load_model
from diacritics.normalize import normalize_text, strip_marks

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
HELD_OUT_EVERY = 50
_SYL = re.compile(r"[^\W\d_]+")


def cer(ref: str, hyp: str) -> float:
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def syllables(text: str) -> list[str]:
    return _SYL.findall(normalize_text(text))


def syllable_errors(ref: str, hyp: str) -> tuple[int, int]:
    """(errors, syllables) aligning line by line by edit distance over syllables."""
    errors = total = 0
    for r_line, h_line in zip(ref.split("\n"), hyp.split("\n"), strict=False):
        r, h = syllables(r_line), syllables(h_line)
        errors += Levenshtein.distance(r, h)
        total += len(r)
    return errors, total


def accuracy_stripped(texts: list[str], fn: Callable[[str], str]) -> float:
    errors = total = 0
    for text in texts:
        e, t = syllable_errors(text, fn(strip_marks(text)))
        errors, total = errors + e, total + t
    return 1 - errors / max(1, total)


def wiki_held_out(shared: Path, *, articles: int) -> list[str]:
    out: list[str] = []
    index, buf = -1, []
    with lzma.open(shared / "corpora/viwiki/viwiki.txt.xz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("### "):
                if index >= 0 and index % HELD_OUT_EVERY == 0 and len("".join(buf)) > 400:
                    out.append(_prose("".join(buf)))
                    if len(out) >= articles:
                        break
                index, buf = index + 1, []
            else:
                buf.append(line)
    return out


def _prose(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("==")]
    return "\n".join(lines[:40])


def pyvi_restore(text: str) -> str:
    from pyvi import ViUtils

    def one(line: str) -> str:
        try:
            return str(ViUtils.add_accents(line)) if line.strip() else line
        except (KeyError, ValueError, IndexError):  # pyvi fails on some symbols: line kept
            return line

    return "\n".join(one(line) for line in text.split("\n"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--wiki-articles", type=int, default=60)
    args = parser.parse_args()

    start = time.perf_counter()
    load_model()
    load_s = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model: loaded in {load_s:.2f} s, resident {rss_mb:.0f} MB")

    garble = (SAMPLES / "000.ocr-legacy.txt").read_text(encoding="utf-8")
    gold = (SAMPLES / "000.gold.txt").read_text(encoding="utf-8")
    restored = restore(garble).text
    e_raw, n = syllable_errors(gold, garble)
    e_new, _ = syllable_errors(gold, restored)
    print("\nlegacy garble (sample 000)          CER      syllable error rate")
    print(f"  raw OCR                          {cer(gold, garble):6.2%}   {e_raw / n:6.2%}")
    print(f"  vanban restored                  {cer(gold, restored):6.2%}   {e_new / n:6.2%}")
    print("  targets                           ≤1.50%   ≤4.00%")

    admin = [gold] + [
        (SAMPLES / f).read_text(encoding="utf-8") for f in ("001.clean.txt", "002.clean.txt")
    ]
    admin = [re.sub(r"[*_]{1,2}", "", t) for t in admin]
    general = (
        wiki_held_out(args.shared, articles=args.wiki_articles) if args.shared.exists() else []
    )
    ours = lambda t: restore(t).text  # noqa: E731
    print("\nfully stripped text, syllable accuracy     vanban    pyvi add_accents   target")
    print(
        f"  administrative (samples, held out)       {accuracy_stripped(admin, ours):6.2%}"
        f"    {accuracy_stripped(admin, pyvi_restore):6.2%}            ≥98%"
    )
    if general:
        print(
            f"  general (held-out Wikipedia, {len(general)} art.)  "
            f"{accuracy_stripped(general, ours):6.2%}    "
            f"{accuracy_stripped(general, pyvi_restore):6.2%}            ≥96%"
        )

    clean = admin + general[:20]
    changed = total = 0
    for text in clean:
        e, t = syllable_errors(normalize_text(text), restore(text).text)
        changed, total = changed + e, total + t
    print(
        f"\nclean Vietnamese input: {changed / max(1, total):.3%} of {total} syllables changed"
        "   (target ≤0.1%)"
    )

    stripped = "\n".join(strip_marks(t) for t in general[:30] or admin)
    count = len(syllables(stripped))
    start = time.perf_counter()
    restore(stripped)
    seconds = time.perf_counter() - start
    print(
        f"speed: {count / seconds:,.0f} syllables/s on one core ({count} syllables, stripped text)"
        "   (target ≥20,000)"
    )


if __name__ == "__main__":
    main()
