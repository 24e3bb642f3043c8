"""Shared fixtures: documents the tests render themselves."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


# --------------------------------------------------------------------------- real services


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    """One real PostgreSQL for the session (tests/services.py); skipped where not installed."""
    from tests import services

    why = services.postgres_available()
    if why:
        pytest.skip(why)
    with services.postgres() as server:
        yield server


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    from tests import services

    why = services.redis_available()
    if why:
        pytest.skip(why)
    with services.redis() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """Each test that asks for it runs on both archives: the embedded SQLite file and a new
    PostgreSQL database (``VANBAN_DATABASE_URL`` set, so every Settings() of the test uses it)."""
    if request.param == "sqlite":
        monkeypatch.delenv("VANBAN_DATABASE_URL", raising=False)
        return None
    url: str = request.getfixturevalue("postgres_server").database()
    monkeypatch.setenv("VANBAN_DATABASE_URL", url)
    return url


def open_archive(data_dir: Path) -> Any:
    """The archive a test's Settings() would open: PostgreSQL when ``database_url`` set it."""
    import os

    from archive import open_store

    return open_store(data_dir, database_url=os.environ.get("VANBAN_DATABASE_URL"))


def rows(archive: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """A read query (``?`` placeholders) on either archive, rows as tuples."""
    if hasattr(archive, "connection"):
        return [tuple(r) for r in archive.connection().execute(sql, params).fetchall()]
    found = archive._db().execute(sql.replace("?", "%s"), params).fetchall()
    return [tuple(r.values()) for r in found]
