"""Which routes a signed-in user may open at all — the route-level half of the status policy's 403.

The record-level half is `scoping` (a role that grants the act must reach the record, else 404). Before
that, two route-level rules answer 403 "the role lacks the permission", for pages and the API alike:

1. A user holding no role may open only the routes every signed-in user has (home, their own password
   and tokens, `/api/v1/me`); everything else is refused before the view runs — before a JSON body is
   validated and before anything is read. (`bangfu.security.middleware.RoutePermissionMiddleware` for
   pages, the API's authentication in `config.api` for every API operation.)
2. A read (GET/HEAD) that read records only through permissions none of the user's roles grants is
   refused after the fact: its empty list or 404 becomes 403 (`scoping.RouteReads`, same middleware).
"""

from __future__ import annotations

from typing import Any

from bangfu.accounts.scoping import reaches_of

# Routes every signed-in user may open, whatever their roles (the user's own things, and the way in).
OPEN_ROUTES: frozenset[str] = frozenset({
    "home",
    "login",
    "logout",
    "set_language",
    "healthz",
    "security:password_change",
    "accounts:api_tokens",
    "accounts:api_token_revoke",
    "api:me",
    "sysadmin:notice_list",  # every account reads the notices addressed to its unit
    "sysadmin:notice_detail",
    "api:list_my_tokens",
    "api:api-root",
    "api:openapi-json",
    "api:openapi-view",
})
# Whole namespaces with their own gate: the worker's portal (its own sign-in, not a staff account) and
# Django's admin (staff superusers only).
OPEN_NAMESPACES: tuple[str, ...] = ("portal", "admin")


def open_to_every_user(view_name: str) -> bool:
    return view_name in OPEN_ROUTES or view_name.split(":", 1)[0] in OPEN_NAMESPACES


def holds_a_role(user: Any) -> bool:
    return bool(user.is_superuser or reaches_of(user))


def refuses_roleless(user: Any, view_name: str) -> bool:
    """Rule 1: a signed-in user without any role, on a route not open to every user."""
    signed_in = bool(getattr(user, "is_authenticated", False))
    return signed_in and not open_to_every_user(view_name) and not holds_a_role(user)
