"""Request-level guards: field keys must fit the database, session timeouts and the forced password
change, audit of denials, and Chinese messages on every 4xx of the API.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bangfu.accounts.routes import open_to_every_user, refuses_roleless
from bangfu.accounts.scoping import reads_of
from bangfu.core import audit
from bangfu.core.auditkeys import current_audit_key_id
from bangfu.core.sensitive import SensitiveDataError, check_keys_against_database
from bangfu.security import sessions
from bangfu.security.errorpages import error_response
from bangfu.security.errors import API_PREFIX, chinese_detail, has_chinese

log = logging.getLogger(__name__)
GetResponse = Callable[[HttpRequest], HttpResponse]
SAFE_METHODS = ("GET", "HEAD")


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX) or request.path == "/healthz"


def _refusal(request: HttpRequest, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"status": "error", "detail": message}, status=503,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "security/refused.html", {"message": message}, status=503)


class KeyGuardMiddleware:
    """Refuse to serve (503) while the field keys are missing or are not the ones the database was
    written with — e.g. a backup restored without its keys — or the audit key is missing or malformed.
    A success is remembered for a minute."""

    RECHECK_SECONDS = 60.0

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.checked_at = 0.0

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.monotonic()
        if now - self.checked_at > self.RECHECK_SECONDS:
            try:
                check_keys_against_database()
                current_audit_key_id()  # no audit key: nothing could be recorded, so nothing is served
            except SensitiveDataError as error:
                log.error("field keys refused: %s", error)
                return _refusal(request, str(error))
            self.checked_at = now
        return self.get_response(request)


def _exempt_from_password_change(path: str) -> bool:
    allowed = (reverse("security:password_change"), reverse("logout"), "/i18n/", settings.STATIC_URL,
               settings.MEDIA_URL, "/healthz")
    return path.startswith(allowed)


class SessionPolicyMiddleware:
    """Idle timeout (30 min) and absolute limit (8 h) of a session; an initial password must be changed
    before anything else is done."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            reason = sessions.expired_reason(request)
            if reason is not None:
                return self._sign_out(request, reason)
            if getattr(user, "must_change_password", False) and not _exempt_from_password_change(request.path):
                return self._to_password_change(request)
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, reason: str) -> HttpResponse:
        request.bangfu_end_reason = reason  # type: ignore[attr-defined]
        logout(request)
        message = _("Your session has ended (idle for too long, or signed in for too long). Please sign in again.")
        if _wants_json(request):
            return JsonResponse({"detail": message}, status=401, json_dumps_params={"ensure_ascii": False})
        messages.warning(request, message)
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(settings.LOGIN_URL)
            return response
        return redirect_to_login(request.get_full_path())

    def _to_password_change(self, request: HttpRequest) -> HttpResponse:
        if _wants_json(request):
            return JsonResponse({"detail": _("Change your initial password first.")}, status=403,
                                json_dumps_params={"ensure_ascii": False})
        target = reverse("security:password_change")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


DENIAL_ACTIONS = {401: "access.unauthenticated", 403: "access.denied", 404: "access.not_found"}


class AuditDenialsMiddleware:
    """Every refusal leaves an event: 401 and 403 always, 404 for a signed-in user (a record outside
    the user's scope answers 404, so this is how probing shows up). Undecryptable data answers 503."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        action = DENIAL_ACTIONS.get(response.status_code)
        if action is not None:
            user = getattr(request, "user", None)
            signed_in = user is not None and user.is_authenticated
            if response.status_code != 404 or signed_in:
                self._record(request, action, response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, SensitiveDataError):
            return None
        log.error("sensitive data could not be decrypted on %s", request.path)
        self._record(request, "sensitive.decrypt_failed", 503, outcome=audit.FAILURE)
        return _refusal(request, _("Sensitive data cannot be decrypted: the field keys are missing or wrong."))

    @staticmethod
    def _record(request: HttpRequest, action: str, status: int, outcome: str = audit.DENIED) -> None:
        try:
            audit.record(action, request=request, outcome=outcome,
                         changes={"path": request.path[:200], "method": request.method, "status": status})
        except DatabaseError:
            log.warning("could not record %s for %s", action, request.path, exc_info=True)


class ApiErrorMessagesMiddleware:
    """Under /api/, a 4xx always answers `{"detail": "<Chinese>"}` (ninja's own English messages, a
    405 without body, Django's HTML 404 for an unknown path are rewritten)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or not 400 <= response.status_code < 500:
            return response
        if getattr(response, "streaming", False):
            return response
        body: object = None
        if response.get("Content-Type", "").startswith("application/json"):
            try:
                body = json.loads(response.content or b"null")
            except ValueError:
                body = None
        if isinstance(body, dict) and has_chinese(str(body.get("detail", ""))):
            return response
        payload = dict(body) if isinstance(body, dict) else {}
        original = str(payload.get("detail", "")) if payload else ""
        payload["detail"] = chinese_detail(response.status_code, original)
        rewritten = JsonResponse(payload, status=response.status_code, json_dumps_params={"ensure_ascii": False})
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                rewritten[header] = response[header]
        return rewritten


def _let_go(response: HttpResponse) -> None:
    """Close the file a refused response would have streamed. Not `response.close()`: that also sends
    request_finished, whose close_old_connections would close the database connection in the middle of the
    request (inside a transaction on PostgreSQL), and the denial audit after it would fail. A generator
    never iterated has opened nothing, so a file is all there is to let go."""
    file_to_stream = getattr(response, "file_to_stream", None)
    if file_to_stream is not None:
        file_to_stream.close()


class RoutePermissionMiddleware:
    """The route-level 403 of the status policy, for pages and the API alike (`bangfu.accounts.routes`):
    a user with no role is refused every route not open to all before its view runs (the API refuses in
    its authentication, where a token's owner becomes known), and a read whose records came only through
    permissions none of the user's roles grants answers 403 instead of an empty list or a 404.

    Innermost in the chain, so the denial audit and the API's Chinese messages see the final answer."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with reads_of(request) as reads:
            response = self.get_response(request)
        if request.method not in SAFE_METHODS or not (200 <= response.status_code < 300 or response.status_code == 404):
            return response
        match = getattr(request, "resolver_match", None)
        if match is None or open_to_every_user(match.view_name) or not reads.none_granted:
            return response
        _let_go(response)
        return error_response(request, 403)

    def process_view(self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: Any,
                     view_kwargs: Any) -> None:
        if request.path.startswith(API_PREFIX):
            return  # the API's authentication applies the same rule to session and token alike
        if refuses_roleless(request.user, request.resolver_match.view_name if request.resolver_match else ""):
            raise PermissionDenied
