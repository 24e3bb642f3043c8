"""Page image -> words with boxes and confidences."""

from __future__ import annotations

from ocr.engine import engine_version, recognize

__all__ = ["engine_version", "recognize"]
