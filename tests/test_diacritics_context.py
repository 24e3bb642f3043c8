"""Restoration by position, shape and context: labels, type lines, letter case of garble,
garbled codes, unit names after their type word, abbreviations read for their words.

Every sentence here is invented for the test.
"""

from __future__ import annotations

import pytest

from diacritics import codes, restore
from diacritics.labels import fixed_labels
from diacritics.model import load_model

# a line of garble that sets the text's kind ("t6 chirc": digits read for marked letters)
GARBLE = "Hoi nghi t6 chirc tai hoi trudng c6 nhiéu dai biéu tham dw"


def restored_lines(*lines: str) -> list[str]:
    return restore("\n".join((GARBLE, *lines))).text.split("\n")[1:]


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("S6: 48/KH-UBND", "Số: 48/KH-UBND"),
        ("SO: 48/KH-UBND", "Số: 48/KH-UBND"),
        ("Sb: 48 IKH-UBND", "Số: 48 /KH-UBND"),
        ("S6:09/2021/QD-UBND", "Số:09/2021/QĐ-UBND"),
        ("Sé: .../TB-UBND", "Số: .../TB-UBND"),
    ],
)
def test_number_label_by_position_and_shape(garbled: str, expected: str) -> None:
    assert restored_lines(garbled) == [expected]


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        (  # a header's two columns read as one line
            "UY BAN NHAN DAN TINH BAC NINH Sé: 15 /TB-UBND CONG HOA XA HOI",
            "ỦY BAN NHÂN DÂN TỈNH BẮC NINH Số: 15 /TB-UBND CỘNG HÒA XÃ HỘI",
        ),
        ("PHONG VAN HOA S6: 08 /KH-PVH", "PHÒNG VĂN HÓA Số: 08 /KH-PVH"),
        (  # a blank number, a symbol whose letters could spell a syllable ("SYT")
            "SO Y TE THANH PHO S6: .../KH-SYT Déc lap - Tu do",
            "SỞ Y TẾ THÀNH PHỐ Số: .../KH-SYT Độc lập - Tự do",
        ),
        ("S6:     /KH-SYT", "Số:     /KH-SYT"),
        (  # a received stamp's fields on one line
            "VAN PHONG UBND TINH DEN Gid: B Ngay: 9/10/2025 KHAN",
            "VĂN PHÒNG UBND TỈNH ĐẾN Giờ: B Ngày: 9/10/2025 KHẨN",
        ),
        ("Céng van dén Gid: C Ngay: 11/3/2025", "Công văn đến Giờ: C Ngày: 11/3/2025"),
        (  # a number written after "số:" within a sentence keeps its small letter
            "ban hanh kém theo Quyét dinh sé: 21/QD-UBND cia UBND",
            "ban hành kèm theo Quyết định số: 21/QĐ-UBND của UBND",
        ),
    ],
)
def test_labels_inside_a_line_by_what_follows(garbled: str, expected: str) -> None:
    assert restored_lines(garbled) == [expected]


def test_inline_labels_need_their_shape_after() -> None:
    model = load_model()
    lines = ["Trinh SO: 12 ban", "Ghi SO: 12/KH-UBND", "HOP NGAY: 3 gio", "Den NGAY: 3/4"]
    words = [
        (0, 0, 5, "Trinh"), (0, 6, 8, "SO"), (0, 10, 12, "12"), (0, 13, 16, "ban"),
        (1, 0, 3, "Ghi"), (1, 4, 6, "SO"),
        (2, 0, 3, "HOP"), (2, 4, 8, "NGAY"),
        (3, 0, 3, "Den"), (3, 4, 8, "NGAY"),
    ]  # fmt: skip
    assert fixed_labels(lines, words, "garbled", model) == {
        5: model.ids["số"],
        9: model.ids["ngày"],
    }


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("Can co Luat Dat dai ngay 5 thang 3 nam 2021;", "Căn cứ Luật Đất đai ngày 5 tháng 3 năm 2021;"),
        ("Can co Quyét dinh s6 12/QD-UBND ngay 3/4/2022;", "Căn cứ Quyết định số 12/QĐ-UBND ngày 3/4/2022;"),
        ("Can cé Thong tu s6 01/2011/TT-BNV;", "Căn cứ Thông tư số 01/2011/TT-BNV;"),
    ],
)  # fmt: skip
def test_a_legal_basis_by_what_it_cites(garbled: str, expected: str) -> None:
    # "co" and "cé" read as "có" at least as well as "cứ": the law or document after them,
    # capitalised, tells the line's lead
    assert restored_lines(garbled) == [expected]


