"""Preservation copies (PDF/A) and legacy PDF repair, checked with poppler and pikepdf.

The documents are made here: pages rendered with Pillow (words at known boxes), PDFs with
a legacy font's bytes or a garbled invisible layer written with pikepdf, and, with the real
Tesseract, a ``-l eng`` PDF (the legacy OCR layer old tools made)."""

from __future__ import annotations

import io
import json
import math
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import img2pdf
import pikepdf
import pytest
from fastapi.testclient import TestClient
from pikepdf.pdfa import validate_written
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

from archive import Archive
from archive.preservation import line_words, metadata, preserve
from archive.repair import classify, repair
from archive.textlayer import PlacedWord, TextLayer, page_frame
from core.errors import PreservationFailed
from core.record import DocDate, Fields, OcrInfo, OcrPage, Record, Signer, SourceInfo, Word
from ingest import legacy

NOTO = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
LIBERATION = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
DPI = 150
# a plan of our own: restored text (gold) and what a reader without Vietnamese left of it
GOLD = [
    "KẾ HOẠCH",
    "Tổ chức hội nghị tổng kết công tác năm 2024",
    "Ủy ban nhân dân xã Bình Minh đề nghị các đơn vị",
    "thực hiện đúng tiến độ và báo cáo kết quả về Văn phòng.",
]
GARBLED = [
    "KE HOACH",
    "T6 chirc hoi nghi tong két cong tac nam 2024",
    "Uy ban nhan dan x4 Binh Minh dé nghi cac don vi",
    "thuc hién ding tién d6 va bao cao két qua vé Van phong.",
]

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")
pytestmark = needs_poppler


def _font(size: int) -> ImageFont.FreeTypeFont:
    path = NOTO if NOTO.exists() else LIBERATION
    if not path.exists():
        pytest.skip("no Vietnamese font installed (fonts-noto-core)")
    return ImageFont.truetype(str(path), size)


def scan(lines: list[str], *, dpi: int = DPI) -> tuple[Image.Image, list[list[tuple[str, tuple]]]]:
    """A page with ``lines`` drawn word by word, and each word's box in pixels."""
    size = int(14 * dpi / 72)
    font = _font(size)
    page = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    y, boxes = int(0.8 * dpi), []
    for line in lines:
        x, row = int(0.8 * dpi), []
        for word in line.split():
            box = draw.textbbox((x, y), word, font=font)
            draw.text((x, y), word, font=font, fill=0)
            row.append((word, box))
            x = box[2] + int(size * 0.3)
        boxes.append(row)
        y += int(size * 1.8)
    return page, boxes


def record_for(
    boxes: list[list[tuple[str, tuple]]], raw: list[str], text: list[str], size: tuple[int, int]
) -> dict[str, Any]:
    """A processed record of one page: ``raw`` read on the boxes, ``text`` restored."""
    words = [
        Word(read, tuple(box), 90.0, k)
        for k, (row, raw_line) in enumerate(zip(boxes, raw, strict=True))
        for (_, box), read in zip(row, raw_line.split(), strict=True)
    ]
    page = OcrPage(1, size[0], size[1], "\n".join(raw), tuple(words), 90.0)
    fields = Fields(
        doc_type="Kế hoạch",
        number="45",
        symbol="KH-UBND",
        issuer="Ủy ban nhân dân xã Bình Minh",
        place="Bình Minh",
        date=DocDate("ngày 12 tháng 9 năm 2024", 2024, 9, 12),
        title="Tổ chức hội nghị tổng kết công tác năm 2024",
        signer=Signer(name="Nguyễn Văn An"),
    )
    record = Record(
        id="0" * 64,
        source=SourceInfo("plan.jpg", "image/jpeg", 1, 1000),
        ocr=OcrInfo("tesseract 5", "eng", 90.0, (page,)),
        raw_text="\n".join(raw),
        text="\n".join(text),
        fields=fields,
    )
    return record.to_dict(words=True)


