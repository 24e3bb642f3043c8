"""Wire models of the HTTP API, kept apart from the pipeline's record types."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from core.errors import InputError
from core.record import Fields

FIELD_NAMES = frozenset(Fields.__dataclass_fields__)


class DocumentPatch(BaseModel):
    """A correction: some fields, some lines (1-based number -> new text) or the whole text."""

    fields: dict[str, Any] | None = Field(default=None, examples=[{"title": "Kế hoạch ..."}])
    lines: dict[int, str] | None = Field(default=None, examples=[{"12": "corrected line"}])
    text: str | None = None


def apply_patch(record: dict[str, Any], patch: DocumentPatch) -> list[tuple[str, Any, Any]]:
    """Apply ``patch`` to ``record`` in place; returns (field, before, after) for each change."""
    changes: list[tuple[str, Any, Any]] = []
    for name, value in (patch.fields or {}).items():
        if name not in FIELD_NAMES:
            raise InputError(
                f"unknown field {name!r}; fields are: {', '.join(sorted(FIELD_NAMES))}"
            )
        before = record["fields"].get(name)
        if before != value:
            record["fields"][name] = value
            changes.append((f"fields.{name}", before, value))
    if patch.text is not None:
        _check_lines(record["text"], patch.text)
        changes.append(("text", record["text"], patch.text))
        record["text"] = patch.text
    for number, new in sorted((patch.lines or {}).items()):
        lines = record["text"].split("\n")
        if not 1 <= number <= len(lines) or "\n" in new:
            raise InputError(f"line {number} does not exist (the text has {len(lines)} lines)")
        if lines[number - 1] != new:
            changes.append((f"line {number}", lines[number - 1], new))
            lines[number - 1] = new
            record["text"] = "\n".join(lines)
    return changes


def _check_lines(old: str, new: str) -> None:
    if old.count("\n") != new.count("\n"):
        raise InputError(
            "the corrected text must keep the same lines as the original "
            f"({old.count(chr(10)) + 1} lines, got {new.count(chr(10)) + 1})"
        )
