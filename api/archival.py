"""Archival metadata over HTTP: the merged view of a document, setting values one by one
or for many documents, dossiers, and exports (XLSX, CSV, JSON) of a selection."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.app import Read, Write
from archive import Store
from archive import archival as meta
from core.errors import EmptySelection

router = APIRouter(tags=["archival"])


class ArchivalValue(BaseModel):
    value: Any = None
    source: Literal["archivist", "extraction", "none"]
    vi: str = Field(description="the field's name in the standard")
    en: str
    kind: Literal["text", "int", "date"] = Field(
        description="int: a whole number from 1; date: YYYY-MM-DD, YYYY-MM, YYYY or dd/mm/yyyy"
    )


class ColumnOut(BaseModel):
    key: str
    vi: str = Field(description="the field's name in the standard")
    en: str
    kind: Literal["text", "int", "date"]


class ColumnsOut(BaseModel):
    standard: str
    columns: list[ColumnOut] = Field(description="in the standard's order")


class ArchivalOut(BaseModel):
    id: str
    standard: str
    fields: dict[str, ArchivalValue] = Field(description="every field, in the standard's order")


class ArchivalPatch(BaseModel):
    """Field -> value; null clears what was set, so the extracted value shows again."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[str, Any] = Field(examples=[{"fonds_code": "G09", "retention": "Vĩnh viễn"}])


class SelectionIn(BaseModel):
    """The documents of a search (as ``GET /search`` takes it) or of a fonds and dossier;
    all processed documents when nothing is given."""

    model_config = ConfigDict(extra="forbid")

    q: str = ""
    type: str | None = None
    issuer: str | None = None
    year: int | None = None
    cites: str | None = None
    fonds: str | None = None
    dossier: str | None = None

    def selection(self) -> meta.Selection:
        return meta.Selection(
            fonds=self.fonds,
            dossier=self.dossier,
            query=self.q,
            doc_type=self.type,
            issuer=self.issuer,
            year=self.year,
            cites=self.cites,
        )


class BatchIn(BaseModel):
    """The documents by ``ids`` (in order) or by ``selection``: one of the two."""

    model_config = ConfigDict(extra="forbid")

    ids: list[str] = Field(default_factory=list, max_length=10000)
    selection: SelectionIn | None = Field(
        default=None, examples=[{"q": "chuyen doi so", "year": 2024}]
    )
    fields: dict[str, Any] = Field(
        default_factory=dict, examples=[{"fonds_code": "G09", "dossier_code": "HS-01"}]
    )
    order_from: int | None = Field(
        default=None, ge=1, description="number the documents in the dossier from this, in order"
    )

    @model_validator(mode="after")
    def _one_way(self) -> BatchIn:
        if bool(self.ids) == (self.selection is not None):
            raise ValueError("give the documents as ids or as a selection (one of the two)")
        return self


class BatchOut(BaseModel):
    updated: int = Field(description="documents with at least one value changed")
    documents: dict[str, int] = Field(description="id -> number of values changed")


class DossierOut(BaseModel):
    code: str = Field(description="Mã hồ sơ")
    documents: int
    pages: int
    start: str | None = Field(description="the earliest document date")
    end: str | None = Field(description="the latest document date")
    retention: list[str] = Field(description="the retention periods set on its documents")
    ids: list[str] = Field(description="its documents, by order in the dossier")


class FondsOut(BaseModel):
    code: str | None = Field(description="Mã phông; null for dossiers with no fonds set")
    documents: int
    dossiers: list[DossierOut]


class DossiersOut(BaseModel):
    fonds: list[FondsOut]
    unfiled: int = Field(description="processed documents in no dossier")


def _archive(request: Request) -> Store:
    archive: Store = request.app.state.archive
    return archive


def _out(doc_id: str, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": doc_id,
        "standard": meta.STANDARD,
        "fields": {
            v.key: {
                "value": v.value,
                "source": v.source,
                "vi": meta.BY_KEY[v.key].vi,
                "en": meta.BY_KEY[v.key].en,
                "kind": meta.BY_KEY[v.key].kind,
            }
            for v in meta.view(record)
        },
    }


@router.get("/archival/columns", response_model=ColumnsOut)
def columns(who: Read) -> Any:
    """The archival fields in the standard's order: key, names and kind (for forms)."""
    return {
        "standard": meta.STANDARD,
        "columns": [{"key": c.key, "vi": c.vi, "en": c.en, "kind": c.kind} for c in meta.COLUMNS],
    }


@router.get("/documents/{doc_id}/archival", response_model=ArchivalOut)
def get_archival(request: Request, doc_id: str, who: Read) -> Any:
    """Each archival field with its value and where it came from (extraction or archivist)."""
    return _out(doc_id, _archive(request).record(doc_id))


@router.patch("/documents/{doc_id}/archival", response_model=ArchivalOut)
def patch_archival(request: Request, doc_id: str, body: ArchivalPatch, who: Write) -> Any:
    """Set some archival fields; each change is kept in the document's history."""
    archive = _archive(request)
    meta.set_values(archive, [doc_id], body.fields, who=who)
    return _out(doc_id, archive.record(doc_id))


@router.post("/archival/batch", response_model=BatchOut)
def batch(request: Request, body: BatchIn, who: Write) -> Any:
    """The same values on many documents (a fonds, a dossier, a retention period), and
    optionally their order in the dossier: the documents given by id, or those of a search
    or dossier (in the export's order). Nothing changes if one id is unknown."""
    archive = _archive(request)
    ids = body.ids
    if body.selection is not None:
        ids = [r["id"] for r in meta.select(archive, body.selection.selection())]
        if not ids:
            raise EmptySelection("no processed document matches the selection")
    changed = meta.set_values(archive, ids, body.fields, who=who, order_from=body.order_from)
    return {
        "updated": sum(1 for c in changed.values() if c),
        "documents": {doc_id: len(c) for doc_id, c in changed.items()},
    }


@router.get("/dossiers", response_model=DossiersOut)
def dossiers(request: Request, who: Read, fonds: str | None = None) -> Any:
    """Documents grouped into dossiers (hồ sơ) within each fonds (phông), with counts."""
    return meta.dossiers(_archive(request), fonds=fonds)


MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@router.get("/archival/export", response_class=Response)
def export(
    request: Request,
    who: Read,
    format: Literal["xlsx", "csv", "json"] = "xlsx",
    sep: Annotated[Literal[",", ";"], Query(description="CSV separator")] = ",",
    ids: Annotated[list[str] | None, Query(description="these documents, in this order")] = None,
    fonds: str | None = None,
    dossier: str | None = None,
    q: str = "",
    type: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
    cites: str | None = None,
) -> Response:
    """The archival metadata of a selection, in the standard's column order: documents by
    id, or by search (text and filters), or a fonds and dossier; everything without any."""
    selection = meta.Selection(
        ids=tuple(ids or ()),
        fonds=fonds,
        dossier=dossier,
        query=q,
        doc_type=type,
        issuer=issuer,
        year=year,
        cites=cites,
    )
    records = meta.select(_archive(request), selection)
    if format == "xlsx":
        body = meta.to_xlsx(records)
    elif format == "csv":
        body = meta.to_csv(records, sep=sep)
    else:
        body = meta.to_json(records)
    name = f"archival.{format}"
    return Response(
        body,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
