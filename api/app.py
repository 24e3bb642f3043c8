"""The HTTP service (FastAPI): archive API, deadline feeds and the web page. Docs at /docs."""

from __future__ import annotations

import hmac
import io
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

import fastapi_offline
from fastapi import Depends, FastAPI, File, Query, Request, Security, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from PIL import Image
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import corrections, intake, messages, review, schemas
from api.pipeline import PipelineOptions, process
from archive import Store, copies, feeds, open_store, search, webhook
from archive.jobs import Worker
from core.errors import FileTooLarge, InternalError, NotFound, Unauthorized, VanbanError
from core.settings import Settings
from ingest import render_page

log = logging.getLogger("vanban.app")
WEB = Path(__file__).resolve().parent / "web"
PAGE_SIZE = 50
PAGE_PIXELS = 12_000_000  # a page image served: A4 at 300 dpi fits; an A0 plan comes lower
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": schemas.ErrorOut},
    404: {"model": schemas.ErrorOut},
    422: {"model": schemas.ErrorOut},
}


def create_app(settings: Settings | None = None, *, start_worker: bool = True) -> FastAPI:
    settings = settings or Settings()
    options = PipelineOptions.from_settings(settings)
    archive = open_store(
        settings.data_dir, database_url=settings.database_url, storage_dir=settings.storage_dir
    )

    outbox = None
    if settings.webhook_url:
        outbox = webhook.Outbox(
            archive,
            settings.webhook_url,
            secret=settings.webhook_secret,
            attempts=settings.webhook_attempts,
        )

    def run(job_id: str, doc_id: str) -> None:
        on_event = outbox.notify if outbox else None
        intake.run(
            archive,
            job_id,
            doc_id,
            options=options,
            webhook_url=settings.webhook_url,
            on_event=on_event,
        )

    worker = Worker(archive, run, threads=settings.workers)
    queue = None
    if settings.broker_url:  # jobs for `vanban worker` processes, here or on other machines
        from api.tasks import Queue

        queue = Queue(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if start_worker and queue is None:
            worker.start()
        if start_worker and outbox:
            outbox.start()
        yield
        worker.stop()
        if outbox:
            outbox.stop()

    app = FastAPI(
        title="vanban",
        version="0.1.0",
        lifespan=lifespan,
        description="Scanned Vietnamese administrative documents in, records out.",
        responses=ERRORS,
        docs_url=None,  # served below from local files: archives often have no internet
        redoc_url=None,
    )
    _docs_routes(app)
    app.state.archive, app.state.worker, app.state.settings = archive, worker, settings
    app.state.queue = queue
    app.state.options = options
    app.state.on_updated = outbox.on_updated if outbox else lambda *_: None  # corrections
    _error_handlers(app)
    _document_routes(app)
    _search_routes(app)
    from api import archival  # its routes use this module's token checks

    app.include_router(archival.router)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/process", summary="Process one file synchronously and return its record")
    def process_upload(file: UploadFile, who: Write) -> dict[str, Any]:
        data = _read_upload(file, settings)
        return process(data, filename=file.filename or "upload", options=options).to_dict()

    page = (WEB / "index.html").read_text(encoding="utf-8")
    page = page.replace('<html lang="vi">', f'<html lang="{settings.ui_language}">', 1)
    texts = {lang: messages.table(lang) for lang in ("vi", "en")}
    table = json.dumps(texts, ensure_ascii=False).replace("</", "<\\/")
    page = page.replace("</head>", f"<script>const MESSAGES = {table};</script>\n</head>", 1)

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page)

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    return app


# --------------------------------------------------------------------------- API docs


DOCS_FILES = Path(fastapi_offline.__file__).resolve().parent / "static"


