"""The whole pipeline: bytes in, Record out (ingest -> ocr -> diacritics -> extraction)."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import diacritics
import extraction
import ocr
from api import pages
from core.errors import WarningCode
from core.options import Limits, OcrOptions, RestoreOptions
from core.record import (
    PAGE_BREAK,
    Notice,
    OcrInfo,
    OcrPage,
    Record,
    Restoration,
    Source,
    SourceInfo,
)
from core.settings import Settings
from ingest import legacy, load

Progress = Callable[[int, int], None]  # (pages done, pages total)
_TEXT_STAGES = threading.Lock()


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    limits: Limits = field(default_factory=Limits)
    ocr: OcrOptions = field(default_factory=OcrOptions)
    restore: RestoreOptions = field(default_factory=RestoreOptions)
    use_text_layer: bool = False
    workers: int = max(1, os.cpu_count() or 1)

    @classmethod
    def from_settings(cls, settings: Settings) -> PipelineOptions:
        return cls(
            limits=Limits(
                max_bytes=settings.max_upload_bytes,
                max_pages=settings.max_pages,
                max_pixels=settings.max_pixels,
                min_side=settings.min_side_pixels,
                page_memory=settings.page_memory_mb * 2**20 if settings.page_memory_mb else None,
                page_seconds=settings.page_timeout,
            ),
            ocr=OcrOptions(
                languages=settings.languages, dpi=settings.dpi, timeout=settings.ocr_timeout
            ),
            restore=RestoreOptions(tone_style=settings.tone_style),
            use_text_layer=settings.use_text_layer,
            workers=settings.workers,
        )


def process(
    data: bytes,
    *,
    filename: str,
    options: PipelineOptions | None = None,
    progress: Progress | None = None,
) -> Record:
    """Process one document and return its record. Raises core.errors.VanbanError."""
    options = options or PipelineOptions()
    source = load(
        data, filename=filename, limits=options.limits, use_text_layer=options.use_text_layer
    )
    return process_source(source, options=options, progress=progress)


def process_source(
    source: Source, *, options: PipelineOptions, progress: Progress | None = None
) -> Record:
    if source.text is not None:
        pages: tuple[OcrPage, ...] = ()
        page_texts = source.text.split("\f")
        separator = "\f"  # a text file keeps its own line structure exactly
        if progress:
            progress(source.pages, source.pages)
    else:
        # the restorer's model and extraction's matcher load here while the page workers read
        loading = threading.Thread(target=_load_restorer, name="vanban-load", daemon=True)
        loading.start()
        pages = recognize_pages(source, options=options, progress=progress)
        loading.join()
        page_texts = [p.text for p in pages]
        separator = PAGE_BREAK
    restore_options = options.restore
    if pages and ocr.engine_for(options.ocr).slips:  # read here by an engine that slips
        restore_options = replace(restore_options, ocr_slips=True)
    with _TEXT_STAGES:  # OCR runs side by side; the restorer's caches are one at a time
        restoration = restore_pages(page_texts, options=restore_options, separator=separator)
        found = extraction.extract(restoration.text, pages=pages)
    warnings = [w for p in pages for w in p.warnings]
    if source.encoding:
        message = f"the text was in {legacy.describe(source.encoding)} and was converted to Unicode"
        warnings.append(Notice(WarningCode.TEXT_CONVERTED, message))
    warnings += [*restoration.warnings, *found.warnings]
    return Record(
        id=source.id,
        source=SourceInfo(source.filename, source.media_type, source.pages, len(source.data)),
        ocr=_ocr_info(pages, options.ocr),
        raw_text=separator.join(page_texts),
        text=restoration.text,
        fields=found.fields,
        evidence=found.evidence,
        changes=restoration.changes,
        warnings=tuple(warnings),
    )


def _load_restorer() -> None:
    """Load what restoration and extraction need (the restorer's tables, the agencies'
    tokenizer and matcher); cached for the life of the process."""
    from extraction import agencies

    with _TEXT_STAGES:
        diacritics.load()
        agencies.pipeline()


def restore_pages(
    page_texts: list[str], *, options: RestoreOptions, separator: str = "\n\f"
) -> Restoration:
    """Restore page by page; token line numbers count lines across the whole text."""
    return diacritics.joined(
        [diacritics.restore(text, options=options) for text in page_texts], separator
    )


def recognize_pages(
    source: Source, *, options: PipelineOptions, progress: Progress | None = None
) -> tuple[OcrPage, ...]:
    """OCR every page in page workers (api.pages), in parallel, each within its limits.

    A page that fails is left out with a coded warning and the rest go on; when every page
    fails, the document fails with the first page's error."""
    pages.warm_up()
    with tempfile.TemporaryDirectory(prefix="vanban-") as tmp:
        path = Path(tmp) / "original"
        path.write_bytes(source.data)
        jobs = [
            pages.PageJob(path, source.media_type, n, options.ocr, options.limits)
            for n in range(1, source.pages + 1)
        ]
        read = pages.read_pages(jobs, workers=options.workers, progress=progress)
    failures = [r for r in read if isinstance(r, pages.PageFailure)]
    if len(failures) == len(read):
        raise failures[0].error
    return tuple(r if isinstance(r, OcrPage) else _left_out(r) for r in read)


def _left_out(failure: pages.PageFailure) -> OcrPage:
    """The place of a page that could not be read: no text, and why."""
    error = failure.error
    message = f"page {failure.number} left out [{error.code}]: {error.message}"
    note = Notice(WarningCode.PAGE_FAILED, message)
    return OcrPage(number=failure.number, width=0, height=0, text="", warnings=(note,))


def _ocr_info(pages: tuple[OcrPage, ...], options: OcrOptions) -> OcrInfo:
    if not pages:
        return OcrInfo(engine=None, languages=None, mean_confidence=None)
    confidences = [p.confidence for p in pages if p.confidence is not None]
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrInfo(ocr.engine_for(options).version(), options.languages, mean, pages)
