"""Each hard filter excludes with its Chinese reason; a pair passing all of them has none."""

from __future__ import annotations

from datetime import date

import pytest

from bangfu.matching.engine import (
    ALL_WEEK,
    Opening,
    Seeker,
    exclusions,
    explain_exclusion,
    slot_mask,
)

AS_OF = date(2024, 3, 5)
WEEKDAYS_9_TO_18 = sum(slot_mask(day, 9, 18) for day in range(5))


def seeker(**changes: object) -> Seeker:
    fields: dict[str, object] = {
        "id": "S1",
        "districts": {"440106", "440105"},
        "home_district": "440106",
        "free_slots": WEEKDAYS_9_TO_18,
        "wage_floor_fen": 400000,
    }
    fields.update(changes)
    return Seeker(**fields)  # type: ignore[arg-type]


def opening(**changes: object) -> Opening:
    fields: dict[str, object] = {
        "id": "J1",
        "district": "440106",
        "wage_min_fen": 450000,
        "wage_max_fen": 600000,
        "shift_slots": slot_mask(0, 9, 12),
        "valid_until": AS_OF,
    }
    fields.update(changes)
    return Opening(**fields)  # type: ignore[arg-type]


def test_a_fitting_pair_has_no_exclusion() -> None:
    assert exclusions(seeker(), opening(), as_of=AS_OF) == ()
    assert explain_exclusion(seeker(), opening(), as_of=AS_OF) == []


@pytest.mark.parametrize(
    ("seeker_changes", "opening_changes", "name", "reason"),
    [
        ({}, {"valid_until": date(2024, 3, 4)}, "validity", "岗位已过有效期（有效期至 2024-03-04）"),
        ({}, {"openings_left": 0}, "capacity", "岗位已招满（剩余名额 0）"),
        ({}, {"district": "440113"}, "district", "不在可接受区域：番禺区"),
        (
            {"districts": set(), "commute_limit_km": 15},
            {"district": "440113"},
            "commute",
            "超出通勤距离：番禺区约 20.9 公里，上限 15 公里",
        ),
        (
            {"districts": set(), "commute_limit_km": 15},
            {"district": "650102"},
            "commute",
            "无法计算通勤距离：缺少650102的坐标",
        ),
        ({}, {"shift_slots": slot_mask(5, 9, 12)}, "schedule", "班次不在空闲时间内：周六 09–12 时"),
        (
            {},
            {"wage_min_fen": 300000, "wage_max_fen": 380000},
            "wage",
            "工资低于期望：岗位最高 3,800 元，期望不低于 4,000 元",
        ),
        ({"needs": {"wheelchair", "flexible_hours"}}, {}, "accommodation", "缺少所需便利：弹性工时、无障碍通行"),
    ],
)
def test_each_filter_gives_its_reason(
    seeker_changes: dict[str, object], opening_changes: dict[str, object], name: str, reason: str
) -> None:
    found = exclusions(seeker(**seeker_changes), opening(**opening_changes), as_of=AS_OF)
    assert [(exclusion.filter, exclusion.reason) for exclusion in found] == [(name, reason)]


def test_every_failing_filter_is_listed_in_order() -> None:
    far_cheap_saturday = opening(
        district="440113", wage_min_fen=300000, wage_max_fen=300000, shift_slots=slot_mask(5, 9, 12)
    )
    found = exclusions(seeker(commute_limit_km=5), far_cheap_saturday, as_of=AS_OF)
    assert [exclusion.filter for exclusion in found] == ["district", "commute", "schedule", "wage"]


def test_boundaries_pass() -> None:
    at_the_floor = opening(wage_min_fen=300000, wage_max_fen=400000)
    assert exclusions(seeker(), at_the_floor, as_of=AS_OF) == ()
    exactly_free = opening(shift_slots=WEEKDAYS_9_TO_18)
    assert exclusions(seeker(), exactly_free, as_of=AS_OF) == ()
    no_end_date = opening(valid_until=None)
    assert exclusions(seeker(), no_end_date, as_of=date(2099, 1, 1)) == ()


def test_empty_district_list_means_anywhere_and_unknown_home_ignores_the_commute_limit() -> None:
    anywhere = seeker(districts=set(), home_district=None, commute_limit_km=1, free_slots=ALL_WEEK)
    assert exclusions(anywhere, opening(district="110105"), as_of=AS_OF) == ()


def test_offered_accommodations_satisfy_needs() -> None:
    needs = seeker(needs={"wheelchair"})
    assert exclusions(needs, opening(accommodations={"wheelchair", "quiet"}), as_of=AS_OF) == ()
