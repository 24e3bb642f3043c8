"""Mixed uploads for the soak test, the same bytes for the same seed.

``build`` writes ``count`` files into a folder: plain UTF-8 texts (with and without
diacritics), office and poor scans (PNG, JPEG, multi-page PDF; ``benchmarks.scans``), pages
covered in tens of thousands of specks, large-format plans (A0, 2A0, two A0 sheets) and bad
files (empty, truncated PDF, text named .pdf, a DOCX, an encrypted PDF, a 1x1 image, random
bytes). The texts are templated Decree 30 documents: issuer, number and symbol, place and
date, type, title, body, signer and recipients.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from benchmarks.documents import Document
from benchmarks.scans import FIXED_DATE, FONT_DIR, PROFILES, render

Issuer = tuple[tuple[str, ...], str, str, tuple[str, ...]]  # header, unit code, place, signer
Maker = Callable[[random.Random, str, int | None], bytes]  # (rng, variant, dpi) -> file bytes

# share of each kind in percent, and the variants each kind cycles through
KINDS = {"text": 30, "office": 30, "poor": 15, "speckled": 8, "large": 5, "bad": 12}
VARIANTS = {
    "text": ("accented", "accented", "unaccented"),
    "office": ("png", "jpeg", "pdf"),
    "poor": ("png", "jpeg", "pdf"),
    "speckled": ("png", "pdf"),
    "large": ("a0", "2a0", "a0-2pages"),
    "bad": (
        "empty",
        "truncated-pdf",
        "text-named-pdf",
        "docx",
        "encrypted-pdf",
        "tiny-image",
        "random-bytes",
    ),
}
EXTENSIONS = {"accented": "txt", "unaccented": "txt", "jpeg": "jpg", "docx": "docx"}
EXTENSIONS |= {"png": "png", "tiny-image": "png", "random-bytes": "tif"}
LARGE_PT = {"a0": (2384, 3370), "2a0": (3370, 4768), "a0-2pages": (2384, 3370)}
LARGE_DPI = 36  # large sheets are stored as low-resolution images of their physical size

PROVINCES = ("Hà Tĩnh", "Quảng Bình", "Kon Tum", "Tuyên Quang", "Vĩnh Long", "Bắc Kạn", "Yên Bái")
DISTRICTS = ("Hương Sơn", "Minh Hóa", "Đắk Hà", "Chiêm Hóa", "Trà Ôn", "Ba Bể", "Văn Chấn")
COMMUNES = ("Tân Lập", "Phú Thịnh", "Đông Hưng", "Thạch Bàn", "Yên Phú", "Minh Tân", "Quảng Lợi")
DEPARTMENTS = (
    ("SỞ Y TẾ", "SYT"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT"),
    ("SỞ NỘI VỤ", "SNV"),
    ("SỞ TƯ PHÁP", "STP"),
)
OFFICES = (("PHÒNG NỘI VỤ", "PNV"), ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", "TCKH"))
TYPES = (
    ("KẾ HOẠCH", "KH"),
    ("QUYẾT ĐỊNH", "QĐ"),
    ("THÔNG BÁO", "TB"),
    ("BÁO CÁO", "BC"),
    ("TỜ TRÌNH", "TTr"),
    ("", ""),  # công văn: no type line, a "V/v" excerpt under the number
)
TOPICS = (
    "phòng, chống dịch sốt xuất huyết",
    "chuyển đổi số trong cơ quan nhà nước",
    "bảo đảm trật tự an toàn giao thông",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "cải cách thủ tục hành chính",
    "tổng vệ sinh môi trường khu dân cư",
    "kiểm tra an toàn thực phẩm",
    "vận động hiến máu tình nguyện",
)
AGENCIES = (
    "Văn phòng",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Trung tâm Y tế",
    "Công an",
    "Đoàn Thanh niên",
)
VERBS = ("Rà soát", "Tuyên truyền", "Kiểm tra", "Tổng hợp, báo cáo", "Hướng dẫn", "Tập huấn")
NAMES = (
    ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"),
    ("Văn", "Thị", "Minh", "Đức", "Thanh", "Hữu"),
)
GIVEN = ("Hùng", "Lan", "Tuấn", "Hạnh", "Dũng", "Mai", "Sơn", "Phương", "Khánh", "Thảo")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class SoakDoc:
    name: str  # file name as uploaded
    kind: str
    variant: str
    path: Path


# --------------------------------------------------------------------------- building


def build(
    folder: Path, count: int = 200, seed: int = 0, *, dpi: int | None = None, workers: int = 2
) -> list[SoakDoc]:
    """Write ``count`` documents into ``folder``; ``dpi`` overrides the scan resolution."""
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [
        (folder, i, kind, variant, seed, dpi) for i, (kind, variant) in enumerate(plan(count, seed))
    ]
    if workers <= 1:
        return [_write(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_write, jobs))


def plan(count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, variant) per document: shares by largest remainder, every kind at least once,
    each kind's variants in turn."""
    exact = {k: count * share / 100 for k, share in KINDS.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: counts[k] - exact[k])[: count - sum(counts.values())]:
        counts[k] += 1
    while count >= len(KINDS) and min(counts.values()) == 0:
        counts[max(counts, key=lambda k: counts[k])] -= 1
        counts[min(counts, key=lambda k: counts[k])] += 1
    rng, items = random.Random(seed), []
    for kind, n in counts.items():  # variants in turn, from a place that depends on the seed
        variants, first = VARIANTS[kind], rng.randrange(len(VARIANTS[kind]))
        items += [(kind, variants[(first + k) % len(variants)]) for k in range(n)]
    rng.shuffle(items)
    return items


