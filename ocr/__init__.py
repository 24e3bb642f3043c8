"""Page image -> words with boxes and confidences: the page reader and its engines."""

from __future__ import annotations

from ocr.engines import engine_for
from ocr.reader import recognize

__all__ = ["engine_for", "recognize"]
