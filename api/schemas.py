"""Wire models of the HTTP API, built from the record in one place (``record_out``).

They mirror the JSON record (RECORD.md) so /docs shows its shape; unknown names are let
through (``extra="allow"``), because the record may gain fields without the API changing.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.record import with_uids


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
    uid: str | None = Field(default=None, description="stable id of the deadline in its record")
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


class ReviewOut(Wire):
    reviewed_by: str | None = None
    reviewed_at: float | None = Field(default=None, description="seconds since the epoch (UTC)")
    manual: list[str] = Field(default=[], description="fields corrected by hand")


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
    review: ReviewOut = ReviewOut()
    jobs: list[JobOut] = []


def record_out(record: dict[str, Any], *, jobs: list[dict[str, Any]]) -> RecordOut:
    """The one place a stored record becomes its wire form (deadlines get their uid)."""
    fields = {**record.get("fields", {})}
    fields["deadlines"] = with_uids(fields.get("deadlines") or [])
    return RecordOut.model_validate({**record, "fields": fields, "jobs": jobs})


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
    job_id: str | None = None
    error: ErrorBody | None = None


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
    # more matches than the archive counts (10,000): total is that many, and the page and
    # the issuer facet come from the newest 2,000 matches
    total_capped: bool = False
    page: int
    page_size: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]] = Field(
        default_factory=dict,
        description="issuer: the most frequent normalised issuers among all the hits, counted",
    )


class DoubtfulWord(Wire):
    line: int = Field(description="1-based line of the text")
    text: str
    original: str
    confidence: float = Field(description="0..1")
    source: Literal["restoration", "ocr"]
    page: int | None = None
    bbox: list[int] | None = None


class DoubtReason(Wire):
    code: str = Field(
        description="missing_field | low_ocr_confidence | doubtful_restorations "
        "| doubtful_ocr_words"
    )
    field: str | None = None
    value: float | None = None


class ReviewItem(Wire):
    id: str
    filename: str
    doc_type: str | None = None
    symbol: str | None = None
    title: str | None = None
    doubt: float = Field(description="0 (sure) .. 1 (doubtful)")
    reasons: list[DoubtReason]
    words: list[DoubtfulWord]
    reviewed_by: str | None = None
    reviewed_at: float | None = None


class ReviewQueue(Wire):
    documents: list[ReviewItem]
    page: int
    page_size: int
    total: int


class HistoryEntry(Wire):
    who: str
    at: float = Field(description="seconds since the epoch (UTC)")
    field: str
    before: Any = None
    after: Any = None


class HistoryOut(Wire):
    history: list[HistoryEntry]


# --------------------------------------------------------------------------- corrections


class Patch(BaseModel):
    """A part of a correction: only the names sent are changed (``model_fields_set``)."""

    model_config = ConfigDict(extra="forbid")


class DatePatch(Patch):
    raw: str | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None


class SignerPatch(Patch):
    name: str | None = None
    title: str | None = None
    authority: str | None = None


class CitedPatch(Patch):
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    raw: str | None = None


class DeadlinePatch(Patch):
    task: str | None = None
    due: str | None = Field(default=None, description="the due date, YYYY-MM-DD (sets end)")
    start: str | None = None
    end: str | None = None
    kind: str | None = None
    raw: str | None = None
    lead: str | None = None
    support: list[str] | None = None


class FieldsPatch(Patch):
    """Fields to correct. ``date`` as "YYYY-MM-DD" or its parts; ``signer`` in part; lists
    whole (one recipient or one deadline: ``recipient``, ``deadline`` beside ``fields``)."""

    doc_type: str | None = None
    type_code: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: str | DatePatch | None = None
    title: str | None = None
    urgency: str | None = None
    secrecy: str | None = None
    signer: SignerPatch | None = None
    cited_documents: list[CitedPatch] | None = None
    recipients: list[str] | None = None
    deadlines: list[DeadlinePatch] | None = None


class RecipientPatch(Patch):
    """One recipient by its 0-based place in the list; the list's length adds one, null
    as ``value`` removes it."""

    index: int = Field(ge=0)
    value: str | None


class DeadlineEdit(DeadlinePatch):
    """One deadline by its ``uid`` (as the record gives it); ``delete`` removes it."""

    uid: str
    delete: bool = False


class DocumentPatch(BaseModel):
    """A correction: fields, one recipient, one deadline, lines (1-based number -> new text)
    or the whole text, and the review mark. A corrected line re-extracts the fields from the
    corrected text; the fields corrected by hand are kept."""

    model_config = ConfigDict(extra="forbid")

    fields: FieldsPatch | None = Field(default=None, examples=[{"title": "Kế hoạch ..."}])
    recipient: RecipientPatch | None = None
    deadline: DeadlineEdit | None = None
    lines: dict[int, str] | None = Field(default=None, examples=[{"12": "corrected line"}])
    text: str | None = None
    reviewed: bool | None = Field(default=None, description="mark (or unmark) as reviewed")
