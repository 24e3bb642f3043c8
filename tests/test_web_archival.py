"""The archivist's panel, exports, batch form and dossiers in a real headless Chromium,
against a real server on loopback, at a desktop and a phone width (screenshots in
test-artifacts/<test>/<width>/)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from api import messages
from archive import archival as meta
from tests.test_web_browser import (  # noqa: F401 - fixtures
    NOTICE,
    PLAN,
    _browser_page,
    _process,
    server,
    shots,
    width,
)

pytestmark = [pytest.mark.browser, pytest.mark.server]
VI = {key: texts[0] for key, texts in messages.MESSAGES.items()}


def _archival(url: str, doc: str) -> dict[str, Any]:
    return dict(httpx.get(f"{url}/documents/{doc}/archival").json()["fields"])


def _fits(page: Any) -> bool:
    """Nothing wider than the window: no sideways scrolling on a phone."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_archival_panel_edited_saved_and_reloaded(
    server: str,  # noqa: F811 - the fixtures above
    width: str,  # noqa: F811
    shots: Path,  # noqa: F811
) -> None:
    from playwright.sync_api import expect, sync_playwright

    doc = _process(server, "ke-hoach.txt", NOTICE.encode())
    with sync_playwright() as p:
        browser, page = _browser_page(p, width)
        page.goto(f"{server}/#/doc/{doc}")
        fields = page.locator("#archival-form .afield")
        expect(fields).to_have_count(len(meta.COLUMNS))
        expect(page.locator('label[for="a-fonds_code"]')).to_have_text("Mã phông")
        expect(page.locator('label[for="a-retention"]')).to_have_text("Thời hạn bảo quản")
        doc_type = page.locator('.afield[data-key="doc_type"]')
        expect(doc_type).to_have_attribute("data-source", "extraction")
        expect(doc_type.locator(".src")).to_have_text("trích từ văn bản")
        expect(page.locator("#a-doc_type")).to_have_value("Kế hoạch")
        expect(page.locator('.afield[data-key="fonds_code"] .src')).to_have_count(0)
        page.locator("#archival-pane").screenshot(path=str(shots / "panel.png"))

        def saved() -> None:
            expect(page.locator("#toast")).to_have_text("Đã lưu")
            page.locator("#toast").evaluate("el => { el.textContent = ''; }")

        page.fill("#a-fonds_code", "G09")
        page.press("#a-fonds_code", "Enter")
        saved()
        fonds = page.locator('.afield[data-key="fonds_code"]')
        expect(fonds).to_have_attribute("data-source", "archivist")
        expect(fonds.locator(".src")).to_have_text("người lưu trữ đặt")
        page.fill("#a-retention", "Vĩnh viễn")
        page.press("#a-retention", "Tab")  # leaving the box saves it
        saved()
        page.fill("#a-doc_type", "Kế hoạch công tác")  # the archivist's value over extraction
        page.press("#a-doc_type", "Enter")
        saved()

        # refused before sending: the message table's text under the box
        page.fill("#a-order", "0")
        page.press("#a-order", "Enter")
        expect(page.locator("#a-order-err")).to_have_text(VI["invalid_archival"])
        expect(page.locator("#a-order")).to_have_attribute("aria-invalid", "true")
        page.fill("#a-date", "31/02/2024")
        page.press("#a-date", "Enter")
        expect(page.locator("#a-date-err")).to_have_text(VI["invalid_date"])
        page.screenshot(path=str(shots / "invalid.png"), full_page=True)
        assert _archival(server, doc)["order"]["value"] is None
        # refused by the service: its message, in the page's language, under the box
        page.fill("#a-notes", "x" * (meta.MAX_TEXT + 1))
        page.locator("#a-notes").blur()
        expect(page.locator("#a-notes-err")).to_have_text(VI["invalid_archival"])
        page.fill("#a-notes", "Bản có dấu đỏ")
        page.locator("#a-notes").blur()
        saved()
        expect(page.locator("#a-notes-err")).to_have_text("")
        page.fill("#a-order", "2")
        page.press("#a-order", "Enter")
        saved()
        expect(page.locator("#a-order")).to_have_attribute("aria-invalid", "false")
        page.fill("#a-date", "13/5/2024")
        page.press("#a-date", "Enter")
        saved()

        page.reload()  # what was saved comes back from the service
        expect(page.locator("#a-fonds_code")).to_have_value("G09")
        expect(page.locator("#a-order")).to_have_value("2")
        expect(page.locator("#a-date")).to_have_value("2024-05-13")
        expect(page.locator("#a-retention")).to_have_value("Vĩnh viễn")
        expect(page.locator("#a-doc_type")).to_have_value("Kế hoạch công tác")
        expect(page.locator('.afield[data-key="order"]')).to_have_attribute(
            "data-source", "archivist"
        )
        expect(page.locator("#doc-history")).to_contain_text("Thông tin lưu trữ: Mã phông")

        page.click('[data-reset="doc_type"]')  # back to what extraction read
        saved()
        expect(page.locator("#a-doc_type")).to_have_value("Kế hoạch")
        expect(doc_type).to_have_attribute("data-source", "extraction")
        expect(page.locator('[data-reset="doc_type"]')).to_be_hidden()
        assert _fits(page)
        page.locator("#archival-pane").screenshot(path=str(shots / "saved.png"))
        page.click("#lang")
        expect(page.locator('label[for="a-fonds_code"]')).to_have_text("Fonds code")
        expect(fonds.locator(".src")).to_have_text("set by the archivist")
        browser.close()

    fields = _archival(server, doc)
    assert fields["fonds_code"] == {**fields["fonds_code"], "value": "G09", "source": "archivist"}
    assert (fields["order"]["value"], fields["retention"]["value"]) == (2, "Vĩnh viễn")
    assert fields["notes"]["value"] == "Bản có dấu đỏ"
    assert (fields["doc_type"]["value"], fields["doc_type"]["source"]) == ("Kế hoạch", "extraction")


