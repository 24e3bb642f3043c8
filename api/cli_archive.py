"""Archive commands of the CLI (search, deadlines, import) on the same data directory."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add the archive subcommands to the ``vanban`` parser."""
    del sub
