"""The record types that flow between stages.

Stages hand each other these small frozen dataclasses. The JSON form of a processed
document (see ``Record.to_dict``) is a contract: names may be added, never renamed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any

BBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels

PAGE_BREAK = "\n\f"  # OCR'd pages in a text: each starts on a new line, after a form feed


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning in a record: a stable code (core.errors.WarningCode) and a message."""

    code: str
    message: str


# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True, slots=True)
class Source:
    """A validated input document: the original bytes and what they are."""

    id: str  # sha256 of the original bytes
    filename: str
    media_type: str  # application/pdf, image/png, image/jpeg, image/tiff, text/plain
    data: bytes = field(repr=False)
    pages: int
    text: str | None = None  # the text itself for text input, or a PDF text layer if used
    encoding: str | None = None  # the legacy encoding text was converted from (tcvn3, vni...)

    @property
    def is_text(self) -> bool:
        return self.text is not None


# --------------------------------------------------------------------------- ocr


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    bbox: BBox
    confidence: float  # 0..100
    line: int  # 0-based line index within the page text


@dataclass(frozen=True, slots=True)
class OcrPage:
    number: int  # 1-based
    width: int
    height: int
    text: str  # lines joined by "\n", no trailing form feed
    words: tuple[Word, ...] = ()
    confidence: float | None = None  # mean word confidence, 0..100
    skew_degrees: float = 0.0
    orientation: int = 0  # degrees the page was rotated to read upright
    warnings: tuple[Notice, ...] = ()


# --------------------------------------------------------------------------- diacritics


@dataclass(frozen=True, slots=True)
class TokenDecision:
    """What restoration did with one token of the input."""

    line: int  # 0-based line in the whole text
    start: int  # character offsets within that line (of the original)
    end: int
    original: str
    restored: str
    confidence: float  # 0..1
    status: str = "kept"  # kept | changed | unreadable | protected


@dataclass(frozen=True, slots=True)
class Restoration:
    text: str
    tokens: tuple[TokenDecision, ...] = ()
    warnings: tuple[Notice, ...] = ()

    @property
    def changes(self) -> tuple[TokenDecision, ...]:
        return tuple(t for t in self.tokens if t.status == "changed")


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True, slots=True)
class DocDate:
    raw: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str | None:
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return None


@dataclass(frozen=True, slots=True)
class CitedDocument:
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None  # ISO date when fully known
    issuer: str | None = None
    subject: str | None = None
    raw: str | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    task: str | None = None
    raw: str | None = None
    start: str | None = None  # ISO date
    end: str | None = None  # ISO date
    kind: str | None = None  # date | before | month | quarter | range | tentative | recurring
    lead: str | None = None
    support: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Signer:
    name: str | None = None
    title: str | None = None
    authority: str | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    venue: str | None = None
    time: str | None = None
    chair: str | None = None


@dataclass(frozen=True, slots=True)
class DigitalSignature:
    signer: str | None = None
    email: str | None = None
    timestamp: str | None = None


