"""Legacy PDFs whose text layer is wrong: what kind of text they hold, and a copy whose
text reads right in any reader.

A PDF's text layer is one of four kinds:

- ``unicode``: good Unicode Vietnamese, kept as it is;
- ``garbled``: an OCR layer read without Vietnamese ("Ké hoach t6 chirc") or without marks;
  the invisible text is taken out and the restored text laid on the same word boxes;
- ``legacy_font``: text typed in a TCVN3 or VNI font ("KÕ ho¹ch"), drawn visibly: the page
  is kept as it is and each legacy font gets a ToUnicode map, so the same glyphs copy out
  as Unicode ("Kế hoạch");
- ``none``: no text (a scan): it has to be read (``vanban process --pdf``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pikepdf

import diacritics
import extraction
from archive.preservation import Preserved, finish, line_words, strip_invisible_text
from archive.textlayer import Frame, PlacedWord, TextLayer, flate, page_frame
from core.errors import CorruptFile, PreservationFailed
from core.options import RestoreOptions
from core.record import fields_to_dict
from diacritics.model import load_model
from diacritics.restore import text_mode
from ingest import legacy
from ingest.textlayer import LayerPage, code_text, read_words, reading

KINDS = ("unicode", "garbled", "legacy_font", "none")
MIN_LETTERS = 20  # fewer letters than this on all pages: no text layer to speak of
_LEGACY_NAME = re.compile(r"^(?:[A-Z]{6}\+)?(?:(\.?Vn)|(VNI[-_ ]?))", re.IGNORECASE)


@dataclass(frozen=True)
class Classification:
    kind: str  # one of KINDS
    encoding: str | None  # tcvn3, vni or viqr when the text is in a legacy encoding
    pages: tuple[LayerPage, ...]

    @property
    def text(self) -> str:
        return "\f".join(p.text for p in self.pages)


@dataclass(frozen=True)
class Repaired:
    kind: str
    encoding: str | None
    text: str  # the text the copy now gives
    copy: Preserved
    fonts: int = 0  # legacy fonts given a ToUnicode map


def classify(data: bytes) -> Classification:
    """The kind of text layer a PDF has (see the module's description)."""
    pages = read_words(data)
    text = "\f".join(p.text for p in pages)
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        return Classification("none", None, pages)
    encoding = legacy.detect_text(text)
    if encoding in ("tcvn3", "vni"):
        return Classification("legacy_font", encoding, pages)
    if encoding == "viqr":  # marks typed as punctuation: the text itself is replaced
        return Classification("garbled", encoding, pages)
    mode = text_mode(text.replace("\f", "\n").split("\n"), load_model())
    return Classification("unicode" if mode == "clean" else "garbled", None, pages)


def repair(
    data: bytes,
    *,
    record: Mapping[str, Any] | None = None,
    filename: str = "document.pdf",
    extra: Mapping[str, str] | None = None,
) -> Repaired:
    """A PDF/A copy of ``data`` whose text layer gives the right Vietnamese text.

    The metadata come from ``record`` when the document was processed, else from the
    fields found in the repaired text. Raises PreservationFailed for a PDF with no text
    (it has to be read first) or whose garbled text is drawn visibly."""
    found = classify(data)
    if found.kind == "none":
        raise PreservationFailed(
            "the PDF has no text layer to repair; process it (`vanban process FILE --pdf OUT`) "
            "to read it and write its preservation copy."
        )
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        raise CorruptFile(f"the PDF cannot be read: {exc}") from None
    layer: TextLayer | None = None
    fonts, words = 0, 0
    text = found.text
    if found.kind == "legacy_font":
        assert found.encoding is not None
        fonts = map_legacy_fonts(pdf, found.encoding)
        text = legacy.convert_text(text, found.encoding)
    elif found.kind == "garbled":
        layer = TextLayer(pdf)
        texts = [_corrected(p.text, found.encoding) for p in found.pages]
        for lp, new in zip(found.pages, texts, strict=True):
            if not lp.words:
                continue
            page = pdf.pages[lp.number - 1]
            if not strip_invisible_text(pdf, page):
                raise PreservationFailed(
                    f"page {lp.number}: the garbled text is drawn visibly, not as an OCR "
                    "layer; process the PDF (`vanban process FILE --pdf OUT`) to read it again."
                )
            placed = _placed(lp, new)
            shown = page_frame(page, lp.width, lp.height)
            frame = Frame(shown.width, shown.height, shown.matrix, ink=False)
            words += layer.add(page, placed, frame)
        text = "\f".join(texts)
    meta = record if record is not None else _record_of(text, filename)
    copy = finish(pdf, layer, meta, extra=extra, words=words, unicode=found.kind != "legacy_font")
    return Repaired(found.kind, found.encoding, text, copy, fonts)


def _corrected(text: str, encoding: str | None) -> str:
    if encoding:
        return legacy.convert_text(text, encoding)
    return diacritics.restore(text, options=RestoreOptions()).text


def _placed(page: LayerPage, corrected: str) -> list[PlacedWord]:
    raw_lines, new_lines = page.text.split("\n"), corrected.split("\n")
    by_line: dict[int, list[Any]] = {}
    for w in page.words:
        by_line.setdefault(w.line, []).append(w)
    out: list[PlacedWord] = []
    for line, group in by_line.items():
        texts = [w.text for w in group]
        if len(raw_lines) == len(new_lines):
            texts = line_words(texts, raw_lines[line], new_lines[line])
        out += [PlacedWord(t, w.box, line) for t, w in zip(texts, group, strict=True) if t]
    return out


def _record_of(text: str, filename: str) -> dict[str, Any]:
    """The few things the metadata need, from the repaired text."""
    found = extraction.extract(text.replace("\f", "\n"), pages=())
    return {"source": {"filename": filename}, "fields": fields_to_dict(found.fields)}


# --------------------------------------------------------------------------- legacy fonts


def map_legacy_fonts(pdf: pikepdf.Pdf, encoding: str) -> int:
    """Give every simple font whose text is TCVN3 or VNI (by what it shows, or by its
    name: .VnTime, VNI-Times) a ToUnicode map from its codes to Unicode. Returns how many."""
    shown: dict[tuple[int, int], tuple[pikepdf.Dictionary, bytearray]] = {}
    for page in pdf.pages:
        _collect(page.obj, shown, depth=0)
    fixed = 0
    vni: set[tuple[int, int]] = set()
    for font, data in shown.values():
        if font.get("/Subtype") == pikepdf.Name.Type0:
            continue
        text = "".join(reading(b) for b in data)
        name = str(font.get("/BaseFont", ""))[1:]
        found = legacy.detect_text(text) if text.strip() else None
        by_name = _LEGACY_NAME.match(name)
        if found not in ("tcvn3", "vni") and by_name:
            found = "vni" if by_name.group(2) else "tcvn3"
        if found not in ("tcvn3", "vni"):
            continue
        # .VnTimeH and its kin draw every small letter as a capital; a text without small
        # letters is in capitals too (its marked letters shared with the small ones)
        capitals = not re.search("[a-z]", text) or re.split("[,-]", name)[0].endswith("H")
        table = code_text(found, capitals=capitals and found == "tcvn3")
        font.ToUnicode = flate(pdf, _byte_cmap(table, sorted(set(data))))
        if found == "vni":
            vni.add(_key(font))
        fixed += 1
    if vni:
        done: set[tuple[int, int]] = set()
        for page in pdf.pages:
            _spell_out(pdf, page.obj, vni, done, depth=0)
    return fixed


def _key(font: pikepdf.Dictionary) -> tuple[int, int]:
    return font.objgen if font.is_indirect else (id(font), 0)


def _spell_out(
    pdf: pikepdf.Pdf,
    owner: pikepdf.Object,
    fonts: set[tuple[int, int]],
    done: set[tuple[int, int]],
    *,
    depth: int,
) -> None:
    """Each word shown in a VNI font marked with its text (``/ActualText``), as its own
    run: a VNI letter is a base code and a mark code, which a ToUnicode map can only give
    as a letter and a combining mark; readers take the marked text whole, composed. The
    runs are drawn as before (a string cut at its spaces draws the same glyphs)."""
    resources = owner.get("/Resources") or pikepdf.Dictionary()
    named = resources.get("/Font") or pikepdf.Dictionary()
    try:
        commands = pikepdf.parse_content_stream(owner)
    except pikepdf.PdfError:
        return
    out: list[Any] = []
    current = False
    changed = False
    for instruction in commands:
        operands, op = instruction.operands, str(instruction.operator)
        if op == "Tf" and operands:
            font = named.get(str(operands[0]))
            current = isinstance(font, pikepdf.Dictionary) and _key(font) in fonts
        elif op == "Do" and operands and depth < 4:
            form = (resources.get("/XObject") or pikepdf.Dictionary()).get(str(operands[0]))
            if isinstance(form, pikepdf.Stream) and form.objgen not in done:
                done.add(form.objgen)
                if form.get("/Subtype") == pikepdf.Name.Form:
                    _spell_out(pdf, form, fonts, done, depth=depth + 1)
        if not current or op not in ("Tj", "TJ", "'", '"'):
            out.append(instruction)
            continue
        changed = True
        if op == '"':
            out += [
                ([operands[0]], pikepdf.Operator("Tw")),
                ([operands[1]], pikepdf.Operator("Tc")),
            ]
        if op in ("'", '"'):
            out.append(([], pikepdf.Operator("T*")))
        items = list(operands[-1]) if op == "TJ" else [operands[-1]]
        for item in items:
            if isinstance(item, pikepdf.String):
                out += _word_runs(bytes(item))
            else:  # a kerning move between strings
                out.append(([pikepdf.Array([item])], pikepdf.Operator("TJ")))
    if changed:
        content = pikepdf.unparse_content_stream(out)
        if isinstance(owner, pikepdf.Stream):  # a form: its data replaced, filters and all
            owner.write(content)
        else:
            owner.Contents = flate(pdf, content)


def _word_runs(data: bytes) -> list[Any]:
    """``data`` shown as runs, each word in a span marked with its Unicode text."""
    out: list[Any] = []
    for piece in re.split(rb"( +)", data):
        if not piece:
            continue
        show = ([pikepdf.String(piece)], pikepdf.Operator("Tj"))
        if piece.strip(b" "):
            text = legacy.convert_text("".join(reading(b) for b in piece), "vni")
            marked = pikepdf.Dictionary(ActualText=pikepdf.String(text))
            out += [([pikepdf.Name.Span, marked], pikepdf.Operator("BDC")), show]
            out.append(([], pikepdf.Operator("EMC")))
        else:
            out.append(show)
    return out


def _collect(
    obj: pikepdf.Object,
    shown: dict[tuple[int, int], tuple[pikepdf.Dictionary, bytearray]],
    *,
    depth: int,
) -> None:
    """The bytes each font shows in a page or form's content (forms inside, 4 deep)."""
    resources = obj.get("/Resources") or pikepdf.Dictionary()
    fonts = resources.get("/Font") or pikepdf.Dictionary()
    try:
        commands = pikepdf.parse_content_stream(obj)
    except pikepdf.PdfError:
        return
    current: bytearray | None = None
    for instruction in commands:
        operands, op = instruction.operands, str(instruction.operator)
        if op == "Tf" and operands:
            font = fonts.get(str(operands[0]))
            if isinstance(font, pikepdf.Dictionary):
                current = shown.setdefault(_key(font), (font, bytearray()))[1]
            else:
                current = None
        elif op in ("Tj", "'", '"', "TJ") and current is not None:
            for item in operands[-1] if op == "TJ" else operands[-1:]:
                if isinstance(item, pikepdf.String):
                    current += bytes(item)
        elif op == "Do" and operands and depth < 4:
            xobjects = resources.get("/XObject") or pikepdf.Dictionary()
            form = xobjects.get(str(operands[0]))
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == pikepdf.Name.Form:
                _collect(form, shown, depth=depth + 1)


def _byte_cmap(table: Mapping[int, str], codes: list[int]) -> bytes:
    used = [c for c in codes if table.get(c)]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    for start in range(0, len(used), 100):
        chunk = used[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{c:02X}> <{table[c].encode('utf-16-be').hex().upper()}>" for c in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


# --------------------------------------------------------------------------- either way


def preservation_copy(
    original: bytes,
    media_type: str,
    record: Mapping[str, Any],
    *,
    extra: Mapping[str, str] | None = None,
) -> Preserved:
    """The preservation copy of a processed document: its OCR'd pages under the restored
    text, or, for a PDF whose own text layer was used, that PDF with its text repaired.
    ``record`` as ``Record.to_dict(words=True)``."""
    from archive.preservation import preserve

    if record.get("ocr", {}).get("pages"):
        return preserve(original, media_type, record, extra=extra)
    if media_type == "application/pdf":
        name = str(record.get("source", {}).get("filename") or "document.pdf")
        return repair(original, record=record, filename=name, extra=extra).copy
    raise PreservationFailed(
        "a text file has no page images to preserve; a preservation copy is made of scans and PDFs."
    )
