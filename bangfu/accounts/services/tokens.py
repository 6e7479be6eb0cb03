"""Personal API tokens: issued with an expiry (and optionally read-only), revoked one by one or all at once
when the owner's password, roles or activity change."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bangfu.accounts.models import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, ApiToken, TokenRevokeReason, User
from bangfu.core import audit
from bangfu.core.errors import ServiceError

RevokeReason = TokenRevokeReason


@transaction.atomic
def issue_api_token(
    *, actor: User, name: str, days: int = DEFAULT_TOKEN_DAYS, read_only: bool = False
) -> tuple[ApiToken, str]:
    """A personal token for scripts and other systems; the token itself is shown once, only its digest kept."""
    name = (name or "").strip()
    if not name:
        raise ServiceError("用途：请填写令牌的用途。")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ServiceError(f"有效天数：应在 1 到 {MAX_TOKEN_DAYS} 天之间。")
    row, token = ApiToken.issue(actor, name, days=days, read_only=read_only)
    audit.record(
        "api_token.issue",
        actor=actor,
        obj=row,
        org=actor.org,
        changes={"name": name, "days": days, "read_only": read_only},
    )
    return row, token


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise ServiceError("未找到该令牌。", status=404)  # one's own tokens only
    ApiToken.objects.filter(pk=token.pk, revoked=False).update(revoked=True, revoked_reason=RevokeReason.OWNER)
    audit.record("api_token.revoke", actor=actor, obj=token, org=actor.org)


def revoke_user_tokens(*, actor: Any, user: User, reason: str) -> int:
    """Void every live token of `user` (call inside the transaction of the change that requires it)."""
    count = ApiToken.objects.filter(user=user, revoked=False).update(revoked=True, revoked_reason=reason)
    if count:
        audit.record(
            "api_token.revoke_all", actor=actor, obj=user, org=user.org, changes={"reason": reason, "count": count}
        )
    return count