def test_closing_labels_and_type_line() -> None:
    got = restored_lines("QUYET DINH", "Noi nhén:", "- Luu: VT, VP.", "Kinh gti:")
    assert got == ["QUYẾT ĐỊNH", "Nơi nhận:", "- Lưu: VT, VP.", "Kính gửi:"]


def test_typists_initials_after_the_filed_label_stay() -> None:
    # a few small letters without a vowel after "Lưu:" are who typed the document, not a
    # garbled syllable ("pvc" read as "đức"); a word before the label is still restored
    got = restored_lines("Noi nhén:", "- Nhu trén;", "- Luu: VT, KH. pvc 5", "sv kién nay")
    assert got == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, KH. pvc 5", "sự kiện này"]
    got = restored_lines("Noi nhan:", "- Luu: VT, TCKH, ntd (02b).")
    assert got == ["Nơi nhận:", "- Lưu: VT, TCKH, ntd (02b)."]
    # a department's code of capitals and digits stays too
    got = restored_lines(
        "Noi nhén:", "- S& Tai chinh, S& Ké hoach va Dau tu;", "- Luu: VT, C2, NV."
    )
    assert got == ["Nơi nhận:", "- Sở Tài chính, Sở Kế hoạch và Đầu tư;", "- Lưu: VT, C2, NV."]


def test_labels_only_at_their_place() -> None:
    model = load_model()
    lines = ["Giao SO Tai chinh: lam ngay", "SO: 12"]
    words = [(0, 0, 4, "Giao"), (0, 5, 7, "SO"), (0, 8, 11, "Tai"), (1, 0, 2, "SO")]
    assert fixed_labels(lines, words, "garbled", model) == {3: model.ids["số"]}


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        (
            "Thuc hién y kién cia BO Tai chinh vé ké hoach",
            "Thực hiện ý kiến của Bộ Tài chính về kế hoạch",
        ),
        ("Xem xét TO trinh cua phong Noi vu", "Xem xét Tờ trình của phòng Nội vụ"),
        ("THUC HIEN CHi THI CUA CHU TICH", "THỰC HIỆN CHỈ THỊ CỦA CHỦ TỊCH"),
        ("ban hanh quy chế cÔng tac", "ban hành quy chế công tác"),
        ("DINH MUC SU DUNG XE 0 TO", "ĐỊNH MỨC SỬ DỤNG XE Ô TÔ"),
        ("bénh dai van Ivu hanh & nhiéu dia phuong", "bệnh dại vẫn lưu hành ở nhiều địa phương"),
        ("Ivu y cac van dé sau", "Lưu ý các vấn đề sau"),
    ],
)
def test_letter_case_of_garble(garbled: str, expected: str) -> None:
    assert restored_lines(garbled) == [expected]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("07/2019/QDB-UBND", "07/2019/QĐ-UBND"),
        ("07/2019/QB-BTNMT", "07/2019/QĐ-BTNMT"),
        ("21/2016/NBD-CP", "21/2016/NĐ-CP"),
        ("HDPND", "HĐND"),
        ("125/BNN-TCCB", "125/BNN-TCCB"),  # a B that is a B
        ("BTC", "BTC"),
    ],
)
def test_garbled_codes_read_back(code: str, expected: str) -> None:
    assert codes.repair(code, garbled=True) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("12/2020/NDCP", "12/2020/NĐCP"),  # the hyphen lost
        ("305/QDUBND", "305/QĐUBND"),
        ("88/SGDDT-VP", "88/SGDĐT-VP"),  # "GDĐT" inside an agency's abbreviation
        ("BLDTBXH", "BLĐTBXH"),
        ("UBND", "UBND"),
    ],
)
def test_d_spellings_inside_and_without_hyphen(code: str, expected: str) -> None:
    assert codes.repair(code, garbled=False) == expected


def test_d_read_back_only_in_garble() -> None:
    assert codes.repair("07/2019/QB-BTNMT", garbled=False) == "07/2019/QB-BTNMT"


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("UBND x4 Ban Bo va thi trin Tam Puong", "UBND xã Bản Bo và thị trấn Tam Đường"),
        ("HUYEN TAM PUONG TINH LAI CHAU", "HUYỆN TAM ĐƯỜNG TỈNH LAI CHÂU"),
        ("phudng Hoa Cuong Bac, quan Hai Chau", "phường Hòa Cường Bắc, quận Hải Châu"),
    ],
)
def test_unit_names_after_their_type(garbled: str, expected: str) -> None:
    assert restored_lines(garbled) == [expected]


