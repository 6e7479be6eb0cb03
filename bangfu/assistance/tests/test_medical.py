"""Medical aid: the arithmetic to the fen (pure function), settings checks, yearly accumulation and caps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.assistance.medical_calc import MedicalSettings, MedicalSettingsError, calculate_medical_aid
from bangfu.assistance.models import MedicalYearTotal, Program, ProgramKind
from bangfu.assistance.services import ledger, medical
from bangfu.assistance.tests.factories import make_household, make_person
from bangfu.core.errors import ServiceError

# 起付线 1 万元; up to 3 万元 at 50%, up to 5 万元 at 60%, above at 70%; capped at 3 万元 a year.
SETTINGS = {"threshold_fen": 1_000_000, "yearly_cap_fen": 3_000_000,
            "tiers": [{"upto_fen": 3_000_000, "percent": 50}, {"upto_fen": 5_000_000, "percent": 60},
                      {"upto_fen": None, "percent": 70}]}


def calc(total: int, insurance: int = 0, other: int = 0, before_oop: int = 0, before_aid: int = 0) -> Any:
    return calculate_medical_aid(total_cost_fen=total, insurance_fen=insurance, other_aid_fen=other,
                                 previous_out_of_pocket_fen=before_oop, previous_aid_fen=before_aid,
                                 settings=MedicalSettings.from_json(SETTINGS))


def test_out_of_pocket_is_total_less_insurance_less_other_aid() -> None:
    result = calc(4_567_891, insurance=1_234_567, other=100_000)
    assert result.out_of_pocket_fen == 3_233_324
    assert result.lines[:4] == [
        "医疗总费用：45,678.91 元", "减 医保报销：12,345.67 元", "减 其他救助：1,000.00 元",
        "本次自付 = 45,678.91 元 − 12,345.67 元 − 1,000.00 元 = 32,333.24 元",
    ]


def test_tiers_apply_to_the_yearly_total_above_the_threshold() -> None:
    result = calc(3_233_324)  # 32,333.24 元 out of pocket in the year
    # (30,000 − 10,000) × 50% = 10,000.00; (32,333.24 − 30,000) × 60% = 1,399.944 → 1,399.94
    assert result.entitlement_fen == 1_000_000 + 139_994 == result.aid_fen
    assert result.lines[6] == "第 1 档（10,000.00 元至 30,000.00 元，比例 50%）：20,000.00 元 × 50% = 10,000.00 元"
    assert result.lines[7] == "第 2 档（30,000.00 元至 50,000.00 元，比例 60%）：2,333.24 元 × 60% = 1,399.94 元"
    assert result.lines[-1] == "本次救助 = 11,399.94 元 − 0.00 元 = 11,399.94 元"


def test_each_tier_is_rounded_half_up_to_the_fen() -> None:
    assert calc(1_000_001).aid_fen == 1  # 0.01 × 50% = 0.005 → 0.01
    assert calc(1_000_003).aid_fen == 2  # 0.03 × 50% = 0.015 → 0.02
    assert calc(3_000_001).aid_fen == 1_000_001  # 10,000.00 + 0.01 × 60% = 0.006 → 0.01


def test_below_the_threshold_nothing_is_paid() -> None:
    result = calc(1_000_000)
    assert result.aid_fen == 0 and "本年度累计自付未超过起付线，不予救助" in result.lines


def test_later_bills_are_aided_on_the_accumulation_and_the_cap_holds() -> None:
    first = calc(2_000_000)  # 10,000 above the threshold → 5,000.00
    second = calc(4_000_000, before_oop=2_000_000, before_aid=first.aid_fen)  # year: 60,000
    # year: 20,000×50% + 20,000×60% + 10,000×70% = 29,000 → minus 5,000 already paid
    assert (first.aid_fen, second.entitlement_fen, second.aid_fen) == (500_000, 2_900_000, 2_400_000)
    third = calc(1_000_000, before_oop=6_000_000, before_aid=2_900_000)  # year: 70,000 → 36,000, capped 30,000
    assert third.aid_fen == 100_000
    assert "年度封顶 30,000.00 元：按封顶计 30,000.00 元" in third.lines
    assert calc(500_000, before_oop=7_000_000, before_aid=3_000_000).aid_fen == 0


def test_splitting_bills_pays_the_same_as_one_bill() -> None:
    whole = calc(4_321_099).aid_fen
    paid = 0
    spent = 0
    for part in (1_234_567, 999_999, 2_086_533):
        result = calc(part, before_oop=spent, before_aid=paid)
        spent, paid = spent + part, paid + result.aid_fen
    assert paid == whole


def test_reimbursements_above_the_cost_are_refused() -> None:
    with pytest.raises(ValueError, match=r"医保报销与其他救助之和（600\.00 元）超过医疗总费用（500\.00 元）"):
        calc(50_000, insurance=40_000, other=20_000)


@pytest.mark.parametrize(("data", "message"), [
    ({"threshold_fen": 100}, "医疗救助设置应包含"),
    ({**SETTINGS, "tiers": [{"upto_fen": 500, "percent": 50}]}, "第 1 档的上限应高于 10,000.00 元"),
    ({**SETTINGS, "tiers": [{"upto_fen": None, "percent": 50}, {"upto_fen": None, "percent": 60}]},
     "只有最后一档可以不设上限（第 1 档）"),
    ({**SETTINGS, "tiers": [{"upto_fen": None, "percent": 120}]}, "第 1 档的比例 120% 应在 0–100 之间"),
])
def test_bad_settings_are_refused(data: Any, message: str) -> None:
    with pytest.raises(MedicalSettingsError, match=message):
        MedicalSettings.from_json(data)


@pytest.mark.django_db
def test_claims_accumulate_per_family_and_are_paid_on_approval(bj: Any, district: Any, approver: Any) -> None:
    program = Program.objects.create(org=bj["beijing"], name="2021年大病医疗救助", kind=ProgramKind.MEDICAL,
                                     starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2021, 12, 31),
                                     medical_settings=SETTINGS, large_amount_fen=10_000_000)
    fund = ledger.create_fund(actor=approver, program=program, name="医疗救助资金", budget_fen=50_000_000, key="m")
    head = make_person(bj["dongcheng"], "赵六")
    child = make_person(bj["dongcheng"], "赵小六")
    household = make_household(head, members=[(child, {"relation": "child"})])
    first = medical.submit_claim(actor=district, program=program, household=household, patient=child,
                                 incurred_on=dt.date(2021, 3, 1), total_cost_fen=3_000_000, insurance_fen=1_000_000,
                                 other_aid_fen=0, key="c1")
    with pytest.raises(ServiceError, match="医疗救助申请须由录入人以外的人审批"):
        medical.approve_claim(actor=district, claim=first)
    first = medical.approve_claim(actor=approver, claim=first)
    assert first.disbursement is not None
    assert (first.out_of_pocket_fen, first.aid_fen, first.disbursement.status) == (2_000_000, 500_000, "paid")
    second = medical.submit_claim(actor=district, program=program, household=household, patient=head,
                                  incurred_on=dt.date(2021, 6, 1), total_cost_fen=2_500_000, insurance_fen=500_000,
                                  other_aid_fen=0, key="c2")
    second = medical.approve_claim(actor=approver, claim=second)
    # year 40,000 元: 20,000 × 50% + 10,000 × 60% = 16,000, less the 5,000 already paid = 11,000 元
    assert second.aid_fen == 1_100_000
    total = MedicalYearTotal.objects.get(program=program, household=household, year=2021)
    assert (total.out_of_pocket_fen, total.aid_fen) == (4_000_000, 500_000 + second.aid_fen)
    assert ledger.root_allocation(fund).balance_fen == 50_000_000 - total.aid_fen
    assert ledger.reconcile_fund(fund).ok
