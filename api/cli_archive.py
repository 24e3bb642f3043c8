"""Archive commands of the CLI (search, deadlines, import) on the same data directory."""

from __future__ import annotations

import argparse
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
    p.add_argument(
        "query", nargs="?", default="", help="words, marks optional; the last may be a prefix"
    )
    p.add_argument(
        "--type",
        metavar="NAME|CODE",
        help="document type by name or code: 'Kế hoạch', 'ke hoach', 'KH', 'Công văn', 'CV'",
    )
    p.add_argument("--issuer", metavar="NAME", help="words of the issuing body's name")
    p.add_argument(
        "--cites",
        metavar="SYMBOL|NUMBER",
        help="documents citing this one: '1492/QĐ-UBND', or the number alone: '1492'",
    )
    p.add_argument("--year", metavar="YYYY", help="year of issue")
    p.add_argument("--page", type=_page, default=1, metavar="N", help="page of 20 (default: 1)")
    p.add_argument(
        "--json",
        action="store_const",
        const="lines",
        help="print the hits as JSON Lines, one object a line, always the same keys",
    )
    p.add_argument(
        "--json-array", dest="json", action="store_const", const="array", help="... as one array"
    )
    _data_dir(p)
    p.set_defaults(handler=_search)

    p = sub.add_parser("deadlines", help="every extracted deadline: json, csv or ics")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="ending on or after")
    p.add_argument("--to", metavar="YYYY-MM-DD", help="starting on or before")
    p.add_argument("--agency", metavar="NAME", help="lead or supporting agency, marks optional")
    p.add_argument(
        "--format", choices=["json", "csv", "ics"], default="json", help="(default: json)"
    )
    p.add_argument(
        "--component",
        choices=["vtodo", "vevent"],
        default="vtodo",
        help="ics: a to-do with DUE or an all-day event per deadline (default: vtodo)",
    )
    p.add_argument(
        "--excel",
        action="store_true",
        help="csv: ';' between cells, for Excel with Vietnamese regional settings",
    )
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="the service's address, e.g. http://archive.local:8000: each deadline links to "
        "URL/documents/ID",
    )
    _data_dir(p)
    p.set_defaults(handler=_deadlines)

    p = sub.add_parser(
        "import", help="process scans (files, or whole folders) into the archive, resumably"
    )
    p.add_argument("folder", type=Path, nargs="+", metavar="FOLDER|FILE")
    p.add_argument(
        "--pdf", type=Path, metavar="OUTDIR", help="write PDF/A preservation copies here"
    )
    _data_dir(p)
    p.set_defaults(handler=_import)

    p = sub.add_parser(
        "move-archive",
        help="copy this archive (by default the embedded one) into another database, resumably",
    )
    p.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the database to fill: postgresql://user@host/db (or sqlite:///path)",
    )
    p.add_argument(
        "--to-storage-dir",
        type=Path,
        metavar="DIR",
        help="where the target keeps originals (default: the source's storage folder)",
    )
    _data_dir(p)
    p.set_defaults(handler=_move)


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", type=Path, metavar="DIR", help="archive folder (VANBAN_DATA_DIR)"
    )


def _archive(args: argparse.Namespace, settings: Settings) -> Any:
    from archive import open_store

    return open_store(
        args.data_dir or settings.data_dir,
        database_url=settings.database_url,
        storage_dir=settings.storage_dir,
    )


