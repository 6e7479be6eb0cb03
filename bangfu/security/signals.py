"""Sign-in, sign-out and lockout events: Django's auth signals and django-axes' lockout signal are the
only place these moments are announced, so the audit records are written from their receivers.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from bangfu.core import audit
from bangfu.security import sessions
from bangfu.security.models import EndReason


def _attempted_user(username: str) -> Any:
    if not username:
        return None
    return get_user_model().objects.filter(username=username).select_related("org").first()


@receiver(user_logged_in, dispatch_uid="bangfu_security_logged_in")
def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    sessions.start_session(request, user)
    audit.record("auth.login", actor=user, obj=user, org=getattr(user, "org", None), request=request)


@receiver(user_logged_out, dispatch_uid="bangfu_security_logged_out")
def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    reason = getattr(request, "bangfu_end_reason", EndReason.LOGOUT)
    sessions.end_session(getattr(request.session, "session_key", None), reason)
    if user is not None:
        action = "auth.logout" if reason == EndReason.LOGOUT else "auth.session_expired"
        audit.record(action, actor=user, obj=user, org=getattr(user, "org", None), request=request,
                     changes={"reason": str(reason)})


@receiver(user_login_failed, dispatch_uid="bangfu_security_login_failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                    **kwargs: Any) -> None:
    username = str(credentials.get("username") or "")[:150]
    user = _attempted_user(username)
    # axes' receivers run first (connected when axes.signals is imported above): the flag is set when
    # this attempt locked the account or found it locked already.
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(
        "auth.login_failed", actor=user, actor_name=username, obj=user, org=getattr(user, "org", None),
        request=request, outcome=audit.DENIED if locked else audit.FAILURE,
        changes={"locked": locked},
    )


@receiver(user_locked_out, dispatch_uid="bangfu_security_locked_out")
def on_locked_out(sender: Any, request: HttpRequest | None = None, username: str | None = None,
                  **kwargs: Any) -> None:
    user = _attempted_user(username or "")
    audit.record(
        "auth.locked_out", actor=user, actor_name=username or "", obj=user, org=getattr(user, "org", None),
        request=request, outcome=audit.DENIED,
    )
