"""Records read back from their JSON form are the same typed records."""

from __future__ import annotations

from core.record import (
    Archival,
    CitedDocument,
    Deadline,
    DigitalSignature,
    DocDate,
    Evidence,
    Fields,
    Meeting,
    Notice,
    OcrInfo,
    OcrPage,
    Record,
    Signer,
    SourceInfo,
    TokenDecision,
    Word,
)


def full_record() -> Record:
    page = OcrPage(
        number=1,
        width=2480,
        height=3508,
        text="",
        words=(Word("Kế", (10, 20, 60, 50), 91.5, 0), Word("hoạch", (70, 20, 190, 50), 88.0, 0)),
        confidence=89.7,
        skew_degrees=-0.42,
        orientation=90,
        warnings=(Notice("low_confidence", "trang 1 mờ"),),
    )
    fields = Fields(
        doc_type="Kế hoạch",
        type_code="KH",
        number="12",
        symbol="12/KH-UBND",
        issuer="Ủy ban nhân dân xã Tân Lập",
        issuer_parent="Ủy ban nhân dân huyện Mỹ Lộc",
        place="Tân Lập",
        date=DocDate("ngày 5 tháng 3 năm 2024", 2024, 3, 5),
        title="Kế hoạch phòng chống lụt bão",
        urgency="Khẩn",
        cited_documents=(CitedDocument("Quyết định", "88", "88/QĐ-UBND", "2023-01-02"),),
        deadlines=(
            Deadline(
                "Báo cáo",
                "trước 30/6/2024",
                None,
                "2024-06-30",
                "before",
                "Phòng Nội vụ",
                ("Văn phòng",),
            ),
        ),
        signer=Signer("Trần Văn Bình", "Chủ tịch", "TM."),
        recipients=("Như trên", "Lưu VT"),
        meeting=Meeting("Hội trường", "8 giờ", "Chủ tịch"),
        digital_signatures=(DigitalSignature("Trần Văn Bình", "b@x.vn", "2024-03-05T08:00:00"),),
    )
    return Record(
        id="ab" * 32,
        source=SourceInfo("kh.pdf", "application/pdf", 1, 1234),
        ocr=OcrInfo("tesseract 5.3", "vie", 89.7, (page,)),
        raw_text="Ke hoach",
        text="Kế hoạch",
        fields=fields,
        evidence={"symbol": Evidence(3, "Số: 12/KH-UBND", 1, (1, 2, 3, 4))},
        changes=(TokenDecision(0, 0, 2, "Ke", "Kế", 0.93, "changed"),),
        warnings=(Notice("date_missing", "không có ngày"),),
        archival=Archival(fonds_code="F12", order=3),
    )


def test_record_round_trips_through_its_json_form() -> None:
    record = full_record()
    data = record.to_dict(words=True)
    again = Record.from_dict(data)
    assert again.to_dict(words=True) == data
    assert isinstance(again.fields.deadlines[0], Deadline)
    assert again.fields.deadlines[0].support == ("Văn phòng",)
    assert again.ocr.pages[0].words[1].bbox == (70, 20, 190, 50)
    assert again.fields.date.iso == "2024-03-05"
    assert again.evidence["symbol"].bbox == (1, 2, 3, 4)
    assert again.archival.order == 3


def test_older_and_newer_forms_still_read() -> None:
    data = full_record().to_dict()
    del data["archival"]  # stored before archival metadata existed
    data["fields"]["review_note"] = "a name this version does not know"
    again = Record.from_dict(data)
    assert again.archival == Archival()
    assert again.ocr.pages[0].words == ()
    assert again.fields.signer.name == "Trần Văn Bình"