def _page(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a page number (1, 2, ...)")
    return int(value)


def _year(value: str) -> int:
    from core.errors import InvalidDate

    if not (len(value) == 4 and value.isdigit()):
        raise InvalidDate(f"--year: {value!r} is not a year; write it as YYYY (e.g. 2024).")
    return int(value)


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from archive.search import HIT_KEYS, Filters, search

    year = _year(args.year) if args.year is not None else None
    filters = Filters(doc_type=args.type, issuer=args.issuer, year=year, cites=args.cites)
    result = search(_archive(args, settings), args.query, filters=filters, page=args.page)
    hits = [{key: hit.get(key) for key in HIT_KEYS} for hit in result["hits"]]
    if args.json == "array":
        print(json.dumps(hits, ensure_ascii=False, indent=1))
    elif args.json:
        for hit in hits:
            print(json.dumps(hit, ensure_ascii=False))
    for hit in [] if args.json else hits:
        print(
            f"{hit['id'][:12]}  {hit['year'] or '----'}  {hit['symbol'] or '-':18}  "
            f"{hit['title'] or hit['filename']}"
        )
    print(f"{result['total']} result(s)", file=sys.stderr)
    return 0


def _deadlines(args: argparse.Namespace, settings: Settings) -> int:
    from archive import feeds

    feeds.iso_day(args.start, "--from")  # refused before the archive is opened
    feeds.iso_day(args.to, "--to")
    query = feeds.DeadlineQuery(args.start, args.to, args.agency)
    items = feeds.deadlines(_archive(args, settings), query)
    if args.format == "json":
        print(feeds.to_json(items, base_url=args.base_url))
    elif args.format == "csv":
        sys.stdout.buffer.write(feeds.to_csv(items, excel=args.excel, base_url=args.base_url))
    else:
        body = feeds.to_ics(items, component=args.component, base_url=args.base_url)
        sys.stdout.buffer.write(body)
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    """Every scan of the folders and files, through the same intake as an upload, resumable:
    documents already done are skipped by sha256, so importing the same scans again costs
    nothing."""
    from api import intake
    from api.pipeline import PipelineOptions

    archive = _archive(args, settings)
    options = PipelineOptions.from_settings(settings)
    files = _files(args.folder)
    done = failed = skipped = 0
    for path in tqdm(files, desc="import", unit="file", file=sys.stderr):
        data = path.read_bytes()
        if any(j.state == "done" for j in archive.jobs_for(intake.document_id(data))):
            skipped += 1
            continue
        accepted = intake.accept(archive, data, filename=path.name, options=options)
        error = accepted.error
        if error is None:
            outcome = intake.run(
                archive,
                accepted.job.id,
                accepted.document_id,
                options=options,
                webhook_url=settings.webhook_url,  # the event is sent by `vanban serve`
                source=accepted.source,
            )
            error = outcome.error
        if error is not None:
            tqdm.write(f"vanban: error [{error.code}]: {path}: {error.message}", file=sys.stderr)
            failed += 1
            continue
        if args.pdf and outcome.record is not None:
            target = args.pdf / _relative(path, args.folder).with_suffix(".pdf")
            _preservation_copy(target, path, data, outcome.record)
        done += 1
    print(json.dumps({"imported": done, "failed": failed, "skipped": skipped}), file=sys.stderr)
    return 0 if failed == 0 else 2


def _move(args: argparse.Namespace, settings: Settings) -> int:
    """Every document of this archive into the database ``--to`` names (``archive.move``)."""
    from archive import open_store
    from archive.move import move
    from core.errors import ConfigurationError

    source = _archive(args, settings)
    target = open_store(
        source.data_dir,
        database_url=args.to,
        storage_dir=args.to_storage_dir or source.storage_dir,
    )
    paths = [getattr(store, "path", None) for store in (source, target)]
    if args.to == settings.database_url or (paths[0] is not None and paths[0] == paths[1]):
        raise ConfigurationError("--to names the archive being moved: give another database.")
    with tqdm(desc="move", unit="doc", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        moved = move(source, target, progress=progress)
    print(
        json.dumps(
            {
                "moved": moved.documents,
                "already_there": moved.already,
                "records_indexed": moved.records,
                "unfinished_jobs": moved.unfinished,
            }
        ),
        file=sys.stderr,
    )
    return 0


def _relative(path: Path, given: list[Path]) -> Path:
    """``path`` under the folder it was found in (a file given by itself: its name)."""
    for folder in given:
        if folder.is_dir() and path.is_relative_to(folder):
            return path.relative_to(folder)
    return Path(path.name)


def _files(paths: list[Path]) -> list[Path]:
    """The scans of each folder (sorted, in its sub-folders too) and each file given."""
    from core.errors import NotFound

    out: list[Path] = []
    for path in paths:
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        else:
            raise NotFound(f"{path}: no such file or folder")
    return list(dict.fromkeys(out))


def _preservation_copy(target: Path, path: Path, data: bytes, record: dict[str, Any]) -> None:
    """The document's PDF/A copy at ``target``; a failure is reported, the import goes on."""
    from api import cli_pdf

    try:
        cli_pdf.write_copy(target, data, record)
    except VanbanError as exc:
        tqdm.write(
            f"vanban: error [{exc.code}]: {path}: no PDF/A copy: {exc.message}", file=sys.stderr
        )