def pdftotext(data: bytes, *args: str) -> str:
    done = subprocess.run(
        ["pdftotext", *args, "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def bbox_words(data: bytes) -> list[tuple[str, tuple[float, float, float, float], float, float]]:
    """(word, box in points, page width, page height) from ``pdftotext -bbox``."""
    root = ElementTree.fromstring(pdftotext(data, "-bbox"))
    ns = "{http://www.w3.org/1999/xhtml}"
    out = []
    for page in root.iter(f"{ns}page"):
        w, h = float(page.get("width", 0)), float(page.get("height", 0))
        for word in page.iter(f"{ns}word"):
            box = tuple(float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            out.append((word.text or "", box, w, h))
    return out


def cer(truth: str, read: str) -> float:
    t, r = " ".join(truth.split()), " ".join(read.split())
    return Levenshtein.distance(t, r) / max(1, len(t))


def jpeg(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=85, dpi=(DPI, DPI))
    return buf.getvalue()


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(DPI, DPI))
    return buf.getvalue()


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, list[list[tuple[str, tuple]]]]:
    return scan(GOLD)


def images(data: bytes) -> list[pikepdf.Stream]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = []
        for p in pdf.pages:
            for _, xobject in p.get_images().items():
                found.append(xobject)
        return [pikepdf.Stream(pikepdf.new(), x.read_raw_bytes()) for x in found]


def raw_images(data: bytes) -> list[tuple[bytes, str]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            (x.read_raw_bytes(), str(x.get("/Filter")))
            for p in pdf.pages
            for _, x in p.get_images().items()
        ]


# --------------------------------------------------------------------------- preservation


def test_jpeg_scan_copy_gives_restored_text_on_the_word_boxes(page: Any) -> None:
    image, boxes = page
    original = jpeg(image)
    record = record_for(boxes, GARBLED, GOLD, image.size)
    copy = preserve(original, "image/jpeg", record)
    # the restored text, not what was read
    read = pdftotext(copy.data)
    assert cer(record["text"], read) <= cer(record["text"], record["text"]) + 0.0
    assert "Kế hoạch" not in read and "Tổ chức hội nghị tổng kết" in read
    assert "chirc" not in read
    # each word on its box
    placed = bbox_words(copy.data)
    expected = [(w, b) for row in boxes for w, b in row]
    assert [w for w, *_ in placed] == [w for w, _ in expected]
    for (word, box, pw, ph), (_, want) in zip(placed, expected, strict=True):
        sx, sy = image.width / pw, image.height / ph
        got = (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)
        assert abs(got[0] - want[0]) < 3 and abs(got[2] - want[2]) < 3, word
        centre = (got[1] + got[3]) / 2
        assert want[1] - 2 <= centre <= want[3] + 2, word
    # the JPEG is in the file as it was uploaded
    assert raw_images(copy.data) == [(original, "/DCTDecode")]
    assert copy.words == sum(len(r) for r in boxes)


def test_copy_is_pdfa_2u_with_output_intent_and_metadata(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GARBLED, GOLD, image.size)
    copy = preserve(jpeg(image), "image/jpeg", record, extra={"fonds": "Lưu trữ xã", "box": "12"})
    assert copy.valid and copy.conformance == "2u", copy.report
    with pikepdf.open(io.BytesIO(copy.data)) as pdf:
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
        assert len(intents[0].DestOutputProfile.read_bytes()) > 0
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "U"
        assert meta["dc:title"] == record["fields"]["title"]
        assert meta["dc:creator"] == ["Ủy ban nhân dân xã Bình Minh"]
        assert meta["dc:identifier"] == "45/KH-UBND"
        assert "vi" in meta["dc:language"]
        font = pdf.pages[0].Resources.Font["/VbText"]
        assert font.Subtype == "/Type0" and "/ToUnicode" in font
        assert font.DescendantFonts[0].Subtype == "/CIDFontType2"
        assert "/FontFile2" in font.DescendantFonts[0].FontDescriptor
    ours = metadata(copy.data)
    assert ours["symbol"] == "KH-UBND" and ours["signer"] == "Nguyễn Văn An"
    assert ours["date"] == "2024-09-12" and ours["fonds"] == "Lưu trữ xã"
    # pikepdf's validator on the file as written objects only to what it cannot know:
    # the vanban properties (described by the extension schema) and conformance U
    report = validate_written(io.BytesIO(copy.data), "2b")
    assert report.findings
    for finding in report.findings:
        text = str(finding)
        assert any(
            k in text
            for k in ("vanban", "pdfaExtension", "pdfaSchema", "pdfaProperty", "conformance")
        ), text


def test_ocrmypdf_takes_the_copy_for_pdfa(page: Any, tmp_path: Path) -> None:
    """OCRmyPDF's own check of an output (what it runs without Ghostscript): the copy claims
    PDF/A-2u in its XMP, and OCRmyPDF reads it as such."""
    from ocrmypdf.pdfa import file_claims_pdfa

    image, boxes = page
    copy = preserve(jpeg(image), "image/jpeg", record_for(boxes, GARBLED, GOLD, image.size))
    path = tmp_path / "copy.pdf"
    path.write_bytes(copy.data)
    claim = file_claims_pdfa(path)
    assert claim["pass"] and claim["conformance"] == "PDF/A-2u", claim


def test_extra_metadata_names_are_checked(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GARBLED, GOLD, image.size)
    with pytest.raises(PreservationFailed):
        preserve(jpeg(image), "image/jpeg", record, extra={"not a name": "x"})


def test_png_is_wrapped_losslessly_and_scanned_pdf_pages_kept(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GARBLED, GOLD, image.size)
    copy = preserve(png(image), "image/png", record)
    assert copy.valid
    with pikepdf.open(io.BytesIO(copy.data)) as pdf:
        ((_, xobject),) = pdf.pages[0].get_images().items()
        pixels = pikepdf.PdfImage(xobject).as_pil_image()
    assert pixels.convert("L").tobytes() == image.tobytes()
    # a scanned PDF: its image streams are copied byte for byte
    scanned = img2pdf.convert(jpeg(image))
    assert scanned is not None
    copy = preserve(scanned, "application/pdf", record)
    assert raw_images(copy.data) == raw_images(scanned)
    assert cer(record["text"], pdftotext(copy.data)) == 0.0
    assert render(copy.data) == render(scanned)  # the text layer does not show


def test_old_invisible_layer_is_replaced(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GARBLED, GOLD, image.size)
    garbled_pdf = ocr_layer_pdf(image, boxes, GARBLED)
    assert "chirc" in pdftotext(garbled_pdf)
    copy = preserve(garbled_pdf, "application/pdf", record)
    read = pdftotext(copy.data)
    assert "chirc" not in read and cer(record["text"], read) == 0.0


def test_record_without_word_boxes_is_refused(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GARBLED, GOLD, image.size)
    del record["ocr"]["pages"][0]["words"]
    with pytest.raises(PreservationFailed) as caught:
        preserve(jpeg(image), "image/jpeg", record)
    assert caught.value.code == "preservation_failed"


def test_sideways_and_skewed_pages_map_back_to_the_scan() -> None:
    image, boxes = scan(GOLD[:2])
    # the reader turned this scan 90 degrees clockwise to read it: boxes are upright
    sideways = image.rotate(90, expand=True)  # counter-clockwise: text runs upwards
    record = record_for(boxes, GOLD[:2], GOLD[:2], sideways.size)
    record["ocr"]["pages"][0]["orientation"] = 90
    copy = preserve(jpeg(sideways), "image/jpeg", record)
    placed = {w: rest for w, *rest in bbox_words(copy.data)}  # rotated lines: any order
    assert sorted(placed) == sorted(w for row in boxes for w, _ in row)
    for word, want in [x for r in boxes for x in r]:
        box, pw, ph = placed[word]
        sx, sy = sideways.width / pw, sideways.height / ph
        cx, cy = (box[0] + box[2]) / 2 * sx, (box[1] + box[3]) / 2 * sy
        # upright (u, v) is at (v, H - u) on the scan turned counter-clockwise
        u, v = (want[0] + want[2]) / 2, (want[1] + want[3]) / 2
        assert abs(cx - v) < 6 and abs(cy - (sideways.height - u)) < 6, word
    # pages read after straightening: the words move with the turn (by 2 degrees the
    # text turns too; by 0.6 each line stays level, moved where its middle goes)
    for skew, down in ((2.0, 8.0), (0.6, 12.0)):
        record = record_for(boxes, GOLD[:2], GOLD[:2], image.size)
        record["ocr"]["pages"][0]["skew_degrees"] = skew
        copy = preserve(jpeg(image), "image/jpeg", record)
        cx0, cy0 = image.width / 2, image.height / 2
        theta = math.radians(skew)
        placed = {w: rest for w, *rest in bbox_words(copy.data)}
        assert sorted(placed) == sorted(w for row in boxes for w, _ in row)
        for word, want in [x for r in boxes for x in r]:
            box, pw, ph = placed[word]
            sx, sy = image.width / pw, image.height / ph
            cx, cy = (box[0] + box[2]) / 2 * sx, (box[1] + box[3]) / 2 * sy
            u, v = (want[0] + want[2]) / 2 - cx0, (want[1] + want[3]) / 2 - cy0
            # OpenCV turned the scan by -skew degrees to straighten it: back by +skew
            ex = cx0 + u * math.cos(theta) + v * math.sin(theta)
            ey = cy0 - u * math.sin(theta) + v * math.cos(theta)
            assert abs(cx - ex) < 8 and abs(cy - ey) < down, (skew, word)
        assert pdftotext(copy.data, "-raw").split() == " ".join(GOLD[:2]).split()


@pytest.mark.parametrize(
    ("words", "raw", "restored", "want"),
    [
        (["Ke", "hoach"], "Ke hoach", "Kế hoạch", ["Kế", "hoạch"]),
        (["|", "1", "Thon"], "| 1 | Thon |", "| 1 | Thôn |", ["|", "1", "Thôn"]),
        (["1", "Thon", "A"], "| 1 | Thon A |", "| 1 | Thôn A |", ["1", "Thôn", "A"]),
        (["HDND", "tinh"], "HDND tinh", "HĐND tỉnh", ["HĐND", "tỉnh"]),
        (["UBNDxa"], "UBNDxa", "UBND xã", ["UBND xã"]),
        (["so", "12/KH"], "so 12/KH", "Số: 12/KH", ["Số:", "12/KH"]),
    ],
)
def test_restored_text_is_matched_to_the_words_read(
    words: list[str], raw: str, restored: str, want: list[str]
) -> None:
    assert line_words(words, raw, restored) == want


# --------------------------------------------------------------------------- legacy PDFs


def legacy_pdf(encoding: str, lines: list[str], *, capitals: set[int]) -> bytes:
    """A born-digital page typed in a legacy font: the bytes of ``encoding`` shown with a
    font of that name (TCVN3: .VnTime, capitals in .VnTimeH; VNI: VNI-Times)."""
    pdf = pikepdf.new()
    names = {"tcvn3": (".VnTime", ".VnTimeH"), "vni": ("VNI-Times", "VNI-Times")}[encoding]
    fonts = pikepdf.Dictionary()
    for key, name in zip(("/F1", "/F2"), names, strict=True):
        fonts[key] = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name("/" + name),
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        )
    ops = [b"BT 72 760 Td 16 TL"]
    for k, line in enumerate(lines):
        text = line.lower() if k in capitals and encoding == "tcvn3" else line
        ops.append(b"/F2 12 Tf" if k in capitals else b"/F1 12 Tf")
        ops.append(
            pikepdf.unparse_content_stream(
                [([pikepdf.String(legacy.encode(text, encoding))], pikepdf.Operator("Tj"))]
            )
            + b" T*"
        )
    ops.append(b"ET")
    contents = pdf.make_stream(b"\n".join(ops))
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(Font=fonts),
                Contents=contents,
            )
        )
    )
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def ocr_layer_pdf(
    image: Image.Image, boxes: list[list[tuple[str, tuple]]], lines: list[str]
) -> bytes:
    """A scan with an invisible text layer of ``lines`` on the word boxes, as OCR tools
    write it (a line's words at one size, each stretched to its box, render mode 3)."""
    data = img2pdf.convert(jpeg(image))
    assert data is not None
    pdf = pikepdf.open(io.BytesIO(data))
    layer = TextLayer(pdf)
    words = [
        PlacedWord(word, box, k)
        for k, (row, line) in enumerate(zip(boxes, lines, strict=True))
        for (_, box), word in zip(row, line.split(), strict=True)
    ]
    page = pdf.pages[0]
    layer.add(page, words, page_frame(page, image.width, image.height))
    layer.finish()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


