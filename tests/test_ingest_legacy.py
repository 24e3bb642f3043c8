"""Legacy Vietnamese encodings (TCVN3, VNI, VIQR, Windows-1258) read back as Unicode."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import legacy

# A commune plan of our own, in the layout of Decree 30. No capital vowel with a tone opens
# a word, since TCVN3 cannot tell "Ủ" from "ủ" outside a line in capitals (tested below).
PLAN = """ỦY BAN NHÂN DÂN XÃ HÒA PHÚ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 48/KH-UBND
KẾ HOẠCH
Phòng, chống dịch sốt xuất huyết trên địa bàn xã năm 2025
UBND xã ban hành kế hoạch nhằm chủ động ngăn chặn dịch bệnh, bảo vệ sức khỏe Nhân dân.
Các thôn tổ chức ra quân tổng vệ sinh môi trường vào sáng thứ Bảy hằng tuần.
Trạm Y tế xã phối hợp với Hội Liên hiệp Phụ nữ tuyên truyền đến từng hộ gia đình.
Kinh phí thực hiện được bố trí từ nguồn ngân sách xã và các nguồn hợp pháp khác.
Trưởng thôn báo cáo kết quả về Văn phòng trước ngày 30 tháng 6 năm 2025.
Nơi nhận: Thường trực Đảng ủy; Thường trực HĐND xã; Lưu: VT.
"""

SENTENCES = [
    "Chủ tịch xã giao công chức Địa chính - Xây dựng kiểm tra việc lấn chiếm đất công.",
    "Thôn Đông Yên vận động người dân đăng ký tiêm vắc-xin trước ngày 15 tháng 8.",
    "Hồ sơ đề nghị khen thưởng gửi về bộ phận Một cửa chậm nhất ngày 20/11/2024.",
    "Ban Chỉ huy Quân sự xã thực hiện tốt công tác tuyển quân, bảo đảm đủ chỉ tiêu.",
    "Đề nghị các đoàn thể phối hợp tuyên truyền, không để xảy ra tình trạng khiếu kiện đông người.",
    "Quyết định này có hiệu lực kể từ ngày ký; Văn phòng HĐND và UBND xã chịu trách nhiệm thi hành.",
]

LEGACY = ("tcvn3", "vni", "viqr", "cp1258")
MISREAD = ("tcvn3", "vni", "viqr")  # encodings whose bytes reach us as cp1252 text


def _strip(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def _letters() -> list[str]:
    """The 134 Vietnamese letters outside ASCII: 67 lowercase, 67 capitals."""
    lower = [
        unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in ["", *legacy.TONES]
    ]
    lower = [ch for ch in lower if not ch.isascii()] + ["đ"]
    return lower + [ch.upper() for ch in lower]


def test_there_are_134_letters_and_every_encoding_holds_them() -> None:
    letters = _letters()
    assert len(letters) == len(set(letters)) == 134
    for encoding in LEGACY:
        for letter in letters:
            data = legacy.encode(letter, encoding)
            text = data.decode("cp1258") if encoding == "cp1258" else data.decode("latin-1")
            back = legacy.convert_text(text, encoding)
            shared = encoding == "tcvn3" and letter.isupper() and letter not in "ĂÂÊÔƠƯĐ"
            assert back == (letter.lower() if shared else letter), (encoding, letter)


def test_tcvn3_has_one_byte_per_lowercase_letter_and_seven_capitals() -> None:
    codes = {legacy.encode(letter, "tcvn3") for letter in _letters()}
    assert len(codes) == 67 + 7
    assert all(len(code) == 1 and code[0] >= 0xA1 for code in codes)
    assert legacy.encode("Ế", "tcvn3") == legacy.encode("ế", "tcvn3") == b"\xd5"
    assert legacy.encode("Ơ", "tcvn3") != legacy.encode("ơ", "tcvn3")


@pytest.mark.parametrize(
    ("misread", "encoding"),
    [("KÕ ho¹ch", "tcvn3"), ("Keá hoaïch", "vni"), ("Ke^' hoa.ch", "viqr")],
)
def test_the_usual_examples_convert(misread: str, encoding: str) -> None:
    assert legacy.convert_text(misread, encoding) == "Kế hoạch"
    assert legacy.detect_text(misread) == encoding


@pytest.mark.parametrize("encoding", LEGACY)
def test_a_whole_plan_in_a_legacy_encoding_is_found_and_read_back_exactly(encoding: str) -> None:
    data = legacy.encode(PLAN, encoding)
    assert not data.isascii() or encoding == "viqr"
    assert legacy.detect(data) == encoding
    assert legacy.decode(data) == (PLAN, encoding)


@pytest.mark.parametrize("encoding", MISREAD)
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_a_plan_copied_out_of_an_old_pdf_is_recognised(encoding: str, codec: str) -> None:
    misread = legacy.encode(PLAN, encoding).decode(codec)
    assert legacy.detect_text(misread) == encoding
    assert legacy.convert_text(misread, encoding) == PLAN
    assert legacy.decode(misread.encode("utf-8")) == (PLAN, encoding)


def _shown_as_windows_1252(data: bytes) -> str:
    """Bytes as a Windows program shows them in Windows-1252 (its five unused bytes as the
    control characters of the same number)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


