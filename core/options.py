"""Small option objects handed to stages (built from Settings in one place, api/)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 500
    max_pixels: int = 60_000_000
    min_side: int = 32
    page_memory: int | None = 6 * 2**30  # address space of one page worker (bytes)
    page_seconds: float = 900.0  # wall time of one page worker, rendering and OCR together


@dataclass(frozen=True, slots=True)
class OcrOptions:
    languages: str = "vie"
    dpi: int = 300
    preprocess: bool = True
    # seconds one Tesseract run may take on an A4 page at 300 dpi, scaled by the pixels read
    timeout: float = 120.0
    engine: str = "tesseract"  # the OCR engine (ocr.engines): tesseract, or recorded
    recording: str | None = None  # the recorded engine's file of answers


@dataclass(frozen=True, slots=True)
class RestoreOptions:
    tone_style: Literal["new", "old"] = "new"  # "new": hòa, thủy; "old": hoà, thuỷ
    # the text was read by OCR with Vietnamese: its known slips ("nhần" for "nhân") may be
    # repaired in context; typed text is left as it is
    ocr_slips: bool = False
