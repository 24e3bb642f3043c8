"""Storage of originals and records, search index, jobs and feeds: embedded SQLite by
default, PostgreSQL for several machines (``open_store``)."""

from __future__ import annotations

from pathlib import Path

from archive.base import Store
from archive.store import Archive, Job

__all__ = ["Archive", "Job", "Store", "open_store"]


def open_store(
    data_dir: Path, *, database_url: str | None = None, storage_dir: Path | None = None
) -> Store:
    """The archive ``database_url`` names (``VANBAN_DATABASE_URL``): ``postgresql://...`` for
    PostgreSQL, ``sqlite:///path`` for an SQLite file, nothing for ``archive.sqlite3`` in
    ``data_dir``. Originals live in ``storage_dir`` (by default ``data_dir``)."""
    url = database_url or ""
    if url.startswith(("postgresql://", "postgres://")):
        from archive.postgres import PostgresArchive

        return PostgresArchive(url, data_dir=data_dir, storage_dir=storage_dir)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return Archive(data_dir, storage_dir=storage_dir, path=path)
    if url:
        from core.errors import ConfigurationError

        raise ConfigurationError(
            f"VANBAN_DATABASE_URL: {url.split('://')[0]}:// is not a database vanban knows; "
            "use postgresql://... or sqlite:///path.",
        )
    return Archive(data_dir, storage_dir=storage_dir)
