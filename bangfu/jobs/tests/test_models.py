"""Model rules of the jobs app: USCC codes, occupation codes, capacity constraint, weekly slots."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bangfu.core.errors import ServiceError
from bangfu.jobs import services
from bangfu.jobs.models import Opening, validate_occupation_code, validate_uscc
from bangfu.jobs.slots import SlotsError, format_slots, parse_slots
from bangfu.jobs.tests.helpers import make_employer, make_opening, setup_user, valid_uscc
from bangfu.matching.engine import ALL_WEEK, slot_mask

pytestmark = pytest.mark.django_db


def test_a_valid_uscc_passes_and_a_wrong_check_character_fails() -> None:
    code = valid_uscc(12345)
    validate_uscc(code)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as raised:
        validate_uscc(wrong)
    assert raised.value.messages[0] == f"“{wrong}”无效：应为 18 位数字或大写字母，且校验位正确"


def test_the_published_example_code_is_valid() -> None:
    validate_uscc("91110000600037341L")


def test_employer_service_refuses_an_invalid_uscc_naming_the_field(org_tree: dict) -> None:
    setup_user()
    with pytest.raises(ServiceError) as raised:
        services.create_employer(actor=setup_user(), org=org_tree["guangzhou"], name="某公司", uscc="91440101123")
    assert raised.value.status == 422
    assert str(raised.value).startswith("统一社会信用代码：")


def test_a_uscc_is_registered_once(org_tree: dict) -> None:
    employer = make_employer(org_tree["guangzhou"])
    with pytest.raises(ServiceError) as raised:
        services.create_employer(actor=setup_user(), org=org_tree["tianhe"], name="别名", uscc=employer.uscc.lower())
    assert raised.value.status == 409


def test_occupation_codes_must_be_in_the_2022_edition() -> None:
    validate_occupation_code("4-01-02-01")
    validate_occupation_code("4-01-02")
    with pytest.raises(ValidationError, match="不在职业分类大典"):
        validate_occupation_code("9-99-99-99")
    with pytest.raises(ValidationError, match="格式不正确"):
        validate_occupation_code("电商")


def test_filled_places_can_never_exceed_the_places(org_tree: dict) -> None:
    opening = make_opening(org_tree["guangzhou"], positions=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opening.objects.filter(pk=opening.pk).update(positions_filled=2)


def test_the_wage_range_is_checked_by_the_service(org_tree: dict) -> None:
    with pytest.raises(ServiceError, match="月薪范围不正确"):
        make_opening(org_tree["guangzhou"], wage_min_fen=500_000, wage_max_fen=400_000)


def test_shift_slots_round_trip_through_the_database(org_tree: dict) -> None:
    mask = slot_mask(0, 9, 18) | slot_mask(5, 9, 12)
    opening = make_opening(org_tree["guangzhou"], shift_slots=mask)
    assert Opening.objects.get(pk=opening.pk).shift_slots == mask
    assert Opening.objects.filter(pk=opening.pk).values_list("shift_slots", flat=True).get() == mask
    assert format_slots(mask) == "周一 09–18 时、周六 09–12 时"


def test_slot_text_parses_as_staff_type_it() -> None:
    assert parse_slots("周一至周五 09–18 时、周六 09–12 时", empty=0) == (
        slot_mask(0, 9, 18) | slot_mask(1, 9, 18) | slot_mask(2, 9, 18) | slot_mask(3, 9, 18)
        | slot_mask(4, 9, 18) | slot_mask(5, 9, 12)
    )
    assert parse_slots("工作日 9-12,14-18", empty=0) == sum(
        slot_mask(day, 9, 12) | slot_mask(day, 14, 18) for day in range(5)
    )
    assert parse_slots("", empty=ALL_WEEK) == ALL_WEEK
    assert parse_slots("不限", empty=0) == ALL_WEEK
    assert format_slots(ALL_WEEK) == "不限"
    with pytest.raises(SlotsError, match="缺少星期"):
        parse_slots("9-18", empty=0)
    with pytest.raises(SlotsError, match="开始早于结束"):
        parse_slots("周一 18-9", empty=0)
