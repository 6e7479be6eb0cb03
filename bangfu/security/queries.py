"""Reads of the security pages: audit events, sign-ins, sessions and lockouts — each within the
reader's permission and data scope. Events carry their unit's path (no foreign key), so the scope is
applied on `org_path`; the auditor's role reads 全部.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from bangfu.accounts.models import DataScope, OrgUnit, User
from bangfu.accounts.scoping import reaches_of, scoped
from bangfu.core.auditlabels import actions_matching, object_types_matching
from bangfu.core.models import AuditEvent
from bangfu.core.normalize import search_text
from bangfu.security.lockouts import failure_limit
from bangfu.security.models import UserSession
from bangfu.security.sessions import online_sessions

AUTH_ACTION_PREFIX = "auth."


def _path_scope(user: Any, permission: str, path_field: str, owner: Q) -> Q | None:
    """Role by role: the union of the scopes of the roles that grant `permission` (never pooled)."""
    if user.is_superuser:
        return Q()
    condition: Q | None = None
    for reach in reaches_of(user):
        if not reach.grants(permission):
            continue
        if reach.scope == DataScope.ALL:
            return Q()
        if reach.scope == DataScope.SELF:
            part = owner
        elif reach.org is None:
            continue
        elif reach.scope == DataScope.SUBTREE:
            part = Q(**{f"{path_field}__startswith": reach.org.path})
        else:
            part = Q(**{path_field: reach.org.path})
        condition = part if condition is None else condition | part
    return condition


def visible_events(user: Any) -> QuerySet[AuditEvent]:
    if not getattr(user, "is_authenticated", False) or not user.has_perm("core.view_auditevent"):
        return AuditEvent.objects.none()
    condition = _path_scope(user, "core.view_auditevent", "org_path", Q(actor_id=user.pk))
    return AuditEvent.objects.none() if condition is None else AuditEvent.objects.filter(condition)


@dataclass(frozen=True)
class EventFilter:
    """What the auditor typed: words (查看明文, 人员, a unit's name) or codes (sensitive., people.Person)."""

    actor: str = ""
    action: str = ""
    outcome: str = ""
    object_type: str = ""
    object_id: str = ""
    unit: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    # An invalid search (a date of "abc") finds nothing rather than everything.
    invalid: bool = False

    def __post_init__(self) -> None:
        """Each typed field as `search_text` gives it, for the search and for the export's record of it alike: one
        of nothing but zero-width or no-break spaces is an empty field (every event), `李\u200b明` is 李明."""
        for name in SEARCHED_FIELDS:
            object.__setattr__(self, name, search_text(getattr(self, name)))


SEARCHED_FIELDS = ("actor", "action", "object_type", "object_id", "unit")


# More units than this matching a name is not a search for a unit: the first ones are taken.
UNIT_MATCH_LIMIT = 200


def _actor_condition(text: str) -> Q:
    """The sign-in name, or the display name of the account (the person), as typed."""
    named = User.objects.filter(display_name__icontains=text).values_list("pk", flat=True)
    return Q(actor_name__icontains=text) | Q(actor_id__in=list(named[:UNIT_MATCH_LIMIT]))


def _action_condition(text: str) -> Q:
    """A code's beginning (`auth.`) or words of the Chinese name (查看明文)."""
    return Q(action__startswith=text) | Q(action__in=actions_matching(text))


def _object_type_condition(text: str) -> Q:
    return Q(object_type=text) | Q(object_type__in=object_types_matching(text))


def _unit_condition(text: str) -> Q:
    """Events of the units named (by name or code) and of the units below them."""
    paths = OrgUnit.objects.filter(Q(name__icontains=text) | Q(code=text)).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in paths[:UNIT_MATCH_LIMIT]:
        condition |= Q(org_path__startswith=path)
    return condition


def search_events(user: Any, filters: EventFilter, *, auth_only: bool = False) -> QuerySet[AuditEvent]:
    events = visible_events(user)
    if filters.invalid:
        return events.none()
    if auth_only:
        events = events.filter(action__startswith=AUTH_ACTION_PREFIX)
    if filters.actor:
        events = events.filter(_actor_condition(filters.actor))
    if filters.action:
        events = events.filter(_action_condition(filters.action))
    if filters.outcome:
        events = events.filter(outcome=filters.outcome)
    if filters.object_type:
        events = events.filter(_object_type_condition(filters.object_type))
    if filters.unit:
        events = events.filter(_unit_condition(filters.unit))
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        events = events.filter(occurred_at__gte=dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz))
    if filters.date_to:
        events = events.filter(occurred_at__lt=dt.datetime.combine(filters.date_to + dt.timedelta(days=1),
                                                                   dt.time.min, tzinfo=tz))
    return events.order_by("-seq")


def visible_sessions(user: Any) -> QuerySet[UserSession]:
    """Online sessions of users within the reader's scope."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("security.view_usersession"):
        return UserSession.objects.none()
    condition = _path_scope(user, "security.view_usersession", "user__org__path", Q(user=user))
    return UserSession.objects.none() if condition is None else online_sessions().filter(condition)


@dataclass(frozen=True)
class LockedAccount:
    user: User
    failures: int
    last_attempt: dt.datetime


def locked_accounts(user: Any) -> list[LockedAccount]:
    """Accounts locked now (≥ 登录失败锁定次数 failures within the cool-off), that the reader may change."""
    since = timezone.now() - (get_cool_off() or dt.timedelta(0))
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=failure_limit())
    )
    by_name = {row["username"]: row for row in rows}
    users = scoped(User.objects.filter(username__in=list(by_name)), user, "change").select_related("org")
    return [
        LockedAccount(user=account, failures=by_name[account.username]["failures"],
                      last_attempt=by_name[account.username]["last_attempt"])
        for account in users.order_by("username")
    ]
