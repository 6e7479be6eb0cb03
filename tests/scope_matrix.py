"""The scope matrix: every URL pattern that returns records is probed inside and outside scope.

Each app declares, in `bangfu/<app>/tests/scope_probes.py`:

    PROBES = [Probe("people:household_detail", role="street_social_worker", make=make_household)]
    EXEMPT = {"people:import_template": "a blank template, no records"}

`make(org, user)` creates one record owned by `org` and returns (reverse kwargs, marker text). For a
detail page the probe expects 200 inside scope and 404 outside; for a list (`kind="list"`) it expects
the marker text present inside scope and absent outside. A URL pattern neither probed nor exempt
fails `test_every_url_pattern_is_covered`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.accounts.services import upsert_org_unit
from bangfu.core.appmodules import app_modules

SIBLINGS = 12  # ≥ 10 per level: "/1/" must not be read as a prefix of "/12/"


@dataclass
class Probe:
    url_name: str
    role: str
    make: Callable[[OrgUnit, Any], tuple[dict[str, Any], str]]
    kind: str = "detail"  # or "list"
    query: str = ""  # appended to a list URL, e.g. "?q=marker"
    expected_in_scope: set[int] = field(default_factory=lambda: {200})
    # The marker names national reference data (an honour title): it shows wherever that list is offered, as in
    # the rule editor's choices, so it proves scope on the probe's own page only, not in every API answer.
    marker_is_reference: bool = False


# Patterns that return no records, with the reason.
CORE_EXEMPT: dict[str, str] = {
    "login": "the sign-in form",
    "logout": "signs out",
    "healthz": "database state only",
    "set_language": "switches the language",
    "home": "counts only, each through scoped() (tested in test_home)",
    "accounts:user_create": "a form; units offered are scoped (tested in test_users)",
    "api:openapi-json": "the API description",
    "api:openapi-view": "the API docs page",
    "api:api-root": "the API index",
}
EXEMPT_PREFIXES: dict[str, str] = {
    "admin:": "Django admin: superusers only (is_staff is never granted to a role)",
}


def all_url_names() -> list[str]:
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


def app_probe_modules() -> list[Any]:
    return [module for _config, module in app_modules("tests.scope_probes")]


def all_probes() -> list[Probe]:
    return [probe for module in app_probe_modules() for probe in getattr(module, "PROBES", [])]


def all_exempt() -> dict[str, str]:
    exempt = dict(CORE_EXEMPT)
    for module in app_probe_modules():
        exempt.update(getattr(module, "EXEMPT", {}))
    return exempt


def build_wide_tree() -> list[OrgUnit]:
    """Root, 12 provinces coded 1…12, 12 cities under province 1, 12 districts under city 1-1."""
    root = upsert_org_unit(code="CN", name="全国", level=OrgLevel.NATIONAL, parent=None)
    nodes = [root]
    provinces = [
        upsert_org_unit(code=str(i), name=f"省{i}", level=OrgLevel.PROVINCE, parent=root)
        for i in range(1, SIBLINGS + 1)
    ]
    cities = [
        upsert_org_unit(code=f"1{i:02d}", name=f"市{i}", level=OrgLevel.CITY, parent=provinces[0])
        for i in range(1, SIBLINGS + 1)
    ]
    districts = [
        upsert_org_unit(code=f"101{i:02d}", name=f"区{i}", level=OrgLevel.COUNTY, parent=cities[0])
        for i in range(1, SIBLINGS + 1)
    ]
    nodes += provinces + cities + districts
    return nodes
