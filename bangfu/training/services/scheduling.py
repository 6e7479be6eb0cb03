"""Schedule a unit's week of home training (claim → solve outside any transaction → short write)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.matching.engine import DistrictTable
from bangfu.matching.engine.slots import HOURS_PER_DAY, slot_mask
from bangfu.training.models import (
    CourseMode,
    HomeTrainingPlan,
    PlanStatus,
    ScheduleRun,
    SessionStatus,
    Trainer,
    TrainingSession,
    UnscheduledRequest,
)
from bangfu.training.scheduler import Request, Schedule, TrainerSpec, schedule_greedy, schedule_week
from bangfu.training.services.common import require_org

LIVE = (SessionStatus.SCHEDULED, SessionStatus.HELD)
TIME_LIMIT_S = 20.0


def week_bounds(week_start: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(week_start, dt.time()))
    return start, start + dt.timedelta(days=7)


def _requests(plans: Sequence[Any]) -> list[Request]:
    """Plans annotated with live_sessions and week_sessions (see solve_week)."""
    requests: list[Request] = []
    for plan in plans:
        left = plan.sessions_wanted - plan.live_sessions
        this_week = plan.week_sessions
        for _n in range(max(0, min(plan.sessions_per_week - this_week, left))):
            requests.append(Request(id=len(requests) + 1, plan_id=plan.pk, district=plan.district_code,
                                    free_mask=plan.free_slots, hours=plan.session_hours, priority=plan.priority,
                                    skills=frozenset(plan.course.skill_tags)))
    return requests


def _trainers(org: OrgUnit, week_start: dt.date) -> list[TrainerSpec]:
    """Active trainers of the unit's subtree; hours of their sessions already in the week (with an hour either
    side for travel) are taken out of their availability, and count against their daily limit."""
    start, end = week_bounds(week_start)
    booked = TrainingSession.objects.filter(trainer__org__path__startswith=org.path, starts_at__gte=start,
                                            starts_at__lt=end, status__in=LIVE)
    busy: dict[int, int] = {}
    per_day: dict[int, Counter[int]] = {}
    for session in booked:
        local = timezone.localtime(session.starts_at)
        day = (local.date() - week_start).days
        first = max(0, local.hour - 1)
        last = min(HOURS_PER_DAY, timezone.localtime(session.ends_at).hour + 1)
        busy[session.trainer_id] = busy.get(session.trainer_id, 0) | slot_mask(day, first, last)
        per_day.setdefault(session.trainer_id, Counter())[day] += 1
    return [
        TrainerSpec(id=trainer.pk, district=trainer.home_district,
                    available_mask=trainer.available_slots & ~busy.get(trainer.pk, 0),
                    max_per_day=trainer.max_sessions_per_day, skills=frozenset(trainer.skills),
                    booked_per_day=tuple(per_day.get(trainer.pk, Counter())[day] for day in range(7)))
        for trainer in Trainer.objects.filter(org__path__startswith=org.path, active=True)
    ]


def solve_week(org: OrgUnit, week_start: dt.date, *, time_limit_s: float = TIME_LIMIT_S
               ) -> tuple[list[Request], Schedule, Schedule]:
    """The requests of the week and their CP-SAT and greedy schedules (read-only)."""
    start, end = week_bounds(week_start)
    plans = list(
        HomeTrainingPlan.objects.filter(org__path__startswith=org.path, status=PlanStatus.ACTIVE,
                                        course__mode=CourseMode.HOME)
        .select_related("course")
        .annotate(live_sessions=Count("sessions", filter=Q(sessions__status__in=LIVE), distinct=True),
                  week_sessions=Count("sessions", filter=Q(sessions__status__in=LIVE, sessions__starts_at__gte=start,
                                                           sessions__starts_at__lt=end), distinct=True))
    )
    requests = _requests(plans)
    trainers = _trainers(org, week_start)
    table = DistrictTable.default()
    greedy = schedule_greedy(requests, trainers, table.distance_km)
    solved = schedule_week(requests, trainers, table.distance_km, time_limit_s=time_limit_s)
    return requests, solved, greedy


def schedule_unit_week(*, actor: Any, org: OrgUnit, week_start: dt.date) -> ScheduleRun:
    """Schedule every active home plan of the unit's subtree for the week starting on a Monday."""
    require_org(actor, org, "add", ScheduleRun)
    if week_start.weekday() != 0:
        raise ServiceError(f"周起始日：{week_start:%Y-%m-%d} 不是星期一", status=422)
    requests, solved, greedy = solve_week(org, week_start)  # outside any transaction: may take seconds
    by_id = {request.id: request for request in requests}
    plans = HomeTrainingPlan.objects.in_bulk({request.plan_id for request in requests})
    with transaction.atomic():
        run = ScheduleRun.objects.create(org=org, created_by=actor, week_start=week_start, requested=len(requests),
                                         scheduled=solved.count, greedy_scheduled=greedy.count,
                                         solver_status=solved.status, seconds=round(solved.seconds, 2))
        sessions = []
        for placement in solved.placements:
            plan = plans[by_id[placement.request_id].plan_id]
            starts = timezone.make_aware(dt.datetime.combine(week_start + dt.timedelta(days=placement.weekday),
                                                             dt.time(placement.start_hour)))
            sessions.append(TrainingSession(org_id=plan.org_id, created_by=actor, plan=plan,
                                            trainer_id=placement.trainer_id, starts_at=starts,
                                            ends_at=starts + dt.timedelta(hours=placement.hours),
                                            place=plan.address, run=run))
        TrainingSession.objects.bulk_create(sessions)
        UnscheduledRequest.objects.bulk_create([
            UnscheduledRequest(org_id=plans[by_id[request_id].plan_id].org_id, created_by=actor, run=run,
                               plan=plans[by_id[request_id].plan_id], reason=reason[:200])
            for request_id, reason in solved.unscheduled.items()
        ])
        audit.record("training.week_scheduled", actor=actor, obj=run,
                     changes={"requested": run.requested, "scheduled": run.scheduled, "greedy": run.greedy_scheduled})
    return run
