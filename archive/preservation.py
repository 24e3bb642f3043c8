"""Preservation copies: PDF/A-2 files of the original page images, untouched, under an
invisible layer of the restored text, each word on its box, with the record's metadata.

The pages of a scanned PDF are kept as they are (their image streams are copied, never
decoded); an image upload is wrapped by img2pdf (JPEG as it is, PNG's compressed data as
it is, TIFF losslessly). Text already on the pages in invisible render mode (an earlier
OCR layer) is taken out, and the record's ``text`` is laid on the OCR words' boxes
(``archive.textlayer``). The file declares PDF/A-2u when every glyph maps to Unicode
(always, for the layer written here) and is checked with pikepdf's PDF/A validator.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import img2pdf
import pikepdf
from lxml import etree
from pikepdf.pdfa import Report, resolve_save_kwargs, validate_written
from pikepdf.pdfa import prepare as pdfa_prepare
from PIL import Image

from archive import archival
from archive.textlayer import (
    Frame,
    PlacedWord,
    TextLayer,
    compose,
    flate,
    page_frame,
    unskew,
    unturn,
)
from core.errors import CorruptFile, PreservationFailed
from ingest.sniff import PDF

VANBAN_NS = "urn:vanban:record:1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_EXT = "http://www.aiim.org/pdfa/ns/extension/"
_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
# the vanban properties, as the extension schema describes them
VANBAN_FIELDS = {
    "number": "The document's number (Số)",
    "symbol": "The document's symbol (ký hiệu), e.g. KH-UBND",
    "issuer": "The issuing body",
    "signer": "Who signed the document",
    "place": "The place of issue",
    "date": "The date of issue (ISO 8601 when fully known)",
    "type": "The document type (Kế hoạch, Quyết định...)",
}
# up to this skew (degrees) a line is drawn level: its ends are off by under half a line's
# height on a page of ordinary line spacing, and every reader keeps its words in order
LEVEL_LINES = 1.0
EXTRA_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Preserved:
    """A preservation copy and what its checks found."""

    data: bytes
    conformance: str  # "2u" or "2b"; "" when the file could not be made PDF/A
    words: int  # words laid on the pages
    report: Report | None  # pikepdf's PDF/A-2b verdict on the file
    dropped: tuple[str, ...] = ()  # characters the font had no glyph for

    @property
    def valid(self) -> bool:
        return self.report is not None and self.report.passed


def preserve(
    original: bytes,
    media_type: str,
    record: Mapping[str, Any],
    *,
    extra: Mapping[str, str] | None = None,
) -> Preserved:
    """The preservation copy of a processed scan (``record`` as ``Record.to_dict(words=True)``).

    ``extra``: more metadata, written to the vanban namespace (names of letters, digits
    and underscores)."""
    pdf = base_pdf(original, media_type)
    layer = TextLayer(pdf)
    pages = record.get("ocr", {}).get("pages", [])
    read = [p for p in pages if p.get("width")]  # a page left out has no size, no words
    if read and not any("words" in p for p in read):
        raise PreservationFailed(
            "the record has no word boxes (it was processed before they were kept); "
            "process the document again to make its preservation copy."
        )
    words = 0
    for page, placed in zip(pages, page_words(record), strict=True):
        number = int(page["number"])
        if not page.get("width"):
            continue
        if not 1 <= number <= len(pdf.pages):
            continue
        target = pdf.pages[number - 1]
        strip_invisible_text(pdf, target)
        words += lay(layer, target, placed, page)
    return finish(pdf, layer, record, extra=extra, words=words)


def lay(
    layer: TextLayer, page: pikepdf.Page, placed: Sequence[PlacedWord], ocr: Mapping[str, Any]
) -> int:
    """Lay ``placed`` words, read on the upright deskewed image of an OCR page, on ``page``."""
    width, height = int(ocr["width"]), int(ocr["height"])
    turn, skew = int(ocr.get("orientation") or 0), float(ocr.get("skew_degrees") or 0.0)
    shown = page_frame(page, width, height)
    upright = compose(unturn(width, height, turn), shown.matrix)
    straighten = unskew(width, height, turn, skew)
    if abs(skew) <= LEVEL_LINES:  # lines drawn level, each where the deskew puts it
        frame = Frame(width, height, upright, shift=straighten)
    else:  # lines drawn turned with the page: words stay on their slanting lines
        frame = Frame(width, height, compose(straighten, upright))
    return layer.add(page, placed, frame)


def finish(
    pdf: pikepdf.Pdf,
    layer: TextLayer | None,
    record: Mapping[str, Any],
    *,
    extra: Mapping[str, str] | None = None,
    words: int = 0,
    unicode: bool = True,
) -> Preserved:
    """Embed the font, write the metadata and the PDF/A declarations, save and check."""
    if layer is not None and layer.used:
        layer.finish()
    _docinfo(pdf, record)
    try:
        pdfa_prepare(pdf, "2b", output_intent="sRGB")
    except (ValueError, pikepdf.PdfError) as exc:
        raise PreservationFailed(f"the PDF could not be prepared for PDF/A: {exc}") from None
    packet = pdf.Root.Metadata.read_bytes()
    # pikepdf's validator knows no extension schemas: it checks the file as it would be
    # with only the predefined properties, at conformance B; the copy adds ours and says U.
    # Streams are written as they are (an image keeps its bytes, ASCII85 and all); only a
    # file that fails so has its streams' generic filters rewritten (LZW is not PDF/A),
    # the images' pixels unchanged
    pdf.Root.Metadata.write(_packet(packet, {}, conformance="B"))
    as_they_are = {"stream_decode_level": pikepdf.StreamDecodeLevel.none, "compress_streams": False}
    for changes in (as_they_are, {}):
        kwargs = {**resolve_save_kwargs("2b"), **changes}
        checked = io.BytesIO()
        pdf.save(checked, **kwargs)
        checked.seek(0)
        report = validate_written(checked, "2b", save_kwargs=kwargs)
        if report.passed:
            break
    ours = {**_vanban_properties(record), **_extra(extra)}
    unicode = unicode and fonts_map_to_unicode(pdf)
    conformance = ("U" if unicode else "B") if report.passed else ""
    pdf.Root.Metadata.write(_packet(packet, ours, conformance=conformance))
    out = io.BytesIO()
    pdf.save(out, **kwargs)
    dropped = tuple(sorted(layer.dropped)) if layer is not None else ()
    label = f"2{conformance.lower()}" if conformance else ""
    return Preserved(out.getvalue(), label, words, report, dropped)


def fonts_map_to_unicode(pdf: pikepdf.Pdf) -> bool:
    """Does every font the pages use say what text its codes stand for (a ToUnicode map),
    as PDF/A-2u asks? Fonts of forms inside the pages count too."""
    seen: set[tuple[int, int]] = set()

    def fonts_of(resources: Any, depth: int) -> bool:
        if not isinstance(resources, pikepdf.Dictionary) or depth > 4:
            return True
        for font in (resources.get("/Font") or {}).values():
            if isinstance(font, pikepdf.Dictionary) and "/ToUnicode" not in font:
                return False
        for xobject in (resources.get("/XObject") or {}).values():
            if not isinstance(xobject, pikepdf.Stream) or xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if not fonts_of(xobject.get("/Resources"), depth + 1):
                return False
        return True

    return all(fonts_of(page.obj.get("/Resources"), 0) for page in pdf.pages)


# --------------------------------------------------------------------------- the pages


def base_pdf(original: bytes, media_type: str) -> pikepdf.Pdf:
    """The original as a PDF: a PDF as it is, an image wrapped without re-encoding
    where its format allows."""
    if media_type == PDF:
        try:
            pdf = pikepdf.open(io.BytesIO(original))
        except pikepdf.PdfError as exc:
            raise CorruptFile(f"the original PDF cannot be read: {exc}") from None
        for page in pdf.pages:  # slideshow effects, which PDF/A checks cannot approve
            for key in ("/Trans", "/Dur"):
                if key in page.obj:
                    del page.obj[key]
        return pdf
    try:
        wrapped = img2pdf.convert(original, rotation=img2pdf.Rotation.ifvalid)
    except (img2pdf.ImageOpenError, img2pdf.AlphaChannelError, ValueError, OSError):
        wrapped = img2pdf.convert(_flattened(original))
    assert wrapped is not None
    return pikepdf.open(io.BytesIO(wrapped))


def _flattened(original: bytes) -> list[bytes]:
    """Frames img2pdf cannot take as they are (an alpha channel, an odd mode) as PNG, on
    white: lossless for the pixels that show."""
    frames = []
    with Image.open(io.BytesIO(original)) as img:
        for k in range(getattr(img, "n_frames", 1)):
            img.seek(k)
            frame = img.convert("RGBA")
            flat = Image.new("RGB", frame.size, "white")
            flat.paste(frame, mask=frame.getchannel("A"))
            buf = io.BytesIO()
            dpi = img.info.get("dpi")
            flat.save(buf, format="PNG", dpi=dpi) if dpi else flat.save(buf, format="PNG")
            frames.append(buf.getvalue())
    return frames


_SHOW = {"Tj", "TJ", "'", '"'}


def strip_invisible_text(pdf: pikepdf.Pdf, page: pikepdf.Page) -> int:
    """Take the text drawn invisibly (render mode 3 or 7: an OCR layer) out of the page's
    content; visible text and everything else stay. A page left with no text at all (a
    scan) loses its empty text objects and its fonts too: a font named but never drawn
    cannot be shown to be embedded. Returns how many text operators went."""
    try:
        commands = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError:
        return 0
    kept, removed = _without_invisible_text(commands)
    shows = any(str(i.operator) in _SHOW for i in kept if hasattr(i, "operator"))
    texts = any(str(i.operator) == "BT" for i in kept if hasattr(i, "operator"))
    if not shows and texts:
        kept = _without_text_objects(kept)
        resources = page.obj.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary) and "/Font" in resources:
            del resources["/Font"]
    if removed or (not shows and texts):
        page.obj.Contents = flate(pdf, pikepdf.unparse_content_stream(kept))
    return removed


def _without_text_objects(commands: list[Any]) -> list[Any]:
    """``commands`` without their BT ... ET objects (which show nothing)."""
    out, inside = [], False
    for instruction in commands:
        op = str(instruction.operator) if hasattr(instruction, "operator") else str(instruction[1])
        if op == "BT":
            inside = True
        elif op == "ET":
            inside = False
        elif not inside:
            out.append(instruction)
    return out


def _without_invisible_text(commands: Sequence[Any]) -> tuple[list[Any], int]:
    kept: list[Any] = []
    mode, saved = 0, []
    removed = 0
    for instruction in commands:
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            saved.append(mode)
        elif op == "Q" and saved:
            mode = saved.pop()
        elif op == "Tr" and operands:
            mode = int(operands[0])
        elif op in _SHOW and mode in (3, 7):
            removed += 1
            if op in ("'", '"'):  # these also move to the next line: keep the move
                if op == '"':
                    kept.append(([operands[0]], pikepdf.Operator("Tw")))
                    kept.append(([operands[1]], pikepdf.Operator("Tc")))
                kept.append(([], pikepdf.Operator("T*")))
            continue
        kept.append(instruction)
    return kept, removed


# --------------------------------------------------------------------------- the words


def page_texts(text: str, pages: int) -> list[str]:
    """The text of each page: OCR'd pages are joined by a new line and a form feed."""
    parts = text.split("\f")
    parts = [p[:-1] if p.endswith("\n") and k < len(parts) - 1 else p for k, p in enumerate(parts)]
    return parts + [""] * max(0, pages - len(parts))


