"""The lockout check in front of Django's password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def address_failures(ip_address: str | None) -> int:
    """Failed sign-ins from one address within the cool-off, over every username tried from it."""
    if not ip_address:
        return 0
    since = timezone.now() - get_cool_off()
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return int(total or 0)


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a username locked from this address (django-axes, by username AND address, so nobody can
    lock another person out from elsewhere), and an address that has failed too often across usernames
    (a slower limit: spraying passwords over many accounts). A sign-in without a request — a test
    client's `login()`, a shell — is not a web sign-in and has nothing to lock out: it is let through
    to the next backend instead of raising."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if request is None:
            return None
        if address_failures(get_client_ip_address(request)) >= settings.BANGFU_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True  # type: ignore[attr-defined]  # AxesMiddleware answers the lockout page
            raise AxesBackendPermissionDenied("too many failed sign-ins from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)  # type: ignore[arg-type]