def test_abbreviations_joined_by_ampersand() -> None:
    assert restored_lines("PHONG GD&DT HUYEN TAM PUONG") == ["PHÒNG GD&ĐT HUYỆN TAM ĐƯỜNG"]


def test_two_capitals_before_a_name_may_be_a_garbled_word() -> None:
    got = restored_lines("Theo dé nghi cua SG Tai chinh", "KT. Chu tich", "- Luu: VT, NV.")
    assert got == ["Theo đề nghị của Sở Tài chính", "KT. Chủ tịch", "- Lưu: VT, NV."]
    # before a name of one capital letter too
    got = restored_lines("Thuc hién hudéng dan cua BG Y té vé phong chéng dich bénh mua dong;")
    assert got == ["Thực hiện hướng dẫn của Bộ Y tế về phòng chống dịch bệnh mùa đông;"]
    # before a word in small letters they make a word of the lexicon with: "bộ trưởng"
    got = restored_lines("Xét dé nghi cua BG trudng B6 Xay dung va Giam déc S6 Tai chinh,")
    assert got == ["Xét đề nghị của Bộ trưởng Bộ Xây dựng và Giám đốc Sở Tài chính,"]
    # but not a capital that may end a syllable, nor "CB" (cán bộ) before "công chức"
    got = restored_lines("Gti ban Thudng truc, TM trudng ban dé biét", "CB céng chtrc cap x4")
    assert got == ["Gửi ban Thường trực, TM trưởng ban để biết", "CB công chức cấp xã"]


def test_two_capitals_before_words_in_capitals_only_where_the_second_ends_no_syllable() -> None:
    # Q ends no syllable: a misread vowel ("BỘ" read "BQ"); N may: "TN" stays as it was read
    got = restored_lines("BQ XAY DUNG", "TN CHU TICH")
    assert got == ["BỘ XÂY DỰNG", "TN CHỦ TỊCH"]


@pytest.mark.parametrize(
    ("province", "district"),
    [("Lai Chau", "Tam Đường"), ("Vinh Phuc", "Tam Dương")],
)
def test_units_the_channel_cannot_tell_apart_follow_the_province_named(
    province: str, district: str
) -> None:
    text = f"UBND huyen Tam Duong\nHop tai huyen Tam Duong, tinh {province}"
    assert restore(text).text.split("\n")[0] == f"UBND huyện {district}"


def test_units_tied_across_provinces_are_reported() -> None:
    # "Tam Duong" spells two districts in two provinces: the provinces named may choose;
    # "Ban Bo" spells one commune only, whatever the document names
    from diacritics.candidates import candidates
    from diacritics.names import prefer_units_after_type

    model = load_model()
    words = ["huyen", "Tam", "Duong", "va", "xa", "Ban", "Bo"]
    slots = [candidates(w, "stripped") for w in words]
    tied: set[int] = set()
    named: set[str] = set()
    _, found = prefer_units_after_type(words, slots, model, named=named, tied=tied)
    assert found == {1, 2, 5, 6}
    assert tied == {1}
    assert named == {"lai châu"}


def test_commune_names_its_province() -> None:
    text = "Ke hoach cua UBND huyen Tam Duong\nGiao UBND xa Ban Bo thuc hien"
    assert restore(text).text.split("\n")[0] == "Kế hoạch của UBND huyện Tam Đường"


def test_name_in_capitals_is_not_an_abbreviation() -> None:
    assert restore("UBND TINH DAK LAK").text == "UBND TỈNH ĐẮK LẮK"


def test_abbreviation_expansions_are_defined_by_the_training_text() -> None:
    table = codes.expansions()
    assert table["HĐND"] == ("hội", "đồng", "nhân", "dân")
    assert table["UBND"] == ("ủy", "ban", "nhân", "dân")


@pytest.mark.parametrize(
    ("stripped", "expected"),
    [
        (
            "Nghi quyet cua HDND tinh ve ke hoach dau tu",
            "Nghị quyết của HĐND tỉnh về kế hoạch đầu tư",
        ),
        ("Y kien cua TT HDND huyen", "Ý kiến của TT HĐND huyện"),
    ],
)
def test_abbreviations_give_their_words_as_context(stripped: str, expected: str) -> None:
    assert restore(stripped).text == expected