@dataclass(frozen=True, slots=True)
class Fields:
    doc_type: str | None = None
    type_code: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: DocDate = DocDate()
    title: str | None = None
    urgency: str | None = None
    secrecy: str | None = None
    cited_documents: tuple[CitedDocument, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    signer: Signer = Signer()
    recipients: tuple[str, ...] = ()
    meeting: Meeting | None = None
    digital_signatures: tuple[DigitalSignature, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    line: int  # 1-based line number in the text
    text: str
    page: int | None = None
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    fields: Fields
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warnings: tuple[Notice, ...] = ()


# --------------------------------------------------------------------------- archival metadata


@dataclass(frozen=True, slots=True)
class Archival:
    """Archival metadata an archivist set on a document (Thông tư 05/2025/TT-BNV, after
    02/2019/TT-BNV). ``None`` means "not set": the value then comes from the extracted
    fields when they know it (``archive.archival`` merges the two at read time)."""

    identifier: str | None = None  # Mã định danh văn bản
    fonds_code: str | None = None  # Mã phông
    dossier_code: str | None = None  # Mã hồ sơ
    order: int | None = None  # Số thứ tự văn bản trong hồ sơ
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None  # ISO date, or YYYY-MM / YYYY when only that is known
    issuer: str | None = None
    title: str | None = None
    language: str | None = None
    page_count: int | None = None
    notes: str | None = None
    information_mark: str | None = None  # Ký hiệu thông tin
    keywords: str | None = None
    access: str | None = None  # Chế độ sử dụng
    reliability: str | None = None  # Mức độ tin cậy
    autograph: str | None = None  # Bút tích
    physical_condition: str | None = None
    retention: str | None = None  # Thời hạn bảo quản
    signer_title: str | None = None
    signer_name: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Archival:
        """From a stored record's ``archival`` (absent in records stored before it existed);
        names this version does not know are left out."""
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


# --------------------------------------------------------------------------- the record


@dataclass(frozen=True, slots=True)
class Review:
    """An archivist's review of a stored record, kept in its JSON form under ``review``:
    who marked it reviewed and when, and the fields corrected by hand (field paths such as
    ``title``, ``signer.name``, ``deadlines.<uid>.lead``), which a re-extraction keeps."""

    reviewed_by: str | None = None
    reviewed_at: float | None = None  # seconds since the epoch (UTC)
    manual: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, value: dict[str, Any] | None) -> Review:
        value = value or {}
        return cls(
            value.get("reviewed_by"), value.get("reviewed_at"), tuple(value.get("manual", ()))
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "reviewed_by": self.reviewed_by,
            "reviewed_at": self.reviewed_at,
            "manual": sorted(self.manual),
        }


@dataclass(frozen=True, slots=True)
class SourceInfo:
    filename: str
    media_type: str
    pages: int
    bytes: int


@dataclass(frozen=True, slots=True)
class OcrInfo:
    engine: str | None
    languages: str | None
    mean_confidence: float | None
    pages: tuple[OcrPage, ...] = ()


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    source: SourceInfo
    ocr: OcrInfo
    raw_text: str
    text: str
    fields: Fields
    evidence: dict[str, Evidence] = field(default_factory=dict)
    changes: tuple[TokenDecision, ...] = ()
    warnings: tuple[Notice, ...] = ()
    archival: Archival = Archival()

    def to_dict(self, *, words: bool = False) -> dict[str, Any]:
        """The JSON-ready form of the record (the contract in the README)."""
        return {
            "id": self.id,
            "source": dataclasses.asdict(self.source),
            "ocr": {
                "engine": self.ocr.engine,
                "languages": self.ocr.languages,
                "mean_confidence": self.ocr.mean_confidence,
                "pages": [_page_dict(p, words=words) for p in self.ocr.pages],
            },
            "raw_text": self.raw_text,
            "text": self.text,
            "fields": fields_to_dict(self.fields),
            "evidence": {k: _plain(v) for k, v in self.evidence.items()},
            "changes": [_plain(c) for c in self.changes],
            "warnings": [_plain(w) for w in self.warnings],
            "archival": _plain(self.archival),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """The typed record of its JSON form, as the archive stores it (``to_dict``)."""
        record: Record = _from_plain(cls, data)
        return record


def fields_to_dict(fields: Fields) -> dict[str, Any]:
    out: dict[str, Any] = _plain(fields)
    out["date"]["iso"] = fields.date.iso
    return out


def _page_dict(page: OcrPage, *, words: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": page.number,
        "width": page.width,
        "height": page.height,
        "skew_degrees": round(page.skew_degrees, 2),
        "orientation": page.orientation,
        "confidence": None if page.confidence is None else round(page.confidence, 1),
        "warnings": [_plain(w) for w in page.warnings],
    }
    if words:
        out["words"] = [_plain(w) for w in page.words]
    return out


def _plain(obj: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, recursively."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


def with_uids(deadlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each deadline with a ``uid``: the one it keeps once stored, or one made from its time
    as written and its place among those with the same (so a deadline found again after a
    correction of its task's line keeps its uid)."""
    out, seen = [], dict[str, int]()
    for d in deadlines:
        if d.get("uid"):
            out.append(d)
            continue
        key = "\x1f".join(str(d.get(k) or "") for k in ("raw", "kind")) or str(d.get("task"))
        digest = hashlib.sha1(key.encode()).hexdigest()[:10]
        seen[digest] = seen.get(digest, 0) + 1
        uid = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
        out.append({**d, "uid": uid})
    return out


# --------------------------------------------------------------------------- reading back


def _from_plain(kind: Any, value: Any) -> Any:
    """``value`` (JSON-ready, as ``_plain`` made it) as ``kind``: dataclasses, tuples, dicts
    and optional values rebuilt from their annotations; names a type does not know are left
    out, so records stored by other versions still read."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _from_plain(options[0], value)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from_plain(args[0], v) for v in value or ())
        return tuple(_from_plain(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        _, item = typing.get_args(kind)
        return {k: _from_plain(item, v) for k, v in (value or {}).items()}
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if value is None:
            return kind()
        hints = _hints(kind)
        given: dict[str, Any] = {}
        for f in dataclasses.fields(kind):
            if f.name in value:
                given[f.name] = _from_plain(hints[f.name], value[f.name])
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                given[f.name] = _empty(hints[f.name])
        return kind(**given)
    return value


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _empty(kind: Any) -> Any:
    """The value of a required field a stored form left out (a page's text: kept in the
    record's text, not in each page)."""
    return {str: "", int: 0, float: 0.0}.get(kind)
