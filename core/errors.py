"""The one error tree of vanban.

Every error carries a stable ``code`` (part of the API contract), the HTTP status the
service answers with, and a message that tells the user what to do. The CLI maps the
tree to an exit code and one line on stderr; the HTTP app maps it to
``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    """The CLI's exit statuses: a contract for scripts that call it."""

    OK = 0
    INTERNAL = 1  # a bug: one line on stderr, the traceback in the log
    INPUT = 2  # the input must change (type, size, encoding, encryption)
    PROCESSING = 3  # valid input that could not be processed (OCR failed, out of memory)
    NOT_FOUND = 4
    UNAUTHORIZED = 5
    CONFLICT = 6
    INTERRUPTED = 130


class WarningCode(StrEnum):
    """Stable codes of the warnings a record carries (``{"code", "message"}``)."""

    BLANK_PAGE = "blank_page"
    LOW_CONFIDENCE = "low_ocr_confidence"
    PAGE_FAILED = "page_failed"  # one page left out (its error code is in the message)
    PAGE_DOWNSCALED = "page_downscaled"  # a large page rendered below the asked resolution
    PAGE_SIMPLIFIED = "page_read_simply"  # read again more simply after running out of time
    TEXT_READ_AS = "text_read_as"  # restoration: the text was garbled or stripped
    WORDS_UNREADABLE = "words_unreadable"  # restoration: words of garble kept as they were read
    TEXT_CONVERTED = "text_converted"  # a legacy encoding converted to Unicode
    EXTRACTION_FAILED = "extraction_failed"
    NO_SYMBOL = "no_symbol"
    NO_NUMBER = "no_number"  # the symbol printed, its number left blank or unreadable
    NO_DATE = "no_date"
    NO_DAY = "no_day"
    NO_TYPE = "no_type"
    NO_ISSUER = "no_issuer"
    NO_TITLE = "no_title"
    FIELD_INFERRED = "field_inferred"  # a field taken from elsewhere than its usual place


class VanbanError(Exception):
    """Base of every error vanban raises on purpose."""

    code = "error"
    http_status = 500
    exit_code = ExitCode.INTERNAL

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
    exit_code = ExitCode.INPUT


class UnsupportedType(InputError):
    code = "unsupported_type"
    http_status = 415


class TypeMismatch(InputError):
    """The file's name says PDF or image but its bytes are text."""

    code = "type_mismatch"
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


class ArchivalInvalid(InputError):
    """An archival metadata field unknown, or a value of the wrong kind for its field."""

    code = "invalid_archival"


class EmptySelection(InputError):
    """A selection of documents (ids, filters, a dossier) that holds no processed document."""

    code = "empty_selection"


class InvalidDate(InputError):
    """A date that is no calendar date (31 February, month 13, not YYYY-MM-DD), given as an
    option, a query parameter or a correction."""

    code = "invalid_date"


class InvalidCorrection(InputError):
    """A correction that does not fit the record (no such line, deadline or recipient)."""

    code = "invalid_correction"


class ProcessingError(VanbanError):
    """A stage failed on input that looked valid (e.g. the OCR engine crashed)."""

    code = "processing_failed"
    http_status = 500
    exit_code = ExitCode.PROCESSING


class OcrFailed(ProcessingError):
    code = "ocr_failed"


class OcrTimeout(OcrFailed):
    """Tesseract overran its time limit on a page (even read the simple way)."""

    code = "ocr_timeout"


class PageTimeout(ProcessingError):
    """A page's worker overran the page time limit and was stopped."""

    code = "page_timeout"


class OutOfMemory(ProcessingError):
    """A page needed more memory than a page worker may take (VANBAN_PAGE_MEMORY_MB)."""

    code = "out_of_memory"


class WorkerCrashed(ProcessingError):
    """A page's worker process died without answering (killed or crashed)."""

    code = "worker_crashed"


class InternalError(VanbanError):
    """An unexpected failure: a bug. The traceback goes to the log, one line to the user."""

    code = "internal_error"
    http_status = 500
    exit_code = ExitCode.INTERNAL


class ResourceMissing(ProcessingError):
    """A required external tool or data file is missing from this installation."""

    code = "resource_missing"


class PreservationFailed(ProcessingError):
    """A preservation copy (PDF/A) could not be made from the original and its record."""

    code = "preservation_failed"
    http_status = 422


class CorruptOriginal(VanbanError):
    """A stored original whose bytes no longer match its id (the SHA-256 it was stored by)."""

    code = "corrupt_original"
    http_status = 500
    exit_code = ExitCode.PROCESSING


class ConfigurationError(VanbanError):
    """A setting names something vanban cannot use (a database URL of an unknown kind)."""

    code = "invalid_configuration"
    http_status = 500
    exit_code = ExitCode.INPUT


class ServiceUnavailable(VanbanError):
    """A shared service (the database, the broker) does not answer."""

    code = "service_unavailable"
    http_status = 503
    exit_code = ExitCode.PROCESSING


class NotFound(VanbanError):
    code = "not_found"
    http_status = 404
    exit_code = ExitCode.NOT_FOUND


class Unauthorized(VanbanError):
    code = "unauthorized"
    http_status = 401
    exit_code = ExitCode.UNAUTHORIZED


class Conflict(VanbanError):
    code = "conflict"
    http_status = 409
    exit_code = ExitCode.CONFLICT


def error_for(code: str, message: str) -> VanbanError:
    """The error of the class that has ``code`` (e.g. one sent back by a page worker)."""
    for cls in _all_errors(VanbanError):
        if cls.code == code:
            return cls(message)
    return InternalError(message)


def _all_errors(cls: type[VanbanError]) -> list[type[VanbanError]]:
    out = [cls]
    for sub in cls.__subclasses__():
        out += _all_errors(sub)
    return out
