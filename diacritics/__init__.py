"""Garbled or stripped text -> Vietnamese, line for line.

The hot modules are also built compiled (``setup.py``, Cython, from the same source). In a
source tree (``setup.py`` beside the package), a module's source is loaded instead of its
compiled form where that is older than the source (edited since the build:
``scripts/setup.sh`` builds it again), so a stale build never runs; an installed copy's files
came from one build together. ``VANBAN_PURE_PYTHON`` set, the source is always loaded.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PURE_PYTHON = "VANBAN_PURE_PYTHON"
_HERE = Path(__file__).parent
_log = logging.getLogger(__name__)


class _SourceOverStaleBuild(importlib.abc.MetaPathFinder):
    """Finds this package's modules whose compiled form must not be used: their source."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != __name__:
            return None
        source = _HERE / f"{name}.py"
        built = [
            p
            for suffix in importlib.machinery.EXTENSION_SUFFIXES
            if (p := _HERE / f"{name}{suffix}").exists()
        ]
        if not built or not source.exists():
            return None
        if not os.environ.get(PURE_PYTHON):
            if not (_HERE.parent / "setup.py").exists():
                return None  # an installed copy: its files came from one build together
            if all(p.stat().st_mtime >= source.stat().st_mtime for p in built):
                return None  # the compiled form is current
            _log.warning("%s: compiled before its source was changed; the source is used", name)
        return importlib.util.spec_from_file_location(fullname, source)


if not any(isinstance(f, _SourceOverStaleBuild) for f in sys.meta_path):
    sys.meta_path.insert(0, _SourceOverStaleBuild())

from diacritics.restore import joined, load, restore  # noqa: E402

__all__ = ["joined", "load", "restore"]