@pytest.mark.parametrize("codec", ["windows", "latin-1"])
def test_utf8_once_read_as_windows_1252_is_read_back(codec: str) -> None:
    data = PLAN.encode("utf-8")
    misread = _shown_as_windows_1252(data) if codec == "windows" else data.decode("latin-1")
    assert "káº¿ hoáº¡ch" in misread  # what such a file shows
    assert legacy.detect_text(misread) == "utf-8-as-cp1252"
    assert legacy.decode(misread.encode("utf-8")) == (PLAN, "utf-8-as-cp1252")


def test_utf8_read_as_windows_1252_keeps_what_was_not_utf8() -> None:
    """A run whose bytes are no UTF-8 (a lone "é" typed beside the misread text) stays."""
    misread = _shown_as_windows_1252("Kế hoạch tổ chức Hội nghị".encode()) + " café"
    assert legacy.convert_text(misread, "utf-8-as-cp1252") == "Kế hoạch tổ chức Hội nghị café"


@pytest.mark.parametrize("encoding", LEGACY)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_each_sentence_round_trips(sentence: str, encoding: str) -> None:
    data = legacy.encode(sentence, encoding)
    assert legacy.decode(data) == (sentence, encoding)


@pytest.mark.parametrize(
    "text",
    [
        PLAN,
        _strip(PLAN),
        *SENTENCES,
        *(_strip(s) for s in SENTENCES),
        "Bà Tám và cô Hà",  # Vietnamese within Latin-1
        "The committee met on Monday. Don't you agree? It's what they'd say (a+b)^2.",
        "Ça c'est très bien: naïve café, déjà vu, forêt.",
        "Ke hoach to chuc hoi nghi tong ket nam 2024 cua xa Hoa Phu.",
    ],
)
def test_unicode_english_and_unmarked_text_is_never_converted(text: str) -> None:
    assert legacy.detect_text(text) is None
    assert legacy.decode(text.encode("utf-8")) == (unicodedata.normalize("NFC", text), "utf-8")


@pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark(bom: str) -> None:
    mark = b"\xff\xfe" if bom.endswith("le") else b"\xfe\xff"
    assert legacy.decode(mark + PLAN.encode(bom)) == (PLAN, "utf-16")
    with pytest.raises(legacy.UndecodableText) as info:
        legacy.decode(mark + PLAN.encode(bom)[:-1] + b"\x00\xd8")  # a lone surrogate
    assert info.value.guess == "utf-16"


def test_bytes_no_encoding_reads_are_refused_with_the_closest_guess() -> None:
    with pytest.raises(legacy.UndecodableText) as info:
        legacy.decode(b"Ke hoach \xff\xfe nam 2024")
    assert info.value.guess is None
    damaged = legacy.encode(SENTENCES[0], "tcvn3") + b" \xc0\xc1" * 12
    with pytest.raises(legacy.UndecodableText) as info:
        legacy.decode(damaged)
    assert info.value.guess == "tcvn3"
    assert legacy.detect(damaged) is None


@pytest.mark.parametrize(
    ("tcvn3", "unicode"),
    [
        ("KÕ HO¹CH", "KẾ HOẠCH"),
        ("QUYÕT §ÞNH VÒ viÖc", "QUYẾT ĐỊNH Về việc"),  # "VÒ" alone could be either
        ("Sè: 12/KH-UBND", "Số: 12/KH-UBND"),
        ("ñy ban nh©n d©n", "ủy ban nhân dân"),  # "Ủy" and "ủy" are one byte string
        ("¡n, ¢n, £m, ¤ng, ¥i, ¦a, §i", "Ăn, Ân, Êm, Ông, Ơi, Ưa, Đi"),
    ],
)
def test_tcvn3_capitals(tcvn3: str, unicode: str) -> None:
    assert legacy.convert_text(tcvn3, "tcvn3") == unicode


