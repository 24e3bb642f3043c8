"""The archivist's web page in a real headless Chromium, against a real server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PLAN = """UBND TỈNH QUẢNG NINH
ỦY BAN NHÂN DÂN
HUYỆN TIÊN YÊN
Số: 58/KH-UBND
Tiên Yên, ngày 10 tháng 3 năm 2022
KẾ HOẠCH
Thực hiện chuyển đổi số trong cơ quan hành chính năm 2022
1. Hướng dẫn người dân sử dụng dịch vụ công trực tuyến.
- Chủ trì: Văn phòng HĐND và UBND huyện.
- Thời gian: trong quý II/2022.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port), "--data-dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_upload_search_open_and_correct(server: str, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    scan = tmp_path / "ke-hoach.txt"
    scan.write_text(PLAN, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(f"{server}/#/upload")
        page.set_input_files("#file-input", str(scan))
        expect(page.locator("#uploads li a")).to_be_visible(timeout=60_000)

        page.goto(f"{server}/#/")
        page.fill("#q", "chuyen doi so")
        page.click("#search-form button")
        expect(page.locator("#results li")).to_have_count(1)
        expect(page.locator("#results mark").first).to_have_text("chuyển")

        page.click("#results a.title")
        expect(page.locator("#doc-title")).to_have_text("Kế hoạch 58/KH-UBND")
        expect(page.locator("#doc-deadlines tbody tr")).to_have_count(1)
        page.screenshot(path=str(tmp_path / "document.png"), full_page=True)

        title = page.locator('dd[data-field="title"]')
        title.click()
        title.fill("Chuyển đổi số năm 2022")
        page.locator("#doc-title").click()  # blur saves the field
        expect(page.locator("#toast")).to_have_text("Đã lưu")

        page.click("#lang")
        expect(page.locator("header h1 a")).to_have_text("Document archive")
        browser.close()
    record = httpx.get(f"{server}/search", params={"q": "chuyen doi so nam 2022"}).json()
    assert record["hits"][0]["title"] == "Chuyển đổi số năm 2022"
