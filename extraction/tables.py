"""The one table of document types, agencies, administrative units and marks.

Every extractor reads its names from here (Decree 30/2020/NĐ-CP, Appendix III), so a type or an
agency is added in one place.
"""

from __future__ import annotations

# Appendix III: name of each administrative document type and its abbreviation.
DOC_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
}
CODE_OF_TYPE: dict[str, str] = {name.lower(): code for code, name in DOC_TYPES.items()}
# Said after the type of a document two bodies issue together: 'KẾ HOẠCH LIÊN TỊCH'.
JOINT = "liên tịch"

# Types that are cited in text but are legal documents, not in Appendix III.
LEGAL_TYPES = ("Luật", "Bộ luật", "Pháp lệnh", "Nghị định", "Thông tư", "Thông tư liên tịch")
# Their codes in a symbol ('02/2011/TTLT-VPCP-BNV'), for a header whose heading is lost.
LEGAL_CODES = {"NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch"}
CITABLE_TYPES = tuple(
    sorted({*DOC_TYPES.values(), *LEGAL_TYPES, "Công văn", "Văn bản"}, key=len, reverse=True)
)

# Administrative unit words, longest first so "thị trấn" wins over "thị".
UNITS = ("thành phố", "thị trấn", "thị xã", "phường", "quận", "huyện", "tỉnh", "xã")

# Heads of agencies written out in full, and their usual abbreviations in symbols.
AGENCIES: dict[str, str] = {
    "ủy ban nhân dân": "UBND",
    "hội đồng nhân dân": "HĐND",
    "ủy ban mặt trận tổ quốc việt nam": "UBMTTQVN",
}
AGENCY_OF_ABBREVIATION: dict[str, str] = {v: k for k, v in AGENCIES.items()}
AGENCY_HEADS = (
    "sở",
    "phòng",
    "ban",
    "cục",
    "vụ",
    "chi cục",
    "văn phòng",
    "trung tâm",
    "bộ",
    "bệnh viện",
    "trường",
    "công an",
)
# Words after which a proper name follows in a header, as after a unit word: 'khu vực Bảo
# Lộc', 'TP Đà Nẵng', 'THPT Ngũ Hành Sơn' (abbreviations of units and of school levels).
NAME_OPENERS = (
    "khu vực",
    "tp",
    "tp.",
    "tx",
    "tx.",
    "thpt",
    "thcs",
    "th",
    "mn",
    "tiểu học",
    "trung học cơ sở",
    "trung học phổ thông",
    "mầm non",
)

