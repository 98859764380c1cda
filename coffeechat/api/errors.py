"""Errors the API answers with: a status, a message in plain words, and the field at fault."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