def page_words(record: Mapping[str, Any]) -> list[list[PlacedWord]]:
    """The restored text of each OCR page, word by word on the boxes of the words read.

    ``raw_text`` and ``text`` have the same lines; each line's words are matched to its
    restored words (one for one, or by alignment where restoration split or joined)."""
    pages = record.get("ocr", {}).get("pages", [])
    raws = page_texts(record.get("raw_text", ""), len(pages))
    texts = page_texts(record.get("text", ""), len(pages))
    out = []
    for page, raw, text in zip(pages, raws, texts, strict=False):
        out.append(restored_words(page.get("words") or [], raw, text))
    return out


def restored_words(words: Sequence[Mapping[str, Any]], raw: str, text: str) -> list[PlacedWord]:
    raw_lines, text_lines = raw.split("\n"), text.split("\n")
    same = len(raw_lines) == len(text_lines)
    by_line: dict[int, list[Mapping[str, Any]]] = {}
    for w in words:
        by_line.setdefault(int(w["line"]), []).append(w)
    placed: list[PlacedWord] = []
    for line, group in sorted(by_line.items()):
        boxes = [tuple(float(v) for v in w["bbox"]) for w in group]
        if same and 0 <= line < len(raw_lines):
            texts = line_words([str(w["text"]) for w in group], raw_lines[line], text_lines[line])
        else:
            texts = [str(w["text"]) for w in group]
        placed += [
            PlacedWord(t, (b[0], b[1], b[2], b[3]), line)
            for t, b in zip(texts, boxes, strict=True)
            if t
        ]
    return placed


