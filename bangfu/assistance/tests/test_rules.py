"""The eight Beijing target groups: each selects whom it should and no one else, in the database and in
Python alike; rules render in Chinese; bad rules are refused with a message naming the condition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from bangfu.assistance.rules.compiler import compile_rule
from bangfu.assistance.rules.render import render_group
from bangfu.assistance.rules.seed_groups import BEIJING_GROUPS
from bangfu.assistance.rules.validate import RuleError, validate_rule
from bangfu.assistance.tests.factories import CAMPAIGN_START, make_fact, make_file, make_household, make_person
from bangfu.assistance.tests.rule_oracle import evaluate, load_snapshots
from bangfu.honours.models import Honour
from bangfu.people.models import Person

pytestmark = pytest.mark.django_db
AS_OF = CAMPAIGN_START


def rule_of(number: int) -> dict[str, Any]:
    return validate_rule(BEIJING_GROUPS[number - 1]["rule"])


def selects(rule: dict[str, Any], person: Person) -> bool:
    """The database and the Python evaluator must agree; return their answer."""
    in_db = Person.objects.filter(pk=person.pk).filter(compile_rule(rule, AS_OF)).exists()
    in_python = evaluate(rule, load_snapshots([person.pk])[0], AS_OF)
    assert in_db == in_python, (rule, person.name)
    return in_db


@pytest.fixture
def unit(bj: Any) -> Any:
    return bj["dongcheng"]


@pytest.mark.parametrize("status", ["formal", "temporary", "returned"])
def test_group1_in_file_statuses_are_selected(unit: Any, status: str) -> None:
    head = make_person(unit)
    make_file(head, status=status)
    assert selects(rule_of(1), head)


@pytest.mark.parametrize("status", ["applied", "relieved", "cancelled"])
def test_group1_files_not_in_file_are_not(unit: Any, status: str) -> None:
    head = make_person(unit)
    make_file(head, status=status)
    assert not selects(rule_of(1), head)


def test_group1_a_family_member_of_a_filed_household_is_not_the_filed_worker(unit: Any) -> None:
    spouse = make_person(unit)
    head = make_person(unit)
    make_household(head, members=[(spouse, {"relation": "spouse"})])
    make_file(head)
    assert selects(rule_of(1), head)
    assert not selects(rule_of(1), spouse)


def test_group2_recent_temporary_difficulty(unit: Any) -> None:
    person = make_person(unit)
    make_fact(person, "temporary_difficulty", "covid", valid_from=dt.date(2020, 3, 1))
    assert selects(rule_of(2), person)


def test_group2_difficulty_older_than_twelve_months_is_not(unit: Any) -> None:
    person = make_person(unit)
    make_fact(person, "temporary_difficulty", "accident", valid_from=dt.date(2019, 11, 30))
    assert not selects(rule_of(2), person)
    assert not selects(rule_of(2), make_person(unit))


def test_conditions_on_one_fact_must_hold_on_the_same_fact(unit: Any) -> None:
    """An old COVID-19 difficulty plus a recent unemployment is not "COVID-19 within 12 months"."""
    rule = validate_rule({"all": [
        {"field": "fact.temporary_difficulty.detail", "op": "in", "value": ["covid"]},
        {"field": "fact.temporary_difficulty.valid_from", "op": "within_months", "value": 12},
    ]})
    person = make_person(unit)
    make_fact(person, "temporary_difficulty", "covid", valid_from=dt.date(2019, 1, 1))
    make_fact(person, "temporary_difficulty", "unemployment", valid_from=dt.date(2020, 11, 1))
    assert not selects(rule, person)
    make_fact(person, "temporary_difficulty", "covid", valid_from=dt.date(2020, 11, 1))
    assert selects(rule, person)


def test_group3_work_injury_occupational_disease_and_families_of_the_fallen(unit: Any) -> None:
    injured = make_person(unit, work_injury_disabled=True)
    ill = make_person(unit, occupational_disease=True)
    fallen = make_person(unit, died_on_duty=True)
    widow = make_person(unit)
    make_household(widow, members=[(fallen, {"relation": "spouse"})])
    assert selects(rule_of(3), injured)
    assert selects(rule_of(3), ill)
    assert selects(rule_of(3), widow)
    assert not selects(rule_of(3), make_person(unit))


@pytest.mark.parametrize("honour", ["national_model", "provincial_model", "national_advanced", "provincial_advanced"])
def test_group4_model_workers(unit: Any, honour: str) -> None:
    assert selects(rule_of(4), make_person(unit, honours=["craftsman", honour]))


def test_group4_a_craftsman_alone_is_not(unit: Any) -> None:
    assert not selects(rule_of(4), make_person(unit, honours=["craftsman"]))
    assert not selects(rule_of(4), make_person(unit))


def test_group4_a_revoked_title_is_not(unit: Any) -> None:
    person = make_person(unit, honours=["national_model"])
    Honour.objects.filter(person=person).update(revoked_on=dt.date(2019, 5, 1), revoked_reason="违纪撤销")
    assert not selects(rule_of(4), person)


def test_level_and_treatment_hold_on_the_same_honour(unit: Any) -> None:
    national_with_treatment = validate_rule({"all": [{"field": "honour.level", "op": "in", "value": ["national"]},
                                                     {"field": "honour.treatment", "op": "is_true"}]})
    two_titles = make_person(unit, honours=["craftsman", "provincial_model"])  # a city title, a provincial one
    national = make_person(unit, honours=["national_advanced"])
    assert not selects(national_with_treatment, two_titles)
    assert selects(national_with_treatment, national)
    none_with_treatment = validate_rule({"all": [{"field": "honour.treatment", "op": "is_false"}]})
    assert selects(none_with_treatment, make_person(unit, honours=["craftsman"]))
    assert not selects(none_with_treatment, two_titles)


@pytest.mark.parametrize("task", ["covid", "winter_olympics", "sub_centre"])
def test_group5_models_from_major_tasks(unit: Any, task: str) -> None:
    person = make_person(unit)
    make_fact(person, "major_task_model", task)
    assert selects(rule_of(5), person)


def test_group5_by_honour_and_not_without(unit: Any) -> None:
    assert selects(rule_of(5), make_person(unit, honours=["major_task_model"]))
    assert not selects(rule_of(5), make_person(unit, honours=["national_model"]))


def test_group6_long_term_front_line_of_a_hard_industry(unit: Any) -> None:
    veteran = make_person(unit)
    make_fact(veteran, "hard_industry", "mining", number=12, valid_from=dt.date(2008, 3, 1))
    newcomer = make_person(unit)
    make_fact(newcomer, "hard_industry", "mining", number=5, valid_from=dt.date(2015, 3, 1))
    left = make_person(unit)
    make_fact(left, "hard_industry", "geology", number=15, valid_from=dt.date(2000, 1, 1),
              valid_to=dt.date(2019, 12, 31))
    assert selects(rule_of(6), veteran)
    assert not selects(rule_of(6), newcomer)
    assert not selects(rule_of(6), left)


def test_group7_holiday_front_line_public_service_and_migrant_workers(unit: Any) -> None:
    on_duty = make_person(unit)
    make_fact(on_duty, "holiday_duty", "power_heating", valid_from=dt.date(2020, 12, 1), valid_to=dt.date(2021, 2, 28))
    courier = make_person(unit, job_tags=["快递"])
    migrant = make_person(unit, hukou_type="rural", employer_name="北京某建筑公司")
    assert selects(rule_of(7), on_duty)
    assert selects(rule_of(7), courier)
    assert selects(rule_of(7), migrant)


def test_group7_not_rural_without_a_job_nor_other_posts(unit: Any) -> None:
    assert not selects(rule_of(7), make_person(unit, hukou_type="rural"))
    assert not selects(rule_of(7), make_person(unit, job_tags=["教师"], employer_name="某中学", hukou_type="urban"))
    later = make_person(unit)
    make_fact(later, "holiday_duty", "courier", valid_from=dt.date(2021, 6, 1))
    assert not selects(rule_of(7), later)


def test_group8_seconded_cadres_while_seconded(unit: Any) -> None:
    current = make_person(unit)
    make_fact(current, "seconded", "outside_city", valid_from=dt.date(2019, 9, 1), valid_to=dt.date(2022, 8, 31))
    back = make_person(unit)
    make_fact(back, "seconded", "grassroots", valid_from=dt.date(2017, 9, 1), valid_to=dt.date(2020, 8, 31))
    assert selects(rule_of(8), current)
    assert not selects(rule_of(8), back)


def test_age_is_counted_on_the_reference_date(unit: Any) -> None:
    rule = validate_rule({"all": [{"field": "person.age", "op": "gte", "value": 60}]})
    assert selects(rule, make_person(unit, birth=dt.date(1960, 12, 20)))
    assert not selects(rule, make_person(unit, birth=dt.date(1960, 12, 21)))
    at_most = validate_rule({"all": [{"field": "person.age", "op": "lte", "value": 59}]})
    assert selects(at_most, make_person(unit, birth=dt.date(1960, 12, 21)))


def test_negated_relation_means_none_of_them(unit: Any) -> None:
    rule = validate_rule({"all": [{"field": "family.major_illness", "op": "is_false"}]})
    ill = make_person(unit)
    head = make_person(unit)
    make_household(head, members=[(ill, {"relation": "child", "has_major_illness": True})])
    assert not selects(rule, head)
    assert selects(rule, make_person(unit))


def test_file_cause_reads_primary_and_secondary_causes(unit: Any) -> None:
    rule = validate_rule({"all": [{"field": "file.cause", "op": "contains", "value": ["child_schooling"]}]})
    primary = make_person(unit)
    make_file(primary, cause="child_schooling")
    secondary = make_person(unit)
    make_file(secondary, cause="laid_off", secondary_causes=["major_illness", "child_schooling"])
    neither = make_person(unit)
    make_file(neither, cause="laid_off", secondary_causes=["major_illness"])
    assert selects(rule, primary) and selects(rule, secondary) and not selects(rule, neither)


def test_rules_render_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert render_group("建档困难职工", rule_of(1)) == "建档困难职工：困难档案状态为 正式建档/临时档案/返困"
        assert render_group("派驻挂职干部职工", rule_of(8)) == "派驻挂职干部职工：挂职在任：是"
        text = render_group("生活临时困难职工", rule_of(2))
        assert text.startswith("生活临时困难职工：临时困难原因为 下岗失业/本人患病/家属患病/子女上学/新冠疫情/突发意外")
        assert text.endswith("临时困难开始日期在近 12 个月内")


@pytest.mark.parametrize(("rule", "message"), [
    ({"all": [{"field": "person.id_number", "op": "eq", "value": "1"}]},
     "第 1 个条件：字段“person.id_number”不在可用字段之列"),
    ({"all": [{"field": "honour.title", "op": "gte", "value": 3}]}, "第 1 个条件：字段“荣誉称号”不支持运算“gte”"),
    ({"all": [{"field": "person.honours", "op": "contains", "value": ["national_model"]}]},
     "第 1 个条件：字段“person.honours”不在可用字段之列"),  # the old list is gone: the register is read
    ({"any": [{"field": "file.status", "op": "in", "value": ["formal"]},
              {"field": "file.status", "op": "in", "value": ["bogus"]}]},
     "第 2 个条件：“困难档案状态”没有可选值“bogus”"),
    ({"all": [{"field": "file.status", "op": "eq", "value": ["formal", "temporary"]}]},
     "第 1 个条件：“等于”只能有一个值，实际为 2 个"),
    ({"all": [{"field": "person.age", "op": "gte", "value": "六十"}]}, "第 1 个条件：“年龄”的值应为整数"),
    ({"all": []}, "条件组至少要有一个条件"),
    ({"all": [{"field": "file.status", "op": "in", "value": ["formal"]}], "any": []},
     "条件组只能包含“all”（全部满足）或“any”（任一满足）之一"),
    ({"all": [{"field": "file.status", "op": "in", "value": ["formal"], "sql": "1=1"}]},
     "第 1 个条件：不认识的键“sql”"),
])
def test_bad_rules_are_refused_naming_the_condition(rule: Any, message: str) -> None:
    with translation.override("zh-hans"), pytest.raises(RuleError) as caught:
        validate_rule(rule)
    assert str(caught.value) == message


def test_validation_normalises_values() -> None:
    rule = validate_rule({"field": "person.age", "op": "gte", "value": "60"})
    assert rule == {"all": [{"field": "person.age", "op": "gte", "value": 60}]}
    tags = validate_rule({"any": [{"field": "person.job_tags", "op": "contains",
                                   "value": ["快递", "快递", "外卖骑手"]}]})
    assert tags == {"any": [{"field": "person.job_tags", "op": "contains", "value": ["快递", "外卖骑手"]}]}
