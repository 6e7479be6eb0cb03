"""Scope: one user per node and role over a wide tree; every record-returning URL probed in and out."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from bangfu.accounts.models import DataScope, OrgUnit, RoleAssignment, User
from bangfu.accounts.roles import ROLES
from bangfu.accounts.scoping import scoped
from tests.scope_matrix import EXEMPT_PREFIXES, all_exempt, all_probes, all_url_names, build_wide_tree

pytestmark = pytest.mark.django_db


def _text_of(response: Any) -> str:
    """The body as text; JSON re-dumped without escapes so Chinese markers can be found."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return str(response.content.decode())


def _expected_units(user: User, units: list[OrgUnit], scope: DataScope) -> set[int]:
    if scope == DataScope.ALL:
        return {u.pk for u in units}
    assert user.org is not None
    if scope == DataScope.SUBTREE:
        return {u.pk for u in units if u.path.startswith(user.org.path)}
    return {user.org.pk}  # UNIT; SELF sees its own unit in the tree


def test_scoped_over_wide_tree_for_every_node_and_role(roles: dict[str, Any]) -> None:
    units = build_wide_tree()
    assert len([u for u in units if u.parent and u.parent.code == "1"]) >= 10
    checked = 0
    for unit in units:
        for spec in ROLES:
            user = User.objects.create_user(username=f"{spec.key}-{unit.code}", org=unit)
            user.groups.set([roles[spec.key]])
            user = User.objects.get(pk=user.pk)
            visible = set(scoped(OrgUnit.objects.all(), user, "view").values_list("pk", flat=True))
            if not user.has_perm("accounts.view_orgunit"):
                assert visible == set()
                continue
            assert visible == _expected_units(user, units, spec.data_scope), (spec.key, unit.path)
            checked += 1
    assert checked == len(units) * len(ROLES)


def test_province_1_does_not_see_province_12(roles: dict[str, Any]) -> None:
    units = {u.code: u for u in build_wide_tree()}
    user = User.objects.create_user(username="p1", org=units["1"])
    user.groups.set([roles["district_officer"]])
    visible = set(scoped(OrgUnit.objects.all(), user).values_list("code", flat=True))
    assert "1" in visible and "101" in visible
    assert "12" not in visible and "10" not in visible and "11" not in visible


def test_no_role_reads_nothing(db: Any) -> None:
    units = build_wide_tree()
    user = User.objects.create_user(username="nobody", org=units[0])
    assert scoped(OrgUnit.objects.all(), user).count() == 0


def test_every_url_pattern_is_covered() -> None:
    probed = {probe.url_name for probe in all_probes()}
    exempt = all_exempt()
    uncovered = [
        name
        for name in all_url_names()
        if name not in probed and name not in exempt and not any(name.startswith(p) for p in EXEMPT_PREFIXES)
    ]
    assert uncovered == [], f"URL patterns neither probed nor exempt (add them to a scope_probes.py): {uncovered}"


@pytest.mark.parametrize("probe", all_probes(), ids=lambda probe: probe.url_name)
def test_probe_inside_and_outside_scope(probe: Any, client: Any, roles: dict[str, Any]) -> None:
    units = {u.code: u for u in build_wide_tree()}
    owner_unit = units["10112"]  # a district: 12th sibling under city 1-1 under province 1
    maker = User.objects.create_user(username="maker", org=owner_unit)
    maker.groups.set([roles[probe.role]])
    kwargs, marker = probe.make(owner_unit, maker)
    url = reverse(probe.url_name, kwargs=kwargs) + probe.query
    inside = ["CN", "1", "101", "10112"]
    outside = ["12", "10", "11", "112", "110", "10111", "10101", "10110"]
    for code in inside + outside:
        viewer = User.objects.create_user(username=f"viewer-{code}", org=units[code])
        viewer.groups.set([roles[probe.role]])
        client.force_login(viewer)
        response = client.get(url)
        in_scope = code in inside
        if probe.kind == "list":
            assert response.status_code == 200, (code, url, response.status_code)
            assert (marker in _text_of(response)) is in_scope, (code, url)
        else:
            expected = probe.expected_in_scope if in_scope else {404}
            assert response.status_code in expected, (code, url, response.status_code)


def _persona(username: str, home: OrgUnit, held: list[tuple[Any, OrgUnit]]) -> User:
    """A user of `home` holding each (role, unit of that role)."""
    user = User.objects.create_user(username=username, org=home)
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, group=group, org=unit) for group, unit in held)
    return user


def _answer(client: Any, user: User, url: str, probe: Any, marker: str) -> tuple[int, bool]:
    client.force_login(user)
    response = client.get(url)
    return response.status_code, probe.kind == "list" and marker in _text_of(response)


@pytest.mark.parametrize("probe", all_probes(), ids=lambda probe: probe.url_name)
def test_mixed_roles_reach_no_more_than_one_of_their_roles(probe: Any, client: Any, roles: dict[str, Any]) -> None:
    """Issue 9 §1: worker + auditor, admin + officer, the probe's role outside + another role inside.
    A persona holding two roles answers a route as the better of its two roles alone — never more: the
    probe's role held outside the record's unit lends no scope to the other role held inside."""
    units = {u.code: u for u in build_wide_tree()}
    owner_unit, outside = units["10112"], units["12"]
    maker = User.objects.create_user(username="maker", org=owner_unit)
    maker.groups.set([roles[probe.role]])
    kwargs, marker = probe.make(owner_unit, maker)
    url = reverse(probe.url_name, kwargs=kwargs) + probe.query
    other = "district_officer" if probe.role == "street_social_worker" else "street_social_worker"
    pairings = [("auditor", units["CN"]), ("system_admin", owner_unit), (other, owner_unit)]
    for second_role, second_unit in pairings:
        if second_role == probe.role:
            continue
        held = [(roles[probe.role], outside), (roles[second_role], second_unit)]
        alone = [_persona(f"alone-{n}-{second_role}", outside, [pair]) for n, pair in enumerate(held)]
        mixed = _persona(f"mixed-{second_role}", outside, held)
        single = [_answer(client, user, url, probe, marker) for user in alone]
        status, shows_marker = _answer(client, mixed, url, probe, marker)
        if probe.kind == "list":
            assert shows_marker == any(seen for _s, seen in single), (second_role, url, single)
        else:
            assert (status == 200) == any(s == 200 for s, _seen in single), (second_role, url, status, single)
