"""Restored text (+ page boxes) -> the fields of the record."""

from __future__ import annotations

from extraction.extract import extract

__all__ = ["extract"]
