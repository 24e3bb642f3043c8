"""The restorer's hot modules run compiled (``setup.py``) and restore exactly as their Python
source does; a compiled module older than its source is never run."""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import diacritics
from diacritics import PURE_PYTHON, restore

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _compiled_names() -> tuple[str, ...]:
    """``COMPILED`` of setup.py, read without running it."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets
        ):
            names = ast.literal_eval(node.value)
            assert isinstance(names, tuple)
            return names
    raise AssertionError("setup.py names no COMPILED modules")


_RESTORE_ALL = """
import json, sys
from pathlib import Path
from diacritics import restore
import diacritics.decode
out = {"decode": diacritics.decode.__file__}
for kind in ("clean", "stripped", "garbled"):
    got = restore(Path(sys.argv[1], f"decode-check-{kind}.txt").read_text(encoding="utf-8"))
    out[kind] = [got.text, [t.confidence for t in got.tokens]]
print(json.dumps(out))
"""


def test_the_hot_modules_run_compiled() -> None:
    names = _compiled_names()
    assert "decode" in names
    for name in names:
        module = importlib.import_module(f"diacritics.{name}")
        assert module.__file__ is not None
        assert module.__file__.endswith(SUFFIX), (
            f"diacritics.{name} runs from {module.__file__}: build it (scripts/setup.sh)"
        )


def test_compiled_and_source_restore_alike() -> None:
    env = {**os.environ, PURE_PYTHON: "1"}
    run = subprocess.run(
        [sys.executable, "-c", _RESTORE_ALL, str(DATA)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    source = json.loads(run.stdout)
    assert source["decode"].endswith("decode.py")  # the source ran there
    for kind in ("clean", "stripped", "garbled"):
        got = restore((DATA / f"decode-check-{kind}.txt").read_text(encoding="utf-8"))
        assert got.text == source[kind][0]
        assert [t.confidence for t in got.tokens] == source[kind][1]


def test_a_module_changed_after_its_build_runs_from_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finder = diacritics._SourceOverStaleBuild()
    package = tmp_path / "package"
    package.mkdir()
    (tmp_path / "setup.py").write_text("", encoding="utf-8")  # a source tree
    monkeypatch.setattr(diacritics, "_HERE", package)
    monkeypatch.delenv(PURE_PYTHON, raising=False)
    source, built = package / "hot.py", package / f"hot{SUFFIX}"
    source.write_text("X = 1\n", encoding="utf-8")
    built.write_bytes(b"")
    os.utime(source, (1_000_000, 1_000_000))
    os.utime(built, (2_000_000, 2_000_000))
    assert finder.find_spec("diacritics.hot", None) is None  # current: the usual import
    assert finder.find_spec("diacritics.cold", None) is None  # not built
    assert finder.find_spec("other.hot", None) is None

    monkeypatch.setenv(PURE_PYTHON, "1")
    spec = finder.find_spec("diacritics.hot", None)
    assert spec is not None and spec.origin == str(source)

    monkeypatch.delenv(PURE_PYTHON)
    os.utime(source, (3_000_000, 3_000_000))  # edited since the build
    spec = finder.find_spec("diacritics.hot", None)
    assert spec is not None and spec.origin == str(source)

    # an installed copy (no setup.py beside it): its files were written one after the other
    # from one build, the source at times a little after the compiled form
    (tmp_path / "setup.py").unlink()
    assert finder.find_spec("diacritics.hot", None) is None
    monkeypatch.setenv(PURE_PYTHON, "1")
    spec = finder.find_spec("diacritics.hot", None)
    assert spec is not None and spec.origin == str(source)
