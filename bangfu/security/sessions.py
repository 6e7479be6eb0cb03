"""Session policy: idle and absolute timeouts, the online list, and forced sign-out (强退).

Django's `login()` already gives a new session id on sign-in and `logout()` deletes the server session;
this module keeps a `UserSession` row beside each session so that both ends are recorded and an
auditor can end a session from the online-users page.
"""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from bangfu.core import audit
from bangfu.security.models import EndReason, UserSession

# Keys in the session (timestamps as epoch seconds: the session serializer is JSON).
LOGIN_AT = "bf_login_at"
SEEN_AT = "bf_seen_at"
# How often the last-seen time is written back (a write per request would be wasteful): at most every
# minute, and at most every quarter of the idle limit, so a short limit never ends an active session.
TOUCH_EVERY_SECONDS = 60


def touch_every_seconds() -> float:
    return min(TOUCH_EVERY_SECONDS, idle_seconds() / 4)


def idle_seconds() -> int:
    return int(getattr(settings, "BANGFU_SESSION_IDLE_SECONDS", 30 * 60))


def absolute_seconds() -> int:
    return int(getattr(settings, "BANGFU_SESSION_ABSOLUTE_SECONDS", 8 * 3600))


def _user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:300]


def start_session(request: HttpRequest, user: Any, *, keep_login_time: bool = False) -> None:
    """After sign-in (the session already has its new key): stamp the times, record the session.

    `keep_login_time`: the same sign-in under a new key (after a password change) keeps its start,
    so the absolute limit still counts from the sign-in.
    """
    now = time.time()
    if not (keep_login_time and request.session.get(LOGIN_AT)):
        request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key
    moment = timezone.now()
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={"user": user, "ip_address": audit.client_ip(request), "user_agent": _user_agent(request),
                  "started_at": moment, "last_seen_at": moment, "ended_at": None, "end_reason": ""},
    )


def end_session(session_key: str | None, reason: str) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key, ended_at__isnull=True).update(
            ended_at=timezone.now(), end_reason=reason
        )


def end_other_sessions(user: Any, keep_key: str | None, reason: str) -> int:
    """End the user's other sessions (Django already refuses them after a password change)."""
    return (
        UserSession.objects.filter(user=user, ended_at__isnull=True)
        .exclude(session_key=keep_key or "")
        .update(ended_at=timezone.now(), end_reason=reason)
    )


def expired_reason(request: HttpRequest) -> str | None:
    """Why the current session must end now (idle or too long), or None; touches the last-seen time."""
    session = request.session
    now = time.time()
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        # A session made before this policy (or by a test's force_login): start counting now.
        session[LOGIN_AT] = login_at or now
        session[SEEN_AT] = now
        return None
    if now - float(login_at) > absolute_seconds():
        return EndReason.ABSOLUTE
    if now - float(seen_at) > idle_seconds():
        return EndReason.IDLE
    if now - float(seen_at) >= touch_every_seconds():
        session[SEEN_AT] = now
        if session.session_key:
            UserSession.objects.filter(session_key=session.session_key).update(last_seen_at=timezone.now())
    return None


def online_sessions() -> QuerySet[UserSession]:
    """Sessions not ended and seen within the idle timeout (and younger than the absolute limit)."""
    now = timezone.now()
    return UserSession.objects.filter(
        ended_at__isnull=True,
        last_seen_at__gte=now - dt.timedelta(seconds=idle_seconds()),
        started_at__gte=now - dt.timedelta(seconds=absolute_seconds()),
    ).select_related("user", "user__org")


def _delete_server_session(session_key: str) -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=session_key).delete()


@transaction.atomic
def terminate_session(*, actor: Any, session: UserSession) -> None:
    """强退: delete the server session at once (the user's next request is signed out) and record it."""
    updated = UserSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=EndReason.FORCED
    )
    _delete_server_session(session.session_key)
    audit.record(
        "auth.session_terminated", actor=actor, obj=session.user, org=getattr(session.user, "org", None),
        changes={"session": session.pk, "already_ended": not updated},
    )
