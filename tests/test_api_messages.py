"""Every failure has a code and a Vietnamese message; nothing reaches a user as a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import cli, messages
from api.app import create_app
from archive import Archive
from core import errors
from core.errors import ExitCode, VanbanError, WarningCode
from core.settings import Settings


def every_error_code() -> set[str]:
    return {cls.code for cls in errors._all_errors(VanbanError)}


@pytest.mark.parametrize("code", sorted(every_error_code() | {str(c) for c in WarningCode}))
def test_every_code_has_a_vietnamese_and_an_english_text(code: str) -> None:
    vietnamese, english = messages.MESSAGES[code]
    assert vietnamese and english and vietnamese != english


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("vi", "vi"),
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("en-US,en;q=0.9,vi;q=0.5", "en"),
        ("fr-FR, vi;q=0.3", "vi"),
        ("de", "en"),
    ],
)
def test_language_of_accept_language(header: str | None, language: str) -> None:
    assert messages.language_of(header) == language


def test_error_for_rebuilds_the_class_of_a_code() -> None:
    assert isinstance(errors.error_for("out_of_memory", "m"), errors.OutOfMemory)
    assert isinstance(errors.error_for("no_such_code", "m"), errors.InternalError)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path), start_worker=False))


def test_errors_answer_in_the_language_asked(client: TestClient) -> None:
    english = client.get("/documents/" + "0" * 64).json()["error"]
    vietnamese = client.get("/documents/" + "0" * 64, headers={"Accept-Language": "vi"}).json()
    assert english["code"] == vietnamese["error"]["code"] == "not_found"
    assert vietnamese["error"]["message"] == messages.MESSAGES["not_found"][0]
    assert vietnamese["error"]["detail"] == english["message"]


def test_a_refused_upload_says_why_in_vietnamese(client: TestClient) -> None:
    res = client.post(
        "/documents",
        files=[("files", ("doc.docx", b"PK\x03\x04rest of a zip"))],
        headers={"Accept-Language": "vi"},
    )
    assert res.status_code == 415
    error = res.json()["error"]
    assert error["code"] == "unsupported_type" and "PDF" in error["message"]
    assert error["message"] == messages.MESSAGES["unsupported_type"][0]


def test_an_unexpected_failure_is_internal_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Archive, doc_id: str) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Archive, "record", broken)
    app = create_app(Settings(data_dir=tmp_path), start_worker=False)
    client = TestClient(app, raise_server_exceptions=False)
    res = client.get("/documents/" + "a" * 64, headers={"Accept-Language": "vi"})
    assert res.status_code == 500
    error = res.json()["error"]
    assert error["code"] == "internal_error" and "Traceback" not in res.text
    assert error["message"] == messages.MESSAGES["internal_error"][0]


def test_the_web_page_carries_the_text_of_every_code(client: TestClient) -> None:
    page = client.get("/").text
    assert "const MESSAGES = " in page
    assert messages.MESSAGES["out_of_memory"][0] in page


def test_the_cli_reports_a_bug_in_one_line_and_logs_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import api.pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    log = tmp_path / "state" / "vanban.log"
    monkeypatch.setenv("VANBAN_LOG_FILE", str(log))
    monkeypatch.setattr(api.pipeline, "process", broken)
    doc = tmp_path / "plan.txt"
    doc.write_text("Kế hoạch", encoding="utf-8")
    status = cli.main(["process", str(doc)])
    err = capsys.readouterr().err
    assert status == ExitCode.INTERNAL
    assert err.count("\n") == 1 and "[internal_error]" in err and str(log) in err
    assert "Traceback" not in err
    assert "RuntimeError: a bug" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_need_nothing_from_the_internet(client: TestClient, page: str) -> None:
    html = client.get(page).text
    assert "http://" not in html and "https://" not in html  # no CDN, no web fonts
    scripts = [part.split('"')[0] for part in html.split('src="')[1:]]
    assert scripts and all(client.get(src).status_code == 200 for src in scripts)
