"""The platform's roles. Each app says which permissions each role gets in its own `roles.py`:

    ROLE_PERMISSIONS = {"street_social_worker": ["people.view_household", "people.add_*"], ...}

A pattern is `app_label.codename`, with `*` as a wildcard. `ensure_roles()` makes the groups,
their data scopes and permissions; it is idempotent and runs from `seed_demo` and `bootstrap`.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from bangfu.accounts.models import DataScope, RoleProfile
from bangfu.core.appmodules import app_modules


@dataclass(frozen=True)
class RoleSpec:
    key: str
    name: str  # the group's name, shown to Chinese staff as is
    data_scope: DataScope
    description: str
    personal_data: bool = True  # reads personal records: a grant of it needs a second person's approval


ROLES: tuple[RoleSpec, ...] = (
    RoleSpec("system_admin", "系统管理员", DataScope.SUBTREE, "管理组织与用户；不因此获得个人数据的读取权", False),
    RoleSpec("city_officer", "市总帮扶干部", DataScope.SUBTREE, "审批、分配资金、查看本市报表"),
    RoleSpec("district_officer", "区县总工会干部", DataScope.SUBTREE, "审批本区建档与名单，查看本区报表"),
    RoleSpec("street_social_worker", "街道社工", DataScope.SUBTREE, "入户调查、建档、走访，录入本街道数据"),
    RoleSpec("volunteer_lawyer", "志愿律师", DataScope.SELF, "办理分配给本人的法律援助案件"),
    RoleSpec("trainer", "培训师", DataScope.SELF, "查看并记录本人负责的培训"),
    RoleSpec("auditor", "审计员", DataScope.ALL, "查阅审计日志、登录日志；不能修改数据"),
)

# What the platform core itself grants; the domain apps add theirs in their own roles.py.
CORE_ROLE_PERMISSIONS: dict[str, list[str]] = {
    "system_admin": [
        "accounts.*_orgunit",
        "accounts.*_user",
        "accounts.view_roleprofile",
        "accounts.view_rolegrant",
        "accounts.view_apitoken",
    ],
    "city_officer": ["accounts.view_orgunit", "accounts.view_user", "accounts.*_rolegrant"],
    "district_officer": ["accounts.view_orgunit", "accounts.view_user", "accounts.*_rolegrant"],
    "street_social_worker": ["accounts.view_orgunit"],
    "volunteer_lawyer": ["accounts.view_orgunit"],
    "trainer": ["accounts.view_orgunit"],
    "auditor": [
        "core.view_auditevent",
        "accounts.view_orgunit",
        "accounts.view_user",
        "accounts.view_apitoken",
        "accounts.view_rolegrant",
        "accounts.view_roleprofile",
    ],
}

# Which roles a holder of a role may grant (with accounts.change_user, inside its own reach). Officers
# grant nothing directly: they approve the grants of personal-data roles (accounts.approve_rolegrant).
GRANTABLE_ROLES: dict[str, tuple[str, ...]] = {
    "system_admin": (
        "system_admin",
        "city_officer",
        "district_officer",
        "street_social_worker",
        "volunteer_lawyer",
        "trainer",
        "auditor",
    ),
}


def role_permission_patterns() -> dict[str, list[str]]:
    patterns: dict[str, list[str]] = {key: list(values) for key, values in CORE_ROLE_PERMISSIONS.items()}
    for app_config, module in app_modules("roles"):
        if app_config.label in ("accounts", "core"):
            continue
        for key, values in getattr(module, "ROLE_PERMISSIONS", {}).items():
            patterns.setdefault(key, []).extend(values)
    return patterns


def _matching_permissions(patterns: list[str], all_perms: list[tuple[int, str]]) -> set[int]:
    wanted: set[int] = set()
    for pattern in patterns:
        wanted.update(pk for pk, full_name in all_perms if fnmatch.fnmatchcase(full_name, pattern))
    return wanted


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create or update every role's group, scope and permissions; returns groups by role key."""
    all_perms = [
        (pk, f"{app_label}.{codename}")
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    ]
    patterns = role_permission_patterns()
    groups: dict[str, Group] = {}
    for spec in ROLES:
        group, _created = Group.objects.get_or_create(name=spec.name)
        RoleProfile.objects.update_or_create(
            key=spec.key, defaults={"group": group, "data_scope": spec.data_scope, "description": spec.description}
        )
        group.permissions.set(_matching_permissions(patterns.get(spec.key, []), all_perms))
        groups[spec.key] = group
    return groups


def sync_roles_after_migrate(app_config: Any, **kwargs: Any) -> None:
    """post_migrate: once the last app's permissions exist, give the roles every permission their patterns
    now match — a migration that adds a permission reaches the existing roles without a manual step.
    A database whose roles were never made (a fresh test database) is left to `seed_demo`/tests."""
    if app_config.label != list(apps.get_app_configs())[-1].label:
        return
    using = kwargs.get("using", "default")
    if using != "default" or not RoleProfile.objects.using(using).exists():
        return
    ensure_roles()


def role_spec(key: str) -> RoleSpec:
    for spec in ROLES:
        if spec.key == key:
            return spec
    raise KeyError(key)
