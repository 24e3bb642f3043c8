"""Bytes -> a validated Source: sniffing the real type, limits, rasterising pages."""

from __future__ import annotations

from ingest.load import load
from ingest.raster import render_page
from ingest.sniff import sniff

__all__ = ["load", "render_page", "sniff"]