# TCVN3 has no capitals with marks of their own: a heading is typed in .VnTimeH, whose
# lowercase codes are drawn as capitals; body text keeps its marked letters small
TCVN3_LINES = [
    "KẾ HOẠCH",
    "Tổ chức hội nghị tổng kết công tác năm 2024",
    "Các đơn vị thực hiện đúng tiến độ và báo cáo kết quả về Văn phòng.",
]


def test_tcvn3_pdf_gets_unicode_text_and_keeps_its_pages() -> None:
    data = legacy_pdf("tcvn3", TCVN3_LINES, capitals={0})
    assert "kÕ ho¹ch" in pdftotext(data) and "Tæ chøc" in pdftotext(data)
    found = classify(data)
    assert (found.kind, found.encoding) == ("legacy_font", "tcvn3")
    fixed = repair(data, filename="plan.pdf")
    assert fixed.fonts == 2
    assert pdftotext(fixed.copy.data).split() == "\n".join(TCVN3_LINES).split()
    with (
        pikepdf.open(io.BytesIO(data)) as before,
        pikepdf.open(io.BytesIO(fixed.copy.data)) as after,
    ):
        assert before.pages[0].Contents.read_bytes() == after.pages[0].Contents.read_bytes()
    # its fonts are not embedded: the copy must not say it is PDF/A
    assert fixed.copy.conformance == "" and not fixed.copy.valid
    with pikepdf.open(io.BytesIO(fixed.copy.data)) as pdf:
        assert "pdfaid:part" not in pdf.open_metadata()