@pytest.mark.parametrize(
    ("stripped", "expected"),
    [
        ("nghi quyet cua hdnd tinh ve dau tu", "nghị quyết của hđnd tỉnh về đầu tư"),
        ("sinh vien truong dh su pham", "sinh viên trường đh sư phạm"),
        ("Qd cua ubnd huyen da ban hanh", "Qđ của ubnd huyện đã ban hành"),
    ],
)
def test_abbreviations_typed_in_small_letters_take_their_d(stripped: str, expected: str) -> None:
    # no vowel: no syllable, and no garble either (a short text with one would be read as
    # garble); "dh" is the table's "ĐH", in the letter case it was typed in
    got = restore(stripped)
    assert got.text == expected
    assert "stripped" in got.warnings[0].message


def test_small_abbreviation_only_of_letters_no_syllable_has() -> None:
    assert codes.small_abbreviation("hdnd") == "hđnd"
    assert codes.small_abbreviation("Dh") == "Đh"
    for word in ("dong", "tp", "HDND", "d", "dd"):  # a syllable, no Đ, capitals, too short
        assert codes.small_abbreviation(word) is None, word


def test_lone_digit_between_words_of_garble() -> None:
    got = restored_lines("Ong ay hién dang sinh séng 6 Ha N6i va lam viéc 6 Hai Phong")
    assert got == ["Ông ấy hiện đang sinh sống ở Hà Nội và làm việc ở Hải Phòng"]


def test_numbers_between_words_stay_numbers() -> None:
    got = restored_lines("nhiém vu 6 thang cuéi nam va ké hoach 6 thang dau nam")
    assert got == ["nhiệm vụ 6 tháng cuối năm và kế hoạch 6 tháng đầu năm"]


def test_lone_digit_before_a_comma_or_semicolon() -> None:
    got = restored_lines("Can ct? Luat Dat dai; Luat nha 6; theo khoan 6; diém 2, Diéu 5.")
    assert got == ["Căn cứ Luật Đất đai; Luật nhà ở; theo khoản 6; điểm 2, Điều 5."]


def test_lone_digit_opening_a_bracket() -> None:
    # "(6 chitc": "tổ" read as a digit at a bracket's start; "(6 tháng)" stays a number
    got = restored_lines("Dai hoi (6 chitc vao thang 5) va bao cao (6 thang dau nam)")
    assert got == ["Đại hội (tổ chức vào tháng 5) và báo cáo (6 tháng đầu năm)"]


def test_unit_names_after_their_type_in_a_text_of_small_letters() -> None:
    # names are not capitalised here: the run after the type word is matched all the same,
    # and the type word takes the unit's type ("quận", not "quân")
    got = restore("giay to nha dat do quan binh thanh cap nam truoc").text
    assert got == "giấy tờ nhà đất đỏ quận bình thạnh cấp năm trước"
    # ordinary words after a type word stay ordinary words
    got = restore("ban chi dao xa hoi hoa cong tac y te cua huyen").text
    assert got == "ban chỉ đạo xã hội hóa công tác y tế của huyện"


def test_a_word_of_garble_in_capitals_lost_its_marks_whichever_they_were() -> None:
    # in small letters the engine keeps an acute ("dén": "đến"), in capitals it drops them
    # all, so "DEN" is as much "ĐẾN" as "ĐEN": the words around it choose
    assert restored_lines("DIEN TICH DAT DEN NAM 2030") == ["DIỆN TÍCH ĐẤT ĐẾN NĂM 2030"]


def test_shorthand_of_the_recipients_list_read_as_its_words_and_its_d_repaired() -> None:
    # "b/c" is "báo cáo": the word before it is "để", not a foreign "de" before a code
    got = restore("Noi nhan:\n- Nhu tren;\n- Ban Thuong vu Huyen uy (de b/c);\n- D/c Pho Chu tich;")
    assert got.text.split("\n")[2:] == ["- Ban Thường vụ Huyện ủy (để b/c);", "- Đ/c Phó Chủ tịch;"]
    assert restore("- Các phòng, ban (để t/h);\n- d/c Trưởng phòng;").text.endswith(
        "- d/c Trưởng phòng;"
    )


def test_shorthand_of_two_letters_before_the_slash() -> None:
    # "ph/h" and "th/h" (phối hợp, thực hiện) are shorthand too, not words "phù" and "thợ"
    got = restored_lines("- UBND cac xa (dé ph/h th/h);", "- Cac phong chuyén mén (dé th/h);")
    assert got == ["- UBND các xã (để ph/h th/h);", "- Các phòng chuyên môn (để th/h);"]