_TOKEN = re.compile(r"\S+")
_RULE_ONLY = re.compile(r"^[|¦]+$")


def line_words(words: Sequence[str], raw: str, restored: str) -> list[str]:
    """The restored text of each of ``words`` (read in order on the ``raw`` line).

    The raw line's tokens are aligned with the restored line's (one for one when their
    counts agree, by letters without marks otherwise); each word takes the restored text
    of the token it was read as. A restored token no word was read as (the rules of a
    table row aside) joins the word before it."""
    raw_tokens = _TOKEN.findall(raw)
    new_tokens = _TOKEN.findall(restored)
    if raw_tokens == new_tokens and list(words) == raw_tokens:
        return list(words)
    assigned = _align(raw_tokens, new_tokens)
    owner: list[int] = [-1] * len(raw_tokens)  # raw token -> word
    at = 0
    for k, word in enumerate(words):
        for j in range(at, len(raw_tokens)):
            if raw_tokens[j] == word:
                owner[j], at = k, j + 1
                break
    out = [""] * len(words)
    last = -1
    for j, pieces in enumerate(assigned):
        k = owner[j]
        piece = " ".join(p for p in pieces if k >= 0 or not _RULE_ONLY.match(p))
        if k >= 0:
            out[k] = " ".join(x for x in (out[k], piece) if x)
            last = k
        elif piece and last >= 0:
            out[last] = " ".join(x for x in (out[last], piece) if x)
    # a word the line does not show (never expected) keeps its own reading
    return [out[k] if k in owner else words[k] for k in range(len(words))]


