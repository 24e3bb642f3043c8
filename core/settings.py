"""Settings, read once at start-up from ``VANBAN_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_log_file() -> Path:
    """Where tracebacks of unexpected errors go: the user's state folder (XDG)."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "vanban" / "vanban.log"


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _default_page_memory_mb() -> int:
    """Half the machine's memory shared among the page workers, between 2 and 8 GiB each
    (6 GiB on 2 cores and 24 GiB): room for the largest page, never the whole machine."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return 4096
    share = total // 2 // _default_workers() // 2**20
    return int(min(8192, max(2048, share)))


class Settings(BaseSettings):
    """Every option of the service; each has a ``VANBAN_<NAME>`` environment variable."""

    model_config = SettingsConfigDict(env_prefix="VANBAN_", extra="ignore")

    data_dir: Path = Path("vanban-data")
    host: str = "127.0.0.1"
    port: int = 8000
    api_token: str | None = None
    api_token_name: str = "api"  # who the history records for edits made with api_token
    api_tokens: dict[str, str] = {}  # more writers: name -> token (JSON in VANBAN_API_TOKENS)
    read_requires_token: bool = False
    languages: str = "vie"
    dpi: int = 300
    use_text_layer: bool = False
    workers: int = _default_workers()
    tone_style: Literal["new", "old"] = "new"
    max_upload_bytes: int = 100 * 1024 * 1024
    max_pages: int = 500
    max_pixels: int = 60_000_000
    min_side_pixels: int = 32
    page_memory_mb: int = _default_page_memory_mb()  # address space of one page worker; 0: none
    page_timeout: float = 900.0  # seconds one page may take, rendering and OCR together
    ocr_timeout: float = 120.0  # seconds for one Tesseract run on an A4 300-dpi page (scaled)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    ui_language: Literal["vi", "en"] = "vi"
    page_image_dpi: int = 100  # page images served to the web page
    webhook_attempts: int = 4
    log_file: Path = _default_log_file()  # tracebacks of unexpected errors
    # Several machines (docs in the README): the database, the broker and the storage folder
    # every machine shares. Unset: SQLite in data_dir, jobs in this process, files in data_dir.
    database_url: str | None = None  # postgresql://user:pass@host/db, or sqlite:///path
    broker_url: str | None = None  # redis://host:6379/0: jobs go to `vanban worker` processes
    storage_dir: Path | None = None  # originals, page images and PDF/A copies
    job_timeout: float = 3600.0  # seconds the longest job may take (the broker redelivers after)
    worker_max_memory_mb: int = 4096  # a worker process is replaced after growing past this
