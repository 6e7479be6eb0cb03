"""The demo: 严志明's e-commerce home training in 从化 taught by gz_trainer, the Tangshan 订单式 nursing cohort
and its employment rate, Sichuan's 1+N with overdue initial trainings; every figure from records the
services made; running it twice adds nothing."""

from __future__ import annotations

import pytest

from bangfu.accounts import demo as accounts_demo
from bangfu.accounts.models import OrgUnit
from bangfu.core.seeding import DemoContext
from bangfu.jobs import demo as jobs_demo
from bangfu.training import demo as training_demo
from bangfu.training import queries
from bangfu.training.models import Cohort, HomeTrainingPlan, SessionStatus, TrainingSession, WorkerTrainee

pytestmark = pytest.mark.django_db


def test_the_demo_trains_in_guangzhou_tangshan_and_sichuan() -> None:
    context = DemoContext(password="Demo-Password-123")
    accounts_demo.seed(context)
    jobs_demo.seed(context)
    for _ in range(2):
        training_demo.seed(context)
    users = context.made["users"]
    yan = HomeTrainingPlan.objects.select_related("course", "person").get(person__name="严志明")
    assert (yan.course.title, yan.district_code, yan.session_hours) == (
        "电商运营一对一（淘宝后台、PS、摄影）", "440117", 3)
    held = TrainingSession.objects.filter(plan=yan, status=SessionStatus.HELD)
    assert held.exists()
    assert {s.trainer.user.username for s in held} == {"gz_trainer"}
    assert held.filter(notes__contains="淘宝后台").exists()
    assert TrainingSession.objects.filter(plan=yan, status=SessionStatus.SCHEDULED).exists()

    cohort = Cohort.objects.select_related("employer").get()
    assert (cohort.kind, cohort.provider) == ("order", "唐山市丰润区综合职业技术教育中心")
    report = queries.training_report(users["ts_officer"], OrgUnit.objects.get(code="1302"))
    row = report.cohorts[0]
    assert (row.enrolled, row.graduated, row.employed, row.employment_rate) == (30, 28, 24, 0.8571)
    assert report.certificates == 28

    sichuan = users["sc_officer"]
    assert WorkerTrainee.objects.count() == 16
    overdue = list(queries.workers(sichuan, overdue_only=True))
    assert overdue and all(not w.trainings.filter(kind="initial").exists() for w in overdue)
