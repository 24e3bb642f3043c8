"""One direction of dependency: corpora (data, loaders and their build) never imports a stage
of the pipeline, and nothing the service runs imports the build."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("core", "ingest", "ocr", "diacritics", "extraction", "archive", "api")


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from ... import`` of the file names, at any depth
    (imports inside functions count too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
    return out


def top(module: str) -> str:
    return module.split(".")[0]


def test_imported_modules_sees_nested_and_from_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os.path\nfrom corpora import lm\n\ndef f():\n    from diacritics import model\n",
        encoding="utf-8",
    )
    assert imported_modules(sample) == {
        "os.path",
        "corpora",
        "corpora.lm",
        "diacritics",
        "diacritics.model",
    }


def test_corpora_imports_no_pipeline_stage() -> None:
    files = sorted((ROOT / "corpora").rglob("*.py"))
    assert any(f.parent.name == "build" for f in files)  # the build is walked too
    wrong = {
        f"{f.relative_to(ROOT)}: {m}"
        for f in files
        for m in imported_modules(f)
        if top(m) in STAGES
    }
    assert not wrong, sorted(wrong)


def test_run_time_code_never_imports_the_build() -> None:
    wrong = {
        f"{f.relative_to(ROOT)}: {m}"
        for package in STAGES
        for f in sorted((ROOT / package).rglob("*.py"))
        for m in imported_modules(f)
        if m == "corpora.build" or m.startswith("corpora.build.")
    }
    assert not wrong, sorted(wrong)
