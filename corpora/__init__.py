"""Versioned data files for the restorer and extraction, with their loaders.

Every data file here is listed in ``MANIFEST`` (source, licence, entries, bytes, sha256) and
built by ``python -m corpora.build`` (also ``scripts/build_corpora.py``). Evaluation text is
never training text; the split below is the one the build and ``benchmarks.restoration`` use.
"""

from __future__ import annotations

from pathlib import Path

CORPORA_DIR = Path(__file__).resolve().parent

# Wikipedia articles (in the order of viwiki.txt.xz, counted from 0) whose index is a multiple
# of this are held out of the language model and of OCR confusion and slip learning: they are
# evaluation text.
WIKI_HELD_OUT_EVERY = 50
# Parts of Decree 30/2020 held out the same way (administrative evaluation text).
ND30_HELD_OUT = ("phu-luc-V.md",)


# Articles of the everyday text written for the project (``GENERAL_TEXTS``, counted from 0)
# whose index is a multiple of this are held out the same way.
GENERAL_TEXTS = "general-texts-v1.txt"
GENERAL_HELD_OUT_EVERY = 10


def wiki_held_out(index: int) -> bool:
    return index % WIKI_HELD_OUT_EVERY == 0
