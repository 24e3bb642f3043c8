"""Readers for the raw text sources the build learns from and the benchmark evaluates on.

Only the build (``corpora.build``) and ``benchmarks.restoration`` read these; the running
service never does. ``shared`` is the folder holding ``corpora/`` of the raw material.
"""

from __future__ import annotations

import lzma
import re
from collections.abc import Iterator
from pathlib import Path

from corpora import (
    CORPORA_DIR,
    GENERAL_HELD_OUT_EVERY,
    GENERAL_TEXTS,
    ND30_HELD_OUT,
    wiki_held_out,
)

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"`\[RELEVANT\]`|[#*_`>]+|\\")
_LEADERS = re.compile(r"[.…]{4,}|_{3,}|…+")


def wiki_articles(shared: Path, *, held_out: bool) -> Iterator[tuple[int, str, str]]:
    """(index, name, text) of Wikipedia articles: the held-out ones, or the training ones."""
    path = shared / "corpora/viwiki/viwiki.txt.xz"
    index, name, buf = -1, "", list[str]()
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("### "):
                if index >= 0 and wiki_held_out(index) == held_out:
                    yield index, name, "".join(buf)
                index, name, buf = index + 1, line[4:].strip(), []
            else:
                buf.append(line)
    if index >= 0 and wiki_held_out(index) == held_out:
        yield index, name, "".join(buf)


def general_articles(*, held_out: bool) -> list[list[str]]:
    """The paragraphs of each article of the everyday text written for the project
    (``GENERAL_TEXTS``: articles separated by an empty line), the held-out ones (every
    ``GENERAL_HELD_OUT_EVERY``-th) or the training ones."""
    text = (CORPORA_DIR / GENERAL_TEXTS).read_text(encoding="utf-8")
    articles = [block.strip().split("\n") for block in text.split("\n\n") if block.strip()]
    return [
        lines
        for index, lines in enumerate(articles)
        if (index % GENERAL_HELD_OUT_EVERY == 0) == held_out
    ]


def wiki_prose(text: str) -> list[str]:
    """The paragraphs of an article, without section headings and empty lines."""
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("==")]


def nd30_documents(shared: Path, *, held_out: bool) -> dict[str, str]:
    """Decree 30/2020 parts as plain text (markdown removed), training or held-out ones."""
    out = {}
    for md in sorted((shared / "corpora/nd30-2020").glob("*.md")):
        if (md.name in ND30_HELD_OUT) == held_out:
            out[md.name] = markdown_to_text(md.read_text(encoding="utf-8"))
    return out


def markdown_to_text(md: str) -> str:
    """Plain lines from markdown: no markup, links, leaders; table cells on lines of their own."""
    lines = []
    for raw in md.splitlines():
        if raw.startswith("> **") or set(raw.strip()) <= set("-|: "):
            continue  # editors' notes, rules and table separators
        for cell in raw.split("|"):
            text = _LEADERS.sub(" ", _MARKUP.sub(" ", _LINK.sub(r"\1", cell)))
            text = " ".join(text.split())
            if text:
                lines.append(text)
    return "\n".join(lines)
