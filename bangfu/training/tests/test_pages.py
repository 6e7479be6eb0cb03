"""The training pages: officers create every record on a form, the board schedules a week, the trainer records
a session with a photo; bad input re-renders with a Chinese message (400); lists keep a fixed query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.jobs.tests.helpers import make_employer, make_opening, make_person, make_seeker
from bangfu.training.models import (
    Cohort,
    Course,
    Enrolment,
    EnrolmentStatus,
    HomeTrainingPlan,
    Trainer,
    TrainingSession,
    WorkerTrainee,
)
from bangfu.training.tests.helpers import MONDAY, make_course, make_plan, make_trainer

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_course_trainer_and_plan_forms(org_tree: dict, officer: Any, client: Any, make_user: Any) -> None:
    org = org_tree["tianhe"]
    response = client.post("/training/courses/new/", {
        "org": org.pk, "title": "电商运营", "mode": "home", "occupation_codes": "4-01-02", "skill_tags": "电商、PS",
        "certificate": "电商结业证书", "hours": "8"})
    assert response.status_code == 302, response.content.decode()
    course = Course.objects.get()
    assert course.skill_tags == ["电商", "PS"]
    account = make_user("trainer", org, username="page_trainer")
    response = client.post("/training/trainers/new/", {
        "org": org.pk, "user": account.pk, "skills": "电商", "home_district": "440106",
        "available_slots": "周一至周五 09–12 时", "max_sessions_per_day": "2", "active": "on"})
    assert response.status_code == 302, response.content.decode()
    assert Trainer.objects.get().user == account
    seeker = make_seeker(org, "严志明", home_district="440106")
    response = client.post(f"/training/plans/new/{seeker.person_id}/", {
        "course": course.pk, "goals": "网店运营", "sessions_wanted": "4", "sessions_per_week": "1",
        "session_hours": "2", "district_code": "", "address": "", "free_slots": "周三 09–12 时"})
    assert response.status_code == 302, response.content.decode()
    plan = HomeTrainingPlan.objects.get()
    assert plan.district_code == "440106"
    board = client.post("/training/board/", {"org": org.pk, "week_start": "2026年1月5日"})
    assert board.status_code == 302
    assert TrainingSession.objects.filter(plan=plan).count() == 1
    detail = client.get(f"/training/plans/{plan.pk}/").content.decode()
    assert "严志明" in detail and "2026-01-07 1" in detail  # a Wednesday morning inside 09–12


def test_bad_input_is_400_with_the_field_named(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    response = client.post("/training/courses/new/", {"org": org.pk, "title": "x", "mode": "home",
                                                      "occupation_codes": "9-99", "hours": "8"})
    assert response.status_code == 422 or response.status_code == 400
    assert "职业编码" in response.content.decode()
    assert not Course.objects.exists()
    person = make_person(org)
    course = make_course(org)
    response = client.post(f"/training/plans/new/{person.pk}/", {
        "course": course.pk, "sessions_wanted": "4", "sessions_per_week": "1", "session_hours": "2",
        "free_slots": "每周三天"})
    assert response.status_code == 400 and "缺少星期" in response.content.decode()
    response = client.post("/training/board/", {"org": org.pk, "week_start": "2026-01-06"})
    assert response.status_code == 422 and "星期一" in response.content.decode()


def test_the_trainer_records_a_session_with_a_photo(org_tree: dict, make_user: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    account = make_user("trainer", org)
    make_plan(org, "严志明")
    make_trainer(org, user=account)
    from bangfu.jobs.tests.helpers import setup_user
    from bangfu.training import services

    services.schedule_unit_week(actor=setup_user(), org=org, week_start=MONDAY)
    session = TrainingSession.objects.get()
    client.force_login(account)
    week = client.get(f"/training/week/?week={MONDAY:%Y-%m-%d}").content.decode()
    assert "严志明" in week
    response = client.post(f"/training/sessions/{session.pk}/record/", {
        "version": session.version, "attended": "1", "notes": "讲解 PS",
        "photo": SimpleUploadedFile("p.png", PNG, content_type="image/png")})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "held" and session.photo
    photo = client.get(f"/training/sessions/{session.pk}/photo/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG  # type: ignore[attr-defined]
    stale = client.post(f"/training/sessions/{session.pk}/record/", {"version": session.version - 1,
                                                                      "attended": "0"})
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    other = make_user("trainer", org)
    client.force_login(other)
    assert client.get(f"/training/sessions/{session.pk}/record/").status_code == 404  # not their session


def test_cohort_and_1_plus_n_pages(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    employer = make_employer(org, "康养护理院")
    opening = make_opening(org, employer, title="养老护理员", positions=2)
    course = make_course(org, "养老护理", mode="class")
    response = client.post("/training/cohorts/new/", {
        "org": org.pk, "course": course.pk, "name": "养老护理订单班", "provider": "职教中心", "kind": "order",
        "employer": employer.pk, "openings": [opening.pk], "starts_on": "2026-03-01", "ends_on": "2026-06-30"})
    assert response.status_code == 302, response.content.decode()
    cohort = Cohort.objects.get()
    seeker = make_seeker(org, "护理学员")
    assert client.post(f"/training/cohorts/{cohort.pk}/enrol/{seeker.person_id}/").status_code == 302
    enrolment = Enrolment.objects.get()
    client.post(f"/training/enrolments/{enrolment.pk}/attendance/", {"on": "2026-03-02", "hours": "4"})
    client.post(f"/training/enrolments/{enrolment.pk}/graduate/", {"on": "2026-06-30"})
    enrolment.refresh_from_db()
    assert (enrolment.hours_attended, enrolment.status) == (4, EnrolmentStatus.GRADUATED)
    client.post(f"/training/cohorts/{cohort.pk}/propose/")
    assert seeker.referrals.filter(opening=opening).exists()
    response = client.post("/training/workers/new/", {"org": org.pk, "name": "张社工", "hired_on": "2020-01-01"})
    worker = WorkerTrainee.objects.get()
    assert response.status_code == 302
    overdue = client.get("/training/workers/?overdue=1").content.decode()
    assert "张社工" in overdue
    client.post(f"/training/workers/{worker.pk}/", {"kind": "initial", "title": "初任培训",
                                                     "completed_on": "2020-02-01", "hours": "24"})
    assert "张社工" not in client.get("/training/workers/?overdue=1").content.decode()
    report = client.get("/training/report/").content.decode()
    assert "养老护理订单班" in report and "<td>1</td><td>0</td><td>0%</td>" in report  # 1 graduate, not hired yet


def test_plan_list_queries_do_not_grow_with_rows(org_tree: dict, officer: Any, client: Any,
                                                 django_assert_max_num_queries: Any) -> None:
    org = org_tree["tianhe"]
    course = make_course(org)
    for n in range(3):
        make_plan(org, f"甲{n}", course=course)
    client.get("/training/plans/")
    with django_assert_max_num_queries(15) as few:
        client.get("/training/plans/")
    for n in range(15):
        make_plan(org, f"乙{n}", course=course)
    with django_assert_max_num_queries(len(few)):
        client.get("/training/plans/")
