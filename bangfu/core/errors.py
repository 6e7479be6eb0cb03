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


def required_version(version: int | None) -> int:
    """The version a change was read at (optimistic locking): a change without it is refused, not applied
    over whatever is there now."""
    if version is None:
        raise ServiceError("修改时须提供读取时的版本号（version）", status=422)
    return version
