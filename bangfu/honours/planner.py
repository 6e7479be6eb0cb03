"""The talk planner (pure: no Django): book a season of talk requests onto speakers.

Rules: a talk gets the number of speakers it asks for, all on one day inside its window; a speaker gives at most
one talk a day and at most their own limit in the season; a speaker only goes to districts within their reach.
`plan_cpsat` maximises the number of talks booked with OR-Tools CP-SAT; `plan_greedy` is the baseline it is
measured against (earliest deadline first, least-loaded speaker). Requests left out get a Chinese reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class Speaker:
    key: int
    capacity: int  # talks still allowed this season
    districts: frozenset[str] = frozenset()  # empty: reaches every district
    busy: frozenset[dt.date] = frozenset()  # days already booked

    def reaches(self, district: str) -> bool:
        return not self.districts or district in self.districts


@dataclass(frozen=True)
class Request:
    key: int
    district: str
    days: tuple[dt.date, ...]  # candidate days, in order
    needed: int = 1


@dataclass
class Plan:
    booked: dict[int, tuple[dt.date, tuple[int, ...]]] = field(default_factory=dict)  # request → (day, speakers)
    unfilled: dict[int, str] = field(default_factory=dict)  # request → reason
    optimal: bool = False

    def load(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for _day, speakers in self.booked.values():
            for key in speakers:
                counts[key] += 1
        return counts


def season_days(earliest: dt.date, latest: dt.date, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """Working days (Monday–Friday) of a request's window inside the season."""
    first, last = max(earliest, start), min(latest, end)
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return tuple(days)


def _candidates(request: Request, speakers: Sequence[Speaker]) -> list[Speaker]:
    return [s for s in speakers if s.capacity > 0 and s.reaches(request.district)]


def plan_greedy(requests: Sequence[Request], speakers: Sequence[Speaker]) -> Plan:
    """Earliest deadline first; each request on its first day with enough free speakers, least loaded first."""
    plan = Plan()
    load: dict[int, int] = defaultdict(int)
    busy: dict[int, set[dt.date]] = {s.key: set(s.busy) for s in speakers}
    for request in sorted(requests, key=lambda r: (r.days[-1] if r.days else dt.date.max, r.key)):
        reachable = _candidates(request, speakers)
        for day in request.days:
            free = sorted((s for s in reachable if day not in busy[s.key] and load[s.key] < s.capacity),
                          key=lambda s: (load[s.key] / s.capacity, s.key))
            if len(free) >= request.needed:
                chosen = tuple(s.key for s in free[: request.needed])
                for key in chosen:
                    load[key] += 1
                    busy[key].add(day)
                plan.booked[request.key] = (day, chosen)
                break
    plan.unfilled = explain_unfilled(requests, speakers, plan)
    return plan


def plan_cpsat(requests: Sequence[Request], speakers: Sequence[Speaker], *, seconds: float = 8.0,
               workers: int = 2) -> Plan:
    """The most requests booked under the rules; the greedy plan is the solver's starting hint."""
    model = cp_model.CpModel()
    by_key = {s.key: s for s in speakers}
    x: dict[tuple[int, int, dt.date], cp_model.IntVar] = {}
    y: dict[tuple[int, dt.date], cp_model.IntVar] = {}
    per_speaker_day: dict[tuple[int, dt.date], list[cp_model.IntVar]] = defaultdict(list)
    per_speaker: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_request_day: dict[tuple[int, dt.date], list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for request in requests:
        reachable = _candidates(request, speakers)
        if len(reachable) < request.needed:
            continue
        held: list[cp_model.IntVar] = []
        for day in request.days:
            free = [s for s in reachable if day not in s.busy]
            if len(free) < request.needed:
                continue
            on_day = model.new_bool_var(f"y{request.key}_{day:%Y%m%d}")
            y[request.key, day] = on_day
            held.append(on_day)
            chosen = []
            for speaker in free:
                var = model.new_bool_var(f"x{request.key}_{speaker.key}_{day:%Y%m%d}")
                x[request.key, speaker.key, day] = var
                by_request_day[request.key, day].append((speaker.key, var))
                chosen.append(var)
                per_speaker_day[speaker.key, day].append(var)
                per_speaker[speaker.key].append(var)
            model.add(sum(chosen) == request.needed * on_day)
        if held:
            model.add_at_most_one(held)
    for variables in per_speaker_day.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for key, variables in per_speaker.items():
        model.add(sum(variables) <= by_key[key].capacity)
    model.maximize(sum(y.values()))
    greedy = plan_greedy(requests, speakers)
    for (request_key, day), var in y.items():
        booked = greedy.booked.get(request_key)
        model.add_hint(var, 1 if booked and booked[0] == day else 0)
    for (request_key, speaker_key, day), var in x.items():
        booked = greedy.booked.get(request_key)
        model.add_hint(var, 1 if booked and booked[0] == day and speaker_key in booked[1] else 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return greedy
    plan = Plan(optimal=status == cp_model.OPTIMAL)
    for (request_key, day), var in y.items():
        if solver.value(var):
            speakers_on = tuple(sorted(key for key, v in by_request_day[request_key, day] if solver.value(v)))
            plan.booked[request_key] = (day, speakers_on)
    if len(plan.booked) < len(greedy.booked):  # a time-limited solve never does worse than its baseline
        return greedy
    plan.unfilled = explain_unfilled(requests, speakers, plan)
    return plan


def explain_unfilled(requests: Sequence[Request], speakers: Sequence[Speaker], plan: Plan) -> dict[int, str]:
    load = plan.load()
    reasons: dict[int, str] = {}
    for request in requests:
        if request.key in plan.booked:
            continue
        reach = [s for s in speakers if s.reaches(request.district)]
        if not request.days:
            reasons[request.key] = "可选日期不在本轮排期范围内（或都是周末）"
        elif not reach:
            reasons[request.key] = f"没有宣讲员能到达{request.district}"
        elif len(reach) < request.needed:
            reasons[request.key] = f"能到达{request.district}的宣讲员只有 {len(reach)} 人，少于所需 {request.needed} 人"
        elif sum(1 for s in reach if load[s.key] < s.capacity) < request.needed:
            reasons[request.key] = f"能到达{request.district}的宣讲员本轮场次已达各自上限"
        else:
            reasons[request.key] = "可选日期内能到达的宣讲员都已有安排（每人每天最多一场）"
    return reasons
