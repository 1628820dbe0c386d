"""Errors the user sees. Every one carries a Chinese message that says what was wrong and what to do."""

from __future__ import annotations


class MingjingError(Exception):
    """Base class: ``str(err)`` is the Chinese message for the user."""

    code = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}{hint}")


class ReadError(MingjingError):
    """The file could not be read as a report (broken, empty, too large, wrong kind)."""

    code = "read"


class UnsupportedFormatError(ReadError):
    """The file's format is not one 明镜 reads (an image, an archive …)."""

    code = "unsupported-format"


class ConversionUnavailableError(ReadError):
    """A .doc/.wps/.pdf needs a converter (LibreOffice, pdftotext) that is not installed."""

    code = "converter-missing"


class FrameworkError(MingjingError):
    """An unknown framework name or a broken framework data file."""

    code = "framework"


class LimitExceededError(ReadError):
    """The file passes a reading limit (size, parts, XML nodes, characters, pages, converter time or memory).

    ``limit`` names the limit (a field of :class:`mingjing.readers.limits.ReadLimits`).
    """

    code = "limit"

    def __init__(self, message: str, *, limit: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.limit = limit
