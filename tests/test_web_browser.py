"""The archivist's web page in a real headless Chromium, against a real server on loopback."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api import messages

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
        expect(page.locator("#doc-deadlines .deadline")).to_have_count(1)
        page.screenshot(path=str(tmp_path / "document.png"), full_page=True)

        title = page.locator('[data-field="title"]')
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
        expect(page.locator("#doc-history")).to_contain_text("Line 8")
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


# ----------------------------------------------------------------------------- the review
# Each test below runs at a desktop and a phone width and leaves its screenshots in
# test-artifacts/<test>/ (not kept in git).

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}

# unaccented, as from a scanner without Vietnamese OCR: restoration is surer of some words
# than of others, and the header lacks its number
NOTICE = """UY BAN NHAN DAN
XA HOA PHU
Hoa Phu, ngay 12 thang 5 nam 2024
KE HOACH
To chuc tong ve sinh moi truong thon Dong
Can cu Quyet dinh so 45/QD-UBND ngay 02/01/2024 cua UBND xa Hoa Phu;
1. Khoi thong kenh muong thon Dong.
- Chu tri: Hoi Nong dan xa; phoi hop: Doan Thanh nien xa.
- Thoi gian: truoc ngay 30/6/2024.
Noi nhan:
- Thuong truc Dang uy xa;
- Luu: VT.
CHU TICH
Le Van Tam
"""


@pytest.fixture(params=sorted(WIDTHS))
def width(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def shots(request: pytest.FixtureRequest, width: str) -> Path:
    folder = ARTIFACTS / request.node.originalname / width
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _browser_page(p: Any, width: str) -> Any:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    w, h = WIDTHS[width]
    return browser, browser.new_page(viewport={"width": w, "height": h})


def _process(server: str, name: str, data: bytes) -> str:
    res = httpx.post(f"{server}/documents", files=[("files", (name, data))]).json()
    doc = res["documents"][0]
    for _ in range(600):
        job = httpx.get(f"{server}/jobs/{doc['job']['id']}").json()
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["state"] == "done", job
    return str(doc["document_id"])


def _record(server: str, doc: str) -> dict[str, Any]:
    return dict(httpx.get(f"{server}/documents/{doc}").json())


def test_every_field_corrected_in_the_page(server: str, width: str, shots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    doc = _process(server, "ke-hoach.txt", NOTICE.encode())
    with sync_playwright() as p:
        browser, page = _browser_page(p, width)
        page.goto(f"{server}/#/doc/{doc}")
        expect(page.locator("#doc-text .line")).to_have_count(NOTICE.count("\n") + 1)
        # restored words shaded by how sure restoration was: not all alike
        levels = page.eval_on_selector_all(
            "#doc-text mark.changed", "els => [...new Set(els.map(e => e.className))]"
        )
        assert len(levels) >= 2, levels
        warning = page.locator('#doc-warnings li[data-code="no_symbol"]')
        expect(warning).to_have_text(messages.MESSAGES["no_symbol"][0])
        page.screenshot(path=str(shots / "document.png"), full_page=True)

        def edit(selector: str, value: str) -> None:
            box = page.locator(selector)
            unchanged = box.inner_text().strip() == value
            box.click()
            box.fill(value)
            box.press("Enter")
            if not unchanged:
                expect(page.locator("#toast")).to_have_text("Đã lưu")
            page.locator("#toast").evaluate("el => { el.textContent = ''; }")
            expect(page.locator(selector)).to_have_text(value)

        edit('[data-field="symbol"]', "17/KH-UBND")
        expect(page.locator("#doc-title")).to_have_text("Kế hoạch 17/KH-UBND")
        expect(warning).to_have_count(0)  # warnings recomputed
        edit('[data-field="title"]', "Tổng vệ sinh môi trường thôn Đông")
        edit('[data-field="issuer"]', "Ủy ban nhân dân xã Hòa Phú")
        edit('[data-field="place"]', "Hòa Phú")
        edit('[data-signer="name"]', "Lê Văn Tám")
        edit('[data-signer="title"]', "Chủ tịch")
        edit('[data-recipient="0"]', "Thường trực Đảng ủy, HĐND xã")
        edit("[data-cited]:not(:empty)", "45/QĐ-UBND")
        edit('#doc-deadlines .deadline [data-part="lead"]', "Hội Nông dân xã")
        edit('#doc-deadlines .deadline [data-part="support"]', "Đoàn Thanh niên xã; Công an xã")
        due = page.locator('#doc-deadlines input[type="date"]')
        due.fill("2024-07-15")
        expect(page.locator("#toast")).to_have_text("Đã lưu")

        day = page.locator('.date-part[data-part="day"]')
        day.fill("31")
        page.locator('.date-part[data-part="month"]').fill("2")
        page.locator('.date-part[data-part="month"]').press("Enter")
        expect(page.locator("#toast")).to_have_text(messages.MESSAGES["invalid_date"][0])
        expect(day).to_have_value("12")  # refused: the stored date shown again
        page.screenshot(path=str(shots / "invalid-date.png"))
        day.fill("13")
        day.press("Enter")
        expect(page.locator("#toast")).to_have_text("Đã lưu")

        line = page.locator('#doc-text .line[data-line="7"]')
        line.dblclick()
        page.locator(".line-edit").fill("1. Khơi thông kênh mương thôn Đông và thôn Tây.")
        page.locator(".line-edit").press("Enter")
        expect(line).to_have_text("1. Khơi thông kênh mương thôn Đông và thôn Tây.")
        history = page.locator("#doc-history")
        expect(history).to_contain_text("Dòng 7")
        expect(history).to_contain_text("Thời hạn (trích lại từ dòng đã sửa)")
        expect(history).to_contain_text("Họ tên người ký")
        page.locator("#mark-reviewed").click()
        expect(page.locator("#review-state")).to_contain_text("Đã xem")
        page.screenshot(path=str(shots / "corrected.png"), full_page=True)
        page.click("#lang")
        expect(page.locator("#mark-reviewed")).to_have_text("Unmark as reviewed")
        browser.close()

    record = _record(server, doc)
    fields = record["fields"]
    assert (fields["symbol"], fields["number"]) == ("17/KH-UBND", "17")
    assert fields["title"] == "Tổng vệ sinh môi trường thôn Đông"  # kept over the re-extraction
    assert (fields["issuer"], fields["place"]) == ("Ủy ban nhân dân xã Hòa Phú", "Hòa Phú")
    assert fields["date"]["iso"] == "2024-05-13"
    assert (fields["signer"]["name"], fields["signer"]["title"]) == ("Lê Văn Tám", "Chủ tịch")
    assert fields["recipients"][0] == "Thường trực Đảng ủy, HĐND xã"
    assert fields["cited_documents"][0]["symbol"] == "45/QĐ-UBND"
    (deadline,) = fields["deadlines"]
    assert (deadline["end"], deadline["lead"]) == ("2024-07-15", "Hội Nông dân xã")
    assert deadline["support"] == ["Đoàn Thanh niên xã", "Công an xã"]
    assert record["review"]["reviewed_by"] == "anonymous"
    assert {"title", "date", "signer.name", "recipients"} <= set(record["review"]["manual"])
    assert "no_symbol" not in {w["code"] for w in record["warnings"]}


def test_review_queue_leads_to_the_doubtful_words(server: str, width: str, shots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    doubtful = _process(server, "ke-hoach.txt", NOTICE.encode())
    sure = _process(server, "plan.txt", PLAN.replace("Số: 58/KH-UBND", "Số: 59/KH-UBND").encode())
    with sync_playwright() as p:
        browser, page = _browser_page(p, width)
        page.goto(f"{server}/#/review")
        items = page.locator("#review-list > li")
        expect(items).to_have_count(2)
        expect(items.first.locator("a.title")).to_have_attribute("href", f"#/doc/{doubtful}")
        expect(items.first).to_contain_text("Thiếu: Số, ký hiệu")
        first = float(items.nth(0).locator("meter").get_attribute("value") or 0)
        second = float(items.nth(1).locator("meter").get_attribute("value") or 0)
        assert first > second
        word = items.first.locator(".words a").first
        expect(word).to_be_visible()
        page.screenshot(path=str(shots / "queue.png"), full_page=True)
        line = (word.get_attribute("href") or "").rsplit("=", 1)[-1]
        word.click()
        target = page.locator(f'#doc-text .line[data-line="{line}"]')
        expect(target).to_have_class("line target")
        expect(target).to_be_in_viewport()
        page.screenshot(path=str(shots / "word.png"))
        page.locator("#mark-reviewed").click()
        expect(page.locator("#review-state")).to_contain_text("Đã xem")
        page.goto(f"{server}/#/review")
        expect(items).to_have_count(1)
        expect(items.first.locator("a.title")).to_have_attribute("href", f"#/doc/{sure}")
        page.check("#show-reviewed")
        expect(items).to_have_count(2)
        expect(page.locator("#review-list .badge")).to_have_count(1)
        browser.close()


def test_search_state_lives_in_the_url(server: str, width: str, shots: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    _process(server, "ke-hoach.txt", NOTICE.encode())
    _process(server, "plan.txt", PLAN.encode())
    with sync_playwright() as p:
        browser, page = _browser_page(p, width)
        page.goto(f"{server}/#/")
        expect(page.locator("label:has(#f-year) span")).to_have_text("Năm")
        page.fill("#q", "ke hoach")
        page.select_option("#f-type", "KH")
        page.fill("#f-year", "2024")
        page.click("#search-form button")
        expect(page).to_have_url(f"{server}/#/?q=ke+hoach&type=KH&year=2024")
        expect(page.locator("#results li")).to_have_count(1)
        page.reload()  # the same search, from the address alone
        expect(page.locator("#q")).to_have_value("ke hoach")
        expect(page.locator("#f-type")).to_have_value("KH")
        expect(page.locator("#results li")).to_have_count(1)
        shared = browser.new_page(viewport=page.viewport_size)
        shared.goto(f"{server}/#/?q=ke+hoach&page=1")
        expect(shared.locator("#results li")).to_have_count(2)
        page.go_back()  # the search before, as the browser's back button gives it
        expect(page.locator("#q")).to_have_value("")
        page.go_forward()
        expect(page.locator("#f-year")).to_have_value("2024")
        page.screenshot(path=str(shots / "search.png"), full_page=True)
        browser.close()


def test_progress_and_failed_uploads_after_a_reload(
    server: str, width: str, shots: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    good = tmp_path / "ke-hoach.txt"
    good.write_text(NOTICE, encoding="utf-8")
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot a pdf\n%%EOF")
    waits = {"n": 0}

    def hold(route: Any) -> None:
        """The job's first answers say it waits in the queue, as behind a long scan."""
        waits["n"] += 1
        if waits["n"] > 3:
            route.continue_()
            return
        job_id = route.request.url.rsplit("/", 1)[-1]
        body = {
            "id": job_id,
            "document_id": "",
            "state": "queued",
            "progress": {"pages_done": 0, "pages_total": 0},
            "error": None,
        }
        route.fulfill(json=body)

    with sync_playwright() as p:
        browser, page = _browser_page(p, width)
        page.route("**/jobs/*", hold)
        page.goto(f"{server}/#/upload")
        page.set_input_files("#file-input", str(good))
        item = page.locator("#uploads li").first
        expect(item.locator(".state")).to_have_text("Chờ xử lý")
        waiting = item.locator("progress")
        assert float(waiting.get_attribute("value") or 0) < 100
        page.screenshot(path=str(shots / "waiting.png"))
        expect(item).to_have_class("done", timeout=60_000)  # a busy machine reads slower
        assert float(waiting.get_attribute("value") or 0) == 100

        page.set_input_files("#file-input", str(bad))
        failed = page.locator("#uploads li.failed")
        expect(failed).to_contain_text(messages.MESSAGES["corrupt_file"][0])
        assert float(failed.locator("progress").get_attribute("value") or 0) == 0
        page.screenshot(path=str(shots / "failed.png"))
        page.reload()
        kept = page.locator("#recent li.failed")
        expect(kept).to_have_count(1)
        expect(kept).to_contain_text("hong.pdf")
        expect(kept).to_contain_text(messages.MESSAGES["corrupt_file"][0])
        assert float(kept.locator("progress").get_attribute("value") or 0) == 0
        expect(page.locator("#recent li.done")).to_have_count(1)
        page.screenshot(path=str(shots / "after-reload.png"), full_page=True)
        page.click("#lang")  # in English, the specific message
        expect(kept).to_contain_text("Failed: hong.pdf is not a readable PDF")
        browser.close()