# First words of the name of an agency or body named in a text ("Sở Tư pháp", "Công an huyện",
# "UBND các xã"), for recognising who leads and who supports a duty; multi-word heads first.
ORG_HEADS = (
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "ủy ban mặt trận tổ quốc",
    "ủy ban mttq",
    "viện kiểm sát",
    "tòa án",
    "ngân hàng",
    "bưu điện",
    "bộ phận",
    "thường trực",
    "văn phòng",
    "trung tâm",
    "chi cục",
    "bệnh viện",
    "công an",
    "kho bạc",
    "thanh tra",
    "ban chỉ huy",
    "bộ chỉ huy",
    "ban chỉ đạo",
    "ban điều hành",
    "thuế cơ sở",
    "thành viên",
    "hạt",
    "trạm",
    "đội",
    "đồn",
    "tổ",
    "đài",
    "đoàn",
    "hội",
    "ubnd",
    "hđnd",
    "ubmttq",
    "sở",
    "phòng",
    "ban",
    "cục",
    "bộ",
    "trường",
    "viện",
    "huyện ủy",
    "tỉnh ủy",
    "đảng ủy",
)
# Words that end an agency's name in running text: the verbs of duties and the little words
# that follow a subject ("Sở Tài chính tổng hợp ...", "Công an huyện chủ trì ...").
NAME_STOPS = frozenset(
    [
        "chủ",
        "phối",
        "tổng",
        "tổ",
        "tham",
        "xây",
        "rà",
        "báo",
        "thực",
        "triển",
        "lập",
        "gửi",
        "bảo",
        "đảm",
        "đôn",
        "theo",
        "tiếp",
        "chuẩn",
        "phê",
        "hướng",
        "kiểm",
        "cử",
        "nộp",
        "làm",
        "mời",
        "dự",
        "trước",
        "sau",
        "trong",
        "về",
        "tại",
        "để",
        "cho",
        "với",
        "của",
        "đã",
        "sẽ",
        "đang",
        "có",
        "là",
        "được",
        "bị",
        "khi",
        "nếu",
        "thì",
        "từ",
        "đến",
        "chậm",
        "hoàn",
        "cân",
        "chỉ",
        "căn",
        "tiến",
        "trình",
        "giao",
        "chịu",
        "phụ",
        "đề",
        "nghiên",
        "thành",
        "khẩn",
        "tăng",
        "nâng",
        "quản",
        "duy",
        "cung",
        "cấp",
        "hỗ",
        "vận",
        "sử",
        "giám",
        "tuyên",
        "đăng",
        "quy",
        "sửa",
        "bổ",
        "phát",
        "nhập",
        "ôn",
        "tập",
        "đào",
        "bồi",
        "khảo",
        "thẩm",
        "thống",
        "chấm",
        "mua",
        "lựa",
        "bố",
        "họp",
        "soạn",
        "mở",
        "kích",
        "cài",
        "quyết",
        "tuần",
        "phấn",
        "kiện",
        "đẩy",
    ]
)
# Words that read as the head of an agency but open a common noun: 'Phòng Tổ chức chính quyền'.
NOT_HEADS = ("tổ chức",)
# Stop words that end a name only before their second syllable: 'báo cáo' ends 'Công an xã',
# 'báo' alone is part of 'Trung tâm Công báo - Tin học'.
STOP_PAIRS: dict[str, str] = {"báo": "cáo", "vận": "động"}  # not 'Giao thông vận tải'
# Plural groups named by their lower-case heads: "các sở, ban, ngành", "các cơ quan, đơn vị".
GROUP_WORDS = frozenset(
    ["sở", "ban", "ngành", "phòng", "đoàn", "thể", "cơ", "quan", "đơn", "vị", "địa"]
)

# Marks printed in the header (Decree 30, Appendix I).
URGENCY = ("THƯỢNG KHẨN", "HỎA TỐC", "KHẨN")
SECRECY = ("TUYỆT MẬT", "TỐI MẬT", "MẬT")

# The national motto block, split off header lines where OCR merged the two columns.
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

# Courtesy words and ranks before a person's name ('Đồng chí ...', 'Thượng tá Lò Văn Pấng').
HONORIFICS = ("đồng chí", "đ/c", "ông", "bà", "thầy", "cô")
RANKS = tuple(
    f"{grade} {rank}"
    for rank in ("tướng", "tá", "úy", "uý")
    for grade in ("Đại", "Thượng", "Trung", "Thiếu")
)

# Signing authority prefixes and the titles of signers.
AUTHORITIES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
SIGNER_TITLES = (
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "BÍ THƯ",
    "PHÓ BÍ THƯ",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "CỤC TRƯỞNG",
    "PHÓ CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
    "TỔNG GIÁM ĐỐC",
    "THỦ TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG",
    "HIỆU TRƯỞNG",
    "PHÓ VIỆN TRƯỞNG",
    "VIỆN TRƯỞNG",
    "PHÓ CHÁNH THANH TRA",
    "CHÁNH THANH TRA",
    "CHỈ HUY TRƯỞNG",
    "PHÓ CHỦ NHIỆM",
    "CHỦ NHIỆM",
)
# 'TRƯỞNG' or 'PHÓ TRƯỞNG' before the unit led: 'PHÓ TRƯỞNG CÔNG AN HUYỆN', 'TRƯỞNG KHOA'.
HEAD_OF_UNIT = "(?:PHÓ )?TRƯỞNG"
