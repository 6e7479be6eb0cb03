"""The worker's session on a request: its own cookie, its own table, never Django's `request.user`.

A worker's pages are wrapped in `worker_required`, which finds the live `WorkerSession` behind the
`bangfu_worker` cookie and puts its account on `request.worker`; staff pages check `request.user`, which a
worker's cookie never sets, so a worker reaches no staff URL (tested over every route).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from bangfu.channel import queries
from bangfu.channel.models import WorkerSession
from bangfu.channel.services.signin import SignedIn, token_hash

COOKIE = "bangfu_worker"


def session_of(request: HttpRequest) -> WorkerSession | None:
    token = request.COOKIES.get(COOKIE, "")
    if not token or len(token) > 100:
        return None
    return queries.session_for_token(token_hash(token))


def worker_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        session = session_of(request)
        if session is None:
            return redirect("portal:sign_in")
        request.worker = session.account  # type: ignore[attr-defined]
        request.worker_session = session  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


def set_cookie(response: HttpResponse, signed: SignedIn) -> None:
    response.set_cookie(COOKIE, signed.token, expires=signed.expires_at, httponly=True, samesite="Lax",
                        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)), path="/w/")


def clear_cookie(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, path="/w/", samesite="Lax")