def _write(job: tuple[Path, int, str, str, int, int | None]) -> SoakDoc:
    folder, i, kind, variant, seed, dpi = job
    rng = random.Random(f"soak:{seed}:{i}")
    data = MAKERS[kind](rng, variant, dpi)
    path = folder / f"{i:03d}-{kind}-{variant}.{EXTENSIONS.get(variant, 'pdf')}"
    path.write_bytes(data)
    return SoakDoc(path.name, kind, variant, path)


# --------------------------------------------------------------------------- texts


def make_document(rng: random.Random, *, tasks: int = 4) -> Document:
    """A templated administrative document with ``tasks`` numbered tasks in its body."""
    left, unit, place, signer = _issuer(rng)
    levels = (("tỉnh", PROVINCES), ("huyện", DISTRICTS), ("xã", COMMUNES))
    area = next(f"{level} {place}" for level, names in levels if place in names)
    doc_type, code = rng.choice(TYPES)
    topic, year = rng.choice(TOPICS), rng.randint(2019, 2025)
    number = rng.randint(5, 2400)
    symbol = f"{number}/{code}-{unit}" if code else f"{number}/{unit}-VP"
    title = _title(doc_type, topic, area, year)
    return Document(
        left=left,
        right=MOTTO,
        number=f"Số: {symbol}",
        under_number=() if doc_type else (f"V/v {title[0].lower()}{title[1:]}",),
        place_date=f"{place}, {_date_words(rng, year)}",
        doc_type=doc_type,
        title=(title,) if doc_type else (),
        body=_body(rng, doc_type, topic, year, tasks),
        signer=(*signer, "~", f"{rng.choice(NAMES[0])} {rng.choice(NAMES[1])} {rng.choice(GIVEN)}"),
        recipients=("Nơi nhận:", "- Như trên;", f"- {rng.choice(AGENCIES)};", "- Lưu: VT."),
    )