def test_vni_pdf_gets_unicode_text() -> None:
    data = legacy_pdf("vni", GOLD[1:], capitals=set())
    found = classify(data)
    assert (found.kind, found.encoding) == ("legacy_font", "vni")
    fixed = repair(data)
    read = pdftotext(fixed.copy.data)
    assert unicodedata.is_normalized("NFC", read)  # whole letters, as typed
    assert read.split() == "\n".join(GOLD[1:]).split()
    assert [w for w, *_ in bbox_words(fixed.copy.data)] == "\n".join(GOLD[1:]).split()
    assert render(data) == render(fixed.copy.data)  # the same glyphs drawn


def render(data: bytes) -> bytes:
    """The first page as poppler draws it (grey, 40 dpi), as PGM bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-r", "40", "-gray", "-singlefile", "-", f"{tmp}/page"],
            input=data,
            capture_output=True,
            check=True,
        )
        out = (Path(tmp) / "page.pgm").read_bytes()
    assert len(out) > 1000
    return out


def test_garbled_ocr_layer_is_replaced_by_restored_text_on_the_same_boxes(page: Any) -> None:
    image, boxes = page
    data = ocr_layer_pdf(image, boxes, GARBLED)
    found = classify(data)
    assert found.kind == "garbled"
    fixed = repair(data, filename="plan.pdf")
    read = pdftotext(fixed.copy.data)
    gold = "\n".join(GOLD)
    assert cer(gold, read) < cer(gold, "\n".join(GARBLED)) / 2
    assert "chirc" not in read
    before, after = bbox_words(data), bbox_words(fixed.copy.data)
    assert len(before) == len(after)
    for (_, a, *_), (_, b, *_) in zip(before, after, strict=True):
        assert abs(a[0] - b[0]) < 1 and abs(a[2] - b[2]) < 1
    assert raw_images(fixed.copy.data) == raw_images(data)
    assert fixed.copy.valid and fixed.copy.conformance == "2u"


def test_unicode_and_image_only_pdfs_are_told_apart(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GARBLED, GOLD, image.size)
    good = preserve(jpeg(image), "image/jpeg", record).data
    assert classify(good).kind == "unicode"
    scanned = img2pdf.convert(jpeg(image))
    assert scanned is not None
    assert classify(scanned).kind == "none"
    with pytest.raises(PreservationFailed):
        repair(scanned)


def test_repair_command_writes_the_copy(tmp_path: Path) -> None:
    from api.cli import main

    source = tmp_path / "old.pdf"
    source.write_bytes(legacy_pdf("tcvn3", TCVN3_LINES, capitals={0}))
    out = tmp_path / "fixed.pdf"
    assert main(["repair", str(source), str(out)]) == 0
    assert pdftotext(out.read_bytes()).split() == "\n".join(TCVN3_LINES).split()


# --------------------------------------------------------------------------- the service


@pytest.fixture
def stored(tmp_path: Path, page: Any) -> Iterator[tuple[TestClient, str, dict[str, Any]]]:
    from api.app import create_app
    from core.settings import Settings

    image, boxes = page
    original = jpeg(image)
    record = record_for(boxes, GARBLED, GOLD, image.size)
    doc_id = record["id"] = __import__("hashlib").sha256(original).hexdigest()
    archive = Archive(tmp_path)
    archive.store_original(doc_id, original, filename="plan.jpg", media_type="image/jpeg")
    archive.save_record(doc_id, record)
    app = create_app(Settings(data_dir=tmp_path, api_token="secret", workers=1), start_worker=False)
    with TestClient(app, headers={"Authorization": "Bearer secret"}) as client:
        yield client, doc_id, record


def test_service_builds_the_copy_on_demand_and_after_a_correction(
    stored: tuple[TestClient, str, dict[str, Any]], tmp_path: Path
) -> None:
    client, doc_id, record = stored
    res = client.get(f"/documents/{doc_id}/pdf")
    assert res.status_code == 200 and res.headers["content-type"] == "application/pdf"
    assert cer(record["text"], pdftotext(res.content)) == 0.0
    assert list((tmp_path / "pdfa").rglob("*.pdf"))  # cached
    # a corrected line is in the next copy
    lines = record["text"].split("\n")
    res = client.patch(f"/documents/{doc_id}", json={"lines": {"4": "thực hiện đúng tiến độ."}})
    assert res.status_code == 200
    again = pdftotext(client.get(f"/documents/{doc_id}/pdf").content)
    assert "tiến độ." in again and lines[3] not in again
    assert client.get("/documents/" + "f" * 64 + "/pdf").status_code == 404


# --------------------------------------------------------------------------- real Tesseract

PLAN = [
    "ỦY BAN NHÂN DÂN XÃ BÌNH MINH",
    "KẾ HOẠCH",
    "Tổ chức hội nghị tổng kết công tác năm 2024",
    "Các thôn, đơn vị thực hiện đúng tiến độ, báo cáo kết quả",
    "về Văn phòng Ủy ban nhân dân xã trước ngày 15 tháng 12.",
]
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")


@pytest.mark.slow
@pytest.mark.tesseract
@needs_tesseract
def test_processed_skewed_scan_copy_through_the_command(tmp_path: Path) -> None:
    from api.cli import main

    image, _ = scan(PLAN, dpi=300)
    image = image.rotate(1.2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    source = tmp_path / "plan.png"
    image.save(source, dpi=(300, 300))
    out, records = tmp_path / "plan.pdf", tmp_path / "records"
    assert main(["process", str(source), "--pdf", str(out), "--out", str(records), "--words"]) == 0
    record = json.loads((records / "plan.json").read_text(encoding="utf-8"))
    data = out.read_bytes()
    gold = "\n".join(PLAN)
    assert cer(gold, pdftotext(data)) <= cer(gold, record["text"]) + 0.005
    # each word's box in the copy lies on ink of the scan, where the record says it is
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2"
    page = record["ocr"]["pages"][0]
    from archive.textlayer import upright_to_image

    a, b, c, d, e, f = upright_to_image(
        page["width"], page["height"], page["orientation"], page["skew_degrees"]
    )
    placed = bbox_words(data)
    assert len(placed) == len(page["words"])
    ink = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    for (word, box, pw, ph), read in zip(placed, page["words"], strict=True):
        sx, sy = image.width / pw, image.height / ph
        px = (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)
        crop = ink.crop(tuple(round(v) for v in px))
        assert crop.getbbox() is not None, word  # ink under the word
        x0, y0, x1, y1 = read["bbox"]
        u, v = (x0 + x1) / 2, (y0 + y1) / 2
        want = (a * u + c * v + e, b * u + d * v + f)
        got = ((px[0] + px[2]) / 2, (px[1] + px[3]) / 2)
        # across, where the word is; down, within its box (a line's words share a height)
        assert abs(got[0] - want[0]) < 6 and abs(got[1] - want[1]) < (y1 - y0) / 2, word


@pytest.mark.slow
@pytest.mark.tesseract
@needs_tesseract
def test_tesseract_english_pdf_is_repaired(tmp_path: Path) -> None:
    image, _ = scan(PLAN, dpi=300)
    image.save(tmp_path / "page.png", dpi=(300, 300))
    subprocess.run(
        ["tesseract", str(tmp_path / "page.png"), str(tmp_path / "old"), "-l", "eng", "pdf"],
        check=True,
        capture_output=True,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    )
    data = (tmp_path / "old.pdf").read_bytes()
    gold = "\n".join(PLAN)
    before = pdftotext(data)
    found = classify(data)
    assert found.kind == "garbled"
    fixed = repair(data, filename="old.pdf")
    after = pdftotext(fixed.copy.data)
    assert cer(gold, after) < cer(gold, before) / 2
    assert raw_images(fixed.copy.data) == raw_images(data)
    assert fixed.copy.valid


def test_pdf_whose_text_layer_was_used_gets_its_text_repaired() -> None:
    from api.pipeline import PipelineOptions, process
    from archive.repair import preservation_copy

    lines = ["ỦY BAN NHÂN DÂN", "XÃ BÌNH MINH", "Số: 12/KH-UBND", *TCVN3_LINES]
    data = legacy_pdf("tcvn3", lines, capitals={0, 1, 3})
    record = process(data, filename="old.pdf", options=PipelineOptions(use_text_layer=True))
    assert "Tổ chức hội nghị" in record.text
    copy = preservation_copy(data, "application/pdf", record.to_dict(words=True))
    assert pdftotext(copy.data).split() == "\n".join(lines).split()
    assert record.fields.doc_type == "Kế hoạch"
    assert metadata(copy.data)["type"] == "Kế hoạch"


def test_pdf_page_shown_turned_gets_the_words_where_they_are_shown() -> None:
    image, boxes = scan(GOLD[:2])
    stored = img2pdf.convert(jpeg(image.rotate(90, expand=True)))  # kept on its side
    assert stored is not None
    pdf = pikepdf.open(io.BytesIO(stored))
    pdf.pages[0].obj.Rotate = 90  # and shown upright, as poppler renders it for OCR
    buf = io.BytesIO()
    pdf.save(buf)
    record = record_for(boxes, GOLD[:2], GOLD[:2], image.size)
    copy = preserve(buf.getvalue(), "application/pdf", record)
    assert pdftotext(copy.data).split() == " ".join(GOLD[:2]).split()
    scale = DPI / 72  # poppler's boxes are in points of the page as shown
    placed = {w: box for w, box, *_ in bbox_words(copy.data)}
    for word, want in [x for r in boxes for x in r]:
        box = [v * scale for v in placed[word]]
        assert abs(box[0] - want[0]) < 3 and abs(box[2] - want[2]) < 3, word
        assert want[1] - 2 <= (box[1] + box[3]) / 2 <= want[3] + 2, word


@pytest.mark.slow
@pytest.mark.tesseract
@needs_tesseract
def test_uploaded_scan_has_its_copy(tmp_path: Path) -> None:
    import time

    from api.app import create_app
    from core.settings import Settings

    image, _ = scan(PLAN, dpi=300)
    app = create_app(Settings(data_dir=tmp_path, api_token="secret", workers=1))
    with TestClient(app, headers={"Authorization": "Bearer secret"}) as client:
        res = client.post("/documents", files=[("files", ("plan.png", png(image), "image/png"))])
        doc = res.json()["documents"][0]
        deadline = time.monotonic() + 120
        while client.get(f"/jobs/{doc['job']['id']}").json()["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        record = client.get(f"/documents/{doc['document_id']}").json()
        res = client.get(f"/documents/{doc['document_id']}/pdf")
    assert res.status_code == 200 and res.content.startswith(b"%PDF")
    assert cer(record["text"], pdftotext(res.content)) == 0.0
    assert cer("\n".join(PLAN), pdftotext(res.content)) < 0.05


def test_page_left_out_keeps_its_image_and_the_next_page_its_words(page: Any) -> None:
    image, boxes = page
    two = img2pdf.convert([jpeg(image), jpeg(image)])
    assert two is not None
    record = record_for(boxes, GARBLED, GOLD, image.size)
    read = record["ocr"]["pages"][0] | {"number": 2}
    failed = {"number": 1, "width": 0, "height": 0, "skew_degrees": 0.0, "orientation": 0}
    record["ocr"]["pages"] = [failed | {"words": []}, read]
    record["raw_text"] = "\n\f" + record["raw_text"]
    record["text"] = "\n\f" + record["text"]
    copy = preserve(two, "application/pdf", record)
    assert pdftotext(copy.data, "-f", "1", "-l", "1").strip() == ""
    assert cer("\n".join(GOLD), pdftotext(copy.data, "-f", "2", "-l", "2")) == 0.0
    assert raw_images(copy.data) == raw_images(two)


def test_tiff_pages_and_png_with_alpha_are_wrapped_losslessly(page: Any) -> None:
    image, boxes = page
    buf = io.BytesIO()
    second = image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    image.save(buf, format="TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    record = record_for(boxes, GARBLED, GOLD, image.size)
    copy = preserve(buf.getvalue(), "image/tiff", record)
    assert copy.valid
    with pikepdf.open(io.BytesIO(copy.data)) as pdf:
        assert len(pdf.pages) == 2
        shown = [
            pikepdf.PdfImage(x).as_pil_image().convert("L").tobytes()
            for p in pdf.pages
            for x in p.get_images().values()
        ]
    assert shown == [image.tobytes(), second.tobytes()]
    assert cer(record["text"], pdftotext(copy.data, "-l", "1")) == 0.0
    # a PNG with an alpha channel: the page as it shows on white
    rgba = image.convert("RGBA")
    buf = io.BytesIO()
    rgba.save(buf, format="PNG", dpi=(DPI, DPI))
    copy = preserve(buf.getvalue(), "image/png", record)
    assert copy.valid
    with pikepdf.open(io.BytesIO(copy.data)) as pdf:
        (x,) = pdf.pages[0].get_images().values()
        assert pikepdf.PdfImage(x).as_pil_image().convert("L").tobytes() == image.tobytes()


@pytest.mark.slow
@pytest.mark.tesseract
@needs_tesseract
def test_import_writes_copies_and_keeps_word_boxes(tmp_path: Path) -> None:
    from api.cli import main

    image, _ = scan(PLAN, dpi=300)
    (tmp_path / "in" / "2024").mkdir(parents=True)
    image.save(tmp_path / "in" / "2024" / "plan.png", dpi=(300, 300))
    (tmp_path / "in" / "note.txt").write_text("Ghi chú: không có trang ảnh.", encoding="utf-8")
    data, out = tmp_path / "data", tmp_path / "out"
    args = ["import", str(tmp_path / "in"), "--pdf", str(out), "--data-dir", str(data)]
    assert main(args) == 0
    copy = (out / "2024" / "plan.pdf").read_bytes()
    assert cer("\n".join(PLAN), pdftotext(copy)) < 0.05
    assert not (out / "note.pdf").exists()  # text has no pages to preserve
    doc_id = __import__("hashlib").sha256((tmp_path / "in" / "2024" / "plan.png").read_bytes())
    stored = Archive(data).record(doc_id.hexdigest())
    assert stored["ocr"]["pages"][0]["words"]  # the boxes kept in the record


def test_table_row_with_wrapped_cells_is_drawn_row_by_row(page: Any) -> None:
    image, boxes = page
    record = record_for(boxes, GOLD, GOLD, image.size)
    # the reader joins a table row's cells into one line: here two rows of print
    record["ocr"]["pages"][0]["words"] = [
        w | {"line": 0} for w in record["ocr"]["pages"][0]["words"] if w["line"] in (1, 2)
    ]
    record["raw_text"] = record["text"] = f"{GOLD[1]} {GOLD[2]}"
    copy = preserve(jpeg(image), "image/jpeg", record)
    placed = bbox_words(copy.data)
    assert [w for w, *_ in placed] == f"{GOLD[1]} {GOLD[2]}".split()
    rows = [max(b[3] for _, b in r) - min(b[1] for _, b in r) for r in (boxes[1], boxes[2])]
    heights = [(box[3] - box[1]) * image.height / ph for _, box, _, ph in placed]
    assert max(heights) <= 1.05 * max(rows)  # one row of print high, not two
