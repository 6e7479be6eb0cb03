"""Lockout after repeated failed sign-ins (django-axes, counted in the database) and unlocking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.utils import reset
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bangfu.accounts.models import User
from bangfu.core import audit
from bangfu.sysadmin.parameters import LOCKOUT_FAILURES, LOCKOUT_MINUTES, parameter_value


def failure_limit(request: HttpRequest | None = None, credentials: dict[str, Any] | None = None) -> int:
    """AXES_FAILURE_LIMIT: the system parameter 登录失败锁定次数, read at every sign-in."""
    return parameter_value(LOCKOUT_FAILURES)


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: the system parameter 锁定时长."""
    return dt.timedelta(minutes=parameter_value(LOCKOUT_MINUTES))


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page says, in Chinese, that the account is locked (429)."""
    return render(request, "security/locked.html", {"minutes": parameter_value(LOCKOUT_MINUTES)}, status=429)


@transaction.atomic
def unlock_account(*, actor: Any, account: User) -> int:
    """Clear the failed attempts of `account` (the caller checked the actor may change it); recorded."""
    cleared = reset(username=account.username)
    audit.record("auth.unlocked", actor=actor, obj=account, org=account.org, changes={"attempts_cleared": cleared})
    return cleared
