"""The one way a page calls a service: a refusal is shown to the person, never a 500 or a bare 403.

Status policy (the same for pages and the API, written in docs/architecture.md):
- input that breaks a rule or a field's format: 400 on a page re-render, 422 from the API's schema layer
  only when the JSON itself does not fit the schema; a service's own refusal carries its status;
- a stale version or a state that no longer allows the step: 409;
- a record outside the user's data scope: 404 (never 403, so existence is not disclosed);
- an action the user's roles do not grant on a record they can see: 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest

from bangfu.core.errors import ServiceError

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a service call gave a page: its result, or the status of its refusal."""

    result: T | None
    status: int = 200

    @property
    def ok(self) -> bool:
        return self.status < 400

    @property
    def value(self) -> T:
        """The result of a call that succeeded (check `ok` first)."""
        if self.result is None:
            raise ValueError("the service call was refused; it has no result")
        return self.result


def call_service(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    form: Any = None,
    success: str | Callable[[T], str] | None = None,
) -> Outcome[T]:
    """Run `action` (a service call) for a page.

    A refusal with status 404 raises Http404 (outside scope stays a plain 404). Any other refusal is
    shown on `form` as a non-field error when a form is given, else as an error message; the caller
    re-renders with `outcome.status`. On success the `success` message (text, or made from the result)
    is queued.
    """
    try:
        result = action()
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from None
        if form is not None:
            form.add_error(None, str(exc))
        else:
            messages.error(request, str(exc))
        return Outcome(None, exc.status)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return Outcome(result)


def form_errors_text(form: Any) -> str:
    """A form's errors as one sentence naming each field by its label ("理由：…；日期：…"), for a page that
    answers with a message or a `ServiceError` rather than the form again."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = "；".join(str(error) for error in errors)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


def valid_or_told(request: HttpRequest, form: Any) -> bool:
    """Whether a posted step form validates; when not, its errors are told on the page it returns to."""
    if form.is_valid():
        return True
    messages.error(request, form_errors_text(form))
    return False
