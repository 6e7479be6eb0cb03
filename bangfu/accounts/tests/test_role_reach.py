"""Issue 9 §1: a user may do action A on record R only if ONE of their roles grants A and reaches R.

The attacker of the report (a street worker who is also an auditor) and a property over random role sets:
what a user with several roles may do, action by action, is the union of what each role alone may do.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangfu.accounts.models import OrgUnit, RoleAssignment, User
from bangfu.accounts.roles import ROLES
from bangfu.accounts.scoping import forget_reaches, scoped
from bangfu.people.models import HardshipFile
from bangfu.people.tests.helpers import apply_family

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "add", "change", "delete")


def _holding(username: str, org: OrgUnit, held: list[tuple[Group, OrgUnit]]) -> User:
    """A user of `org` holding each (role, unit of that role)."""
    user = User.objects.create_user(username=username, org=org)
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, group=group, org=unit) for group, unit in held)
    forget_reaches(user)
    return user


def _patch(client: Client, hardship_file: HardshipFile, version: int) -> Any:
    return client.patch(f"/api/v1/households/{hardship_file.household_id}", data=json.dumps(
        {"version": version, "address": "攻击者改写的住址"}), content_type="application/json")


def test_a_worker_who_is_also_auditor_changes_no_household_outside_the_workers_street(
        client: Client, make_user: Any, org_tree: Any, roles: Any) -> None:
    beijing_file = apply_family(make_user("street_social_worker", org_tree["beijing"]), org_tree["beijing"],
                                head="北京户主")
    own_file = apply_family(make_user("street_social_worker", org_tree["wushan"]), org_tree["wushan"],
                            head="五山户主")
    attacker = _holding("worker-auditor", org_tree["wushan"],
                        [(roles["street_social_worker"], org_tree["wushan"]), (roles["auditor"], org_tree["wushan"])])
    client.force_login(attacker)
    # The auditor role reads the Beijing file; no role both changes files and reaches Beijing: 403 (a
    # record the user may see, an act no role grants there), whether the version is current or stale.
    assert client.get(f"/api/v1/households/{beijing_file.household_id}").status_code == 200
    for version in (beijing_file.version, beijing_file.version + 7):
        answer = _patch(client, beijing_file, version)
        assert answer.status_code == 403
        assert answer.json()["detail"] == "您在该档案所属单位没有此项操作的权限。"
    beijing_file.refresh_from_db()
    assert beijing_file.household.address != "攻击者改写的住址"
    # The worker role still changes its own street's file.
    assert _patch(client, own_file, own_file.version).status_code == 200


def test_an_admin_who_is_a_worker_elsewhere_reads_no_personal_record_of_the_admins_district(
        client: Client, make_user: Any, org_tree: Any, roles: Any) -> None:
    tianhe_file = apply_family(make_user("street_social_worker", org_tree["wushan"]), org_tree["wushan"],
                               head="天河户主")
    persona = _holding("admin-worker", org_tree["tianhe"],
                       [(roles["system_admin"], org_tree["tianhe"]),
                        (roles["street_social_worker"], org_tree["chigang"])])
    client.force_login(persona)
    assert client.get(f"/api/v1/households/{tianhe_file.household_id}").status_code == 404
    assert client.get(f"/households/{tianhe_file.household_id}/").status_code == 404


UNIT_KEYS = ("root", "guangdong", "guangzhou", "tianhe", "haizhu", "wushan", "chigang", "beijing")
MODELS: tuple[type[Model], ...] = (HardshipFile, OrgUnit, User)
Reachable = dict[tuple[str, str], frozenset[int]]


def _reachable(user: User) -> Reachable:
    """For each model and action, the pks the user may act on."""
    return {
        (model._meta.label, action): frozenset(
            scoped(model._default_manager.all(), user, action).values_list("pk", flat=True))  # type: ignore[arg-type]
        for model in MODELS
        for action in ACTIONS
    }


@pytest.fixture
def single_role_reach(make_user: Any, org_tree: Any, roles: Any) -> dict[tuple[str, str], Reachable]:
    """Files in three streets and Beijing; then, for every role at every unit, what that role alone reaches."""
    for key in ("wushan", "chigang", "beijing"):
        apply_family(make_user("street_social_worker", org_tree[key]), org_tree[key], head=f"{key}户主")
    alone = {
        (spec.key, key): _holding(f"alone-{spec.key}-{key}", org_tree["wushan"], [(roles[spec.key], org_tree[key])])
        for spec in ROLES
        for key in UNIT_KEYS
    }
    return {role_at_unit: _reachable(user) for role_at_unit, user in alone.items()}


ROLE_SETS = st.dictionaries(st.sampled_from([spec.key for spec in ROLES]), st.sampled_from(UNIT_KEYS),
                            min_size=2, max_size=4)


def test_many_roles_reach_exactly_the_union_of_each_role_alone(
        single_role_reach: dict[tuple[str, str], Reachable], org_tree: Any, roles: Any) -> None:
    counter = {"n": 0}

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(role_set=ROLE_SETS)
    def check(role_set: dict[str, str]) -> None:
        counter["n"] += 1
        with transaction.atomic():
            user = _holding(f"mixed-{counter['n']}", org_tree["wushan"],
                            [(roles[key], org_tree[unit]) for key, unit in role_set.items()])
            # The new user itself is not among the records the single-role users were measured on.
            mixed = {model_action: pks - {user.pk} if model_action[0] == "accounts.User" else pks
                     for model_action, pks in _reachable(user).items()}
            transaction.set_rollback(True)
        for model_action, pks in mixed.items():
            union = frozenset[int]().union(*(single_role_reach[(key, unit)][model_action]
                                        for key, unit in role_set.items()))
            assert pks == union, (role_set, model_action, sorted(pks ^ union))

    check()
    assert counter["n"] >= 60
