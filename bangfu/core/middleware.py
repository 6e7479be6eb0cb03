"""Security headers the platform promises on every response, and the request context for audit."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

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


NUL_MESSAGE = "请求中含有不允许的空字符（NUL），请检查输入后重试。"


def _has_nul(request: HttpRequest) -> bool:
    """A NUL in the path, query or a non-multipart body: PostgreSQL cannot store or compare it."""
    if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method in ("POST", "PUT", "PATCH") and not content_type.startswith("multipart/"):
        body = request.body
        return b"\x00" in body or b"\\u0000" in body
    return False


class RejectNulBytesMiddleware:
    """Refuse input with NUL characters up front, with a Chinese message, instead of a 500 deep in the
    database driver (PostgreSQL rejects NUL in text; SQLite would store it silently). Multipart
    uploads are left to the forms, whose CharFields already prohibit NUL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400, json_dumps_params={"ensure_ascii": False})
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
