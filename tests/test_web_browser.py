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
# Mostly as a scanner without Vietnamese OCR leaves it (diacritics stripped); the number
# and the deadline lines are clean so the fields do not depend on restoration quality.
PLAN = """UBND TINH QUANG NINH
UY BAN NHAN DAN
HUYEN TIEN YEN
Số: 58/KH-UBND
Tien Yen, ngay 10 thang 3 nam 2022
KE HOACH
Thuc hien chuyen doi so trong co quan hanh chinh nam 2022
1. Huong dan nguoi dan su dung dich vu cong truc tuyen.
- Chu tri: Van phong HDND va UBND huyen.
- Thời gian: trong quý II/2022.
"""


FIXED = "1. Hướng dẫn người dân dùng dịch vụ công trực tuyến."


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
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{server}/#/upload")
        page.set_input_files("#file-input", str(scan))
        expect(page.locator("#uploads li.done a")).to_be_visible(timeout=60_000)

        page.goto(f"{server}/#/")
        page.fill("#q", "chuyen doi so")
        page.select_option("#f-type", "KH")
        page.click("#search-form button")
        expect(page.locator("#results li")).to_have_count(1)
        expect(page.locator("#results mark").first).to_be_visible()
        page.screenshot(path=str(tmp_path / "search.png"))

        page.click("#results a.title")
        expect(page.locator("#doc-title")).to_contain_text("58/KH-UBND")
        expect(page.locator("#doc-text .line")).to_have_count(PLAN.count("\n") + 1)
        expect(page.locator("#doc-text mark.changed").first).to_be_visible()  # restored words
        expect(page.locator("#doc-deadlines tbody tr")).to_have_count(1)
        page.screenshot(path=str(tmp_path / "document.png"), full_page=True)

        title = page.locator('dd[data-field="title"]')
        title.click()
        title.fill("Chuyển đổi số năm 2022")
        title.press("Enter")  # leaves the box, which saves the field
        expect(page.locator("#toast")).to_have_text("Đã lưu")
        expect(page.locator("#doc-history li")).to_have_count(1)

        line = page.locator('#doc-text .line[data-line="8"]')
        line.dblclick()
        page.locator(".line-edit").fill(FIXED)
        page.locator(".line-edit").press("Enter")
        expect(line).to_have_text(FIXED)

        page.click("#lang")
        expect(page.locator("header h1 a")).to_have_text("Document archive")
        expect(page.locator("#doc-history li")).to_have_count(2)
        browser.close()
    hits = httpx.get(f"{server}/search", params={"q": "chuyen doi so nam 2022"}).json()["hits"]
    assert hits[0]["title"] == "Chuyển đổi số năm 2022"
    record = httpx.get(f"{server}/documents/{hits[0]['id']}").json()
    assert record["text"].split("\n")[7] == FIXED


@pytest.mark.tesseract
def test_dropped_scan_shows_its_page_beside_the_text(server: str, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() or not shutil.which("tesseract"):
        pytest.skip("chromium and tesseract are needed")
    from playwright.sync_api import expect, sync_playwright

    from tests.conftest import render_lines, to_bytes

    lines = ["ỦY BAN NHÂN DÂN XÃ AN BÌNH", "Số: 21/KH-UBND", "KẾ HOẠCH", "Cải cách hành chính"]
    png = to_bytes(render_lines(lines, dpi=200), "PNG")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{server}/#/upload")
        transfer = page.evaluate_handle(
            """bytes => {
                const dt = new DataTransfer();
                dt.items.add(new File([new Uint8Array(bytes)], "scan.png", {type: "image/png"}));
                return dt;
            }""",
            list(png),
        )
        page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
        expect(page.locator("#uploads li.done a")).to_be_visible(timeout=60_000)
        page.click("#uploads li.done a")
        image = page.locator("#page-img")
        expect(image).to_be_visible()
        page.wait_for_function("document.querySelector('#page-img').naturalWidth > 0")
        expect(page.locator("#page-no")).to_have_text("Trang 1/1")
        expect(page.locator("#doc-text")).to_contain_text("KẾ HOẠCH")
        link = page.locator("#pdfa-link")  # the preservation copy, restored text and all
        expect(link).to_have_text("Bản PDF/A lưu trữ")
        copy = httpx.get(f"{server}{link.get_attribute('href')}", timeout=60)
        assert copy.headers["content-type"] == "application/pdf"
        page.screenshot(path=str(tmp_path / "scan.png"))
        browser.close()


def test_api_docs_render_with_no_network_beyond_the_server(server: str) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()

        def local_only(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(server):
                route.continue_()  # type: ignore[attr-defined]
            else:
                outside.append(url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", local_only)
        page.goto(f"{server}/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("vanban")
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        browser.close()
    assert outside == []
