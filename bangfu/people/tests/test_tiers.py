"""Tier rules: each default rule, its reasons in Chinese, priority, rules from the table, validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from bangfu.people.models import Tier, TierRule
from bangfu.people.tiers import (
    TierFacts,
    TierRuleError,
    compute_tier,
    default_tier_rules,
    load_tier_rules,
    validate_conditions,
)

TODAY = dt.date(2020, 12, 18)
MINIMUM = 108_000  # Guangzhou, 1,080 元


def facts(income: int, **extra: Any) -> TierFacts:
    return TierFacts(income_per_capita_fen=income, local_minimum_fen=MINIMUM, as_of=TODAY, **extra)


RULES = default_tier_rules()


def test_low_income_and_zero_labour_is_deep_with_reasons() -> None:
    result = compute_tier(facts(100_000, zero_labour=True), RULES)
    assert result.tier == Tier.DEEP
    assert result.rule_code == "deep-low-income-no-labour-or-illness"
    assert result.reasons == (
        "人均月收入 1,000.00 元，为当地低保标准 1,080.00 元的 0.93 倍（不高于 1 倍）",
        "零劳动力家庭",
        "符合规则：人均月收入不高于当地低保标准，且为零劳动力家庭或家庭成员患重特大疾病、残疾或精神疾病",
    )
    assert result.tier_name == "深度困难"


@pytest.mark.parametrize(("flag", "reason"), [("major_illness", "家庭成员患重特大疾病"),
                                               ("disability_or_mental_illness", "家庭成员残疾或患有精神疾病")])
def test_illness_or_disability_with_low_income_is_deep(flag: str, reason: str) -> None:
    result = compute_tier(facts(MINIMUM, **{flag: True}), RULES)
    assert result.tier == Tier.DEEP
    assert reason in result.reasons


def test_low_income_without_a_flag_is_relative() -> None:
    result = compute_tier(facts(90_000), RULES)
    assert result.tier == Tier.RELATIVE
    assert result.reasons[0] == "人均月收入 900.00 元，为当地低保标准 1,080.00 元的 0.83 倍（不高于 1.5 倍）"


def test_income_just_above_one_and_a_half_times_is_no_tier() -> None:
    result = compute_tier(facts(162_001, zero_labour=True), RULES)
    assert result.tier == ""
    assert result.tier_name == "未达到认定标准"
    assert result.reasons == (
        "人均月收入 1,620.01 元，为当地低保标准 1,080.00 元的 1.50 倍，未达到任何困难程度认定标准",)


def test_exactly_one_and_a_half_times_is_relative() -> None:
    assert compute_tier(facts(162_000), RULES).tier == Tier.RELATIVE


@pytest.mark.parametrize("cause", ["accident", "natural_disaster"])
def test_accident_or_disaster_within_twelve_months_is_accidental(cause: str) -> None:
    result = compute_tier(facts(200_000, causes=frozenset({cause}), incident_on=dt.date(2020, 3, 1)), RULES)
    assert result.tier == Tier.ACCIDENTAL
    assert "2020-03-01 遭受意外事故或自然灾害，距评定日 292 天（不高于 365 天）" in result.reasons


def test_accident_more_than_a_year_ago_is_not_accidental() -> None:
    result = compute_tier(facts(100_000, causes=frozenset({"accident"}), incident_on=dt.date(2019, 12, 1)), RULES)
    assert result.tier == Tier.RELATIVE


def test_accident_without_a_date_is_not_accidental() -> None:
    assert compute_tier(facts(200_000, causes=frozenset({"accident"})), RULES).tier == ""


def test_deep_comes_before_accidental() -> None:
    result = compute_tier(facts(50_000, zero_labour=True, causes=frozenset({"accident"}),
                                incident_on=dt.date(2020, 11, 1)), RULES)
    assert result.tier == Tier.DEEP


def test_no_local_minimum_means_no_tier() -> None:
    result = compute_tier(TierFacts(income_per_capita_fen=0, local_minimum_fen=0, as_of=TODAY), RULES)
    assert (result.tier, result.reasons) == ("", ("未设置当地低保标准，无法评定困难程度",))


def test_compute_tier_queries_nothing(django_assert_num_queries: Any, db: Any) -> None:
    rules = load_tier_rules()
    with django_assert_num_queries(0):
        for income in range(50_000, 200_000, 1_000):
            compute_tier(facts(income, zero_labour=income % 2 == 0), rules)


@pytest.mark.django_db
def test_rules_in_the_table_replace_the_defaults() -> None:
    TierRule.objects.create(code="strict-deep", tier=Tier.DEEP, priority=1, description="只看收入",
                            conditions={"fact": "income_ratio", "op": "<", "value": 0.5})
    TierRule.objects.create(code="off", tier=Tier.RELATIVE, priority=2, description="停用", is_active=False,
                            conditions={"fact": "income_ratio", "op": "<=", "value": 9})
    rules = load_tier_rules()
    assert [rule.code for rule in rules] == ["strict-deep"]
    assert compute_tier(facts(50_000), rules).tier == Tier.DEEP
    assert compute_tier(facts(60_000, zero_labour=True), rules).tier == ""


@pytest.mark.django_db
def test_empty_table_uses_the_bundled_rules() -> None:
    assert [rule.code for rule in load_tier_rules()] == [
        "deep-low-income-no-labour-or-illness", "accident-or-disaster-within-a-year",
        "relative-income-up-to-one-and-a-half"]


@pytest.mark.parametrize(("conditions", "message"), [
    ({"fact": "salary", "op": "<=", "value": 1}, "未知的条件项“salary”"),
    ({"fact": "income_ratio", "op": "~", "value": 1}, "比较符“~”无效"),
    ({"fact": "income_ratio", "op": "<=", "value": "1"}, "取值应为数字"),
    ({"fact": "zero_labour", "op": "<=", "value": 1}, "应写作 op=\"is\""),
    ({"fact": "cause", "op": "has", "value": "bad_luck"}, "十类致困原因代码之一"),
    ({"all": []}, "非空列表"),
    ([1], "条件应为 JSON 对象"),
])
def test_malformed_conditions_are_refused_in_chinese(conditions: Any, message: str) -> None:
    with pytest.raises(TierRuleError, match=message):
        validate_conditions(conditions)


def test_tier_rule_clean_reports_on_the_conditions_field() -> None:
    rule = TierRule(code="x", tier=Tier.DEEP, priority=1, description="x", conditions={"fact": "nope"})
    with pytest.raises(ValidationError) as info:
        rule.clean()
    assert "未知的条件项" in info.value.message_dict["conditions"][0]


@given(income=st.integers(0, 400_000), zero=st.booleans(), ill=st.booleans(), disabled=st.booleans())
def test_every_result_is_explained_and_consistent(income: int, zero: bool, ill: bool, disabled: bool) -> None:
    result = compute_tier(facts(income, zero_labour=zero, major_illness=ill, disability_or_mental_illness=disabled),
                          RULES)
    assert result.reasons
    ratio = income / MINIMUM
    if result.tier == Tier.DEEP:
        assert ratio <= 1 and (zero or ill or disabled)
    elif result.tier == Tier.RELATIVE:
        assert ratio <= 1.5 and not (ratio <= 1 and (zero or ill or disabled))
    else:
        assert result.tier == "" and ratio > 1.5


@pytest.mark.django_db
def test_admin_refuses_a_malformed_rule(admin_client: Any) -> None:
    response = admin_client.post("/admin/people/tierrule/add/", {
        "code": "bad", "tier": "deep", "priority": 5, "description": "坏规则", "is_active": "on",
        "conditions": '{"fact": "salary", "op": "<=", "value": 1}'})
    assert response.status_code == 200 and "未知的条件项“salary”" in response.content.decode()
    assert not TierRule.objects.exists()
