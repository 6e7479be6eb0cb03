"""Indicators computed from hand-built casework: every number equals the records it names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bangfu.assistance.models import Visit
from bangfu.assistance.services import lists, visits
from bangfu.assistance.tests.factories import make_campaign, make_file, make_person
from bangfu.assistance.tests.scope_probes import _approver
from bangfu.jobs import services as jobs_services
from bangfu.jobs.tests.helpers import make_opening, make_seeker
from bangfu.legal.tests.helpers import make_case, make_station
from bangfu.people.models import FileEvent
from bangfu.training import services as training_services
from bangfu.workforce import casework, services
from bangfu.workforce.models import AssessmentResult, Indicator
from bangfu.workforce.tests.helpers import PERIOD, hire, make_scheme

pytestmark = pytest.mark.django_db
START, END = PERIOD


def _event(hardship_file: Any, action: str, on: dt.date) -> None:
    """A step of the file's timeline on a past date (as the lifecycle service writes it)."""
    FileEvent.objects.create(file=hardship_file, action=action, effective_on=on,
                             occurred_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10))))


def _files(org: Any, worker: Any) -> list[Any]:
    on_time = make_file(make_person(org), contact=worker.user)
    _event(on_time, "approve", dt.date(2024, 3, 1))  # due 2025-03-01
    _event(on_time, "recheck", dt.date(2025, 2, 20))
    late = make_file(make_person(org), contact=worker.user)
    _event(late, "approve", dt.date(2024, 6, 1))  # due 2025-06-01
    _event(late, "recheck", dt.date(2025, 7, 10))
    relieved = make_file(make_person(org), contact=worker.user, status="relieved")
    _event(relieved, "approve", dt.date(2024, 8, 1))  # due 2025-08-01, relieved before: owes nothing
    _event(relieved, "relieve", dt.date(2025, 5, 1))
    make_file(make_person(org))  # someone else's family
    return [on_time, late, relieved]


def _jobs(org: Any, worker: Any) -> None:
    for n, outcome in enumerate(("employed", "left")):
        opening = make_opening(org, title=f"岗位{n}")
        referral = jobs_services.refer_seeker(actor=worker.user, seeker=make_seeker(org, f"求职者{n}"), opening=opening,
                                              on=dt.date(2025, 1, 10))
        jobs_services.schedule_interview(actor=worker.user, referral=referral, on=dt.date(2025, 1, 15))
        jobs_services.record_hire(actor=worker.user, referral=referral, on=dt.date(2025, 2, 1))
        check = referral.retention_checks.get(months=3)
        jobs_services.record_retention(actor=worker.user, check=check, outcome=outcome, on=dt.date(2025, 5, 3))


def test_indicators_count_the_workers_own_records(org_tree: dict, officer: Any) -> None:
    org = org_tree["wushan"]
    worker = hire(org, role="city_officer")
    on_time, late, _relieved = _files(org, worker)
    _jobs(org, worker)
    make_case(make_station(org), actor=worker.user, intake_date=dt.date(2025, 4, 1))
    make_case(make_station(org, "另一工作站"), actor=worker.user, intake_date=dt.date(2024, 4, 1))  # before the period
    assert worker.trainee is not None
    training_services.record_worker_training(actor=officer, trainee=worker.trainee, kind="job", title="个案管理",
                                             completed_on=dt.date(2025, 4, 2), hours=8)
    services.record_follow_up(actor=officer, worker=worker, hardship_file=on_time, called_on=dt.date(2025, 6, 1),
                              satisfaction="satisfied")
    services.record_follow_up(actor=officer, worker=worker, hardship_file=late, called_on=dt.date(2025, 6, 2),
                              satisfaction="partly")

    lines = {line.indicator: line for line in casework.casework_lines(worker, START, END)}

    assert (lines[Indicator.FAMILIES].counted, lines[Indicator.FAMILIES].achieved) == (2, 2)
    assert {row["id"] for row in lines[Indicator.FAMILIES].evidence} == {on_time.pk, late.pk}
    rechecks = lines[Indicator.RECHECKS_ON_TIME]
    assert (rechecks.counted, rechecks.achieved) == (2, 1)
    assert {(row["id"], row["due"], row["ok"]) for row in rechecks.evidence} == {
        (on_time.pk, "2025-03-01", True), (late.pk, "2025-06-01", False)}
    assert (lines[Indicator.JOBS_KEPT].counted, lines[Indicator.JOBS_KEPT].achieved) == (2, 1)
    legal = lines[Indicator.LEGAL_TRAINING]
    assert sorted(str(row["kind"]) for row in legal.evidence) == ["legal_case", "worker_training"]
    assert legal.explanation == "受理法律援助 1 件、制定上门培训计划 0 个、完成本人 1+N 培训 1 次"
    assert (lines[Indicator.SATISFACTION].counted, lines[Indicator.SATISFACTION].achieved) == (2, 160)
    assert lines[Indicator.VISITS_ON_TIME].counted == 0


def test_visits_on_time_against_the_campaign_deadline(org_tree: dict, roles: Any) -> None:
    org = org_tree["wushan"]
    worker = hire(org, role="city_officer")
    today = timezone.localdate()
    program = make_campaign(org, name="元旦春节送温暖", actor=worker.user)
    program.visit_deadline = today
    program.save(update_fields=["visit_deadline"])
    for name in ("走访甲", "走访乙"):
        make_file(make_person(org, name))
    blist = lists.approve_list(actor=_approver(org), blist=lists.submit_list(
        actor=worker.user, blist=lists.build_list(actor=worker.user, program=program, unit=org)))
    made = [visits.record_visit(actor=worker.user, beneficiary=blist.entries.get(person__name=name), place="家中",
                                visited_at=timezone.now(), key=f"v{n}", fubao_count=1)[0]
            for n, name in enumerate(("走访甲", "走访乙"))]
    # the second visit at 01:00 Beijing time the day after the deadline: still the deadline's date in UTC
    late = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(1, 0), tzinfo=timezone.get_current_timezone())
    Visit.objects.filter(pk=made[1].pk).update(visited_at=late)
    line = casework.visits_on_time(worker, today - dt.timedelta(days=30), today + dt.timedelta(days=30))
    assert (line.counted, line.achieved) == (2, 1)
    assert [(row["id"], row["ok"]) for row in line.evidence] == [(made[0].pk, True), (made[1].pk, False)]


def test_run_and_review_give_the_result_from_the_weighted_lines(org_tree: dict, officer: Any) -> None:
    org = org_tree["wushan"]
    worker = hire(org, role="city_officer")
    _files(org, worker)
    scheme = make_scheme(org_tree["tianhe"], targets={"families": 2, "jobs_kept": 1, "legal_training": 1})
    run = services.run_assessment(actor=officer, data=services.RunInput(org=org, scheme=scheme, period_start=START,
                                                                        period_end=END))
    assessment = run.assessments.get(worker=worker)
    assert assessment.total is None and assessment.lines.count() == 7
    reviewed = services.review_assessment(actor=officer, assessment=assessment, score=90, comment="认真负责",
                                          expected_version=assessment.version)
    # families 100×15 + rechecks 50×15 + jobs 0×15 + legal 0×10 + supervisor 90×15 = 3600 over weight 70;
    # visits and calls had nothing to count and are left out
    assert str(reviewed.total) == "51.4"
    assert reviewed.result == AssessmentResult.UNQUALIFIED
