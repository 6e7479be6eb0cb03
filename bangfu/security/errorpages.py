"""The error answers a person sees, for pages and the API alike, in every environment (issue 9 §7).

One status policy (docs/errors.md; `bangfu.core.pages.call_service` applies it to service refusals):
400 bad input, 401 not signed in (API), 403 the roles do not grant the action, 404 no such record or
outside the user's scope (never 403, so existence is not disclosed), 405 wrong method, 409 stale version
or a state that no longer allows the step, 429 too many attempts, 500 our fault. Pages answer a Chinese
page in the site's look with the way back; the API answers `{"detail": "<Chinese>"}`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from bangfu.security.errors import API_PREFIX, ERROR_MESSAGES

log = logging.getLogger("django.request")

PAGE_TEXTS: dict[int, tuple[str, str]] = {
    400: ("请求有误", "提交的内容不符合要求，请返回检查后重试。"),
    403: ("没有权限", "您的角色没有执行此操作的权限。如需办理，请联系本单位的系统管理员。"),
    404: ("未找到", "该页面或记录不存在，或不在您的数据范围内。"),
    405: ("不支持的操作", "该地址不支持这种请求方式。"),
    409: ("数据已变化", "数据已被他人修改或与现有数据冲突，请刷新后重试。"),
    429: ("请求过于频繁", "请稍后再试。"),
    500: ("系统出错", "系统处理您的请求时出错，已记录。请稍后重试；如仍出错，请联系系统管理员。"),
}
SERVER_ERROR_DETAIL = "服务器内部错误，已记录，请稍后重试。"
# Rendered when the site's template itself cannot be (the database is down, a template is broken).
BARE_PAGE = (
    '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8"><title>{title} · 帮扶</title></head>'
    '<body><h1>{status} {title}</h1><p>{message}</p><p><a href="/">返回首页</a></p></body></html>'
)


def _back_url(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    allowed = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
    return referer if referer and allowed else ""


def error_response(request: HttpRequest, status: int) -> HttpResponse:
    """The answer for `status`: JSON under /api/, else the Chinese page with the way back."""
    if request.path.startswith(API_PREFIX):
        detail = ERROR_MESSAGES.get(status, SERVER_ERROR_DETAIL)
        return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    title, message = PAGE_TEXTS.get(status, PAGE_TEXTS[500])
    context = {"status": status, "title": title, "message": message, "home_url": reverse("home"),
               "back_url": _back_url(request)}
    body: str
    try:
        body = render_to_string("core/error.html", context, request=request)
    except Exception:  # the error page must never fail: fall back to a page without the site's frame
        log.warning("error page for %s could not be rendered", status, exc_info=True)
        body = BARE_PAGE.format(**context)
    response = HttpResponse(body, status=status)
    response.bangfu_error_page = True  # type: ignore[attr-defined]
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)


class ErrorPagesMiddleware:
    """The same Chinese pages with DEBUG on (the demo) as off: Django's debug 404 and 500 pages never show.

    A view's exception is still logged and signalled (`got_request_exception`), so the test client still
    raises it and the log still carries the traceback."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # An unknown path (no view ran): Django's own 404 answer, debug or not, becomes ours.
        ours = getattr(response, "bangfu_error_page", False)
        if isinstance(response, HttpResponseNotFound) and not ours and not request.path.startswith(API_PREFIX):
            return error_response(request, 404)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return error_response(request, 404)
        if isinstance(exception, PermissionDenied):
            return error_response(request, 403)
        if request.path.startswith(API_PREFIX):
            return None  # the API's own handlers answer
        log.error("Internal Server Error: %s", request.path, exc_info=sys.exc_info(), extra={"status_code": 500})
        got_request_exception.send(sender=None, request=request)
        return error_response(request, 500)

