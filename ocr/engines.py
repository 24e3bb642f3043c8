"""The engines the page reader can use, by the name ``OcrOptions.engine`` gives."""

from __future__ import annotations

from core.engine import OcrEngine
from core.errors import InputError
from core.options import OcrOptions
from ocr.recorded import RecordedEngine
from ocr.tesseract import TesseractEngine

ENGINES = ("tesseract", "recorded")


def engine_for(options: OcrOptions) -> OcrEngine:
    """The engine ``options`` names, set up with its languages (and recording)."""
    if options.engine == "tesseract":
        return TesseractEngine(options.languages)
    if options.engine == "recorded":
        if not options.recording:
            raise InputError("The recorded OCR engine needs a recording file.")
        return RecordedEngine(options.recording, language=options.languages)
    raise InputError(
        f"Unknown OCR engine {options.engine!r}; the engines are {', '.join(ENGINES)}."
    )
