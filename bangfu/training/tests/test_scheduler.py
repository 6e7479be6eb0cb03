"""The scheduler's constraints on generated instances: no overlaps, inside both availabilities, travel, limits."""

from __future__ import annotations

import random

import pytest

from bangfu.matching.engine import DistrictTable, slot_mask
from bangfu.training.scheduler import (
    FULL_REASON,
    Request,
    TrainerSpec,
    schedule_greedy,
    schedule_week,
    travel_hours,
    violations,
)
from bangfu.training.synthetic import guangzhou_instance

DISTANCE = DistrictTable.default().distance_km
CONGHUA, TIANHE, YUEXIU = "440117", "440106", "440104"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_instances_respect_every_constraint(seed: int) -> None:
    requests, trainers = guangzhou_instance(random.Random(seed), 120, 10)
    greedy = schedule_greedy(requests, trainers, DISTANCE)
    solved = schedule_week(requests, trainers, DISTANCE, time_limit_s=5, workers=1)
    assert violations(greedy, requests, trainers, DISTANCE) == []
    assert violations(solved, requests, trainers, DISTANCE) == []
    assert solved.count >= greedy.count > 0
    assert set(solved.unscheduled) == {r.id for r in requests} - {p.request_id for p in solved.placements}


def test_the_checker_catches_a_broken_schedule() -> None:
    """The checker the tests rely on does reject overlaps, times outside availability and too little travel."""
    from bangfu.training.scheduler import Placement, Schedule

    requests = [Request(1, 1, CONGHUA, slot_mask(0, 9, 12)), Request(2, 2, TIANHE, slot_mask(0, 9, 14))]
    trainers = [TrainerSpec(1, CONGHUA, slot_mask(0, 9, 18), max_per_day=1)]
    bad = Schedule([Placement(1, 1, 0, 9, 2), Placement(2, 1, 0, 11, 2)])
    problems = violations(bad, requests, trainers, DISTANCE)
    assert any("daily limit" in p for p in problems)
    assert any("no time to travel" in p for p in problems)
    outside = Schedule([Placement(1, 1, 0, 11, 2)])
    assert any("outside the family's time" in p for p in violations(outside, requests, trainers, DISTANCE))


def test_travel_between_districts_leaves_a_gap() -> None:
    """从化 to 越秀 is over 50 km: two 2-hour visits need the travel hours between them."""
    km = DISTANCE(CONGHUA, YUEXIU)
    assert km is not None and travel_hours(km) >= 2
    mornings = slot_mask(0, 8, 18)
    requests = [Request(1, 1, CONGHUA, slot_mask(0, 8, 10)), Request(2, 2, YUEXIU, slot_mask(0, 10, 12))]
    trainers = [TrainerSpec(1, TIANHE, mornings, max_per_day=3)]
    solved = schedule_week(requests, trainers, DISTANCE, time_limit_s=3, workers=1)
    assert solved.count == 1  # back-to-back across the city is impossible
    assert solved.unscheduled[2 if solved.placements[0].request_id == 1 else 1] == FULL_REASON


def test_deeper_tier_goes_first_when_only_one_fits() -> None:
    requests = [Request(1, 1, TIANHE, slot_mask(2, 9, 11), priority=2),
                Request(2, 2, TIANHE, slot_mask(2, 9, 11), priority=3)]
    trainers = [TrainerSpec(1, TIANHE, slot_mask(2, 9, 11))]
    solved = schedule_week(requests, trainers, DISTANCE, time_limit_s=3, workers=1)
    assert [p.request_id for p in solved.placements] == [2]


def test_unscheduled_requests_carry_a_chinese_reason() -> None:
    requests = [Request(1, 1, CONGHUA, slot_mask(6, 20, 22)),  # Sunday night: nobody free
                Request(2, 2, CONGHUA, slot_mask(0, 9, 11))]
    trainers = [TrainerSpec(1, "110101", slot_mask(0, 8, 18))]  # 东城区, Beijing: far away
    solved = schedule_week(requests, trainers, DISTANCE, time_limit_s=2, workers=1)
    assert solved.count == 0
    assert "没有" in solved.unscheduled[1] and "有空" in solved.unscheduled[1]
    assert "太远" in solved.unscheduled[2] and "公里" in solved.unscheduled[2]


def test_daily_limit_and_skills() -> None:
    free = slot_mask(0, 8, 20)
    requests = [Request(i, i, TIANHE, free, hours=1, skills=frozenset({"电商"})) for i in range(1, 5)]
    requests.append(Request(9, 9, TIANHE, free, hours=1, skills=frozenset({"电工"})))
    trainers = [TrainerSpec(1, TIANHE, free, max_per_day=2, skills=frozenset({"电商"}))]
    solved = schedule_week(requests, trainers, DISTANCE, time_limit_s=2, workers=1)
    assert solved.count == 2
    assert "技能" in solved.unscheduled[9]
