"""The ``vanban`` command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqdm import tqdm

from core.errors import ExitCode, InternalError, VanbanError
from core.options import RestoreOptions
from core.settings import Settings

Handler = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings()
    # a damaged PDF is reported once, as a vanban error, not also as pypdf's log lines
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        return int(args.handler(args, settings))
    except VanbanError as exc:
        _error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        print("vanban: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # noqa: BLE001 - a bug: one line for the user, the rest logged
        where = _log_traceback(settings.log_file)
        _error(InternalError(f"an unexpected error ({type(exc).__name__}: {exc}); {where}"))
        return ExitCode.INTERNAL


def _log_traceback(path: Path) -> str:
    """Append the current exception's traceback to the log file; say where it went."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} vanban {' '.join(sys.argv[1:])}\n")
            log.write(traceback.format_exc())
        return f"details in {path}"
    except OSError:
        return "the details could not be written to the log"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vanban",
        description="Scanned Vietnamese administrative documents in, structured records out.",
    )
    parser.add_argument("--version", action="version", version=f"vanban {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_process(sub)
    _add_restore(sub)
    _add_extract(sub)
    _add_serve(sub)
    _add_worker(sub)
    from api import cli_archive, cli_pdf

    cli_archive.register(sub)
    from api import cli_archival

    cli_archival.register(sub)
    cli_pdf.register(sub)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vanban")
    except PackageNotFoundError:
        return "(not installed)"


# --------------------------------------------------------------------------- process


def _add_process(sub: Any) -> None:
    p = sub.add_parser("process", help="OCR, restore and extract PDF/image/text files")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--out", type=Path, metavar="DIR", help="write DIR/<name>.json files")
    p.add_argument("--text-layer", action="store_true", help="use a PDF's own text layer")
    p.add_argument(
        "--lang", metavar="LANGS", help="Tesseract languages: vie, vie+eng (default: vie)"
    )
    p.add_argument("--words", action="store_true", help="include word boxes in the record")
    p.add_argument(
        "--pdf",
        type=Path,
        metavar="OUT",
        help="write a PDF/A preservation copy (a folder for several)",
    )
    p.set_defaults(handler=_process)


def _process(args: argparse.Namespace, settings: Settings) -> int:
    from api.pipeline import PipelineOptions

    updates: dict[str, Any] = {"use_text_layer": args.text_layer or settings.use_text_layer}
    if args.lang:
        updates["languages"] = args.lang
    options = PipelineOptions.from_settings(settings.model_copy(update=updates))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    if len(args.files) == 1:
        results: Iterator[Any] = iter([_process_one(args.files[0], options, bar=True)])
    else:
        results = _process_many(args.files, options)
    status = ExitCode.OK
    for path, result in zip(args.files, results, strict=True):
        if isinstance(result, VanbanError):
            _error(result, path)
            status = max(status, result.exit_code)
            continue
        _emit(result.to_dict(words=args.words), path, out=args.out, several=len(args.files) > 1)
        if args.pdf:
            status = max(status, _preserve(args.pdf, path, result, several=len(args.files) > 1))
    return status


def _preserve(out: Path, path: Path, record: Any, *, several: bool) -> ExitCode:
    """Write the preservation copy of ``path`` (processed into ``record``)."""
    from api import cli_pdf

    try:
        target = cli_pdf.target(out, path, several=several)
        summary = cli_pdf.write_copy(target, _read_file(path), record.to_dict(words=True))
    except VanbanError as exc:
        _error(exc, path)
        return exc.exit_code
    print(json.dumps(summary, ensure_ascii=False), file=sys.stderr)
    return ExitCode.OK


def _process_many(paths: list[Path], options: Any) -> Iterator[Any]:
    """Several files, as many at a time as there are page workers (a batch of one-page
    scans keeps every core busy), the page workers shared among them; in the given order."""
    from concurrent.futures import ThreadPoolExecutor

    side_by_side = max(1, min(options.workers, len(paths)))
    with (
        tqdm(total=len(paths), unit="file", file=sys.stderr, leave=False) as bar,
        ThreadPoolExecutor(max_workers=side_by_side) as pool,
    ):
        futures = [pool.submit(_process_one, path, options) for path in paths]
        for future in futures:
            yield future.result()
            bar.update()


def _process_one(path: Path, options: Any, *, bar: bool = False) -> Any:
    """The record of one file, or the VanbanError that stopped it."""
    from api.pipeline import process

    try:
        data = _read_file(path)
        if not bar:
            return process(data, filename=path.name, options=options)
        with _progress_bar(path.name) as progress:
            return process(data, filename=path.name, options=options, progress=progress)
    except VanbanError as exc:
        return exc


def _emit(body: dict[str, Any], path: Path, *, out: Path | None, several: bool) -> None:
    if out:
        target = out / f"{path.stem}.json"
        target.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path} -> {target}", file=sys.stderr)
    elif several:
        print(json.dumps(body, ensure_ascii=False), flush=True)
    else:
        print(json.dumps(body, ensure_ascii=False, indent=1), flush=True)


