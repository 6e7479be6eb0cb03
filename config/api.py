"""The JSON API under /api/v1/: django-ninja, session or personal-token auth, Chinese errors.

Each domain app exposes `router` in its `api.py`; they are mounted here under the app's prefix.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyCookie, HttpBearer

from bangfu.accounts.models import ApiToken
from bangfu.accounts.routes import refuses_roleless
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.security.errors import DocumentedErrorsNinjaAPI, validation_message


class SessionAuth(APIKeyCookie):
    """The browser's session (CSRF-checked on unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return refuse_roleless(request, user)
        return None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bf_…` — a personal token made on the user's page: not revoked, not expired,
    made under the owner's current password; a read-only token only reads."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token), revoked=False).first()
        if row is None or not row.is_valid_for(row.user):
            return None
        if row.read_only and request.method not in READ_METHODS:
            raise ServiceError("只读令牌只能读取数据，不能提交或修改。", status=403)
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return refuse_roleless(request, row.user)


def refuse_roleless(request: HttpRequest, user: Any) -> Any:
    """The route-level rule of `bangfu.accounts.routes` for every operation, once the caller is known and
    before its body is validated: a user with no role reaches only the operations open to every user."""
    match = getattr(request, "resolver_match", None)
    if refuses_roleless(user, match.view_name if match else ""):
        raise PermissionDenied
    return user


READ_METHODS = ("GET", "HEAD", "OPTIONS")


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as it is, not \\u escapes: readable in logs and by staff's tools."""

    json_dumps_params = {"ensure_ascii": False}


api = DocumentedErrorsNinjaAPI(
    renderer=ChineseJSONRenderer(),
    title="帮扶 Bangfu API",
    version="1",
    description="工会帮扶服务平台接口。所有读取均按当前用户的数据范围过滤；范围之外的记录返回 404。",
    # Token first: the session check enforces CSRF, which a token client has no cookie for.
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "未找到该记录，或不在您的数据范围内。")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "您没有执行此操作的权限。")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "请先登录，或提供有效的访问令牌。")


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])[1:]) or "-", "message": validation_message(error)}
        for error in exc.errors
    ]
    named = "；".join(f"{error['field']}：{error['message']}" for error in errors[:5])
    message = f"提交的数据不符合要求：{named}。" if named else "提交的数据不符合要求。"
    return _error(request, 422, message, errors=errors)


@api.exception_handler(ConflictError)
def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return _error(request, 409, str(exc))


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, exc.status, str(exc), **exc.extra)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


ROUTERS = (
    ("accounts", "bangfu.accounts.api", "组织与账号"),
    ("security", "bangfu.security.api", "审计与安全"),
    ("people", "bangfu.people.api", "困难职工建档"),
    ("people-import", "bangfu.people.imports.api", "建档导入导出"),
    ("jobs", "bangfu.jobs.api", "就业与岗位"),
    ("matching", "bangfu.matching.api", "人岗匹配"),
    ("assistance", "bangfu.assistance.api", "帮扶与送温暖"),
    ("reports", "bangfu.reports.api", "统计报表"),
    ("training", "bangfu.training.api", "培训"),
    ("legal", "bangfu.legal.api", "职工法律援助"),
    ("ventures", "bangfu.ventures.api", "职工创业扶持"),
    ("workforce", "bangfu.workforce.api", "工会社工队伍"),
    ("honours", "bangfu.honours.api", "劳模工匠与技能人才"),
    ("channel", "bangfu.channel.api", "职工端与 12351 热线"),
)

for _prefix, module_name, _tag in ROUTERS:
    _module = importlib.import_module(module_name)
    api.add_router("/", _module.router)
