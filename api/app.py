"""The HTTP service (FastAPI): archive API, deadline feeds and the web page. Docs at /docs."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Header, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from api.pipeline import PipelineOptions, process
from api.schemas import DocumentPatch, apply_patch
from archive import Archive, feeds, search, webhook
from archive.jobs import Worker
from core.errors import FileTooLarge, InputError, NotFound, Unauthorized, VanbanError
from core.settings import Settings
from ingest import load, render_page

WEB = Path(__file__).resolve().parent / "web"


def create_app(settings: Settings | None = None, *, start_worker: bool = True) -> FastAPI:
    settings = settings or Settings()
    options = PipelineOptions.from_settings(settings)
    archive = Archive(settings.data_dir)

    def run(data: bytes, name: str, progress: Any) -> dict[str, Any]:
        return process(data, filename=name, options=options, progress=progress).to_dict()

    worker = Worker(
        archive, run, on_done=webhook.notifier(settings.webhook_url, settings.webhook_secret)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if start_worker:
            worker.start()
        yield
        worker.stop()

    app = FastAPI(
        title="vanban",
        version="0.1.0",
        lifespan=lifespan,
        description="Scanned Vietnamese administrative documents in, records out.",
    )
    app.state.archive, app.state.worker, app.state.settings = archive, worker, settings

    @app.exception_handler(VanbanError)
    def _vanban_error(request: Request, exc: VanbanError) -> JSONResponse:
        return JSONResponse({"error": exc.to_dict()}, status_code=exc.http_status)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/process", summary="Process one file synchronously and return its record")
    def process_upload(file: UploadFile, who: Write) -> dict[str, Any]:
        data = _read_upload(file, settings)
        return process(data, filename=file.filename or "upload", options=options).to_dict()

    @app.post("/documents", status_code=202, summary="Upload files; one job per file")
    def upload(files: Annotated[list[UploadFile], File()], who: Write) -> Any:
        results = [_accept(archive, worker, f, settings, options) for f in files]
        if len(results) == 1 and "error" in results[0]:
            status = results[0].pop("status")
            return JSONResponse({"error": results[0]["error"]}, status_code=status)
        for r in results:
            r.pop("status", None)
        return {"documents": results}

    @app.get("/jobs/{job_id}")
    def job(job_id: str, who: Read) -> dict[str, Any]:
        return archive.job(job_id).to_dict()

    @app.get("/documents")
    def documents(who: Read, page: int = 1) -> dict[str, Any]:
        rows = archive.documents(limit=50, offset=(max(1, page) - 1) * 50)
        return {"documents": [dict(r) for r in rows], "page": page}

    @app.get("/documents/{doc_id}")
    def document(doc_id: str, who: Read) -> dict[str, Any]:
        record = archive.record(doc_id)
        record["jobs"] = [j.to_dict() for j in archive.jobs_for(doc_id)]
        return record

    @app.get("/documents/{doc_id}/original")
    def original(doc_id: str, who: Read) -> Response:
        row = archive.document_row(doc_id)
        return Response(
            archive.read_original(doc_id),
            media_type=row["media_type"],
            headers={"Content-Disposition": _disposition(row["filename"])},
        )

    @app.get("/documents/{doc_id}/text", response_class=PlainTextResponse)
    def text(doc_id: str, who: Read) -> str:
        return str(archive.record(doc_id)["text"])

    @app.get("/documents/{doc_id}/pages/{number}.png")
    def page_image(doc_id: str, number: int, who: Read) -> Response:
        return Response(_page_png(archive, doc_id, number), media_type="image/png")

    @app.patch("/documents/{doc_id}")
    def patch(doc_id: str, body: DocumentPatch, who: Write) -> dict[str, Any]:
        record = archive.record(doc_id)
        for field, before, after in apply_patch(record, body):
            archive.add_history(doc_id, who=who, field=field, before=before, after=after)
        archive.save_record(doc_id, record)
        return record

    @app.get("/documents/{doc_id}/history")
    def history(doc_id: str, who: Read) -> dict[str, Any]:
        archive.document_row(doc_id)
        return {"history": archive.history(doc_id)}

    @app.get("/search")
    def search_route(
        who: Read,
        q: str = "",
        type: str | None = None,
        issuer: str | None = None,
        year: int | None = None,
        cites: str | None = None,
        page: int = 1,
    ) -> dict[str, Any]:
        filters = search.Filters(doc_type=type, issuer=issuer, year=year, cites=cites)
        return search.search(archive, q, filters=filters, page=page)

    @app.get("/deadlines", summary="Every extracted deadline: json, csv or ics")
    def deadlines(
        who: Read,
        start: Annotated[str | None, Query(alias="from")] = None,
        to: str | None = None,
        agency: str | None = None,
        format: str = "json",
    ) -> Response:
        items = feeds.deadlines(archive, feeds.DeadlineQuery(start, to, agency))
        if format == "csv":
            return Response(
                feeds.to_csv(items),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": 'attachment; filename="deadlines.csv"'},
            )
        if format == "ics":
            return Response(feeds.to_ics(items), media_type="text/calendar; charset=utf-8")
        if format != "json":
            raise InputError("format must be json, csv or ics")
        return Response(feeds.to_json(items), media_type="application/json")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    return app


def writer(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    settings: Settings = request.app.state.settings
    return _check(settings, authorization, required=bool(settings.api_token))


def reader(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    settings: Settings = request.app.state.settings
    return _check(settings, authorization, required=settings.read_requires_token)


Write = Annotated[str, Depends(writer)]
Read = Annotated[str, Depends(reader)]


def _check(settings: Settings, authorization: str | None, *, required: bool) -> str:
    token = settings.api_token
    given = (authorization or "").removeprefix("Bearer ").strip()
    if required and (not token or given != token):
        raise Unauthorized("A bearer token is required: send 'Authorization: Bearer <token>'.")
    return "token" if token and given == token else "anonymous"


def _read_upload(file: UploadFile, settings: Settings) -> bytes:
    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise FileTooLarge(
            f"{file.filename} is larger than {settings.max_upload_bytes / 2**20:.0f} MiB; "
            "split the document and upload the parts."
        )
    return data


def _accept(
    archive: Archive,
    worker: Worker,
    file: UploadFile,
    settings: Settings,
    options: PipelineOptions,
) -> dict[str, Any]:
    """Store the original first, then check it; queue a job unless it is already done."""
    name = file.filename or "upload"
    try:
        data = _read_upload(file, settings)
    except VanbanError as exc:
        return {"filename": name, "error": exc.to_dict(), "status": exc.http_status}
    import hashlib

    doc_id = hashlib.sha256(data).hexdigest()
    archive.store_original(doc_id, data, filename=name, media_type="application/octet-stream")
    try:
        source = load(data, filename=name, limits=options.limits)
    except VanbanError as exc:
        job = archive.create_job(doc_id)
        archive.update_job(job.id, state="failed", error_code=exc.code, error_message=exc.message)
        return {
            "filename": name,
            "document_id": doc_id,
            "error": exc.to_dict(),
            "job": archive.job(job.id).to_dict(),
            "status": exc.http_status,
        }
    archive.set_media_type(doc_id, source.media_type, pages=source.pages)
    existing = [j for j in archive.jobs_for(doc_id) if j.state != "failed"]
    job = existing[-1] if existing else archive.create_job(doc_id)
    worker.notify()
    return {
        "filename": name,
        "document_id": doc_id,
        "job": job.to_dict(),
        "duplicate": bool(existing),
        "status": 202,
    }


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(filename)}"


def _page_png(archive: Archive, doc_id: str, number: int) -> bytes:
    cache = archive.data_dir / "pages" / f"{doc_id}-{number}.png"
    if cache.exists():
        return cache.read_bytes()
    row = archive.document_row(doc_id)
    record = archive.record(doc_id)
    pages = record["source"]["pages"]
    if row["media_type"] == "text/plain" or not 1 <= number <= pages:
        raise NotFound(f"document {doc_id} has no page image {number}")
    image = render_page(archive.original_path(doc_id), row["media_type"], number, dpi=100)
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PNG", optimize=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(buf.getvalue())
    return buf.getvalue()