@contextmanager
def _progress_bar(name: str) -> Iterator[Callable[[int, int], None]]:
    bar: tqdm[Any] | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total < 2:
            return
        if bar is None:
            bar = tqdm(total=total, desc=name, unit="page", file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


# --------------------------------------------------------------------------- restore / extract


def _add_restore(sub: Any) -> None:
    p = sub.add_parser("restore", help="restore Vietnamese diacritics, line for line")
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    p.add_argument("--tone-style", choices=["new", "old"], help="hòa/thủy (new) or hoà/thuỷ (old)")
    p.add_argument("--changes", action="store_true", help="print token decisions as JSON Lines")
    p.set_defaults(handler=_restore)


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    import diacritics

    text = _read_text(args.file)
    options = RestoreOptions(tone_style=args.tone_style or settings.tone_style)
    result = diacritics.restore(text, options=options)
    if args.changes:
        for token in result.tokens:
            if token.status != "kept":
                print(json.dumps(_token_dict(token), ensure_ascii=False))
        return 0
    sys.stdout.write(result.text)
    return 0


def _token_dict(token: Any) -> dict[str, Any]:
    keys = ("line", "start", "end", "original", "restored", "confidence", "status")
    return {k: getattr(token, k) for k in keys}


def _add_extract(sub: Any) -> None:
    p = sub.add_parser("extract", help="restore then extract the record's fields from text")
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    p.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from api.pipeline import PipelineOptions, process

    name = "stdin.txt" if args.file == "-" else Path(args.file).name
    data = sys.stdin.buffer.read() if args.file == "-" else _read_file(Path(args.file))
    record = process(data, filename=name, options=PipelineOptions.from_settings(settings))
    if record.source.media_type != "text/plain":
        print("vanban: note: input is not text; it was OCR'd first", file=sys.stderr)
    print(json.dumps(record.to_dict(), ensure_ascii=False, indent=1))
    return 0


# --------------------------------------------------------------------------- serve


def _add_serve(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the HTTP service and web page")
    p.add_argument("--host", metavar="ADDRESS", help="address to listen on (VANBAN_HOST)")
    p.add_argument("--port", type=int, metavar="N", help="port (VANBAN_PORT)")
    p.add_argument("--data-dir", type=Path, metavar="DIR", help="archive folder (VANBAN_DATA_DIR)")
    p.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app

    updates = {k: v for k, v in vars(args).items() if k in ("host", "port", "data_dir") and v}
    settings = settings.model_copy(update=updates)
    app = create_app(settings)
    print(
        f"vanban: serving on http://{settings.host}:{settings.port}/ "
        f"(archive in {settings.data_dir}, API docs at /docs)",
        file=sys.stderr,
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
    return 0


# --------------------------------------------------------------------------- worker


def _add_worker(sub: Any) -> None:
    p = sub.add_parser(
        "worker", help="process queued jobs from the broker (VANBAN_BROKER_URL), on any machine"
    )
    p.add_argument("--name", metavar="NAME@HOST", help="the worker's name (default: celery@host)")
    p.add_argument("--data-dir", type=Path, metavar="DIR", help="archive folder (VANBAN_DATA_DIR)")
    p.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="jobs at once (default: the cores, VANBAN_WORKERS)",
    )
    p.add_argument("--loglevel", default="INFO", help="(default: INFO)")
    p.set_defaults(handler=_worker)


def _worker(args: argparse.Namespace, settings: Settings) -> int:
    from api.tasks import run_worker
    from core.errors import ConfigurationError

    if not settings.broker_url:
        raise ConfigurationError(
            "vanban worker needs a broker: set VANBAN_BROKER_URL (e.g. redis://host:6379/0). "
            "Without one, `vanban serve` processes the jobs itself."
        )
    updates: dict[str, Any] = {}
    if args.data_dir:
        updates["data_dir"] = args.data_dir
    if args.concurrency:
        updates["workers"] = args.concurrency
    run_worker(settings.model_copy(update=updates), name=args.name, loglevel=args.loglevel)
    return 0


# --------------------------------------------------------------------------- helpers


def _read_file(path: Path) -> bytes:
    from core.errors import InputError, NotFound

    if not path.exists():
        raise NotFound(f"{path}: no such file.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give files (or use `vanban import DIR`).")
    return path.read_bytes()


def _read_text(name: str) -> str:
    from core.errors import TypeMismatch
    from ingest.load import decode_text
    from ingest.sniff import TEXT, sniff

    data = sys.stdin.buffer.read() if name == "-" else _read_file(Path(name))
    if not data:
        return ""
    label = "standard input" if name == "-" else name
    if sniff(data) != TEXT:  # a scan or PDF: restore reads text only
        raise TypeMismatch(
            f"{label} is a scan or PDF, not text; `vanban restore` reads text. "
            "Use `vanban process` to OCR it."
        )
    return decode_text(data, filename=label)


def _error(exc: VanbanError, path: Path | None = None) -> None:
    where = f"{path}: " if path else ""
    print(f"vanban: error [{exc.code}]: {where}{exc.message}", file=sys.stderr)
