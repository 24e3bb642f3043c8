"""A scanned page through the whole service: upload, OCR, search, page image (real Tesseract)."""

from __future__ import annotations

import io
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.app import create_app
from core.settings import Settings
from tests.conftest import to_bytes

pytestmark = [pytest.mark.tesseract, pytest.mark.slow]

LINES = [
    "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
    "Số: 21/KH-UBND",
    "An Bình, ngày 12 tháng 5 năm 2023",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2023",
    "1. Rà soát thủ tục hành chính của xã.",
    "Thời gian: trước ngày 30/6/2023.",
]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_scanned_pdf_end_to_end(tmp_path: Path, render: Callable[..., Image.Image]) -> None:
    page = render(LINES, dpi=200)
    pdf = to_bytes(page.convert("RGB"), "PDF", resolution=200)
    app = create_app(Settings(data_dir=tmp_path, workers=1, dpi=200))
    with TestClient(app) as client:
        res = client.post("/documents", files=[("files", ("scan.pdf", pdf, "application/pdf"))])
        assert res.status_code == 202
        doc = res.json()["documents"][0]
        for _ in range(600):
            job = client.get(f"/jobs/{doc['job']['id']}").json()
            if job["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert job["state"] == "done", job
        assert job["progress"] == {"pages_done": 1, "pages_total": 1}

        hits = client.get("/search", params={"q": "cai cach hanh chinh"}).json()["hits"]
        assert [h["id"] for h in hits] == [doc["document_id"]]
        original = client.get(f"/documents/{doc['document_id']}/original")
        assert original.headers["content-type"] == "application/pdf"
        assert "scan.pdf" in original.headers["content-disposition"]

        image = client.get(f"/documents/{doc['document_id']}/pages/1.png")
        assert image.headers["content-type"] == "image/png"
        with Image.open(io.BytesIO(image.content)) as png:
            assert 600 <= png.width <= 1300
        assert list((tmp_path / "pages").rglob("*.png")), "the page image is cached"
        assert client.get(f"/documents/{doc['document_id']}/pages/2.png").status_code == 404
