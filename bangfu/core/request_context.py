"""The current request, for audit events written deep inside services (IP, user agent)."""

from __future__ import annotations

from contextvars import ContextVar

from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("bangfu_current_request", default=None)


def current_request() -> HttpRequest | None:
    return _current.get()


def set_current_request(request: HttpRequest | None) -> object:
    return _current.set(request)


def reset_current_request(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
