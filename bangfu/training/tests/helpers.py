"""Test helpers of the training app: records made through the services, as staff would."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from bangfu.accounts.models import OrgUnit, User
from bangfu.jobs.tests.helpers import make_person, setup_user
from bangfu.matching.engine import slot_mask
from bangfu.people.models import Person
from bangfu.training import services
from bangfu.training.models import Cohort, Course, CourseMode, HomeTrainingPlan, Trainer

_sequence = itertools.count(1)
MONDAY = dt.date(2026, 1, 5)


def weekday_mornings() -> int:
    return sum(slot_mask(day, 9, 12) for day in range(5))


def make_course(org: OrgUnit, title: str = "电商运营（上门）", *, mode: str = CourseMode.HOME, **fields: Any) -> Course:
    values: dict[str, Any] = {"skill_tags": ["电商", "淘宝后台", "PS", "摄影"], "certificate": "电商技能培训结业证书",
                              "hours": 8, "occupation_codes": ["4-01-02"]}
    values.update(fields)
    return services.create_course(actor=setup_user(), org=org, title=title, mode=mode, **values)


def make_trainer(org: OrgUnit, *, user: User | None = None, district: str = "440117", **fields: Any) -> Trainer:
    n = next(_sequence)
    user = user or User.objects.create_user(username=f"trainer{n}", org=org, display_name=f"培训师{n}")
    values: dict[str, Any] = {"skills": ["电商"], "home_district": district, "available_slots": weekday_mornings(),
                              "max_sessions_per_day": 2}
    values.update(fields)
    return services.create_trainer(actor=setup_user(), org=org, user=user, **values)


def make_plan(org: OrgUnit, name: str = "严先生", *, person: Person | None = None, course: Course | None = None,
              **fields: Any) -> HomeTrainingPlan:
    values: dict[str, Any] = {"district_code": "440117", "free_slots": weekday_mornings(), "sessions_wanted": 4,
                              "session_hours": 2}
    values.update(fields)
    return services.create_plan(actor=setup_user(), person=person or make_person(org, name),
                                course=course or make_course(org), **values)


def make_cohort(org: OrgUnit, name: str = "养老护理订单班", *, employer: Any = None, openings: Any = (),
                **fields: Any) -> Cohort:
    course = make_course(org, "养老护理员", mode=CourseMode.CLASS, skill_tags=["养老护理"],
                         certificate="养老护理员证书")
    values: dict[str, Any] = {"provider": "丰润区综合职业技术教育中心", "kind": "order" if employer else "open",
                              "starts_on": dt.date(2026, 3, 1), "ends_on": dt.date(2026, 6, 30)}
    values.update(fields)
    return services.create_cohort(actor=setup_user(), org=org, course=course, name=name, employer=employer,
                                  openings=list(openings), **values)