def test_search_exports_and_sets_a_dossier(
    server: str,  # noqa: F811 - the fixtures above
    width: str,  # noqa: F811
    shots: Path,  # noqa: F811
) -> None:
    from playwright.sync_api import expect, sync_playwright

    notice = _process(server, "ke-hoach.txt", NOTICE.encode())
    plan = _process(server, "plan.txt", PLAN.encode())
    with sync_playwright() as p:
        browser, page = _browser_page(p, width)
        page.goto(f"{server}/#/?q=ke+hoach")
        results = page.locator("#results li")
        expect(results).to_have_count(2)
        expect(page.locator("#picked")).to_contain_text("2")

        def download(button: Any) -> bytes:
            with page.expect_download() as info:
                button.click()
            path = info.value.path()
            return Path(path).read_bytes()

        tools = page.locator("#archival-tools")
        body = json.loads(download(tools.locator('[data-export="json"]')))
        assert sorted(d["identifier"] for d in body["documents"]) == sorted([notice, plan])
        page.locator(f'#results .pick[value="{plan}"]').check()
        expect(page.locator("#picked")).to_have_text("Đã chọn: 1")
        book = load_workbook(io.BytesIO(download(tools.locator('[data-export="xlsx"]'))))
        rows = list(book.active.iter_rows(values_only=True))
        assert list(rows[0]) == [c.vi for c in meta.COLUMNS] and len(rows) == 2
        assert rows[1][0] == plan
        text = download(tools.locator('[data-export="csv"]')).decode("utf-8-sig")
        assert [r[0] for r in csv.reader(io.StringIO(text))][1:] == [plan]
        page.locator("#pick-page").check()
        expect(page.locator("#picked")).to_have_text("Đã chọn: 2")
        page.locator("#pick-page").uncheck()

        # the batch form: for the whole search, checked before it is sent
        page.locator("#batch summary").click()
        rows_ = page.locator("#batch-rows .batch-row")
        expect(rows_).to_have_count(1)
        expect(page.locator("#batch-submit")).to_contain_text("2")
        rows_.nth(0).locator("select").select_option("dossier_code")
        rows_.nth(0).locator("input").fill("HS-01")
        page.click("#batch-add")
        rows_.nth(1).locator("select").select_option("date")
        rows_.nth(1).locator("input").fill("2024-13")
        page.click("#batch-submit")
        expect(page.locator("#batch-error")).to_have_text(VI["invalid_date"])
        rows_.nth(1).locator("select").select_option("fonds_code")
        rows_.nth(1).locator("input").fill("G09")
        page.fill("#batch-order", "1")
        assert _fits(page)
        page.click("#batch-submit")
        expect(page.locator("#toast")).to_have_text("Đã đặt cho 2 văn bản")
        expect(page.locator("#batch-error")).to_have_text("")
        page.screenshot(path=str(shots / "batch.png"), full_page=True)

        page.click('nav a[href="#/dossiers"]')
        expect(page.locator("#dossiers .fonds h3")).to_contain_text("Phông G09")
        dossier = page.locator("#dossiers details.dossier")
        expect(dossier).to_have_count(1)
        expect(dossier.locator("summary")).to_contain_text("HS-01")
        expect(dossier.locator("summary")).to_contain_text("2 văn bản")
        dossier.locator("summary").click()
        docs = dossier.locator(".dossier-docs li")
        expect(docs).to_have_count(2)
        expect(docs.first.locator("a")).to_contain_text("Kế hoạch")
        assert _fits(page)
        page.screenshot(path=str(shots / "dossiers.png"), full_page=True)
        book = load_workbook(io.BytesIO(download(dossier.locator('[data-export="xlsx"]'))))
        rows = list(book.active.iter_rows(values_only=True))
        assert [r[meta.KEYS.index("order")] for r in rows[1:]] == [1, 2]
        docs.first.locator("a").click()
        expect(page.locator("#a-dossier_code")).to_have_value("HS-01")
        browser.close()

    for doc in (notice, plan):
        fields = _archival(server, doc)
        assert (fields["fonds_code"]["value"], fields["dossier_code"]["value"]) == ("G09", "HS-01")
    orders = {_archival(server, d)["order"]["value"] for d in (notice, plan)}
    assert orders == {1, 2}
