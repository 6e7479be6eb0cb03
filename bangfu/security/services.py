"""Writes of the security app that a page needs beyond `sessions` and `lockouts`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import HttpRequest

from bangfu.accounts.models import TokenRevokeReason
from bangfu.accounts.services import revoke_user_tokens
from bangfu.core import audit
from bangfu.security import sessions
from bangfu.security.models import EndReason


def change_password(*, request: HttpRequest, form: PasswordChangeForm) -> Any:
    """Save the new password of a valid form, recorded; the user's API tokens are revoked, this session
    stays signed in under a new key and the user's other sessions end."""
    with transaction.atomic():
        user = form.save(commit=False)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit.record("auth.password_changed", actor=user, obj=user, org=user.org)
        revoke_user_tokens(actor=user, user=user, reason=TokenRevokeReason.PASSWORD)  # tokens die with it
    old_key = request.session.session_key
    update_session_auth_hash(request, user)
    sessions.end_session(old_key, EndReason.PASSWORD)
    sessions.start_session(request, user, keep_login_time=True)
    sessions.end_other_sessions(user, request.session.session_key, EndReason.PASSWORD)
    return user
