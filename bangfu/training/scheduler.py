"""The week's home-training schedule: trainers to families' sessions, by CP-SAT (OR-Tools).

Pure: no Django. The services turn plans and trainers into ``Request`` and ``TrainerSpec`` and persist
what comes back. Time is the matching engine's weekly mask (bit ``weekday*24 + hour``); a session is a
whole number of hours starting on the hour.

Constraints (each a test in ``tests/test_scheduler.py`` on generated instances):

* a session lies inside both the family's free time and the trainer's availability;
* a trainer holds at most one session at a time, and at most ``max_per_day`` sessions a day;
* between two visits of one trainer in different districts there is at least the travel time between
  the districts' centroids (``travel_hours``: distance at ``SPEED_KMH``, rounded up to whole hours);
* a trainer only visits families within ``max_km`` of the trainer's home district;
* one family (plan) has at most one session a day.

Objective: deeper tiers first, then as many sessions as possible — a session of priority ``p`` weighs
``(n + 1) ** p`` for ``n`` requests, so no number of shallower sessions outweighs one deeper session
(the greedy baseline follows the same order: deepest first).
Every request left out gets a Chinese reason.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from bangfu.matching.engine.slots import DAYS_PER_WEEK, HOURS_PER_DAY

SPEED_KMH = 30.0  # urban travel by bus or metro between district centroids
DEFAULT_MAX_KM = 60.0
CANDIDATE_TRAINERS = 4  # the nearest trainers tried for one request (keeps the model small)
STARTS_PER_TRAINER = 10  # at most this many start hours per (request, trainer)

Distance = Callable[[str, str], float | None]


@dataclass(frozen=True)
class Request:
    """One session a plan asks for this week."""

    id: int
    plan_id: int
    district: str
    free_mask: int
    hours: int = 2
    priority: int = 0  # 3 深度困难 … 0 not in file
    skills: frozenset[str] = frozenset()  # the course's skill tags; a trainer needs one of them (if any)


@dataclass(frozen=True)
class TrainerSpec:
    id: int
    district: str
    available_mask: int
    max_per_day: int = 3
    skills: frozenset[str] = frozenset()
    booked_per_day: tuple[int, ...] = ()  # sessions already held or scheduled that day (from earlier runs)

    def limit(self, weekday: int) -> int:
        booked = self.booked_per_day[weekday] if weekday < len(self.booked_per_day) else 0
        return max(0, self.max_per_day - booked)


@dataclass(frozen=True)
class Placement:
    request_id: int
    trainer_id: int
    weekday: int
    start_hour: int
    hours: int

    @property
    def end_hour(self) -> int:
        return self.start_hour + self.hours


@dataclass
class Schedule:
    placements: list[Placement] = field(default_factory=list)
    unscheduled: dict[int, str] = field(default_factory=dict)  # request id → Chinese reason
    method: str = "cp-sat"
    status: str = ""
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.placements)


def travel_hours(km: float) -> int:
    """Whole hours to travel ``km`` between centroids; 0 inside one district."""
    return 0 if km <= 0 else math.ceil(km / SPEED_KMH)


def covers(mask: int, weekday: int, start: int, hours: int) -> bool:
    base = weekday * HOURS_PER_DAY + start
    window = ((1 << hours) - 1) << base
    return start + hours <= HOURS_PER_DAY and mask & window == window


def _skilled(trainer: TrainerSpec, request: Request) -> bool:
    return not request.skills or bool(trainer.skills & request.skills)


@dataclass(frozen=True)
class _Option:
    trainer: TrainerSpec
    weekday: int
    start: int


class _Instance:
    """Candidates of every request, and the reason of every request that has none."""

    def __init__(self, requests: Sequence[Request], trainers: Sequence[TrainerSpec], distance: Distance,
                 max_km: float) -> None:
        self.requests = list(requests)
        self.trainers = {trainer.id: trainer for trainer in trainers}
        self.distance = distance
        self.max_km = max_km
        self.options: dict[int, list[_Option]] = {}
        self.no_option_reason: dict[int, str] = {}
        self._km: dict[tuple[str, str], float | None] = {}
        for request in self.requests:
            self._candidates(request)

    def km(self, a: str, b: str) -> float | None:
        key = (a, b) if a <= b else (b, a)
        if key not in self._km:
            self._km[key] = self.distance(a, b)
        return self._km[key]

    def travel(self, a: str, b: str) -> int:
        km = self.km(a, b)
        return travel_hours(km if km is not None else self.max_km)

    def _starts(self, trainer: TrainerSpec, request: Request) -> list[tuple[int, int]]:
        both = trainer.available_mask & request.free_mask
        return [(day, start) for day in range(DAYS_PER_WEEK) for start in range(HOURS_PER_DAY - request.hours + 1)
                if covers(both, day, start, request.hours)]

    def _candidates(self, request: Request) -> None:
        free_then: list[tuple[float, TrainerSpec, list[tuple[int, int]]]] = []
        for trainer in self.trainers.values():
            if not _skilled(trainer, request):
                continue
            starts = self._starts(trainer, request)
            if starts:
                km = self.km(trainer.district, request.district)
                free_then.append((math.inf if km is None else km, trainer, starts))
        if not free_then:
            self.no_option_reason[request.id] = "该家庭空闲时间内没有具备相应技能的培训师有空"
            return
        free_then.sort(key=lambda item: (item[0], item[1].id))
        near = [item for item in free_then if item[0] <= self.max_km]
        if not near:
            nearest = free_then[0][0]
            where = "距离未知" if math.isinf(nearest) else f"最近的也在 {nearest:.0f} 公里外"
            self.no_option_reason[request.id] = (
                f"空闲时间有空的培训师离该家庭太远（{where}，上限 {self.max_km:.0f} 公里）")
            return
        options: list[_Option] = []
        for _km, trainer, starts in near[:CANDIDATE_TRAINERS]:
            step = max(1, len(starts) // STARTS_PER_TRAINER)
            options.extend(_Option(trainer, day, start) for day, start in starts[::step][:STARTS_PER_TRAINER])
        self.options[request.id] = options


FULL_REASON = "空闲时间有空的培训师在这些时段已排满（每日上限、时间冲突或路程来不及）"


def _reasons(instance: _Instance, placed: set[int]) -> dict[int, str]:
    return {request.id: instance.no_option_reason.get(request.id, FULL_REASON)
            for request in instance.requests if request.id not in placed}


class _Book:
    """A trainer-day's sessions so far, for the greedy's feasibility checks."""

    def __init__(self, instance: _Instance) -> None:
        self.instance = instance
        self.by_trainer_day: dict[tuple[int, int], list[tuple[int, int, str]]] = defaultdict(list)
        self.plan_days: set[tuple[int, int]] = set()

    def fits(self, request: Request, option: _Option) -> bool:
        trainer, day, start = option.trainer, option.weekday, option.start
        if (request.plan_id, day) in self.plan_days:
            return False
        booked = self.by_trainer_day[(trainer.id, day)]
        if len(booked) >= trainer.limit(day):
            return False
        end = start + request.hours
        for other_start, other_end, district in booked:
            gap = self.instance.travel(district, request.district)
            if start < other_end + gap and other_start < end + gap:
                return False
        return True

    def add(self, request: Request, option: _Option) -> Placement:
        self.by_trainer_day[(option.trainer.id, option.weekday)].append(
            (option.start, option.start + request.hours, request.district))
        self.plan_days.add((request.plan_id, option.weekday))
        return Placement(request.id, option.trainer.id, option.weekday, option.start, request.hours)


def _greedy(instance: _Instance) -> list[Placement]:
    book = _Book(instance)
    placements: list[Placement] = []
    order = sorted(instance.requests, key=lambda r: (-r.priority, len(instance.options.get(r.id, [])), r.id))
    for request in order:
        for option in instance.options.get(request.id, []):
            if book.fits(request, option):
                placements.append(book.add(request, option))
                break
    return placements


def schedule_greedy(requests: Sequence[Request], trainers: Sequence[TrainerSpec], distance: Distance, *,
                    max_km: float = DEFAULT_MAX_KM) -> Schedule:
    """The baseline: deepest tier first, each request at its first feasible option (nearest trainer, earliest)."""
    began = time.perf_counter()
    instance = _Instance(requests, trainers, distance, max_km)
    placements = _greedy(instance)
    return Schedule(placements, _reasons(instance, {p.request_id for p in placements}), "greedy", "FEASIBLE",
                    time.perf_counter() - began)


def schedule_week(requests: Sequence[Request], trainers: Sequence[TrainerSpec], distance: Distance, *,
                  max_km: float = DEFAULT_MAX_KM, time_limit_s: float = 20.0, workers: int = 2) -> Schedule:
    """The CP-SAT schedule, started from the greedy one (never worse than it)."""
    began = time.perf_counter()
    instance = _Instance(requests, trainers, distance, max_km)
    by_id = {request.id: request for request in instance.requests}
    model = cp_model.CpModel()
    choice: dict[tuple[int, int], cp_model.IntVar] = {}
    per_request: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    per_plan_day: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    per_trainer_day: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    # (trainer, day, hour, district) → the choices that keep the trainer busy there at that hour
    busy: dict[tuple[int, int, int, str], list[cp_model.IntVar]] = defaultdict(list)
    for request_id, options in instance.options.items():
        request = by_id[request_id]
        for index, option in enumerate(options):
            var = model.new_bool_var(f"x{request_id}_{index}")
            choice[(request_id, index)] = var
            per_request[request_id].append(var)
            per_plan_day[(request.plan_id, option.weekday)].append(var)
            per_trainer_day[(option.trainer.id, option.weekday)].append(var)
            for hour in range(option.start, option.start + request.hours):
                busy[(option.trainer.id, option.weekday, hour, request.district)].append(var)
    for variables in per_request.values():
        model.add_at_most_one(variables)
    for variables in per_plan_day.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for (trainer_id, day), variables in per_trainer_day.items():
        limit = instance.trainers[trainer_id].limit(day)
        if len(variables) > limit:
            model.add(sum(variables) <= limit)
    districts_at: dict[tuple[int, int, int], list[str]] = defaultdict(list)
    for trainer_id, day, hour, district in busy:
        districts_at[(trainer_id, day, hour)].append(district)
    for (trainer_id, day, hour), districts in districts_at.items():
        here = [var for district in districts for var in busy[(trainer_id, day, hour, district)]]
        if len(here) > 1:
            model.add_at_most_one(here)  # one place at a time
        for district in districts:
            # Busy in `district` at `hour`: no session elsewhere until the travel time has passed.
            for later in range(hour + 1, HOURS_PER_DAY):
                for other in districts_at.get((trainer_id, day, later), ()):
                    gap = instance.travel(district, other)
                    if other != district and later - hour - 1 < gap:
                        model.add_at_most_one(busy[(trainer_id, day, hour, district)]
                                              + busy[(trainer_id, day, later, other)])
                if later - hour - 1 >= _max_gap(instance):
                    break
    base = len(instance.requests) + 1
    model.maximize(sum(base ** by_id[request_id].priority * var for (request_id, _i), var in choice.items()))
    greedy = _greedy(instance)
    index_of = {(request_id, option.trainer.id, option.weekday, option.start): index
                for request_id, options in instance.options.items() for index, option in enumerate(options)}
    hinted = {(p.request_id, index_of[(p.request_id, p.trainer_id, p.weekday, p.start_hour)]) for p in greedy}
    for key, var in choice.items():
        model.add_hint(var, key in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(1.0, time_limit_s - (time.perf_counter() - began))
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placements = [
            Placement(request_id, option.trainer.id, option.weekday, option.start, by_id[request_id].hours)
            for (request_id, index), var in choice.items() if solver.value(var)
            for option in (instance.options[request_id][index],)
        ]
        if len(placements) < len(greedy):  # a time limit hit before the hint was repaired
            placements = greedy
    else:
        placements = greedy
    return Schedule(placements, _reasons(instance, {p.request_id for p in placements}), "cp-sat",
                    solver.status_name(status), time.perf_counter() - began)


def _max_gap(instance: _Instance) -> int:
    # Two families a trainer may both reach lie at most twice the radius apart.
    return travel_hours(2 * instance.max_km)


def violations(schedule: Schedule, requests: Sequence[Request], trainers: Sequence[TrainerSpec],
               distance: Distance, *, max_km: float = DEFAULT_MAX_KM) -> list[str]:
    """Every broken constraint of a schedule, in words (empty when it is valid). Tests and bench use it."""
    by_request = {request.id: request for request in requests}
    by_trainer = {trainer.id: trainer for trainer in trainers}
    problems: list[str] = []
    seen: set[int] = set()
    days: dict[tuple[int, int], list[Placement]] = defaultdict(list)
    plan_days: set[tuple[int, int]] = set()
    for placement in schedule.placements:
        request, trainer = by_request[placement.request_id], by_trainer[placement.trainer_id]
        if placement.request_id in seen:
            problems.append(f"request {placement.request_id} placed twice")
        seen.add(placement.request_id)
        for mask, whose in ((request.free_mask, "family"), (trainer.available_mask, "trainer")):
            if not covers(mask, placement.weekday, placement.start_hour, placement.hours):
                problems.append(f"request {request.id} outside the {whose}'s time")
        km = distance(trainer.district, request.district)
        if km is None or km > max_km:
            problems.append(f"request {request.id} too far from trainer {trainer.id}")
        if (request.plan_id, placement.weekday) in plan_days:
            problems.append(f"plan {request.plan_id} twice on day {placement.weekday}")
        plan_days.add((request.plan_id, placement.weekday))
        days[(trainer.id, placement.weekday)].append(placement)
    for (trainer_id, day), placed in days.items():
        if len(placed) > by_trainer[trainer_id].limit(day):
            problems.append(f"trainer {trainer_id} over the daily limit on day {day}")
        placed.sort(key=lambda p: p.start_hour)
        for first, second in itertools.pairwise(placed):
            km = distance(by_request[first.request_id].district, by_request[second.request_id].district)
            gap = travel_hours(km if km is not None else max_km)
            if second.start_hour < first.end_hour + gap:
                problems.append(f"trainer {trainer_id} day {day}: {first.request_id}→{second.request_id} "
                                "overlap or no time to travel")
    return problems