def _docs_routes(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc with their scripts served from this machine."""
    app.mount("/docs-files", StaticFiles(directory=DOCS_FILES), name="docs-files")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="vanban API",
            swagger_js_url="/docs-files/swagger-ui-bundle.js",
            swagger_css_url="/docs-files/swagger-ui.css",
            swagger_favicon_url="/docs-files/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="vanban API",
            redoc_js_url="/docs-files/redoc.standalone.js",
            redoc_favicon_url="/docs-files/favicon.png",
            with_google_fonts=False,
        )


# --------------------------------------------------------------------------- auth


# Declares the scheme in the OpenAPI document (Swagger UI's "Authorize"); the header itself is
# read by _check, so a missing or malformed one gets our coded 401, not FastAPI's 403.
BEARER = HTTPBearer(auto_error=False, description="an API token (VANBAN_API_TOKEN(S))")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)]


def writer(request: Request, _: Bearer) -> str:
    settings: Settings = request.app.state.settings
    required = bool(settings.api_token or settings.api_tokens)
    return _check(settings, request.headers.get("authorization"), required=required)


def reader(request: Request, _: Bearer) -> str:
    settings: Settings = request.app.state.settings
    return _check(
        settings, request.headers.get("authorization"), required=settings.read_requires_token
    )


Write = Annotated[str, Depends(writer)]
Read = Annotated[str, Depends(reader)]


def _check(settings: Settings, authorization: str | None, *, required: bool) -> str:
    """The name of the caller's token, or "anonymous"; Unauthorized if one is required."""
    given = (authorization or "").removeprefix("Bearer ").strip()
    tokens = dict(settings.api_tokens)
    if settings.api_token:
        tokens[settings.api_token_name] = settings.api_token
    for name, token in tokens.items():
        if given and hmac.compare_digest(given.encode(), token.encode()):
            return name
    if required:
        raise Unauthorized(
            "A valid bearer token is required: send 'Authorization: Bearer <token>'."
        )
    return "anonymous"


# --------------------------------------------------------------------------- errors


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VanbanError)
    def _vanban_error(request: Request, exc: VanbanError) -> JSONResponse:
        body = localized(exc.to_dict(), request)
        return JSONResponse({"error": body}, status_code=exc.http_status)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        body = {"code": "invalid_request", "message": f"The request is not valid: {problems}"}
        return JSONResponse({"error": localized(body, request)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = "not_found" if exc.status_code == 404 else f"http_{exc.status_code}"
        body = {"code": code, "message": str(exc.detail)}
        return JSONResponse({"error": localized(body, request)}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        body = InternalError(f"An unexpected error ({type(exc).__name__}); see the log.")
        return JSONResponse({"error": localized(body.to_dict(), request)}, status_code=500)


def localized(error: dict[str, Any], request: Request) -> dict[str, Any]:
    """An error body in the request's language: Vietnamese text for its code, with the
    specific English message kept as ``detail``; English as it is."""
    language = messages.language_of(request.headers.get("accept-language"))
    if language == "en" or not error.get("code"):
        return error
    text = messages.message(str(error["code"]), "vi", str(error.get("message") or ""))
    return {**error, "message": text, "detail": error.get("message")}


# --------------------------------------------------------------------------- documents


def _document_routes(app: FastAPI) -> None:  # noqa: C901 - one route per nested function
    archive: Store = app.state.archive
    settings: Settings = app.state.settings

    @app.post("/documents", status_code=202, response_model=schemas.UploadOut)
    def upload(request: Request, files: Annotated[list[UploadFile], File()], who: Write) -> Any:
        """Store each file (content-addressed) and queue one job per new document.

        With one file, a rejected upload answers with its error status (413, 415, 422);
        with several, each file's outcome is in the list. Rejected originals are kept.
        """
        results = [_accept(app, f) for f in files]
        for r in results:
            if r.get("error"):
                r["error"] = localized(r["error"], request)
            if (r.get("job") or {}).get("error"):
                r["job"]["error"] = localized(r["job"]["error"], request)
        if len(results) == 1 and results[0].get("error"):
            status = results[0].pop("status")
            return JSONResponse(
                {"error": results[0]["error"], "documents": [results[0]]}, status_code=status
            )
        for r in results:
            r.pop("status", None)
        return {"documents": results}

    @app.get("/jobs/{job_id}", response_model=schemas.JobOut)
    def job(request: Request, job_id: str, who: Read) -> Any:
        body = archive.job(job_id).to_dict()
        if body.get("error"):
            body["error"] = localized(body["error"], request)
        return body

    @app.get("/documents", response_model=schemas.DocumentList)
    def documents(request: Request, who: Read, page: Annotated[int, Query(ge=1)] = 1) -> Any:
        """Newest first, each with its latest job (and its error when it failed)."""
        rows = archive.documents(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        for row in rows:
            if row["state"] in ("queued", "running", "failed"):
                job = archive.jobs_for(row["id"])[-1].to_dict()
                row["job_id"] = job["id"]
                row["error"] = job["error"] and localized(job["error"], request)
        total = archive.count_documents()
        return {"documents": rows, "page": page, "page_size": PAGE_SIZE, "total": total}

    @app.get("/documents/{doc_id}", response_model=schemas.RecordOut)
    def document(doc_id: str, who: Read) -> Any:
        jobs = [j.to_dict() for j in archive.jobs_for(doc_id)]
        return schemas.record_out(archive.record(doc_id), jobs=jobs)

    @app.get("/documents/{doc_id}/original", response_class=Response)
    def original(doc_id: str, who: Read) -> Response:
        row = archive.document_row(doc_id)
        name = quote(row["filename"])
        return Response(
            archive.read_original(doc_id),
            media_type=row["media_type"],
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    @app.get("/documents/{doc_id}/pdf", response_class=Response)
    def preservation_pdf(doc_id: str, who: Read) -> Response:
        """The PDF/A preservation copy: the original pages under the restored text."""
        row = archive.document_row(doc_id)
        record = archive.record(doc_id)
        path = archive.original_path(doc_id)
        data = copies.cached_copy(archive.storage_dir, doc_id, path, row["media_type"], record)
        name = quote(Path(row["filename"]).stem + ".pdfa.pdf")
        return Response(
            data,
            media_type="application/pdf",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
        )

    @app.get("/documents/{doc_id}/text", response_class=PlainTextResponse)
    def text(doc_id: str, who: Read) -> str:
        return archive.read_record(doc_id).text

    @app.get("/documents/{doc_id}/pages/{number}.png", response_class=Response)
    def page_image(
        doc_id: str,
        number: int,
        who: Read,
        dpi: Annotated[int | None, Query(ge=50, le=300)] = None,
    ) -> Response:
        """The page as a PNG: at screen resolution, or at ``dpi`` (200-300 to read it)."""
        png = _page_png(archive, doc_id, number, dpi=dpi or settings.page_image_dpi)
        return Response(png, media_type="image/png", headers={"Cache-Control": "max-age=86400"})

    saving = threading.Lock()  # one correction at a time: each reads, changes and saves

    @app.patch("/documents/{doc_id}", response_model=schemas.RecordOut)
    def patch(doc_id: str, body: schemas.DocumentPatch, who: Write) -> Any:
        """Correct fields in part (``date`` as "YYYY-MM-DD" or day/month/year, the signer's
        name or title), one recipient, one deadline by uid, lines (the fields re-extracted
        from them, those corrected by hand kept), or mark the document reviewed."""
        with saving:
            record = archive.record(doc_id)
            changes = corrections.apply(record, body, who=who, now=time.time())
            if changes:
                _save_correction(
                    archive,
                    doc_id,
                    record,
                    changes,
                    who=who,
                    on_updated=app.state.on_updated,
                )
        jobs = [j.to_dict() for j in archive.jobs_for(doc_id)]
        return schemas.record_out(record, jobs=jobs)

    @app.get("/review", response_model=schemas.ReviewQueue)
    def review_queue(
        who: Read,
        page: Annotated[int, Query(ge=1)] = 1,
        reviewed: bool = False,
    ) -> Any:
        """Processed documents, most doubtful first (restoration and OCR confidence, key
        fields missing), each with its most doubtful words; reviewed ones with ``reviewed``."""
        return review.queue(archive, page=page, page_size=PAGE_SIZE, reviewed=reviewed)

    @app.get("/documents/{doc_id}/history", response_model=schemas.HistoryOut)
    def history(doc_id: str, who: Read) -> Any:
        archive.document_row(doc_id)
        return {"history": archive.history(doc_id)}


# --------------------------------------------------------------------------- search and feeds


def _search_routes(app: FastAPI) -> None:
    archive: Store = app.state.archive

    @app.get("/search", response_model=schemas.SearchOut)
    def search_route(
        who: Read,
        q: Annotated[str, Query(description="words, marks optional; the last a prefix")] = "",
        type: Annotated[
            str | None, Query(description="type name or code: 'Kế hoạch', 'ke hoach', 'KH', 'CV'")
        ] = None,
        issuer: Annotated[str | None, Query(description="words of the issuer's name")] = None,
        year: Annotated[int | None, Query(description="YYYY")] = None,
        cites: Annotated[
            str | None, Query(description="a cited symbol or its number: '1492/QĐ-UBND', '1492'")
        ] = None,
        page: Annotated[int, Query(ge=1)] = 1,
    ) -> Any:
        """Full text with or without diacritics; filters by type, issuer, year, cited symbol."""
        filters = search.Filters(doc_type=type, issuer=issuer, year=year, cites=cites)
        return search.search(archive, q, filters=filters, page=page)

    @app.get(
        "/deadlines",
        summary="Every extracted deadline: json, csv or ics",
        response_class=Response,
        responses=FEED_RESPONSES,
    )
    def deadlines(
        request: Request,
        who: Read,
        start: Annotated[str | None, Query(alias="from", **DAY)] = None,
        to: Annotated[str | None, Query(**DAY)] = None,
        agency: Annotated[str | None, Query(description="lead or supporting agency")] = None,
        format: Literal["json", "csv", "ics"] = "json",
        component: Annotated[
            Literal["vtodo", "vevent"], Query(description="ics: to-dos (DUE) or all-day events")
        ] = "vtodo",
        sep: Annotated[
            Literal["comma", "semicolon"],
            Query(description="csv: ',' or ';' (Excel with Vietnamese regional settings)"),
        ] = "comma",
    ) -> Response:
        """Deadlines across the archive, soonest first. Each links to its record
        (``{base}/documents/{id}``); ics gives one VTODO (or VEVENT) per dated deadline."""
        items = feeds.deadlines(archive, feeds.DeadlineQuery(start, to, agency))
        base = str(request.base_url).rstrip("/")
        if format == "csv":
            return Response(
                feeds.to_csv(items, excel=sep == "semicolon", base_url=base),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": 'attachment; filename="deadlines.csv"'},
            )
        if format == "ics":
            return Response(
                feeds.to_ics(items, component=component, base_url=base),
                media_type="text/calendar; charset=utf-8",
                headers={"Content-Disposition": 'inline; filename="deadlines.ics"'},
            )
        return Response(feeds.to_json(items, base_url=base), media_type="application/json")


DAY: dict[str, Any] = {
    "description": "a date, YYYY-MM-DD",
    "json_schema_extra": {"format": "date", "example": "2024-10-15"},
}
TEXT: dict[str, Any] = {"schema": {"type": "string"}}
FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the deadlines as format= asks",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": TEXT,
            "text/calendar": TEXT,
        },
    }
}


# --------------------------------------------------------------------------- helpers


def _save_correction(
    archive: Store,
    doc_id: str,
    record: dict[str, Any],
    changes: list[Any],
    *,
    who: str,
    on_updated: Callable[[str, dict[str, Any], list[str]], None],
) -> None:
    """The one place a corrected record is saved: its history first, then the record (and
    with it the search index, deadlines and citations), then the ``document.updated`` event."""
    for field, before, after in changes:
        archive.add_history(doc_id, who=who, field=field, before=before, after=after)
    archive.save_record(doc_id, record)
    on_updated(doc_id, record, [field for field, _, _ in changes])


def _read_upload(file: UploadFile, settings: Settings) -> bytes:
    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise FileTooLarge(
            f"{file.filename} is larger than {settings.max_upload_bytes / 2**20:.0f} MiB "
            "(VANBAN_MAX_UPLOAD_BYTES) and was not kept; split the document and upload the parts."
        )
    return data


def _accept(app: FastAPI, file: UploadFile) -> dict[str, Any]:
    """One uploaded file through the intake: kept, checked, its job queued."""
    name = file.filename or "upload"
    try:
        data = _read_upload(file, app.state.settings)
    except VanbanError as exc:  # too large to keep: refused before it is written
        return {"filename": name, "error": exc.to_dict(), "status": exc.http_status}
    accepted = intake.accept(
        app.state.archive,
        data,
        filename=name,
        options=app.state.options,
        declared_type=file.content_type,
    )
    out: dict[str, Any] = {
        "filename": name,
        "document_id": accepted.document_id,
        "job": accepted.job.to_dict(),
    }
    if accepted.error:
        return {**out, "error": accepted.error.to_dict(), "status": accepted.error.http_status}
    queue = app.state.queue
    if queue is None:
        app.state.worker.notify()
    elif not accepted.duplicate:
        try:
            queue.enqueue(accepted.job.id, accepted.document_id)
        except VanbanError as exc:  # kept, and taken again when it is sent again
            job = accepted.job.id
            app.state.archive.update_job(
                job, state="failed", error_code=exc.code, error_message=exc.message
            )
            out["job"] = app.state.archive.job(job).to_dict()
            return {**out, "error": exc.to_dict(), "status": exc.http_status}
    return {**out, "duplicate": accepted.duplicate, "status": 202}


def _page_png(archive: Store, doc_id: str, number: int, *, dpi: int) -> bytes:
    """Page ``number`` as a PNG at screen resolution, rendered once and cached on disk."""
    cache = archive.storage_dir / "pages" / doc_id[:2] / f"{doc_id}-{number}-{dpi}.png"
    if cache.exists():
        return cache.read_bytes()
    row = archive.document_row(doc_id)
    pages = archive.read_record(doc_id).source.pages
    if row["media_type"] == "text/plain" or not 1 <= number <= pages:
        raise NotFound(f"document {doc_id} has no page image {number}")
    image = render_page(
        archive.original_path(doc_id), row["media_type"], number, dpi=dpi, max_pixels=PAGE_PIXELS
    )
    width = round(8.27 * dpi * 1.5)  # images come at scan resolution: bring them to screen size
    if image.width > width:
        image = image.resize(
            (width, round(image.height * width / image.width)), Image.Resampling.LANCZOS
        )
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PNG", optimize=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(cache)
    return buf.getvalue()
