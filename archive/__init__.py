"""Storage of originals and records, search index, jobs and feeds (embedded SQLite)."""

from __future__ import annotations

from archive.store import Archive, Job

__all__ = ["Archive", "Job"]
