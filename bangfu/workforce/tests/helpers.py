"""Test helpers of the workforce app: workers, posts and runs made through the services, as staff would."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth.models import Group

from bangfu.accounts.models import OrgUnit
from bangfu.jobs.tests.helpers import setup_user
from bangfu.people.idgen import make_id_number
from bangfu.workforce import services
from bangfu.workforce.models import Post, ScoringScheme, SocialWorker

_sequence = itertools.count(1)
PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
# A scheme where only the supervisor's review counts: the result is the score given (decision tests).
REVIEW_ONLY = {"families": 0, "visits_on_time": 0, "rechecks_on_time": 0, "jobs_kept": 0, "legal_training": 0,
               "satisfaction": 0, "supervisor": 100}


def make_post(org: OrgUnit, title: str = "街道工会社工", grade: int = 2) -> Post:
    return services.create_post(actor=setup_user(), org=org, title=title, grade=grade)


def hire(org: OrgUnit, name: str = "林晓燕", *, post: Post | None = None, role: str = "",
         **fields: Any) -> SocialWorker:
    """A worker on a new post of `org`; `role` gives their account a role at that unit (to do casework)."""
    n = next(_sequence)
    values: dict[str, Any] = {"employment_type": "social", "hired_on": dt.date(2018, 3, 1), "grade": 2,
                              "certificate_level": "assistant", "take_home_fen": 350_000}
    values.update(fields)
    data = services.HireInput(post=post or make_post(org), name=name,
                              id_number=make_id_number("510104", dt.date(1990, 1, 1) + dt.timedelta(days=n), n, "F"),
                              **values)
    worker = services.hire_worker(actor=setup_user(), data=data)
    if role:
        worker.user.groups.set([Group.objects.get(role_profile__key=role)])
    return worker


def make_scheme(org: OrgUnit, **fields: Any) -> ScoringScheme:
    data = services.SchemeInput(name="街道社工履职考核", **fields)
    return services.create_scheme(actor=setup_user(), org=org, data=data)


def assess(org: OrgUnit, worker: SocialWorker, score: int, *, period: tuple[dt.date, dt.date] = PERIOD,
           reviewer: Any = None, scheme: ScoringScheme | None = None) -> Any:
    """Run an assessment of the unit for the period and review `worker`'s with the supervisor's `score`."""
    run = services.run_assessment(actor=setup_user(), data=services.RunInput(
        org=org, scheme=scheme or make_scheme(org, weights=REVIEW_ONLY), period_start=period[0], period_end=period[1]))
    assessment = run.assessments.get(worker=worker)
    return services.review_assessment(actor=reviewer or setup_user(), assessment=assessment, score=score,
                                      comment="", expected_version=assessment.version)
