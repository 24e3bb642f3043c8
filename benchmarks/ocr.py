"""OCR on scans rendered here, in three profiles, side by side with raw Tesseract and OCRmyPDF.

    python -m benchmarks.ocr [--pages N] [--no-ocrmypdf] [--only-real] [--shared DIR]

Documents: the bundled example, a short decision written here and, when ../shared is beside
the project, the sample plans' correct text laid out by benchmarks.scans (a missing header
column is filled with the usual issuer and motto so that every page has a two-column header).
Profiles: clean (300 dpi), office (±1°, noise, JPEG 75), poor (±2.5°, specks, uneven
background, blur, 200 dpi). Figures are before diacritic restoration. CER and syllable error
rate compare whitespace-normalised text in reading order. "header" counts first pages whose
header lines were each read as a line of their own, in the order left column, right column.
"s/page" is wall-clock seconds per page, "cpu s" processor seconds per page (all processes:
on a machine shared with other work, wall-clock speed-up understates what the cores give);
vanban on N cores runs pages in N processes. Then the real scanned pages of
../shared/real-scans (when beside the project), each against its corrected transcription.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytesseract
from PIL import Image
from rapidfuzz.distance import Levenshtein

import diacritics
from benchmarks.scans import Document, Rendered, from_plain, parse, render
from core.options import OcrOptions, RestoreOptions
from core.record import OcrPage
from extraction import extract
from ocr import recognize

ROOT = Path(__file__).resolve().parent.parent
# the shared material beside the project; --shared or VANBAN_SHARED points elsewhere
SHARED = Path(os.environ.get("VANBAN_SHARED", ROOT.parent / "shared")) / "samples" / "text"
REAL_SCANS = SHARED.parent.parent / "real-scans"
PROFILES = ("clean", "office", "poor")
_SPACE = re.compile(r"\s+")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
DECISION = """[left]
ỦY BAN NHÂN DÂN
HUYỆN MINH SƠN
[right]
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
[number]
Số: 318/QĐ-UBND
[place-date]
Minh Sơn, ngày 03 tháng 7 năm 2023
[type]
QUYẾT ĐỊNH
[title]
Về việc thành lập Tổ kiểm tra công tác cải cách hành chính năm 2023
[body]
**CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN MINH SƠN
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;
Theo đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 57/TTr-NV ngày 28/6/2023.
**QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ kiểm tra công tác cải cách hành chính năm 2023 gồm các ông, bà có tên sau: ông Hoàng Đức Thắng, Phó Chủ tịch Ủy ban nhân dân huyện, Tổ trưởng; bà Lò Thị Hạnh, Trưởng phòng Nội vụ, Tổ phó; ông Vàng A Sử, chuyên viên Văn phòng HĐND và UBND huyện, thành viên.
Điều 2. Tổ kiểm tra có nhiệm vụ kiểm tra việc thực hiện nhiệm vụ cải cách hành chính tại 12 xã, thị trấn theo lịch sau; hoàn thành và báo cáo kết quả trước ngày 30/9/2023.
| TT | Đơn vị được kiểm tra | Thời gian | Ghi chú |
| 1 | Xã Nậm Cha, xã Pa Khóa | Tháng 7/2023 | Kiểm tra trực tiếp |
| 2 | Thị trấn Minh Sơn | Tháng 8/2023 | Kết hợp kiểm tra chuyên đề |
| 3 | Các xã còn lại | Tháng 9/2023 | Qua hồ sơ |
Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ, các thành viên có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
[signer]
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
~
Hoàng Đức Thắng
[recipients]
Nơi nhận:
- Như Điều 3;
- Sở Nội vụ tỉnh;
- Lưu: VT, NV.
"""


@dataclass(frozen=True)
class Result:
    chars: int = 0
    char_errors: int = 0
    syllables: int = 0
    syllable_errors: int = 0
    headers: int = 0
    headers_ok: int = 0
    pages: int = 0
    seconds: float = 0.0  # wall clock
    cpu: float = 0.0  # processor seconds, this process and its children

    def __add__(self, other: Result) -> Result:
        pairs = zip(dataclasses.astuple(self), dataclasses.astuple(other), strict=True)
        return Result(*(a + b for a, b in pairs))


def documents() -> list[Document]:
    docs = [
        parse((ROOT / "examples" / "ke-hoach-xa-an-binh.txt").read_text(encoding="utf-8")),
        parse(DECISION),
    ]
    for path in sorted(SHARED.glob("*.clean.txt")) if SHARED.is_dir() else []:
        doc = from_plain(path.read_text(encoding="utf-8"))
        place = doc.place_date.split(",")[0]
        docs.append(
            dataclasses.replace(
                doc,
                left=doc.left or ("ỦY BAN NHÂN DÂN", f"HUYỆN {place.upper()}"),
                right=doc.right or MOTTO,
            )
        )
    return docs


def normal(text: str) -> str:
    return _SPACE.sub(" ", text.replace("|", " ")).strip()


def score(truth: list[str], text: str, *, header: list[str]) -> Result:
    t, h = normal("\n".join(truth)), normal(text)
    checked = bool(header)
    return Result(
        chars=len(t),
        char_errors=Levenshtein.distance(t, h),
        syllables=len(t.split()),
        syllable_errors=Levenshtein.distance(t.split(), h.split()),
        headers=int(checked),
        headers_ok=int(checked and header_in_order(header, text)),
        pages=1,
    )


def header_in_order(header: list[str], text: str) -> bool:
    """Each header line matches an OCR line of its own, and they come in the given order."""
    lines = [normal(line) for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    found = [
        min(range(len(lines)), key=lambda i: Levenshtein.normalized_distance(h, lines[i]))
        for h in header
    ]
    close = all(
        Levenshtein.normalized_distance(h, lines[i]) <= 0.15
        for h, i in zip(header, found, strict=True)
    )
    return close and found == sorted(found) and len(set(found)) == len(found)


def header_lines(doc: Document) -> list[str]:
    """The header in reading order: left column with the number, then the right one."""
    return [*doc.left, doc.number, *doc.right, doc.place_date]


def _vanban(page: Image.Image) -> str:
    return recognize(page, options=OcrOptions()).text


# the header and closing fields compared on the real scans
FIELDS = ("doc_type", "number", "symbol", "issuer", "place", "date", "title", "signer")


def fields_of(text: str, pages: tuple[OcrPage, ...] = ()) -> dict[str, object]:
    """The fields a record of ``text`` gets (restored as the pipeline does OCR text)."""
    restored = diacritics.restore(text, options=RestoreOptions(ocr_slips=True)).text
    found = extract(restored, pages=pages).fields
    values = {name: getattr(found, name) for name in FIELDS[:-2] if name != "date"}
    return {**values, "date": found.date.iso, "title": found.title, "signer": found.signer.name}


def _vanban_read(page: Image.Image) -> tuple[str, dict[str, object]]:
    read = recognize(page, options=OcrOptions())
    return read.text, fields_of(read.text, (read,))


def _raw(page: Image.Image) -> str:
    return str(pytesseract.image_to_string(page, lang="vie"))


def _raw_psm3(page: Image.Image) -> str:
    return str(pytesseract.image_to_string(page, lang="vie", config="--psm 3"))


def real_scans() -> list[tuple[str, Image.Image, list[str]]]:
    """(name, page, transcription lines) of each real scanned page beside the project."""
    out = []
    for truth in sorted(REAL_SCANS.glob("*_p1.gt.txt")) if REAL_SCANS.is_dir() else []:
        name = truth.name.removesuffix("_p1.gt.txt")
        with Image.open(truth.with_name(f"{name}_p1.png")) as page:
            out.append((name, page.convert("RGB"), truth.read_text(encoding="utf-8").splitlines()))
    return out


def report_real(cores: int) -> None:
    """CER/SER of each real page, vanban beside raw Tesseract (--psm 3), and in all."""
    pages = real_scans()
    if not pages:
        print(f"real scans: {REAL_SCANS} not found, skipped")
        return
    print(f"\nreal scans ({len(pages)} pages), before restoration: CER / SER")
    print(f"{'page':28} {'raw tesseract --psm 3':>22} {'vanban':>18}")
    totals = {"raw": Result(), "vanban": Result()}
    with ProcessPoolExecutor(cores) as pool:
        read = list(pool.map(_vanban_read, [p for _, p, _ in pages]))
        raw = list(pool.map(_raw_psm3, [p for _, p, _ in pages]))
        expected = list(pool.map(fields_of, ["\n".join(t) for _, _, t in pages]))
        raw_fields = list(pool.map(fields_of, raw))
    vanban = [text for text, _ in read]
    for (name, _, truth), ours, theirs in zip(pages, vanban, raw, strict=True):
        cells = []
        for key, text in (("raw", theirs), ("vanban", ours)):
            result = score(truth, text, header=[])
            totals[key] += result
            cells.append(
                f"{result.char_errors / result.chars:6.2%} / "
                f"{result.syllable_errors / result.syllables:6.2%}"
            )
        print(f"{name[:28]:28} {cells[0]:>22} {cells[1]:>18}")
    cells = [
        f"{t.char_errors / t.chars:6.2%} / {t.syllable_errors / t.syllables:6.2%}"
        for t in totals.values()
    ]
    print(f"{'all pages':28} {cells[0]:>22} {cells[1]:>18}")
    print(
        "\nfields of the real scans as their corrected transcriptions give them (pages that agree;"
        "\na figure written by hand that vanban reports unread counts as a miss)"
    )
    print(f"{'field':28} {'raw tesseract --psm 3':>22} {'vanban':>18}")
    ours = [fields for _, fields in read]
    for name in FIELDS:
        agree = [
            sum(got[name] == want[name] for got, want in zip(side, expected, strict=True))
            for side in (raw_fields, ours)
        ]
        print(f"{name:28} {agree[0]:>20}/{len(pages)} {agree[1]:>16}/{len(pages)}")
    for (page, _, _), got, want in zip(pages, ours, expected, strict=True):
        for name in FIELDS:
            if got[name] != want[name]:
                print(f"  {page[:26]:26} {name}: {got[name]!r} for {want[name]!r}")


Scan = tuple[Rendered, list[str]]  # pages with their truth, and the header of the first page


def run_engine(fn: Callable[[Image.Image], str], scans: list[Scan], *, workers: int) -> Result:
    pages = [p for r, _ in scans for p in r.pages]
    start, cpu = time.perf_counter(), _cpu()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            texts = list(pool.map(fn, pages))
    else:
        texts = [fn(p) for p in pages]
    total, k = Result(seconds=time.perf_counter() - start, cpu=_cpu() - cpu), 0
    for r, header in scans:
        for i, truth in enumerate(r.truth):
            total += score(truth, texts[k], header=header if i == 0 else [])
            k += 1
    return total


def run_ocrmypdf(scans: list[Scan], *, jobs: int) -> Result:
    total = Result()
    with tempfile.TemporaryDirectory() as tmp:
        for i, (r, header) in enumerate(scans):
            src, out = Path(tmp) / f"{i}.pdf", Path(tmp) / f"{i}-ocr.pdf"
            r.save_pdf(src)
            command = ["ocrmypdf", "-q", "--deskew", "--clean", "--rotate-pages", "-l", "vie"]
            start, cpu = time.perf_counter(), _cpu()
            subprocess.run([*command, "--jobs", str(jobs), str(src), str(out)], check=True)
            total += Result(seconds=time.perf_counter() - start, cpu=_cpu() - cpu)
            text = subprocess.run(
                ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
            ).stdout
            for k, (truth, page_text) in enumerate(zip(r.truth, text.split("\f"), strict=False)):
                total += score(truth, page_text, header=header if k == 0 else [])
    return total


def _cpu() -> float:
    """Processor seconds used so far by this process and the children it has waited for."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def scans_for(docs: list[Document], profile: str, *, pages: int) -> list[Scan]:
    """Rendered documents, cut so that there are at most ``pages`` pages in all."""
    out: list[Scan] = []
    left = pages
    for seed, doc in enumerate(docs):
        if left <= 0:
            break
        r = render(doc, profile=profile, seed=seed)
        r = Rendered(r.pages[:left], r.truth[:left], r.angles[:left], r.dpi)
        out.append((r, header_lines(doc)))
        left -= len(r.pages)
    return out


