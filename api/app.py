"""The HTTP service (FastAPI). OpenAPI docs at /docs."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, UploadFile
from fastapi.responses import JSONResponse

from api.pipeline import PipelineOptions, process
from core.errors import VanbanError
from core.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    options = PipelineOptions.from_settings(settings)
    app = FastAPI(title="vanban", version="0.1.0")

    @app.exception_handler(VanbanError)
    def _vanban_error(request: Request, exc: VanbanError) -> JSONResponse:
        return JSONResponse({"error": exc.to_dict()}, status_code=exc.http_status)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/process")
    def process_upload(file: UploadFile) -> dict[str, Any]:
        data = file.file.read()
        record = process(data, filename=file.filename or "upload", options=options)
        return record.to_dict()

    return app
