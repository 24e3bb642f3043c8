"""``vanban archival``: archival metadata, dossiers, exports and transfer bags on the CLI."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from core.errors import ArchivalInvalid, InputError, NotFound
from core.settings import Settings


def register(sub: Any) -> None:
    """Add ``vanban archival ...`` to the ``vanban`` parser."""
    top = sub.add_parser("archival", help="archival metadata, dossiers, exports, BagIt bags")
    cmds = top.add_subparsers(dest="archival_command", required=True, metavar="COMMAND")

    p = cmds.add_parser("show", help="a document's archival fields and where each came from")
    p.add_argument("id", help="document id (or a unique beginning of it)")
    _data_dir(p)
    p.set_defaults(handler=_show)

    p = cmds.add_parser(
        "set",
        help="set fields on documents or a whole dossier: field=value (field= clears)",
        description="Examples: vanban archival set 3fa2c1 fonds_code=G09 dossier_code=HS-01; "
        "vanban archival set --dossier HS-01 retention='Vĩnh viễn'",
    )
    p.add_argument("items", nargs="+", metavar="ID|field=value")
    _selection(p, ids=False)
    p.add_argument("--order-from", type=int, help="number the documents from N, in order")
    _data_dir(p)
    p.set_defaults(handler=_set)

    p = cmds.add_parser("dossiers", help="documents grouped into dossiers within each fonds")
    p.add_argument("--fonds", help="only this fonds (phông)")
    p.add_argument("--json", action="store_true", help="print JSON")
    _data_dir(p)
    p.set_defaults(handler=_dossiers)

    p = cmds.add_parser("export", help="archival metadata of a selection: xlsx, csv or json")
    _selection(p)
    p.add_argument("--format", choices=["xlsx", "csv", "json"], default="xlsx")
    p.add_argument("--sep", choices=[",", ";"], default=",", help="CSV separator")
    p.add_argument("--out", type=Path, help="file to write (standard output if not given)")
    _data_dir(p)
    p.set_defaults(handler=_export)

    p = cmds.add_parser("bag", help="a BagIt transfer package of a selection")
    p.add_argument("dir", type=Path, help="new folder for the bag")
    _selection(p)
    p.add_argument("--organization", help="Source-Organization of the bag")
    p.add_argument(
        "--no-copies", action="store_true", help="leave the PDF/A preservation copies out"
    )
    _data_dir(p)
    p.set_defaults(handler=_bag)


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="archive folder (VANBAN_DATA_DIR)")


def _selection(parser: argparse.ArgumentParser, *, ids: bool = True) -> None:
    if ids:
        parser.add_argument("--ids", nargs="+", default=[], help="these documents, in order")
    parser.add_argument("--fonds", help="documents of this fonds (phông)")
    parser.add_argument("--dossier", help="documents of this dossier (hồ sơ)")
    if ids:
        parser.add_argument("--query", "-q", default="", help="full-text search")
        parser.add_argument("--type"), parser.add_argument("--issuer")
        parser.add_argument("--year", type=int), parser.add_argument("--cites")


def _archive(args: argparse.Namespace, settings: Settings) -> Any:
    from archive import open_store

    return open_store(
        args.data_dir or settings.data_dir,
        database_url=settings.database_url,
        storage_dir=settings.storage_dir,
    )


def _resolve(archive: Any, given: str) -> str:
    """A full id from a unique beginning of one (what `vanban search` prints)."""
    if len(given) == 64:
        return given
    matches: list[str] = []
    offset = 0
    while True:
        rows = archive.documents(limit=1000, offset=offset)
        matches += [r["id"] for r in rows if r["id"].startswith(given)]
        if len(rows) < 1000:
            break
        offset += 1000
    if len(set(matches)) != 1:
        what = "no document" if not matches else f"{len(set(matches))} documents"
        raise NotFound(f"{what} with an id beginning {given!r}")
    return matches[0]


def _records(args: argparse.Namespace, archive: Any) -> list[dict[str, Any]]:
    from archive import archival

    selection = archival.Selection(
        ids=tuple(_resolve(archive, i) for i in args.ids),
        fonds=args.fonds,
        dossier=args.dossier,
        query=args.query,
        doc_type=args.type,
        issuer=args.issuer,
        year=args.year,
        cites=args.cites,
    )
    return archival.select(archive, selection)


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from archive import archival

    archive = _archive(args, settings)
    record = archive.record(_resolve(archive, args.id))
    for v in archival.view(record):
        name = archival.BY_KEY[v.key].vi
        shown = "" if v.value is None else v.value
        print(f"{name:40} {shown}  [{v.source}]")
    return 0


def _set(args: argparse.Namespace, settings: Settings) -> int:
    from archive import archival

    archive = _archive(args, settings)
    updates: dict[str, Any] = {}
    ids: list[str] = []
    for item in args.items:
        key, eq, value = item.partition("=")
        if eq:
            updates[key.strip()] = value if value != "" else None
        else:
            ids.append(_resolve(archive, item))
    if args.fonds or args.dossier:
        if ids:
            raise InputError("give document ids or --fonds/--dossier, not both")
        selection = archival.Selection(fonds=args.fonds, dossier=args.dossier)
        ids = [r["id"] for r in archival.select(archive, selection)]
        if not ids:
            from core.errors import EmptySelection

            raise EmptySelection("no processed document in that fonds or dossier")
    if not ids:
        raise InputError("give the documents: their ids, or --dossier (and --fonds)")
    if not updates and args.order_from is None:
        raise ArchivalInvalid("give the values to set as field=value")
    changed = archival.set_values(archive, ids, updates, who=_who(), order_from=args.order_from)
    for doc_id, changes in changed.items():
        print(f"{doc_id[:12]}  {len(changes)} change(s)", file=sys.stderr)
    return 0


def _dossiers(args: argparse.Namespace, settings: Settings) -> int:
    from archive import archival

    result = archival.dossiers(_archive(args, settings), fonds=args.fonds)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    for fonds in result["fonds"]:
        print(f"Phông {fonds['code'] or '(chưa có mã)'}: {fonds['documents']} văn bản")
        for d in fonds["dossiers"]:
            span = " – ".join(x for x in (d["start"], d["end"]) if x)
            retention = ", ".join(d["retention"])
            print(f"  {d['code']:20} {d['documents']:5} văn bản  {span:25} {retention}")
    print(f"{result['unfiled']} văn bản chưa vào hồ sơ", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from archive import archival

    records = _records(args, _archive(args, settings))
    if args.format == "xlsx":
        body = archival.to_xlsx(records)
    elif args.format == "csv":
        body = archival.to_csv(records, sep=args.sep)
    else:
        body = archival.to_json(records)
    if args.out:
        args.out.write_bytes(body)
        print(f"{len(records)} document(s) -> {args.out}", file=sys.stderr)
    elif args.format == "xlsx" and sys.stdout.isatty():
        raise InputError("an XLSX file is not for the terminal: give --out FILE")
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    return 0


def _bag(args: argparse.Namespace, settings: Settings) -> int:
    from archive import archival

    archive = _archive(args, settings)
    records = _records(args, archive)
    info = {"Source-Organization": args.organization} if args.organization else {}
    if args.dossier:
        info["External-Identifier"] = f"{args.fonds or ''}/{args.dossier}".lstrip("/")
    archival.make_bag(archive, records, args.dir, copies=not args.no_copies, info=info)
    print(f"{len(records)} document(s) -> bag {args.dir}", file=sys.stderr)
    if not args.no_copies:
        listing = args.dir / "data" / "metadata" / "preservation.json"
        for entry in json.loads(listing.read_text(encoding="utf-8"))["copies"]:
            if not entry["file"]:
                print(f"{entry['id'][:12]}  no PDF/A copy: {entry['reason']}", file=sys.stderr)
    return 0
