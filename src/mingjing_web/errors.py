"""Errors a service raises for the user: the message is Chinese and says what to do."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out as asked (wrong state, bad input). Nothing was saved."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class UploadError(ServiceError):
    """An uploaded file or pasted text that cannot be taken as a report."""
