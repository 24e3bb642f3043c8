"""The ``vanban`` command line, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import render_lines, to_bytes

VANBAN = [sys.executable, "-m", "api"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*VANBAN, *args], input=stdin, capture_output=True, timeout=300)


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"%PDF-1.4\nnot a real pdf\n%%EOF", "broken.pdf", "corrupt_file"),
        (b"%PDF-1.4\n%truncated", "cut.pdf", "corrupt_file"),  # no EOF marker
        (b"Ke hoach \xff nam 2024", "bad.txt", "invalid_text"),
        (b"PK\x03\x04\x14\x00\x06\x00rest", "doc.docx", "unsupported_type"),
    ],
)
def test_process_bad_input_exits_nonzero_with_one_line(
    tmp_path: Path, content: bytes, name: str, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("process", str(path))
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert f"[{code}]" in stderr and name in stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1  # one line, no library log lines beside it
    assert result.stdout == b""


def test_process_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run("process", str(tmp_path / "nothing.pdf"))
    assert result.returncode != 0
    assert "[not_found]" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_restore_keeps_line_count() -> None:
    text = "Ke hoach to chuc\n\nhoi nghi cong bo\n"
    result = run("restore", "-", stdin=text.encode())
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().count("\n") == text.count("\n")


def test_process_several_text_files_prints_json_lines(tmp_path: Path) -> None:
    names = []
    for n in (1, 2):
        path = tmp_path / f"doc{n}.txt"
        path.write_text(f"KẾ HOẠCH\nTổ chức hội nghị số {n}\n", encoding="utf-8")
        names.append(str(path))
    result = run("process", *names)
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [r["source"]["filename"] for r in records] == ["doc1.txt", "doc2.txt"]
    assert records[0]["text"].startswith("KẾ HOẠCH")


def test_process_out_dir_writes_one_json_per_file(tmp_path: Path) -> None:
    src = tmp_path / "plan.txt"
    src.write_text("KẾ HOẠCH\nTriển khai công tác năm 2024\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("process", "--out", str(out), str(src))
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert record["source"]["media_type"] == "text/plain"
    assert record["raw_text"] == "KẾ HOẠCH\nTriển khai công tác năm 2024\n"


@pytest.mark.tesseract
@pytest.mark.slow
def test_process_scanned_pdf_reads_vietnamese(tmp_path: Path) -> None:
    lines = [
        "KẾ HOẠCH",
        "Tổ chức Hội nghị công bố chỉ số cải cách hành chính",
        "Ủy ban nhân dân xã ban hành kế hoạch thực hiện năm 2024",
    ]
    pages = [render_lines(lines), render_lines(["Nơi nhận:", "- Lưu: VT."])]
    pdf = tmp_path / "scan.pdf"
    pages[0].save(pdf, format="PDF", save_all=True, append_images=pages[1:], resolution=300)
    result = run("process", str(pdf))
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["source"] == {
        "filename": "scan.pdf",
        "media_type": "application/pdf",
        "pages": 2,
        "bytes": pdf.stat().st_size,
    }
    assert [p["number"] for p in record["ocr"]["pages"]] == [1, 2]
    assert "Tổ chức Hội nghị công bố chỉ số cải cách hành chính" in record["text"]
    assert record["raw_text"].count("\f") == 1
    assert record["text"].count("\n") == record["raw_text"].count("\n")
    assert record["ocr"]["mean_confidence"] > 80


@pytest.mark.tesseract
def test_process_png_image(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    path.write_bytes(to_bytes(render_lines(["Quyết định về việc phê duyệt"]), "PNG"))
    result = run("process", str(path))
    assert result.returncode == 0, result.stderr.decode()
    assert "Quyết định về việc phê duyệt" in json.loads(result.stdout)["text"]


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.decode().startswith("vanban ")


def test_restore_of_a_pdf_says_to_process_it(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = run("restore", str(pdf))
    err = result.stderr.decode()
    assert result.returncode == 2 and "[type_mismatch]" in err and "vanban process" in err
    assert err.count("\n") == 1
