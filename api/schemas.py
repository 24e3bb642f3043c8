"""Wire models of the HTTP API, built from the record in one place (``record_out``).

They mirror the JSON record (RECORD.md) so /docs shows its shape; unknown names are let
through (``extra="allow"``), because the record may gain fields without the API changing.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.errors import InputError
from core.record import Fields


class Wire(BaseModel):
    model_config = ConfigDict(extra="allow")


# --------------------------------------------------------------------------- errors and jobs


class ErrorBody(Wire):
    code: str
    message: str
    detail: str | None = None  # the specific English message, when ``message`` is translated


class ErrorOut(Wire):
    error: ErrorBody


class Progress(Wire):
    pages_done: int
    pages_total: int


class JobOut(Wire):
    id: str
    document_id: str
    state: Literal["queued", "running", "done", "failed"]
    progress: Progress
    error: ErrorBody | None = None


class UploadItem(Wire):
    filename: str
    document_id: str | None = None
    job: JobOut | None = None
    duplicate: bool = False
    error: ErrorBody | None = None


class UploadOut(Wire):
    documents: list[UploadItem]


# --------------------------------------------------------------------------- the record


class DateOut(Wire):
    raw: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    iso: str | None = None


class CitedOut(Wire):
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    raw: str | None = None


class DeadlineOut(Wire):
    task: str | None = None
    raw: str | None = None
    start: str | None = None
    end: str | None = None
    kind: str | None = None
    lead: str | None = None
    support: list[str] = []


class SignerOut(Wire):
    name: str | None = None
    title: str | None = None
    authority: str | None = None


class FieldsOut(Wire):
    doc_type: str | None = None
    type_code: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: DateOut = DateOut()
    title: str | None = None
    urgency: str | None = None
    secrecy: str | None = None
    cited_documents: list[CitedOut] = []
    deadlines: list[DeadlineOut] = []
    signer: SignerOut = SignerOut()
    recipients: list[str] = []
    meeting: dict[str, Any] | None = None
    digital_signatures: list[dict[str, Any]] = []


class SourceOut(Wire):
    filename: str
    media_type: str
    pages: int
    bytes: int


class ChangeOut(Wire):
    line: int = Field(description="0-based line of the text")
    start: int
    end: int
    original: str
    restored: str
    confidence: float
    status: str


class WarningOut(Wire):
    code: str
    message: str

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        """Records stored before warnings had codes carry bare messages."""
        return {"code": "note", "message": value} if isinstance(value, str) else value


class RecordOut(Wire):
    id: str
    source: SourceOut
    ocr: dict[str, Any]
    raw_text: str
    text: str
    fields: FieldsOut
    evidence: dict[str, Any] = {}
    changes: list[ChangeOut] = []
    warnings: list[WarningOut] = []
    jobs: list[JobOut] = []


def record_out(record: dict[str, Any], *, jobs: list[dict[str, Any]]) -> RecordOut:
    """The one place a stored record becomes its wire form."""
    return RecordOut.model_validate({**record, "jobs": jobs})


# --------------------------------------------------------------------------- lists


NORMALIZED = "the issuer as it is written (OCR slips repaired, abbreviations written out)"


class DocumentSummary(Wire):
    id: str
    filename: str
    media_type: str
    bytes: int
    created: float
    doc_type: str | None = None
    issuer: str | None = None
    issuer_normalized: str | None = Field(None, description=NORMALIZED)
    year: int | None = None
    symbol: str | None = None
    title: str | None = None
    state: str | None = None


class DocumentList(Wire):
    documents: list[DocumentSummary]
    page: int
    page_size: int
    total: int


class SearchHit(Wire):
    id: str
    filename: str
    doc_type: str | None = None
    issuer: str | None = None
    issuer_normalized: str | None = Field(None, description=NORMALIZED)
    year: int | None = None
    symbol: str | None = None
    title: str | None = None
    title_html: str = Field(description="title, HTML-escaped, matches in <mark>")
    snippet_html: str = Field(description="best stretch of the text, matches in <mark>")


class FacetCount(Wire):
    value: str
    count: int


class SearchOut(Wire):
    query: str
    total: int
    page: int
    page_size: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]] = Field(
        default_factory=dict,
        description="issuer: the most frequent normalised issuers among all the hits, counted",
    )


class HistoryEntry(Wire):
    who: str
    at: float = Field(description="seconds since the epoch (UTC)")
    field: str
    before: Any = None
    after: Any = None


class HistoryOut(Wire):
    history: list[HistoryEntry]


# --------------------------------------------------------------------------- corrections

FIELD_NAMES = frozenset(Fields.__dataclass_fields__)


class DocumentPatch(BaseModel):
    """A correction: some fields, some lines (1-based number -> new text) or the whole text."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[str, Any] | None = Field(default=None, examples=[{"title": "Kế hoạch ..."}])
    lines: dict[int, str] | None = Field(default=None, examples=[{"12": "corrected line"}])
    text: str | None = None


def apply_patch(record: dict[str, Any], patch: DocumentPatch) -> list[tuple[str, Any, Any]]:
    """Apply ``patch`` to ``record`` in place; returns (field, before, after) for each change."""
    changes = _patch_fields(record, patch.fields or {})
    if patch.text is not None:
        _check_lines(record["text"], patch.text)
        if patch.text != record["text"]:
            old = record["text"].split("\n")
            edited = {i for i, line in enumerate(patch.text.split("\n")) if line != old[i]}
            changes.append(("text", record["text"], patch.text))
            record["text"] = patch.text
            _forget_restorations(record, edited)
    for number, new in sorted((patch.lines or {}).items()):
        lines = record["text"].split("\n")
        if not 1 <= number <= len(lines) or "\n" in new:
            raise InputError(
                f"line {number} does not exist or the new text has a line break "
                f"(the text has {len(lines)} lines; send one line without line breaks)"
            )
        if lines[number - 1] != new:
            changes.append((f"line {number}", lines[number - 1], new))
            lines[number - 1] = new
            record["text"] = "\n".join(lines)
            _forget_restorations(record, {number - 1})
    return changes


def _forget_restorations(record: dict[str, Any], lines: set[int]) -> None:
    """A person's correction of a line supersedes what restoration did on it."""
    record["changes"] = [c for c in record.get("changes", []) if c.get("line") not in lines]


def _patch_fields(record: dict[str, Any], values: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    changes: list[tuple[str, Any, Any]] = []
    for name, value in values.items():
        if name not in FIELD_NAMES:
            raise InputError(
                f"unknown field {name!r}; fields are: {', '.join(sorted(FIELD_NAMES))}"
            )
        before = record["fields"].get(name)
        if before != value:
            record["fields"][name] = value
            changes.append((f"fields.{name}", before, value))
    try:
        checked = FieldsOut.model_validate(record["fields"])
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(x) for x in problem["loc"])
        raise InputError(f"field {where}: {problem['msg']}") from None
    if "date" in values:
        d = checked.date
        iso = f"{d.year:04d}-{d.month:02d}-{d.day:02d}" if d.year and d.month and d.day else None
        record["fields"]["date"] = {**record["fields"]["date"], "iso": iso}
    return changes


def _check_lines(old: str, new: str) -> None:
    if old.count("\n") != new.count("\n"):
        raise InputError(
            "the corrected text must keep the same lines as the original "
            f"({old.count(chr(10)) + 1} lines, got {new.count(chr(10)) + 1})"
        )