@pytest.mark.parametrize(
    ("text", "viqr"),
    [
        ("hoa.", b"hoa\\."),  # a full stop, not a dot below
        ("Sao?", b"Sao\\?"),
        ("add", b"a\\dd"),
        ("GDĐT", b"G\\DDDT"),  # the D before DD must not pair with it
        ("a\\b", b"a\\\\b"),
        ("Ngày 5/3.", b"Nga`y 5/3."),
    ],
)
def test_viqr_escapes_literal_marks(text: str, viqr: bytes) -> None:
    assert legacy.encode(text, "viqr") == viqr
    assert legacy.convert_text(viqr.decode(), "viqr") == text


@pytest.mark.parametrize(
    "word",
    ["hoạch", "nghiêng", "khuya", "thuở", "quyết", "giữa", "gìn", "rượu", "hòa", "hoà", "thủy"],
)
def test_syllables_that_are_vietnamese(word: str) -> None:
    assert legacy.is_syllable(word)
    assert legacy.is_syllable(word.upper())


@pytest.mark.parametrize(
    "word",
    ["hoàch", "kõ", "ngiêng", "hoaì", "cễ", "tốc̣", "ñy", "ÿ", "café", "hoạc h", "thởư"],
)
def test_spellings_that_are_not(word: str) -> None:
    assert not legacy.is_syllable(word)


def test_score_counts_marked_syllables_and_misfits_only() -> None:
    assert legacy.score("Kế hoạch 48/KH-UBND của HĐND xã") == legacy.Score(good=4, bad=0)
    assert legacy.score("KÕ ho¹ch") == legacy.Score(good=0, bad=2)


def test_encode_refuses_what_an_encoding_cannot_hold() -> None:
    with pytest.raises(ValueError, match="TCVN3"):
        legacy.encode("Giá 5 €", "tcvn3")
    with pytest.raises(ValueError, match="unknown"):
        legacy.encode("x", "koi8-r")


_SYLLABLES = ["kế", "hoạch", "ủy", "ban", "nhân", "dân", "xã", "thực", "hiện", "phường", "Đức"]
_SYLLABLES += ["Nguyễn", "quyết", "định", "tổ", "chức", "hội", "nghị", "được", "giữa", "tuần"]
_WORDS = st.sampled_from(_SYLLABLES + ["UBND", "2025", "15/3", "-", "(a)"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=14), st.sampled_from(["vni", "viqr", "cp1258"]))
def test_any_text_round_trips_through_its_encoding(words: list[str], encoding: str) -> None:
    text = " ".join(words) + "."
    data = legacy.encode(text, encoding)
    read = data.decode("cp1258") if encoding == "cp1258" else data.decode("latin-1")
    assert legacy.convert_text(read, encoding) == unicodedata.normalize("NFC", text)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=14), st.text(max_size=30))
def test_utf8_with_vietnamese_letters_is_always_utf8(words: list[str], noise: str) -> None:
    text = "Kế " + " ".join(words) + noise
    decoded = legacy.decode(text.encode("utf-8"))
    assert decoded == (unicodedata.normalize("NFC", text), "utf-8")


def _pdf_with_text_layer(raw: bytes) -> bytes:
    """A one-page PDF whose text, in a WinAnsi font, is ``raw`` (as an old font wrote it)."""
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 12 Tf 72 720 Td (" + escaped + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_pdf_text_layer_typed_in_a_legacy_font_is_converted(encoding: str) -> None:
    from ingest.load import load

    sentence = "Kế hoạch tổ chức kiểm tra công tác phòng cháy chữa cháy năm 2023"
    pdf = _pdf_with_text_layer(legacy.encode(sentence, encoding))
    source = load(pdf, filename="old.pdf", use_text_layer=True)
    assert source.text is not None and sentence in source.text
    assert source.encoding == encoding


def test_a_unicode_pdf_text_layer_is_left_alone() -> None:
    from ingest.load import load

    pdf = _pdf_with_text_layer(b"Annual report 2023")
    source = load(pdf, filename="new.pdf", use_text_layer=True)
    assert source.text == "Annual report 2023" and source.encoding is None
