"""The roles as staff read them (角色管理): each role's data scope, who may grant it, whether a grant needs a
second person, and its permissions in Chinese grouped by part of the system. Reads only: granting and
revoking go through `services.grants`, whose rules this page shows but never re-implements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Count
from django.utils.translation import gettext as _

from bangfu.accounts.models import DataScope, RoleAssignment, User
from bangfu.accounts.roles import GRANTABLE_ROLES, ROLES, RoleSpec, role_spec
from bangfu.accounts.scoping import scope_filter

_VERBS = {"view": "查看", "add": "新增", "change": "修改", "delete": "删除"}


def permission_label(permission: Permission) -> str:
    """`people.view_household` → 查看家庭; a permission of its own (审批授权) by its translated name."""
    verb, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if verb in _VERBS and model is not None and model._meta.model_name == model_name:
        return f"{_VERBS[verb]}{model._meta.verbose_name}"
    return _(permission.name)


@dataclass
class PermissionGroup:
    section: str  # the app's Chinese name
    labels: list[str] = field(default_factory=list)


@dataclass
class RoleCard:
    spec: RoleSpec
    group: Group
    scope_label: str
    granted_by: list[str]  # names of the roles that may grant it
    holders: int  # within the reader's scope
    sections: list[PermissionGroup]

    @property
    def permission_count(self) -> int:
        return sum(len(section.labels) for section in self.sections)


def _sections(permissions: list[Permission]) -> list[PermissionGroup]:
    by_app: dict[str, PermissionGroup] = {}
    for permission in sorted(permissions, key=lambda p: (p.content_type.app_label, p.content_type.model, p.codename)):
        label = permission.content_type.app_label
        try:
            section = str(apps.get_app_config(label).verbose_name)
        except LookupError:
            section = label
        by_app.setdefault(label, PermissionGroup(section)).labels.append(permission_label(permission))
    return list(by_app.values())


def _granters(key: str) -> list[str]:
    return [role_spec(granter).name for granter, keys in GRANTABLE_ROLES.items() if key in keys]


def role_cards(reader: Any, only: str | None = None) -> list[RoleCard]:
    """Every platform role (or the one keyed `only`), with its holders counted inside the reader's scope
    over users (`accounts.view_user`): a reader sees how many hold a role only where it may see users."""
    specs = [spec for spec in ROLES if only is None or spec.key == only]
    groups = {
        g.role_profile.key: g
        for g in Group.objects.filter(role_profile__key__in=[s.key for s in specs]).select_related("role_profile")
    }
    permissions: dict[int, list[Permission]] = defaultdict(list)
    through = Group.permissions.through.objects.filter(group__in=groups.values()).select_related(
        "permission__content_type"
    )
    for row in through:
        permissions[row.group_id].append(row.permission)
    counts: dict[int, int] = {}
    visible = scope_filter(User, reader, "view")
    if visible is not None:
        holders = RoleAssignment.objects.filter(group__in=groups.values(), user__in=User.objects.filter(visible))
        rows = holders.values("group").annotate(n=Count("user", distinct=True)).values_list("group", "n")
        counts = dict(rows)
    return [
        RoleCard(
            spec=spec,
            group=groups[spec.key],
            scope_label=str(DataScope(spec.data_scope).label),
            granted_by=_granters(spec.key),
            holders=counts.get(groups[spec.key].pk, 0),
            sections=_sections(permissions[groups[spec.key].pk]),
        )
        for spec in specs
        if spec.key in groups
    ]
