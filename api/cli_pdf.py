"""PDF commands of the CLI: preservation copies (``process --pdf``, ``import --pdf``) and
``vanban repair`` for legacy PDFs whose text layer is garbled or in a legacy font."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser(
        "repair", help="a PDF/A copy of a PDF whose text is garbled or in a TCVN3/VNI font"
    )
    p.add_argument("input", type=Path, metavar="IN.pdf")
    p.add_argument("output", type=Path, metavar="OUT.pdf")
    p.add_argument("--lang", help="Tesseract languages for a PDF with no text (default: vie)")
    p.set_defaults(handler=_repair)


def target(out: Path, source: Path, *, several: bool) -> Path:
    """Where the copy of ``source`` goes: ``out`` itself for one file (unless it is a
    folder), ``out/<name>.pdf`` for several."""
    if several or out.is_dir() or str(out).endswith(("/", "\\")):
        out.mkdir(parents=True, exist_ok=True)
        return out / f"{source.stem}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def write_copy(path: Path, original: bytes, record: dict[str, Any]) -> dict[str, Any]:
    """Write the preservation copy of a processed document; a summary for the user."""
    from archive.repair import preservation_copy

    copy = preservation_copy(original, record["source"]["media_type"], record)
    _write(path, copy.data)
    return _summary(path, copy)


def _repair(args: argparse.Namespace, settings: Settings) -> int:
    from api.cli import _read_file
    from archive import repair as legacy_pdf
    from core.errors import TypeMismatch
    from ingest.sniff import PDF, sniff

    data = _read_file(args.input)
    if sniff(data) != PDF:
        raise TypeMismatch(f"{args.input} is not a PDF; `vanban repair` reads PDFs.")
    found = legacy_pdf.classify(data)
    if found.kind == "none":  # a scan with no text: read it, then preserve it
        from api.pipeline import PipelineOptions, process

        updates = {"languages": args.lang} if args.lang else {}
        options = PipelineOptions.from_settings(settings.model_copy(update=updates))
        record = process(data, filename=args.input.name, options=options)
        summary = write_copy(args.output, data, record.to_dict(words=True))
    else:
        fixed = legacy_pdf.repair(data, filename=args.input.name)
        _write(args.output, fixed.copy.data)
        summary = _summary(args.output, fixed.copy)
        summary |= {"fonts_mapped": fixed.fonts, "encoding": fixed.encoding}
    summary = {"input": str(args.input), "text_layer": found.kind, **summary}
    print(json.dumps(summary, ensure_ascii=False), file=sys.stderr)
    return 0


def _summary(path: Path, copy: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"output": str(path), "pdfa": copy.conformance or None}
    out["words"] = copy.words
    if copy.report is not None and not copy.report.passed:
        out["pdfa_findings"] = [str(f) for f in copy.report.findings[:5]]
    if copy.dropped:
        out["characters_without_glyph"] = "".join(copy.dropped)
    return out


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