def _align(raw: list[str], new: list[str]) -> list[list[str]]:
    """For each raw token, the restored tokens it became."""
    if len(raw) == len(new):
        return [[t] for t in new]
    out: list[list[str]] = [[] for _ in raw]
    matcher = SequenceMatcher(
        None, [_fold(t) for t in raw], [_fold(t) for t in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "insert":
            out[max(0, i1 - 1)] += new[j1:j2] if raw else []
            continue
        if tag == "delete":
            continue
        n, m = i2 - i1, j2 - j1
        for j in range(m):  # spread the block's restored tokens over its raw ones
            out[i1 + min(n - 1, j * n // m)].append(new[j1 + j])
    return out


def _fold(token: str) -> str:
    base = unicodedata.normalize("NFD", token.lower().replace("đ", "d"))
    return "".join(c for c in base if not unicodedata.combining(c))


# --------------------------------------------------------------------------- metadata


def _docinfo(pdf: pikepdf.Pdf, record: Mapping[str, Any]) -> None:
    """Dublin Core from the archival view of the record (the archivist's values over the
    extracted ones), through pikepdf's metadata editor (DocInfo follows)."""
    known = archival.values(record)
    identifier = _identifier(known["number"], known["symbol"])
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = known["title"] or record.get("source", {}).get("filename", "")
        if known["issuer"]:
            meta["dc:creator"] = [known["issuer"]]
        if known["date"]:
            meta["dc:date"] = [known["date"]]
        if known["doc_type"]:
            meta["dc:type"] = {known["doc_type"]}
        if identifier:
            meta["dc:identifier"] = identifier
        keywords = {k.strip() for k in re.split(r"[;,]", known["keywords"] or "") if k.strip()}
        if keywords:
            meta["dc:subject"] = keywords
            meta["pdf:Keywords"] = "; ".join(sorted(keywords))
        if known["access"]:
            meta["dc:rights"] = known["access"]
        meta["dc:language"] = {"vi"}
        meta["dc:format"] = "application/pdf"
        meta["xmp:CreateDate"] = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        meta["pdf:Producer"] = "vanban"


def _identifier(number: str | None, symbol: str | None) -> str | None:
    """ "45/KH-UBND" from the number and the symbol (the archival view keeps them apart)."""
    if number and symbol:
        return f"{number}/{symbol}"
    return number or symbol or None


def _vanban_properties(record: Mapping[str, Any]) -> dict[str, str]:
    """The record's fields, then every archival field that has a value (fonds, dossier,
    order, retention, access...), under its key; an archival value wins over the field of
    the same name, and an empty value the archivist set takes it out."""
    fields = record.get("fields") or {}
    signer = (fields.get("signer") or {}).get("name")
    date = fields.get("date") or {}
    found = {
        "number": fields.get("number"),
        "symbol": fields.get("symbol"),
        "issuer": fields.get("issuer"),
        "signer": signer,
        "place": fields.get("place"),
        "date": date.get("iso") or date.get("raw"),
        "type": fields.get("doc_type"),
    }
    out = {k: str(v) for k, v in found.items() if v}
    for value in archival.view(record):
        if value.value is not None and value.value != "":
            out[value.key] = str(value.value)
        elif value.source == archival.ARCHIVIST:
            out.pop(value.key, None)
    return out


def _description(name: str) -> str:
    """What a vanban property holds, for the extension schema."""
    if name in VANBAN_FIELDS:
        return VANBAN_FIELDS[name]
    column = archival.BY_KEY.get(name)
    return f"{column.en} ({column.vi})" if column else "Archival metadata"


def _extra(extra: Mapping[str, str] | None) -> dict[str, str]:
    out = {}
    for key, value in (extra or {}).items():
        if not EXTRA_KEY.match(key):
            raise PreservationFailed(
                f"metadata name {key!r} is not allowed: use letters, digits and underscores."
            )
        if value is not None and str(value) != "":
            out[key] = str(value)
    return out


def _packet(packet: bytes, properties: Mapping[str, str], *, conformance: str) -> bytes:
    """The XMP packet with PDF/A conformance set (the identification taken out when
    ``conformance`` is empty: a file that is not PDF/A must not say it is) and the vanban
    ``properties`` added, with the extension schema that describes them (as PDF/A
    requires for a namespace of its own)."""
    root = etree.fromstring(packet, parser=etree.XMLParser(remove_blank_text=False))
    rdf = root if root.tag == f"{{{_RDF}}}RDF" else root.find(f".//{{{_RDF}}}RDF")
    assert rdf is not None
    for name in ("part", "conformance"):
        for node in list(rdf.iter(f"{{{_PDFAID}}}{name}")):
            if conformance and name == "conformance":
                node.text = conformance
            elif not conformance:
                node.getparent().remove(node)
        for description in rdf.findall(f"{{{_RDF}}}Description"):
            key = f"{{{_PDFAID}}}{name}"
            if description.get(key) is None:
                continue
            if conformance and name == "conformance":
                description.set(key, conformance)
            elif not conformance:
                del description.attrib[key]
    if properties:
        nsmap = {"vanban": VANBAN_NS, "pdfaExtension": _EXT, "pdfaSchema": _SCHEMA}
        nsmap |= {"pdfaProperty": _PROPERTY}
        ours = etree.SubElement(rdf, f"{{{_RDF}}}Description", nsmap=nsmap)
        ours.set(f"{{{_RDF}}}about", "")
        for key, value in properties.items():
            etree.SubElement(ours, f"{{{VANBAN_NS}}}{key}").text = value
        ext = etree.SubElement(rdf, f"{{{_RDF}}}Description", nsmap=nsmap)
        ext.set(f"{{{_RDF}}}about", "")
        _extension_schema(ext, list(properties))
    body = etree.tostring(root, encoding="utf-8")
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        + body
        + b"\n"
        + b" " * 2000
        + b'\n<?xpacket end="w"?>'
    )


def _extension_schema(parent: Any, names: list[str]) -> None:
    schemas = etree.SubElement(parent, f"{{{_EXT}}}schemas")
    bag = etree.SubElement(schemas, f"{{{_RDF}}}Bag")
    item = etree.SubElement(bag, f"{{{_RDF}}}li")
    item.set(f"{{{_RDF}}}parseType", "Resource")
    etree.SubElement(item, f"{{{_SCHEMA}}}schema").text = "vanban document record"
    etree.SubElement(item, f"{{{_SCHEMA}}}namespaceURI").text = VANBAN_NS
    etree.SubElement(item, f"{{{_SCHEMA}}}prefix").text = "vanban"
    props = etree.SubElement(item, f"{{{_SCHEMA}}}property")
    seq = etree.SubElement(props, f"{{{_RDF}}}Seq")
    for name in names:
        li = etree.SubElement(seq, f"{{{_RDF}}}li")
        li.set(f"{{{_RDF}}}parseType", "Resource")
        etree.SubElement(li, f"{{{_PROPERTY}}}name").text = name
        etree.SubElement(li, f"{{{_PROPERTY}}}valueType").text = "Text"
        etree.SubElement(li, f"{{{_PROPERTY}}}category").text = "external"
        etree.SubElement(li, f"{{{_PROPERTY}}}description").text = _description(name)


def metadata(data: bytes) -> dict[str, str]:
    """The vanban properties of a preservation copy's XMP (for checks and tools)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        packet = pdf.Root.Metadata.read_bytes()
    root = etree.fromstring(packet)
    return {
        etree.QName(node).localname: node.text or ""
        for node in root.iter()
        if isinstance(node.tag, str) and node.tag.startswith(f"{{{VANBAN_NS}}}")
    }
