"""An OCRmyPDF engine plugin that hands OCRmyPDF vanban's restored words instead of
reading the page (used by ``benchmarks.preservation`` only).

The words come from the JSON file named by ``VANBAN_OCRMYPDF_WORDS``: for each page its
size in the record's pixels and its words with boxes and line numbers; they are scaled to
the page image OCRmyPDF rasterised."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.models.ocr_element import BoundingBox, OcrClass, OcrElement
from ocrmypdf.pluginspec import OcrEngine, OrientationConfidence
from PIL import Image


def _pages() -> list[dict[str, Any]]:
    return list(json.loads(Path(os.environ["VANBAN_OCRMYPDF_WORDS"]).read_text("utf-8")))


class VanbanWords(OcrEngine):
    @staticmethod
    def version() -> str:
        return "vanban"

    @staticmethod
    def creator_tag(options: Any) -> str:
        return "vanban restored text"

    def __str__(self) -> str:
        return "vanban restored words"

    @staticmethod
    def languages(options: Any) -> set[str]:
        return {"vie"}

    @staticmethod
    def get_orientation(input_file: Path, options: Any) -> OrientationConfidence:
        return OrientationConfidence(angle=0, confidence=0.0)

    @staticmethod
    def get_deskew(input_file: Path, options: Any) -> float:
        return 0.0

    @staticmethod
    def supports_generate_ocr() -> bool:
        return True

    @staticmethod
    def generate_ocr(
        input_file: Path, options: Any, page_number: int = 0
    ) -> tuple[OcrElement, str]:
        with Image.open(input_file) as img:
            width, height = img.size
            dpi = img.info.get("dpi", (300, 300))[0]
        pages = _pages()
        page = pages[page_number] if page_number < len(pages) else {"words": []}
        sx = width / page["width"] if page.get("width") else 1.0
        sy = height / page["height"] if page.get("height") else 1.0
        lines: dict[int, list[OcrElement]] = {}
        for w in page["words"]:
            x0, y0, x1, y1 = w["box"]
            box = BoundingBox(left=x0 * sx, top=y0 * sy, right=x1 * sx, bottom=y1 * sy)
            word = OcrElement(ocr_class=OcrClass.WORD, bbox=box, text=w["text"], confidence=1.0)
            lines.setdefault(w["line"], []).append(word)
        children = []
        for words in lines.values():
            box = BoundingBox(
                left=min(w.bbox.left for w in words if w.bbox),
                top=min(w.bbox.top for w in words if w.bbox),
                right=max(w.bbox.right for w in words if w.bbox),
                bottom=max(w.bbox.bottom for w in words if w.bbox),
            )
            children.append(OcrElement(ocr_class=OcrClass.LINE, bbox=box, children=words))
        root = OcrElement(
            ocr_class=OcrClass.PAGE,
            bbox=BoundingBox(left=0, top=0, right=width, bottom=height),
            dpi=float(dpi),
            page_number=page_number,
            children=children,
        )
        text = "\n".join(" ".join(w.text for w in words) for words in lines.values())
        return root, text

    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        raise NotImplementedError("generate_ocr is used")

    @staticmethod
    def generate_pdf(input_file: Path, output_pdf: Path, output_text: Path, options: Any) -> None:
        raise NotImplementedError("generate_ocr is used")


@hookimpl
def get_ocr_engine(options: Any) -> OcrEngine:
    return VanbanWords()
