"""Garbled or stripped text -> Vietnamese, line for line."""

from __future__ import annotations

from diacritics.restore import load, restore

__all__ = ["load", "restore"]