def test_abbreviations_written_with_a_capital_are_kept() -> None:
    # "Cty" and "Ths" spell no syllable: kept as written, not read as "Ty", "Cử" or "Thế"
    got = restored_lines("- Cty TNHH MTV Thoat nudc Binh An;", "Ths. Nguyen Van An trinh bay")
    assert got == ["- Cty TNHH MTV Thoát nước Bình An;", "Ths. Nguyễn Văn An trình bày"]
    assert restore("cac Cty nha nuoc").text == "các Cty nhà nước"


def test_garble_leans_to_the_spellings_the_text_has_used() -> None:
    # a plan of a commune says "xã" again and again: where the words around "xa" say little
    # (the end of a recipient's line), it is "xã" too, not "xa" or "xá"
    got = restore(
        "UBND xa Binh Minh ban hanh Ké hoach phat trién kinh té trén dia ban xa nam 2024.\n"
        "Cac thon trong xa phdi hop véi UBND xa trién khai thuc hién.\n"
        "Noi nhan:\n- Cac doan thé xa;\n- Doi tinh nguyén xa;"
    ).text
    assert got.split("\n")[-2:] == ["- Các đoàn thể xã;", "- Đội tình nguyện xã;"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PHAN BO KINH PHi THUC HIEN", "PHÂN BỔ KINH PHÍ THỰC HIỆN"),
        ("HOi DONG NHAN DAN", "HỘI ĐỒNG NHÂN DÂN"),
        ("dung dich CaO", "dung dịch CaO"),  # kept as it is: letter by letter
    ],
)
def test_a_capital_read_small_in_text_read_as_stripped(text: str, expected: str) -> None:
    # a short page of garble with no marks left is read as stripped text; a marked capital
    # read as a small letter ("PHi") is no letter case of its own
    restored = restore(text)
    assert restored.text == expected
    assert "stripped" in restored.warnings[0].message


def test_a_word_in_capitals_is_a_unit_type_only_where_its_letters_spell_one() -> None:
    # garble in capitals keeps a word's letters and loses its marks: "XA" is "xã" as well as
    # "xa", while "VA", whose letters spell "và", may be "xã" only by a slip of its first
    # letter; after it, a heading's words are no unit ("VÀ TƯƠNG ĐƯƠNG")
    from diacritics.candidates import candidates
    from diacritics.names import prefer_units_after_type

    model = load_model()
    xa = model.ids["xã"]

    def slot(word: str, extra: int | None = None) -> tuple[tuple[int, float], ...]:
        got = candidates(word, "garbled")
        return got if extra is None else (*got, (extra, max(s for _, s in got) - 7.0))

    words = ["VA", "TUONG", "DUONG"]
    _, found = prefer_units_after_type(words, [slot("VA", xa), slot("TUONG"), slot("DUONG")], model)
    assert found == set()
    words = ["XA", "TUONG", "DUONG"]
    _, found = prefer_units_after_type(words, [slot(w) for w in words], model)
    assert found == {1, 2}
    # in small letters the engine's slips of a type word are looked through, as before
    words = ["va", "Tuong", "Duong"]
    _, found = prefer_units_after_type(words, [slot("va", xa), slot("Tuong"), slot("Duong")], model)
    assert found == {1, 2}


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        # a document's urgency or secrecy mark, alone on its line in capitals
        ("Ké hoach t6 chirc Hoi nghi\nKHAN", "Kế hoạch tổ chức Hội nghị\nKHẨN"),
        ("Ké hoach t6 chirc Hoi nghi\nTHUONG KHAN", "Kế hoạch tổ chức Hội nghị\nTHƯỢNG KHẨN"),
        ("Ké hoach t6 chirc Hoi nghi\nHOA TOC", "Kế hoạch tổ chức Hội nghị\nHỎA TỐC"),
        ("Céng van s6 12/UBND\nMAT", "Công văn số 12/UBND\nMẬT"),
        # at the end of a received stamp's line, after its date
        ("Céng van dén Ngay: 3/4/2024 KHAN", "Công văn đến Ngày: 3/4/2024 KHẨN"),
        # elsewhere the words around decide
        ("Céng tac chuan bi khan trai ban", "Công tác chuẩn bị khăn trải bàn"),
        ("Tinh hinh khan hiém nuéc sach", "Tình hình khan hiếm nước sạch"),
    ],
)
def test_urgency_and_secrecy_marks_by_position_and_shape(garbled: str, expected: str) -> None:
    assert restore(garbled).text == expected
