"""Page workers within limits: dusty pages, large-format pages, memory and time ceilings.

Real Tesseract and poppler, real page processes: what a user's file meets."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from api.pages import PageFailure, PageJob, read_pages
from api.pipeline import PipelineOptions, process
from core.errors import OcrTimeout, OutOfMemory, PageTimeout
from core.options import Limits, OcrOptions
from ocr import reader, tesseract
from tests.conftest import render_lines, to_bytes

pytestmark = [
    pytest.mark.tesseract,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed"),
]

LINES = [
    "ỦY BAN NHÂN DÂN XÃ HÒA PHÚ",
    "Số: 41/KH-UBND",
    "KẾ HOẠCH",
    "Tổ chức kiểm tra công tác phòng cháy chữa cháy năm 2023",
    "Giao Công an xã chủ trì, phối hợp với các thôn thực hiện.",
] * 5


def dusty(page: Image.Image, *, specks: int, hairs: int = 0, seed: int = 7) -> Image.Image:
    """``page`` with ``specks`` dots of dust 1-4 pixels across, ``hairs`` short hairlines
    (fibres and scratches: thin, so never taken for dots) and a few blots."""
    rng = np.random.default_rng(seed)
    pixels = np.asarray(page.convert("L")).copy()
    h, w = pixels.shape
    for x, y, size in zip(
        rng.integers(0, w - 16, specks),
        rng.integers(0, h - 16, specks),
        rng.integers(1, 5, specks),
        strict=True,
    ):
        pixels[y : y + size, x : x + size] = 0
    for x, y, length, across in zip(
        rng.integers(0, w - 16, hairs),
        rng.integers(0, h - 16, hairs),
        rng.integers(6, 14, hairs),
        rng.integers(0, 2, hairs),
        strict=True,
    ):
        pixels[y : y + (1 if across else length), x : x + (length if across else 1)] = 60
    for x, y in zip(rng.integers(0, w - 12, 300), rng.integers(0, h - 12, 300), strict=True):
        pixels[y : y + 9, x : x + 7] = 40  # blots the size of a small letter
    return Image.fromarray(pixels)


def options(**limits: object) -> PipelineOptions:
    return PipelineOptions(limits=replace(Limits(), **limits), workers=2)  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_page_with_tens_of_thousands_of_specks_is_read_within_a_small_memory_ceiling() -> None:
    text = render_lines(LINES, dpi=300)
    a4 = Image.new("L", (2481, 3508), 255)  # A4 at 300 dpi
    a4.paste(text, (0, 300))
    data = to_bytes(dusty(a4, specks=30_000, hairs=15_000), "PNG")
    record = process(data, filename="dusty.png", options=options(page_memory=1536 * 2**20))
    assert not [w for w in record.warnings if w.code == "page_failed"]
    words = " ".join(LINES).split()
    found = sum(word in record.text for word in words)
    assert found > 0.8 * len(words), record.text


def a0_pdf(path: Path) -> Path:
    """One A0 page (841 x 1189 mm) carrying large printed text, as a plan drawing would, and
    a title block drawn in a font (so the page is rendered, not taken as a scanned image)."""
    text = render_lines(LINES[:5], dpi=150, size_pt=40).convert("RGB")
    canvas = Image.new("RGB", (2483, 3511), "white")  # A0 at 75 dpi
    canvas.paste(text, (100, 100))
    canvas.save(path, "PDF", resolution=75)
    pdf = pikepdf.open(path, allow_overwriting_input=True)
    page = pdf.pages[0]
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.Resources.Font = pikepdf.Dictionary(F1=font)
    page.contents_add(pdf.make_stream(b"BT /F1 30 Tf 2000 100 Td (Ban ve 01) Tj ET"))
    pdf.save(path)
    return path


@pytest.mark.slow
def test_a_large_format_page_is_rendered_at_the_dpi_that_fits_and_says_so(tmp_path: Path) -> None:
    data = a0_pdf(tmp_path / "a0.pdf").read_bytes()
    record = process(data, filename="a0.pdf", options=options(max_pixels=20_000_000))
    page = record.ocr.pages[0]
    assert page.width * page.height <= 20_000_000
    notes = [w for w in record.warnings if w.code == "page_downscaled"]
    assert len(notes) == 1 and " dpi " in notes[0].message
    assert "KẾ HOẠCH" in record.text


def test_an_image_over_the_pixel_limit_is_reduced_not_refused() -> None:
    page = render_lines(LINES[:5], dpi=300).resize((2481, 3508))
    data = to_bytes(page, "PNG")
    record = process(data, filename="big.png", options=options(max_pixels=4_000_000))
    assert record.ocr.pages[0].width * record.ocr.pages[0].height <= 4_000_000
    assert [w.code for w in record.warnings if w.code == "page_downscaled"] == ["page_downscaled"]


def test_a_page_over_the_memory_ceiling_fails_alone_with_out_of_memory(tmp_path: Path) -> None:
    small = render_lines(LINES[:5], dpi=100)
    big = render_lines(LINES * 4, dpi=300)
    path = tmp_path / "two.tiff"
    small.save(path, save_all=True, append_images=[big])
    limits = replace(Limits(), page_memory=700 * 2**20)
    jobs = [PageJob(path, "image/tiff", n, OcrOptions(), limits) for n in (1, 2)]
    first, second = read_pages(jobs, workers=2)
    assert not isinstance(first, PageFailure) and "KẾ HOẠCH" in first.text
    assert isinstance(second, PageFailure) and isinstance(second.error, OutOfMemory)
    assert "VANBAN_PAGE_MEMORY_MB" in second.error.message


def test_a_page_over_its_time_is_stopped_and_the_others_go_on(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    render_lines(LINES[:5], dpi=200).save(path)
    slow = replace(Limits(), page_seconds=0.05)
    jobs = [
        PageJob(path, "image/png", 1, OcrOptions(), slow),
        PageJob(path, "image/png", 1, OcrOptions(), Limits()),
    ]
    stopped, read = read_pages(jobs, workers=2)
    assert isinstance(stopped, PageFailure) and isinstance(stopped.error, PageTimeout)
    assert not isinstance(read, PageFailure) and "KẾ HOẠCH" in read.text


def test_a_document_whose_pages_all_fail_fails_with_the_page_error(tmp_path: Path) -> None:
    data = to_bytes(render_lines(LINES[:5], dpi=200), "PNG")
    with pytest.raises(PageTimeout):
        process(data, filename="x.png", options=options(page_seconds=0.05))


def test_tesseract_over_its_time_is_killed_with_ocr_timeout() -> None:
    page = render_lines(LINES, dpi=300)
    with pytest.raises(OcrTimeout):
        tesseract.run_tesseract(page, languages="vie", psm=3, timeout=0.001)


def test_a_page_whose_regions_overrun_is_read_again_simply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def overrun(*args: object, **kwargs: object) -> None:
        raise OcrTimeout("Tesseract did not finish the page within 1 s")

    monkeypatch.setattr(reader, "read_regions", overrun)
    page = reader.recognize(render_lines(LINES[:5], dpi=200), number=2)
    assert "Tổ chức kiểm tra" in page.text
    assert [w.code for w in page.warnings] == ["page_read_simply"]
    assert page.warnings[0].message.startswith("page 2: ")


def test_documents_read_side_by_side_share_the_page_workers() -> None:
    import threading

    from api import pages

    first = pages._borrow(2, None, limit=1)
    assert len(first) == 1  # asked for two, the limit is one
    second: list[list[pages._Worker]] = []
    waiting = threading.Thread(target=lambda: second.append(pages._borrow(1, None, limit=1)))
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive() and second == []  # waits while the one worker is out
    pages._give_back(first)
    waiting.join(10)
    assert [len(pool) for pool in second] == [1]
    pages._give_back(second[0])
    assert pages._in_use[0] == 0
