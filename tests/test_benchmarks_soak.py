"""benchmarks.soak_docs: the soak test's documents, every kind, the same bytes for a seed."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from benchmarks.soak_docs import (
    KINDS,
    LARGE_PT,
    VARIANTS,
    SoakDoc,
    as_text,
    build,
    make_document,
    plan,
)


def digests(docs: list[SoakDoc]) -> dict[str, str]:
    return {d.name: hashlib.sha256(d.path.read_bytes()).hexdigest() for d in docs}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[SoakDoc]:
    return build(tmp_path_factory.mktemp("soak"), 40, 7, dpi=40, workers=1)


def test_forty_documents_hold_every_kind_in_its_share(docs: list[SoakDoc]) -> None:
    kinds = Counter(d.kind for d in docs)
    assert len(docs) == 40 and set(kinds) == set(KINDS)
    assert kinds["text"] == kinds["office"] == 12 and kinds["large"] == 2
    assert len({d.variant for d in docs if d.kind == "bad"}) == 5  # five bad files, all unlike
    assert len({d.path.read_bytes() for d in docs if d.variant != "empty"}) == 39  # all differ


def test_plan_gives_every_kind_and_variant_at_two_hundred() -> None:
    items = plan(200, 0)
    shares = {"text": 60, "office": 60, "poor": 30, "speckled": 16, "large": 10, "bad": 24}
    assert Counter(kind for kind, _ in items) == shares
    assert {v for _, v in items} == {v for variants in VARIANTS.values() for v in variants}
    assert sorted(kind for kind, _ in plan(6, 0)) == sorted(KINDS)  # one of each at least


def test_same_seed_same_bytes_other_seed_other_bytes(docs: list[SoakDoc], tmp_path: Path) -> None:
    assert digests(build(tmp_path / "again", 40, 7, dpi=40, workers=1)) == digests(docs)
    other = digests(build(tmp_path / "other", 12, 8, dpi=40, workers=1))
    assert set(other.values()) - set(digests(docs).values())


def test_files_are_what_their_kind_says(docs: list[SoakDoc]) -> None:
    for doc in docs:
        data = doc.path.read_bytes()
        if doc.kind == "text":
            assert ("So:" if doc.variant == "unaccented" else "Số:") in data.decode("utf-8")
        elif doc.kind == "large":
            pages = PdfReader(io.BytesIO(data)).pages
            assert len(pages) == (2 if doc.variant == "a0-2pages" else 1)
            assert tuple(round(float(x)) for x in pages[0].mediabox[2:]) == LARGE_PT[doc.variant]
        elif doc.kind in ("office", "poor") and doc.variant == "pdf":
            assert len(PdfReader(io.BytesIO(data)).pages) >= 2
        elif doc.variant in ("png", "jpeg"):
            assert min(Image.open(io.BytesIO(data)).size) > 100
        elif doc.variant == "empty":
            assert data == b""
        elif doc.variant == "docx":
            assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        elif doc.variant == "encrypted-pdf":
            assert PdfReader(io.BytesIO(data)).is_encrypted


def test_text_has_the_parts_of_an_administrative_document() -> None:
    lines = as_text(make_document(random.Random(1), tasks=3)).splitlines()
    assert lines[lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") + 1].startswith("Độc lập")
    assert any(ln.startswith("Số: ") for ln in lines) and "Nơi nhận:" in lines
    assert any(", ngày " in ln and " tháng " in ln for ln in lines)
    assert sum(ln.startswith("- Thời gian: hoàn thành trước ngày") for ln in lines) == 3
