"""Security headers the platform promises on every response, and the request context for audit."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from bangfu.core.request_context import reset_current_request, set_current_request


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_current_request(request)
        try:
            response = self.get_response(request)
        finally:
            reset_current_request(token)
        response.setdefault("Content-Security-Policy", settings.BANGFU_CSP)
        response.setdefault("X-Content-Type-Options", "nosniff")
        # Pages of a signed-in user may show personal data: never keep them in a shared cache.
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response
