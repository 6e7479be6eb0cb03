"""Errors a service raises for a person to read: Chinese message, HTTP status, optional details."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A refused request: invalid state, rule broken. `status` for the API; message shown as is."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None, **extra: Any) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status
        self.extra = extra


class ConflictError(ServiceError):
    """Someone else changed the record first (stale version), or an idempotency clash."""

    status = 409
