"""The bundled example scan gives the right record end to end (real poppler and Tesseract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from benchmarks.scans import parse

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ke-hoach-xa-an-binh.pdf"

pytestmark = [pytest.mark.tesseract, pytest.mark.slow]


@pytest.fixture(scope="module")
def record() -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "api", "process", str(EXAMPLE)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    return dict(json.loads(out.stdout))


def test_example_text_is_read_right(record: dict) -> None:
    doc = parse(EXAMPLE.with_suffix(".txt").read_text(encoding="utf-8"))
    body = " ".join(" ".join(doc.lines("body")).replace("**", "").split())
    text = " ".join(record["text"].replace("\f", " ").split())
    start = text.find(body[:30])
    assert start >= 0, "the body's first words were not read"
    read = text[start : start + len(body)]
    assert Levenshtein.normalized_distance(body, read) < 0.02


def test_example_main_fields(record: dict) -> None:
    fields = record["fields"]
    assert (fields["doc_type"], fields["type_code"]) == ("Kế hoạch", "KH")
    assert (fields["number"], fields["symbol"]) == ("45", "45/KH-UBND")
    assert fields["issuer"] == "Ủy ban nhân dân xã An Bình"
    assert fields["issuer_parent"] == "UBND huyện Tân Phong"
    assert fields["place"] == "An Bình"
    assert fields["date"]["iso"] == "2024-09-12"
    assert fields["title"] == (
        "Triển khai công tác chuyển đổi số và cải cách hành chính trên địa bàn xã An Bình năm 2024"
    )
    assert [c["symbol"] for c in fields["cited_documents"]] == ["210/KH-UBND"]
    ends = [(d["kind"], d["end"]) for d in fields["deadlines"]]
    assert ("before", "2024-10-15") in ends and ("quarter", "2024-12-31") in ends
    assert ("month", "2024-11-30") in ends
    # the signer block sits under a stamp that is grey, not red, on this black-and-white scan
    assert fields["signer"] == {
        "name": "Nguyễn Văn Hùng",
        "title": "Chủ tịch",
        "authority": "TM. Ủy ban nhân dân",
    }
    assert fields["recipients"][0] == "UBND huyện Tân Phong (b/c)"
    assert fields["recipients"][-1] == "Lưu: VT"
    assert record["source"]["pages"] == 2 and len(record["ocr"]["pages"]) == 2
