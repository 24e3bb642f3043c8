"""Shared fixtures: documents the tests render themselves."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)


def serif_font(size: int) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        path = folder / "LiberationSerif-Regular.ttf"
        if path.exists():
            return ImageFont.truetype(str(path), size)
    pytest.skip("Liberation Serif is not installed (apt-get install fonts-liberation2)")


def render_lines(lines: list[str], *, dpi: int = 300, size_pt: float = 13.0) -> Image.Image:
    """A white A4-width page with ``lines`` of black serif text, like a clean scan."""
    px = int(size_pt * dpi / 72)
    font = serif_font(px)
    width = int(8.27 * dpi)
    height = max(int(1.5 * dpi), int(px * 1.6 * (len(lines) + 4)))
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = int(0.8 * dpi * 0.5)
    for line in lines:
        draw.text((int(0.8 * dpi), y), line, font=font, fill=0)
        y += int(px * 1.6)
    return page


def to_bytes(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


@pytest.fixture
def render() -> Callable[..., Image.Image]:
    return render_lines
