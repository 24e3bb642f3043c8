"""The Python face: ``api.pipeline.process``."""

from __future__ import annotations

import hashlib

from api.pipeline import PipelineOptions, process, restore_pages
from core.options import RestoreOptions


def test_process_text_keeps_lines_and_pages() -> None:
    raw = "KẾ HOẠCH\nTổ chức hội nghị\fTrang hai\ncó hai dòng\n"
    record = process(raw.encode(), filename="plan.txt")
    assert record.id == hashlib.sha256(raw.encode()).hexdigest()
    assert record.source.pages == 2
    assert record.raw_text == raw
    assert record.text.count("\n") == raw.count("\n")
    assert record.text.count("\f") == 1
    assert record.ocr.engine is None


def test_process_record_json_has_contract_keys() -> None:
    body = process("Số: 12/KH-UBND\n".encode(), filename="a.txt").to_dict()
    assert set(body) >= {"id", "source", "ocr", "raw_text", "text", "fields", "evidence"}
    assert set(body) >= {"warnings", "changes"}
    fields = body["fields"]
    for key in ("doc_type", "type_code", "number", "symbol", "issuer", "place", "date", "title"):
        assert key in fields
    assert set(fields["date"]) >= {"raw", "year", "month", "day", "iso"}


def test_restore_pages_numbers_token_lines_across_pages() -> None:
    result = restore_pages(["Một\nHai", "Ba\nBốn"], options=RestoreOptions())
    assert result.text == "Một\nHai\n\fBa\nBốn"
    lines_of = {t.original: t.line for t in result.tokens}
    assert lines_of == {"Một": 0, "Hai": 1, "Ba": 2, "Bốn": 3}


def test_progress_is_reported_for_text() -> None:
    seen: list[tuple[int, int]] = []
    process(b"mot\fhai\fba", filename="a.txt", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3)


def test_options_from_settings_carry_limits() -> None:
    from core.settings import Settings

    options = PipelineOptions.from_settings(Settings(max_pages=7, dpi=200, tone_style="old"))
    assert (options.limits.max_pages, options.ocr.dpi) == (7, 200)
    assert options.restore.tone_style == "old"