@pytest.mark.tesseract
def test_zoomed_page_shows_the_box_under_the_cursor(server: str, width: str, shots: Path) -> None:
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed")
    from playwright.sync_api import expect, sync_playwright

    from tests.conftest import render_lines, to_bytes

    lines = [
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
        "Số: 21/KH-UBND",
        "An Bình, ngày 5 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2024",
        "1. Rà soát thủ tục hành chính.",
    ]
    doc = _process(server, "scan.png", to_bytes(render_lines(lines, dpi=300), "PNG"))
    with sync_playwright() as p:
        browser, page = _browser_page(p, width)
        page.goto(f"{server}/#/doc/{doc}")
        page.wait_for_function("document.querySelector('#page-img').naturalWidth > 0")
        screen_width = page.evaluate("document.querySelector('#page-img').naturalWidth")
        word = page.locator('#doc-text .line[data-line="2"] .w[data-box]').first
        word.hover()
        box = page.locator("#page-box")
        expect(box).to_be_visible()
        image = page.locator("#page-img").bounding_box()
        drawn = box.bounding_box()
        assert image and drawn
        assert (
            image["x"] <= drawn["x"] and drawn["x"] + drawn["width"] <= image["x"] + image["width"]
        )
        assert drawn["y"] - image["y"] < 0.5 * image["height"]  # the top lines of the page
        page.screenshot(path=str(shots / "box.png"))

        page.click("#zoom-in")
        page.click("#zoom-in")
        expect(page.locator("#zoom-level")).to_have_text("200%")
        expect(page.locator("#page-img")).to_have_attribute("src", re.compile(r"dpi=200"))
        page.wait_for_function(
            f"document.querySelector('#page-img').naturalWidth > {2 * screen_width}"
        )
        view = page.locator("#page-view").bounding_box()
        frame = page.locator("#page-frame").bounding_box()
        assert view and frame and frame["width"] > 1.9 * view["width"]
        page.locator('[data-name="symbol"]').hover()
        expect(box).to_be_visible()
        expect(box).to_be_in_viewport()
        page.screenshot(path=str(shots / "zoomed.png"))
        browser.close()
