"""The register: titles as data, honours granted, revoked, scoped; the old person list carried over."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from bangfu.assistance.models import TargetGroup
from bangfu.assistance.rules.validate import validate_rule
from bangfu.assistance.tests.factories import make_person
from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.honours import queries
from bangfu.honours.legacy import legacy_holdings, rewrite_rule
from bangfu.honours.models import Honour, HonourSource, HonourTitle
from bangfu.honours.services import honours, titles
from bangfu.honours.tests.helpers import honoured, title

pytestmark = pytest.mark.django_db


def test_standard_titles_are_seeded_with_levels_and_treatment(db: Any) -> None:
    national = title("national_model")
    assert (national.name, national.level, national.model_worker_treatment) == ("全国劳动模范", "national", True)
    assert title("enterprise_tech_star").level == "enterprise"
    assert not title("qilu_chief_technician").model_worker_treatment


def test_admin_edits_a_title_with_a_version(make_user: Any, org_tree: dict) -> None:
    admin = make_user("system_admin", org_tree["root"])
    made = titles.create_title(actor=admin, data=titles.TitleInput(name="海南省劳动模范", level="provincial",
                                                                   awarding_body="海南省人民政府",
                                                                   model_worker_treatment=True))
    assert made.code and made.code.startswith("t-")
    changed = titles.update_title(actor=admin, title=made, version=made.version, data=titles.TitleInput(
        name="海南省劳动模范", level="provincial", awarding_body="海南省委、省政府", model_worker_treatment=True))
    assert HonourTitle.objects.get(pk=made.pk).awarding_body == "海南省委、省政府"
    with pytest.raises(ServiceError) as stale:
        titles.update_title(actor=admin, title=made, version=1, data=titles.TitleInput(
            name="海南省劳动模范", level="provincial", awarding_body="x"))
    assert stale.value.status == 409 and changed.version == 2


def test_title_rules(make_user: Any, org_tree: dict, officer: Any) -> None:
    admin = make_user("system_admin", org_tree["root"])
    with pytest.raises(ServiceError, match="县级、企业级称号不享受劳模待遇"):
        titles.create_title(actor=admin, data=titles.TitleInput(name="某企业劳模", level="enterprise",
                                                                awarding_body="某公司", model_worker_treatment=True))
    with pytest.raises(ServiceError, match="级别"):
        titles.create_title(actor=admin, data=titles.TitleInput(name="x", level="galactic", awarding_body="y"))
    with pytest.raises(ServiceError) as duplicate:
        titles.create_title(actor=admin, data=titles.TitleInput(name="全国劳动模范", level="national",
                                                                awarding_body="y"))
    assert duplicate.value.status == 409
    with pytest.raises(ServiceError) as denied:  # officers read titles; only the administrator edits them
        titles.create_title(actor=officer, data=titles.TitleInput(name="z", level="city", awarding_body="y"))
    assert denied.value.status == 403


def test_grant_once_per_person_title_and_year(officer: Any, org_tree: dict) -> None:
    person = make_person(org_tree["wushan"], "张劳模")
    data = honours.HonourInput(title=title(), year=2020, person=person, certificate_number="QG2020-001")
    honour = honours.grant_honour(actor=officer, data=data)
    assert (honour.holder_name, honour.org, honour.source) == ("张劳模", org_tree["wushan"], HonourSource.MANUAL)
    assert AuditEvent.objects.filter(action="honours.honour_grant", object_id=str(honour.pk)).exists()
    with pytest.raises(ServiceError) as again:
        honours.grant_honour(actor=officer, data=data)
    assert again.value.status == 409
    honours.grant_honour(actor=officer, data=honours.HonourInput(title=title("city_model"), year=2015, person=person))
    assert list(queries.honours_of(officer, person).values_list("year", flat=True)) == [2020, 2015]


def test_public_figure_by_name_needs_a_unit(officer: Any, org_tree: dict) -> None:
    with pytest.raises(ServiceError, match="须指明单位"):
        honours.grant_honour(actor=officer, data=honours.HonourInput(title=title(), year=2020, holder_name="刘文民"))
    honour = honours.grant_honour(actor=officer, data=honours.HonourInput(
        title=title(), year=2020, holder_name="刘文民", org=org_tree["tianhe"]))
    assert honour.person is None and honour.holder_name == "刘文民"


def test_bad_input_is_refused_by_field(officer: Any, org_tree: dict) -> None:
    person = make_person(org_tree["wushan"])
    future = timezone.localdate().year + 1
    with pytest.raises(ServiceError, match="授予年度"):
        honours.grant_honour(actor=officer, data=honours.HonourInput(title=title(), year=future, person=person))
    with pytest.raises(ServiceError, match="授予年度"):
        honours.grant_honour(actor=officer, data=honours.HonourInput(title=title(), year=1800, person=person))
    retired = title("craftsman")
    HonourTitle.objects.filter(pk=retired.pk).update(is_active=False)
    retired.refresh_from_db()
    with pytest.raises(ServiceError, match="已停用"):
        honours.grant_honour(actor=officer, data=honours.HonourInput(title=retired, year=2020, person=person))


def test_another_units_person_is_404_and_street_worker_is_403(outsider: Any, worker: Any, org_tree: dict) -> None:
    person = make_person(org_tree["wushan"])
    with pytest.raises(ServiceError) as hidden:
        honours.grant_honour(actor=outsider, data=honours.HonourInput(title=title(), year=2020, person=person,
                                                                      org=org_tree["haizhu"]))
    assert hidden.value.status == 404
    with pytest.raises(ServiceError) as denied:
        honours.grant_honour(actor=worker, data=honours.HonourInput(title=title(), year=2020, person=person))
    assert denied.value.status == 403


def test_revoke_keeps_the_row_and_hides_it_from_the_register(officer: Any, org_tree: dict) -> None:
    _person, honour = honoured(org_tree["wushan"])
    honours.revoke_honour(actor=officer, honour=honour, reason="违纪撤销", version=honour.version)
    honour.refresh_from_db()
    assert honour.revoked_on is not None and honour.revoked_reason == "违纪撤销"
    assert honour not in queries.register(officer)
    assert honour in queries.register(officer, include_revoked=True)
    with pytest.raises(ServiceError) as twice:
        honours.revoke_honour(actor=officer, honour=honour, reason="再次", version=honour.version)
    assert twice.value.status == 409
    with pytest.raises(ServiceError, match="撤销原因"):
        _p, other = honoured(org_tree["wushan"])
        honours.revoke_honour(actor=officer, honour=other, reason=" ", version=other.version)


def test_a_district_sees_its_own_honours(outsider: Any, officer: Any, org_tree: dict) -> None:
    _in_tianhe, mine = honoured(org_tree["wushan"])
    _in_haizhu, theirs = honoured(org_tree["chigang"])
    assert set(queries.register(outsider)) == {theirs}
    assert set(queries.register(officer)) == {mine, theirs}
    assert set(queries.register(officer, unit=org_tree["tianhe"])) == {mine}
    assert set(queries.register(officer, level="national", year=2020)) == {mine, theirs}
    assert not queries.register(officer, level="city").exists()


def test_the_old_person_list_and_rules_are_carried_over() -> None:
    old = [SimpleNamespace(honours=["national_model", "craftsman", "unknown", "national_model"]),
           SimpleNamespace(honours=[]), SimpleNamespace(honours=None)]
    assert [(row is old[0], code) for row, code in legacy_holdings(old)] == \
        [(True, "national_model"), (True, "craftsman")]
    rule = {"any": [{"field": "person.honours", "op": "contains", "value": ["major_task_model"]},
                    {"all": [{"field": "person.honours", "op": "contains", "value": ["national_model"]},
                             {"field": "file.exists", "op": "is_true"}]}]}
    assert rewrite_rule(rule) == {"any": [
        {"field": "honour.title", "op": "in", "value": ["major_task_model"]},
        {"all": [{"field": "honour.title", "op": "in", "value": ["national_model"]},
                 {"field": "file.exists", "op": "is_true"}]}]}
    assert validate_rule(rewrite_rule(rule))  # the rewritten rule is one the rules accept


@pytest.mark.django_db(transaction=True)
def test_migrating_drops_the_person_list_after_carrying_it_over() -> None:
    """A real migration back to before the column was dropped and forward again: the values written to the old
    list since the first carry-over (honours 0002) and a stored rule reading it land in the register."""
    executor = MigrationExecutor(connection)
    before = [("people", "0006_merge_register_assist"), ("honours", "0002_titles_and_legacy_honours"),
              ("assistance", "0002_assist_key_spaces_top_ups")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    org = old.get_model("accounts", "OrgUnit").objects.create(code="44", name="广东省总工会", level="province",
                                                              path="/44/")
    person = old.get_model("people", "Person").objects.create(
        org=org, name="旧劳模", id_number="x", id_index="i" * 64, sex="M", birth_date=dt.date(1970, 1, 1),
        honours=["provincial_model", "stray"])
    old.get_model("assistance", "TargetGroup").objects.create(org=org, name="劳模", rule={"all": [
        {"field": "person.honours", "op": "contains", "value": ["provincial_model"]}]})
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    carried = Honour.objects.get(person_id=person.pk)
    assert (carried.title.code, carried.source, carried.holder_name) == ("provincial_model", "legacy", "旧劳模")
    assert TargetGroup.objects.get(name="劳模").rule == {"all": [
        {"field": "honour.title", "op": "in", "value": ["provincial_model"]}]}
    assert "honours" not in {field.name for field in apps.get_model("people", "Person")._meta.get_fields()}
