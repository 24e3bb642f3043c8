"""Archive commands of the CLI (search, deadlines, import) on the same data directory."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from core.errors import VanbanError
from core.settings import Settings

SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt"}


def register(sub: Any) -> None:
    """Add the archive subcommands to the ``vanban`` parser."""
    p = sub.add_parser("search", help="search the archive (with or without diacritics)")
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--type"), p.add_argument("--issuer"), p.add_argument("--cites")
    p.add_argument("--year", type=int)
    p.add_argument("--page", type=int, default=1)
    _data_dir(p)
    p.set_defaults(handler=_search)

    p = sub.add_parser("deadlines", help="every extracted deadline: ics, csv or json")
    p.add_argument("--from", dest="start"), p.add_argument("--to"), p.add_argument("--agency")
    p.add_argument("--format", choices=["json", "csv", "ics"], default="json")
    _data_dir(p)
    p.set_defaults(handler=_deadlines)

    p = sub.add_parser("import", help="process a whole folder of scans into the archive")
    p.add_argument("folder", type=Path)
    p.add_argument(
        "--pdf", type=Path, metavar="OUTDIR", help="write PDF/A preservation copies here"
    )
    _data_dir(p)
    p.set_defaults(handler=_import)


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="archive folder (VANBAN_DATA_DIR)")


def _archive(args: argparse.Namespace, settings: Settings) -> Any:
    from archive import Archive

    return Archive(args.data_dir or settings.data_dir)


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from archive.search import Filters, search

    filters = Filters(doc_type=args.type, issuer=args.issuer, year=args.year, cites=args.cites)
    result = search(_archive(args, settings), args.query, filters=filters, page=args.page)
    for hit in result["hits"]:
        print(
            f"{hit['id'][:12]}  {hit['year'] or '----'}  {hit['symbol'] or '-':18}  "
            f"{hit['title'] or hit['filename']}"
        )
    print(f"{result['total']} result(s)", file=sys.stderr)
    return 0


def _deadlines(args: argparse.Namespace, settings: Settings) -> int:
    from archive import feeds

    items = feeds.deadlines(
        _archive(args, settings), feeds.DeadlineQuery(args.start, args.to, args.agency)
    )
    if args.format == "json":
        print(feeds.to_json(items))
    else:
        body = feeds.to_csv(items) if args.format == "csv" else feeds.to_ics(items)
        sys.stdout.buffer.write(body)
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    """Every scan of the folder, resumable: documents already done are skipped by sha256."""
    from api.pipeline import PipelineOptions, process
    from archive import copies, webhook

    archive = _archive(args, settings)
    options = PipelineOptions.from_settings(settings)
    if not args.folder.is_dir():
        from core.errors import NotFound

        raise NotFound(f"{args.folder} is not a folder")
    files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in SUFFIXES)
    done = failed = skipped = 0
    for path in tqdm(files, desc="import", unit="file", file=sys.stderr):
        data = path.read_bytes()
        doc_id = hashlib.sha256(data).hexdigest()
        if any(j.state == "done" for j in archive.jobs_for(doc_id)):
            skipped += 1
            continue
        archive.store_original(
            doc_id, data, filename=path.name, media_type="application/octet-stream"
        )
        job = _job_for(archive, doc_id)
        try:
            processed = process(data, filename=path.name, options=options)
        except VanbanError as exc:
            archive.update_job(
                job.id, state="failed", error_code=exc.code, error_message=exc.message
            )
            tqdm.write(f"vanban: error [{exc.code}]: {path}: {exc.message}", file=sys.stderr)
            failed += 1
            continue
        record = processed.to_dict()
        full = processed.to_dict(words=True)
        copies.save_words(archive.data_dir, doc_id, full)
        if args.pdf:
            target = args.pdf / path.relative_to(args.folder).with_suffix(".pdf")
            _preservation_copy(target, path, data, full)
        archive.set_media_type(doc_id, record["source"]["media_type"])
        archive.save_record(doc_id, record)
        archive.update_job(job.id, state="done")
        if settings.webhook_url and record["fields"]["deadlines"]:
            archive.add_event(doc_id, webhook.event(doc_id, record))  # sent by `vanban serve`
        done += 1
    print(json.dumps({"imported": done, "failed": failed, "skipped": skipped}), file=sys.stderr)
    return 0 if failed == 0 else 2


def _preservation_copy(target: Path, path: Path, data: bytes, record: dict[str, Any]) -> None:
    """The document's PDF/A copy at ``target``; a failure is reported, the import goes on."""
    from api import cli_pdf

    try:
        cli_pdf.write_copy(target, data, record)
    except VanbanError as exc:
        tqdm.write(
            f"vanban: error [{exc.code}]: {path}: no PDF/A copy: {exc.message}", file=sys.stderr
        )


def _job_for(archive: Any, doc_id: str) -> Any:
    """The document's unfinished job (left by an interrupted import), or a new one."""
    pending = [j for j in archive.jobs_for(doc_id) if j.state in ("queued", "running")]
    job = pending[-1] if pending else archive.create_job(doc_id)
    archive.update_job(job.id, state="running")
    return job
