"""The one error tree of vanban.

Every error carries a stable ``code`` (part of the API contract), the HTTP status the
service answers with, and a message that tells the user what to do. The CLI maps the
tree to an exit code and one line on stderr; the HTTP app maps it to
``{"error": {"code", "message"}}``.
"""

from __future__ import annotations


class VanbanError(Exception):
    """Base of every error vanban raises on purpose."""

    code = "error"
    http_status = 500
    exit_code = 1

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class InputError(VanbanError):
    """The input cannot be processed as given; the user must change it."""

    code = "invalid_input"
    http_status = 422
    exit_code = 2


class UnsupportedType(InputError):
    code = "unsupported_type"
    http_status = 415


class CorruptFile(InputError):
    code = "corrupt_file"


class EncryptedPdf(InputError):
    code = "encrypted_pdf"


class EmptyDocument(InputError):
    code = "empty_document"


class ImageTooSmall(InputError):
    code = "image_too_small"


class ImageTooLarge(InputError):
    code = "image_too_large"


class TooManyPages(InputError):
    code = "too_many_pages"


class FileTooLarge(InputError):
    code = "file_too_large"
    http_status = 413


class InvalidText(InputError):
    code = "invalid_text"


class ProcessingError(VanbanError):
    """A stage failed on input that looked valid (e.g. the OCR engine crashed)."""

    code = "processing_failed"
    http_status = 500
    exit_code = 3


class OcrFailed(ProcessingError):
    code = "ocr_failed"


class ResourceMissing(ProcessingError):
    """A required external tool or data file is missing from this installation."""

    code = "resource_missing"


class NotFound(VanbanError):
    code = "not_found"
    http_status = 404
    exit_code = 4


class Unauthorized(VanbanError):
    code = "unauthorized"
    http_status = 401
    exit_code = 5


class Conflict(VanbanError):
    code = "conflict"
    http_status = 409
    exit_code = 6