def _issuer(rng: random.Random) -> Issuer:
    """One of four kinds of issuer: a department, a district office, a district, a commune."""
    prov, dist, comm = rng.choice(PROVINCES), rng.choice(DISTRICTS), rng.choice(COMMUNES)
    (dept, dept_code), (office, office_code) = rng.choice(DEPARTMENTS), rng.choice(OFFICES)
    district, commune = f"HUYỆN {dist.upper()}", f"XÃ {comm.upper()}"
    issuers: list[Issuer] = [
        ((f"UBND TỈNH {prov.upper()}", dept), dept_code, prov, ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        ((f"UBND {district}", office), office_code, dist, ("TRƯỞNG PHÒNG",)),
        (("ỦY BAN NHÂN DÂN", district), "UBND", dist, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        (
            (f"UBND {district}", "ỦY BAN NHÂN DÂN", commune),
            "UBND",
            comm,
            ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ),
    ]
    return rng.choice(issuers)


def _title(doc_type: str, topic: str, area: str, year: int) -> str:
    titles = {
        "KẾ HOẠCH": f"Triển khai công tác {topic} trên địa bàn {area} năm {year}",
        "QUYẾT ĐỊNH": f"Về việc thành lập Tổ công tác {topic} năm {year}",
        "THÔNG BÁO": f"Kết luận về công tác {topic} trên địa bàn {area}",
        "BÁO CÁO": f"Kết quả thực hiện công tác {topic} 6 tháng đầu năm {year}",
        "TỜ TRÌNH": f"Đề nghị phê duyệt kinh phí thực hiện công tác {topic} năm {year}",
    }
    return titles.get(doc_type, f"Triển khai công tác {topic} năm {year}")


def _date_words(rng: random.Random, year: int) -> str:
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    return f"ngày {day:02d} tháng {month:0{2 if month < 3 else 1}d} năm {year}"


def _body(rng: random.Random, doc_type: str, topic: str, year: int, tasks: int) -> tuple[str, ...]:
    ref = (
        f"{rng.randint(10, 900)}/KH-UBND ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year - 1}"
    )
    lines = [] if doc_type else [f"Kính gửi: {rng.choice(AGENCIES)}."]
    lines += [
        f"Căn cứ Kế hoạch số {ref} của Ủy ban nhân dân tỉnh về công tác {topic};",
        "**I. MỤC ĐÍCH, YÊU CẦU",
        f"Nâng cao trách nhiệm của các cơ quan, đơn vị trong công tác {topic}; "
        "bảo đảm thiết thực, hiệu quả.",
        "**II. NHIỆM VỤ CỤ THỂ",
    ]
    for k in range(1, tasks + 1):
        lead, support = rng.sample(AGENCIES, 2)
        lines += [
            f"{k}. {rng.choice(VERBS)} các nội dung về {topic} tại cơ sở.",
            f"- Chủ trì: {lead}; phối hợp: {support}.",
            f"- Thời gian: hoàn thành trước ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}.",
        ]
    if rng.random() < 0.3:
        lines += ["| STT | Nội dung | Đơn vị chủ trì |"]
        lines += [f"| {k} | {rng.choice(VERBS)} | {rng.choice(AGENCIES)} |" for k in (1, 2, 3)]
    lines += [
        "**III. TỔ CHỨC THỰC HIỆN",
        "Các cơ quan, đơn vị báo cáo kết quả thực hiện về Văn phòng để tổng hợp.",
    ]
    return tuple(lines)


def as_text(doc: Document) -> str:
    """The document as plain UTF-8 text, one line per line of the page."""
    head = [*doc.left, *doc.right, doc.number, *doc.under_number, doc.place_date, ""]
    head += [doc.doc_type, *doc.title, ""] if doc.doc_type else []
    body = [
        " ".join(c.strip() for c in ln.strip("|").split("|"))
        if ln.startswith("|")
        else ln.removeprefix("**")
        for ln in doc.body
    ]
    close = ["", *doc.recipients, "", *(ln for ln in doc.signer if ln != "~")]
    return "\n".join([*head, *body, *close]) + "\n"


def strip_marks(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def _text(rng: random.Random, variant: str, dpi: int | None) -> bytes:
    text = as_text(make_document(rng, tasks=rng.randint(2, 8)))
    return (strip_marks(text) if variant == "unaccented" else text).encode("utf-8")


# --------------------------------------------------------------------------- scans


def _scan(kind: str) -> Maker:
    def make(rng: random.Random, variant: str, dpi: int | None) -> bytes:
        profile = replace(PROFILES[kind], dpi=dpi or PROFILES[kind].dpi)
        doc = make_document(
            rng, tasks=rng.randint(8, 14) if variant == "pdf" else rng.randint(2, 4)
        )
        pages = render(doc, profile=profile, seed=rng.randrange(2**31)).pages
        if variant == "pdf":
            return pdf_bytes(pages, profile.dpi)
        return image_bytes(pages[0], variant)

    return make


def _speckled(rng: random.Random, variant: str, dpi: int | None) -> bytes:
    profile = replace(PROFILES["clean"], dpi=dpi or 300)
    doc = make_document(rng, tasks=rng.randint(3, 8))
    pages = render(doc, profile=profile, seed=rng.randrange(2**31)).pages
    density = (profile.dpi / 300) ** 2  # specks per page area stay alike at any resolution
    dusty = [speckle(p, int(rng.randint(20_000, 60_000) * density), rng) for p in pages[:2]]
    return pdf_bytes(dusty, profile.dpi) if variant == "pdf" else image_bytes(dusty[0], "png")


def speckle(page: Image.Image, count: int, rng: random.Random) -> Image.Image:
    """``count`` dark dots of 1 to 4 pixels scattered over a grey copy of ``page``."""
    arr = np.array(page.convert("L"))
    h, w = arr.shape
    nrng = np.random.default_rng(rng.randrange(2**32))
    ys, xs = nrng.integers(0, h, count), nrng.integers(0, w, count)
    sizes, shades = nrng.integers(1, 5, count), nrng.integers(0, 120, count, dtype=np.uint8)
    for dy in range(4):
        for dx in range(4):
            hit = (sizes > dy) & (sizes > dx)
            arr[np.minimum(ys[hit] + dy, h - 1), np.minimum(xs[hit] + dx, w - 1)] = shades[hit]
    return Image.fromarray(arr)


def _large(rng: random.Random, variant: str, dpi: int | None) -> bytes:
    width_pt, height_pt = LARGE_PT[variant]
    size = (round(width_pt / 72 * LARGE_DPI), round(height_pt / 72 * LARGE_DPI))
    sheets = [plan_sheet(size, rng) for _ in range(2 if variant.endswith("2pages") else 1)]
    return pdf_bytes(sheets, LARGE_DPI)


def plan_sheet(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A floor plan: a grid, labelled rooms and a title block in the lower right corner."""
    sheet = Image.new("L", size, 255)
    draw = ImageDraw.Draw(sheet)
    step = LARGE_DPI  # one inch
    for x in range(0, size[0], step):
        draw.line((x, 0, x, size[1]), fill=215)
    for y in range(0, size[1], step):
        draw.line((0, y, size[0], y), fill=215)
    font = ImageFont.truetype(str(FONT_DIR / "LiberationSerif-Bold.ttf"), max(10, LARGE_DPI // 2))
    for room in ("Phòng họp", "Kho lưu trữ", "Bộ phận một cửa", "Phòng làm việc", "Hội trường"):
        x, y = rng.randrange(step, size[0] - 8 * step), rng.randrange(step, size[1] - 8 * step)
        draw.rectangle(
            (x, y, x + rng.randint(4, 7) * step, y + rng.randint(3, 6) * step), outline=0, width=3
        )
        draw.text((x + step // 2, y + step // 2), room, font=font, fill=0)
    x, y = size[0] - 12 * step, size[1] - 5 * step
    draw.rectangle((x, y, size[0] - step, size[1] - step), outline=0, width=4)
    for k, line in enumerate(
        ("BẢN VẼ MẶT BẰNG TỔNG THỂ", f"Trụ sở UBND xã {rng.choice(COMMUNES)}", "Tỷ lệ 1:100")
    ):
        draw.text((x + step // 2, y + step // 2 + k * step), line, font=font, fill=0)
    return sheet


def pdf_bytes(pages: list[Image.Image], dpi: int) -> bytes:
    buf = io.BytesIO()
    first, *rest = [p.convert("RGB") if p.mode not in ("L", "RGB") else p for p in pages]
    first.save(
        buf,
        format="PDF",
        save_all=True,
        append_images=rest,
        resolution=dpi,
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
    )
    return buf.getvalue()


def image_bytes(page: Image.Image, variant: str) -> bytes:
    buf = io.BytesIO()
    if variant == "jpeg":
        page.convert("RGB").save(buf, format="JPEG", quality=80)
    else:
        page.convert("L").save(buf, format="PNG")
    return buf.getvalue()


# --------------------------------------------------------------------------- bad files


def _bad(rng: random.Random, variant: str, dpi: int | None) -> bytes:
    doc = make_document(rng, tasks=2)
    if variant == "empty":
        return b""
    if variant == "text-named-pdf":
        return as_text(doc).encode("utf-8")
    if variant == "docx":
        return docx_bytes(as_text(doc))
    if variant == "tiny-image":
        return image_bytes(Image.new("L", (1, 1), rng.randrange(256)), "png")
    if variant == "random-bytes":
        return rng.randbytes(rng.randint(2_000, 50_000))
    low = min(dpi or 100, 100)
    small = pdf_bytes(render(doc, profile=replace(PROFILES["clean"], dpi=low)).pages, low)
    if variant == "truncated-pdf":
        return small[: int(len(small) * rng.uniform(0.3, 0.8))]
    return encrypt(small, password=f"mk{rng.randrange(10**6)}")


def docx_bytes(text: str) -> bytes:
    """A minimal Word document (a zip with fixed dates, so the bytes repeat)."""
    paras = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    package = "http://schemas.openxmlformats.org/package/2006/content-types"
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{package}"/>',
        "word/document.xml": f'<?xml version="1.0"?><w:document xmlns:w="{word}">'
        f"<w:body>{paras}</w:body></w:document>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), body)
    return buf.getvalue()


def encrypt(pdf: bytes, *, password: str) -> bytes:
    """``pdf`` locked with a user password: qpdf (AES-128, fixed IDs) or else pypdf."""
    if shutil.which("qpdf"):
        with tempfile.TemporaryDirectory() as tmp:
            src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
            src.write_bytes(pdf)
            args = ["--static-id", "--static-aes-iv", "--encrypt", password, "owner", "128"]
            subprocess.run(["qpdf", *args, "--use-aes=y", "--", str(src), str(dst)], check=True)
            return dst.read_bytes()
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(password, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


MAKERS: dict[str, Maker] = {
    "text": _text,
    "office": _scan("office"),
    "poor": _scan("poor"),
    "speckled": _speckled,
    "large": _large,
    "bad": _bad,
}
