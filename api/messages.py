"""What each error and warning code means, in Vietnamese and English, for people.

Errors and warnings carry a stable code and a specific English message. People read the
text of this table for their language: the HTTP app answers in the language the request
asks for (``Accept-Language``), and the web page gets the whole table with the page.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["vi", "en"]

# code -> (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # errors: the input must change
    "invalid_input": (
        "Tệp không xử lý được như đã gửi. Kiểm tra lại tệp rồi gửi lại.",
        "The file cannot be processed as sent. Check it and send it again.",
    ),
    "unsupported_type": (
        "Định dạng tệp không được hỗ trợ. Hãy gửi PDF, PNG, JPEG, TIFF hoặc văn bản.",
        "This file type is not supported. Send a PDF, PNG, JPEG, TIFF or text file.",
    ),
    "type_mismatch": (
        "Tên tệp là PDF hoặc ảnh nhưng nội dung là văn bản. Đổi đuôi tệp thành .txt hoặc "
        "xuất lại tệp.",
        "The file is named as a PDF or image but holds text. Rename it to .txt or export it again.",
    ),
    "corrupt_file": (
        "Tệp bị hỏng, không đọc được. Mở thử bằng trình xem PDF hoặc quét lại bản giấy.",
        "The file is damaged and cannot be read. Check it opens in a viewer, or scan again.",
    ),
    "corrupt_original": (
        "Bản gốc lưu trong kho đã bị thay đổi hoặc hỏng trên đĩa. Khôi phục bản gốc từ bản sao "
        "lưu rồi chạy lại.",
        "A stored original was changed or damaged on disk. Restore it from a backup, then run "
        "again.",
    ),
    "encrypted_pdf": (
        "Tệp PDF có mật khẩu. Gỡ mật khẩu (in ra PDF mới) rồi tải lên lại.",
        "The PDF is protected by a password. Remove the password and upload it again.",
    ),
    "empty_document": ("Tệp trống, không có nội dung.", "The file is empty."),
    "image_too_small": (
        "Ảnh quá nhỏ để đọc. Hãy quét ở độ phân giải 200–300 dpi.",
        "The image is too small to read. Scan at 200-300 dpi.",
    ),
    "image_too_large": (
        "Ảnh quá lớn để đọc an toàn. Quét ở 300 dpi hoặc giảm kích thước ảnh.",
        "The image is too large to read safely. Scan at 300 dpi or reduce it.",
    ),
    "too_many_pages": (
        "Văn bản có quá nhiều trang. Hãy tách thành nhiều tệp rồi tải lên.",
        "The document has too many pages. Split it and upload the parts.",
    ),
    "file_too_large": (
        "Tệp vượt quá dung lượng cho phép nên không được lưu. Hãy tách văn bản rồi tải lên "
        "từng phần.",
        "The file is over the size limit and was not kept. Split it and upload the parts.",
    ),
    "invalid_text": (
        "Không đọc được bảng mã của văn bản. Hãy lưu lại dưới dạng Unicode (UTF-8).",
        "The text's encoding cannot be read. Save it as Unicode (UTF-8).",
    ),
    "invalid_request": (
        "Yêu cầu không hợp lệ: kiểm tra lại các giá trị đã nhập.",
        "The request is not valid: check the values sent.",
    ),
    "invalid_archival": (
        "Thông tin lưu trữ không hợp lệ: kiểm tra tên trường và giá trị (số, ngày tháng).",
        "The archival metadata is not valid: check the field names and values (numbers, dates).",
    ),
    "empty_selection": (
        "Không có văn bản nào đã xử lý trong lựa chọn này.",
        "The selection holds no processed document.",
    ),
    "invalid_date": (
        "Ngày không hợp lệ. Nhập ngày có thật, dạng 2024-01-23 hoặc ngày, tháng, năm.",
        "The date is not valid. Enter a real date, as 2024-01-23 or day, month and year.",
    ),
    "invalid_correction": (
        "Không sửa được: dòng, thời hạn hoặc nơi nhận này không có trong văn bản. Tải lại "
        "trang rồi sửa lại.",
        "The correction does not fit the document (no such line, deadline or recipient). "
        "Reload and correct it again.",
    ),
    # errors: processing
    "processing_failed": (
        "Xử lý văn bản không thành công. Tệp gốc vẫn được lưu; có thể xử lý lại sau.",
        "Processing failed. The original is kept and can be processed again.",
    ),
    "ocr_failed": (
        "Nhận dạng chữ (OCR) không thành công trên trang này.",
        "Text recognition (OCR) failed on this page.",
    ),
    "ocr_timeout": (
        "Nhận dạng chữ quá thời gian cho phép, kể cả khi đọc đơn giản hơn.",
        "Text recognition ran out of time, even read the simple way.",
    ),
    "page_timeout": (
        "Một trang xử lý quá thời gian cho phép nên đã dừng.",
        "A page took longer than allowed and was stopped.",
    ),
    "out_of_memory": (
        "Trang cần nhiều bộ nhớ hơn mức cho phép. Quét lại ở 300 dpi hoặc tăng giới hạn.",
        "The page needs more memory than a page may use. Scan at 300 dpi or raise the limit.",
    ),
    "worker_crashed": (
        "Tiến trình đọc trang bị dừng bất thường. Tệp gốc vẫn được lưu.",
        "The process reading the page stopped unexpectedly. The original is kept.",
    ),
    "resource_missing": (
        "Máy chủ thiếu thành phần cần thiết (Tesseract, poppler…). Báo cho quản trị viên.",
        "A required component (Tesseract, poppler...) is missing. Tell the administrator.",
    ),
    "preservation_failed": (
        "Không tạo được bản PDF/A lưu trữ của văn bản này. Tệp gốc vẫn được lưu.",
        "The preservation copy (PDF/A) of this document could not be made. The original is kept.",
    ),
    "internal_error": (
        "Lỗi ngoài dự kiến. Tệp gốc vẫn được lưu; chi tiết đã ghi vào nhật ký.",
        "An unexpected error. The original is kept; the details are in the log.",
    ),
    "invalid_configuration": (
        "Cấu hình máy chủ không hợp lệ. Báo cho quản trị viên.",
        "The service is not configured right. Tell the administrator.",
    ),
    "service_unavailable": (
        "Cơ sở dữ liệu hoặc hàng đợi chưa sẵn sàng. Thử lại sau ít phút.",
        "The database or the job queue does not answer. Try again in a few minutes.",
    ),
    "error": ("Có lỗi xảy ra.", "Something went wrong."),
    # errors: access
    "not_found": ("Không tìm thấy.", "Not found."),
    "unauthorized": (
        "Cần mã truy cập hợp lệ để thực hiện thao tác này.",
        "A valid access token is needed for this.",
    ),
    "conflict": (
        "Văn bản đã bị thay đổi bởi người khác. Tải lại rồi sửa lại.",
        "The document was changed by someone else. Reload and correct it again.",
    ),
    # warnings
    "blank_page": ("Trang trắng: không tìm thấy chữ.", "Blank page: no text found."),
    "low_ocr_confidence": (
        "Độ tin cậy nhận dạng chữ thấp: nên kiểm tra lại văn bản.",
        "Low OCR confidence: check the text.",
    ),
    "page_failed": (
        "Một trang không đọc được và đã bị bỏ qua; các trang khác vẫn được xử lý.",
        "A page could not be read and was left out; the other pages were processed.",
    ),
    "page_downscaled": (
        "Trang khổ lớn được đọc ở độ phân giải thấp hơn để nằm trong giới hạn điểm ảnh.",
        "A large page was read at a lower resolution to stay within the pixel limit.",
    ),
    "page_read_simply": (
        "Trang được đọc lại theo cách đơn giản hơn vì quá thời gian.",
        "The page was read again the simple way after running out of time.",
    ),
    "text_read_as": (
        "Văn bản bị mất dấu hoặc lỗi OCR cũ; đã khôi phục dấu tiếng Việt.",
        "The text had lost its diacritics or was garbled; they were restored.",
    ),
    "words_unreadable": (
        "Có từ không đọc được, được giữ nguyên như khi nhận dạng: nên kiểm tra.",
        "Some words could not be read and were kept as they were read: check them.",
    ),
    "text_converted": (
        "Văn bản dùng bảng mã cũ (TCVN3, VNI…) hoặc bị lỗi mã (UTF-8 bị đọc thành"
        " Windows-1252) đã được chuyển sang Unicode.",
        "Text in a legacy encoding (TCVN3, VNI...) or in UTF-8 once read as Windows-1252"
        " was converted to Unicode.",
    ),
    "extraction_failed": (
        "Không trích xuất được thông tin; văn bản vẫn được lưu.",
        "The fields could not be extracted; the text is kept.",
    ),
    "no_symbol": ("Không tìm thấy số, ký hiệu văn bản.", "No number and symbol found."),
    "no_number": (
        "Số của văn bản để trống hoặc không đọc được (viết tay?): nên nhập tay.",
        "The document's number is blank or unreadable (handwritten?): enter it by hand.",
    ),
    "no_date": ("Không tìm thấy địa danh, ngày tháng.", "No place and date found."),
    "no_day": ("Ngày của văn bản để trống hoặc không đọc được.", "The day is blank or unreadable."),
    "no_type": ("Không xác định được loại văn bản.", "No document type found."),
    "no_issuer": (
        "Không đọc được cơ quan ban hành: nên nhập tay.",
        "No issuing body could be read: enter it by hand.",
    ),
    "no_title": ("Không tìm thấy trích yếu của văn bản.", "No title (trích yếu) found."),
    "field_inferred": (
        "Một thông tin được suy ra từ phần khác của văn bản: nên kiểm tra.",
        "A field was inferred from another part of the document: check it.",
    ),
    "note": ("Ghi chú", "Note"),
}


def message(code: str, language: Language, fallback: str) -> str:
    """The people's text for ``code`` in ``language``; ``fallback`` for English details."""
    texts = MESSAGES.get(code)
    if texts is None and code.startswith("http_"):
        return "Yêu cầu không thực hiện được." if language == "vi" else fallback
    if texts is None:
        return fallback
    return texts[0] if language == "vi" else fallback or texts[1]


def table(language: Language) -> dict[str, str]:
    """Every code's text in ``language`` (what the web page shows)."""
    return {code: texts[0 if language == "vi" else 1] for code, texts in MESSAGES.items()}


def language_of(accept_language: str | None) -> Language:
    """Vietnamese when the request prefers it over English, English otherwise."""
    ranked: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((weight, tag.lower()[:2]))
    for _, tag in sorted(ranked, key=lambda r: -r[0]):
        if tag in ("vi", "en"):
            return "vi" if tag == "vi" else "en"
    return "en"