def row(profile: str, name: str, result: Result) -> str:
    header = f"{result.headers_ok}/{result.headers}"
    return (
        f"{profile:7} {name:24} {result.char_errors / result.chars:7.2%} "
        f"{result.syllable_errors / result.syllables:7.2%} "
        f"{result.seconds / result.pages:7.2f} {result.cpu / result.pages:7.2f} {header:>7}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", type=int, default=6, help="pages per profile (default 6)")
    parser.add_argument("--no-ocrmypdf", action="store_true")
    parser.add_argument("--only-real", action="store_true", help="only the real scans")
    parser.add_argument("--shared", type=Path, help="the shared material (default ../shared)")
    args = parser.parse_args()
    if args.shared:
        global SHARED, REAL_SCANS
        SHARED, REAL_SCANS = args.shared / "samples" / "text", args.shared / "real-scans"
    os.environ["OMP_THREAD_LIMIT"] = "1"
    docs = documents()
    cores = os.cpu_count() or 1
    if args.only_real:
        report_real(cores)
        return
    with_ocrmypdf = not args.no_ocrmypdf and shutil.which("ocrmypdf") is not None
    print(f"{len(docs)} document(s), up to {args.pages} pages per profile, {cores} cores")
    print(
        f"{'profile':7} {'engine':24} {'CER':>7} {'SER':>7} {'s/page':>7} {'cpu s':>7} {'header':>7}"
    )
    speed: dict[str, float] = {}
    for profile in PROFILES:
        scans = scans_for(docs, profile, pages=args.pages)
        engines: list[tuple[str, Callable[[], Result]]] = [
            ("raw tesseract -l vie", lambda s=scans: run_engine(_raw, s, workers=1)),
            ("vanban (1 core)", lambda s=scans: run_engine(_vanban, s, workers=1)),
            (f"vanban ({cores} cores)", lambda s=scans: run_engine(_vanban, s, workers=cores)),
        ]
        if with_ocrmypdf:
            engines.append(
                (f"ocrmypdf ({cores} jobs)", lambda s=scans: run_ocrmypdf(s, jobs=cores))
            )
        for name, fn in engines:
            result = fn()
            speed[name] = speed.get(name, 0.0) + result.seconds / result.pages
            print(row(profile, name, result))
    one, many = speed["vanban (1 core)"], speed[f"vanban ({cores} cores)"]
    raw = speed["raw tesseract -l vie"]
    print(f"vanban on {cores} cores: {one / many:.2f}x its own sequential run, ", end="")
    print(f"{raw / many:.2f}x one sequential raw Tesseract process")
    print("targets: clean ≤0.2% CER, office ≤0.4%, poor ≤3%; header order on all pages")
    report_real(cores)


if __name__ == "__main__":
    main()
