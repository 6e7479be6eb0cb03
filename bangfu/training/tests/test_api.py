"""The training API: officers create courses, trainers, plans, cohorts, enrolments, attendance, 1+N entries;
trainers record sessions with a photo; 404 outside scope, 403 without the permission, 409 stale versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bangfu.core.files import read_sealed
from bangfu.jobs.tests.helpers import make_employer, make_opening, make_person, make_seeker, setup_user
from bangfu.training import services
from bangfu.training.models import Enrolment, HomeTrainingPlan, TrainingSession
from bangfu.training.tests.helpers import MONDAY, make_course, make_plan, make_trainer

pytestmark = pytest.mark.django_db
JSON = "application/json"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_officer_builds_home_training_through_the_api(org_tree: dict, officer: Any, client: Any,
                                                         make_user: Any) -> None:
    course = client.post("/api/v1/training/courses", {
        "title": "电商运营", "mode": "home", "skill_tags": ["电商", "PS"], "certificate": "电商结业证书", "hours": 8,
        "occupation_codes": ["4-01-02"]}, content_type=JSON)
    assert course.status_code == 201, course.json()
    account = make_user("trainer", org_tree["tianhe"], username="api_trainer")
    trainer = client.post("/api/v1/training/trainers", {
        "username": "api_trainer", "skills": ["电商"], "home_district": "440106",
        "availability": "周一至周五 09–12 时", "max_sessions_per_day": 2}, content_type=JSON)
    assert trainer.status_code == 201, trainer.json()
    assert trainer.json()["availability"] == "周一至周五 09–12 时"
    seeker = make_seeker(org_tree["wushan"], home_district="440106")
    plan = client.post("/api/v1/training/plans", {"person_id": seeker.person_id, "course_id": course.json()["id"],
                                                  "free_time": "周二 09–11 时", "goals": "网店运营"},
                       content_type=JSON)
    assert plan.status_code == 201, plan.json()
    assert (plan.json()["district_code"], plan.json()["free_time"]) == ("440106", "周二 09–11 时")
    run = client.post("/api/v1/training/schedule", {"week_start": MONDAY.isoformat()}, content_type=JSON)
    assert run.status_code == 201 and run.json()["scheduled"] == 1
    session = TrainingSession.objects.get()
    # The trainer sees and records their own session, with the photo taken on the phone.
    client.force_login(account)
    listed = client.get("/api/v1/training/sessions").json()
    assert [item["id"] for item in listed["items"]] == [session.pk]
    recorded = client.post(f"/api/v1/training/sessions/{session.pk}/record", {
        "version": session.version, "attended": "true", "notes": "讲解淘宝后台",
        "photo": SimpleUploadedFile("p.png", PNG, content_type="image/png")})
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["has_photo"] and recorded.json()["status"] == "held"
    session.refresh_from_db()
    assert read_sealed(session.photo) == PNG
    stale = client.post(f"/api/v1/training/sessions/{session.pk}/record",
                        {"version": session.version - 1, "attended": "false"})
    assert stale.status_code == 409
    client.force_login(officer)
    plan_id = plan.json()["id"]
    version = HomeTrainingPlan.objects.get(pk=plan_id).version
    done = client.post(f"/api/v1/training/plans/{plan_id}/complete", {"version": version}, content_type=JSON)
    assert done.status_code == 200 and done.json()["status"] == "completed"
    seeker.refresh_from_db()
    assert "PS" in seeker.tags and "电商结业证书" in seeker.certificates
    report = client.get("/api/v1/reports/training?org=440106").json()
    assert (report["sessions_held"], report["people_trained"], report["certificates"]) == (1, 1, 1)


def test_a_non_image_photo_is_refused_in_chinese(org_tree: dict, officer: Any, client: Any) -> None:
    make_plan(org_tree["tianhe"], "甲")
    make_trainer(org_tree["tianhe"])
    client.post("/api/v1/training/schedule", {"week_start": MONDAY.isoformat()}, content_type=JSON)
    session = TrainingSession.objects.get()
    response = client.post(f"/api/v1/training/sessions/{session.pk}/record", {
        "version": session.version, "attended": "true", "photo": SimpleUploadedFile("p.png", b"text")})
    assert response.status_code == 400 and "照片" in response.json()["detail"]
    session.refresh_from_db()
    assert session.status == "scheduled" and not session.photo


def test_bad_input_names_the_field(org_tree: dict, officer: Any, client: Any) -> None:
    response = client.post("/api/v1/training/trainers", {"username": "nobody", "home_district": "440106"},
                           content_type=JSON)
    assert response.status_code == 404
    course = make_course(org_tree["tianhe"])
    person = make_person(org_tree["tianhe"])
    bad_time = client.post("/api/v1/training/plans", {"person_id": person.pk, "course_id": course.pk,
                                                      "district_code": "440106", "free_time": "每周三天"},
                           content_type=JSON)
    assert bad_time.status_code == 422 and bad_time.json()["detail"].startswith("家庭空闲时间：")
    bad_code = client.post("/api/v1/training/courses", {"title": "x", "occupation_codes": ["9-99"]},
                           content_type=JSON)
    assert bad_code.status_code == 422 and bad_code.json()["detail"].startswith("职业编码")
    monday_not = client.post("/api/v1/training/schedule", {"week_start": "2026-01-06"}, content_type=JSON)
    assert monday_not.status_code == 422 and "星期一" in monday_not.json()["detail"]


def test_records_of_another_unit_are_404(org_tree: dict, officer: Any, client: Any) -> None:
    plan = make_plan(org_tree["haizhu"], "海珠甲")
    course = make_course(org_tree["haizhu"], "海珠课程")
    assert client.get(f"/api/v1/training/plans/{plan.pk}").status_code == 404
    assert client.post(f"/api/v1/training/plans/{plan.pk}/complete", {"version": plan.version},
                       content_type=JSON).status_code == 404
    assert client.put(f"/api/v1/training/courses/{course.pk}", {"title": "改", "version": course.version},
                      content_type=JSON).status_code == 404
    assert client.post("/api/v1/training/plans", {"person_id": plan.person_id, "course_id": course.pk},
                       content_type=JSON).status_code == 404
    assert client.post("/api/v1/training/schedule", {"org_code": "440105", "week_start": MONDAY.isoformat()},
                       content_type=JSON).status_code == 404


def test_a_role_without_the_permission_is_403(org_tree: dict, make_user: Any, client: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"])
    make_plan(org_tree["wushan"], "五山甲")
    make_trainer(org_tree["wushan"])
    services.schedule_unit_week(actor=setup_user(), org=org_tree["wushan"], week_start=MONDAY)
    session = TrainingSession.objects.get()
    client.force_login(worker)
    response = client.post(f"/api/v1/training/sessions/{session.pk}/record",
                           {"version": session.version, "attended": "true"})
    assert response.status_code == 403 and "记录培训课次" in response.json()["detail"]
    created = client.post("/api/v1/training/courses", {"title": "x"}, content_type=JSON)
    assert created.status_code == 404


def test_cohort_roll_attendance_graduation_and_proposal(org_tree: dict, officer: Any, client: Any) -> None:
    org = org_tree["tianhe"]
    employer = make_employer(org, "康养护理院")
    opening = make_opening(org, employer, title="养老护理员", positions=3)
    course = make_course(org, "养老护理", mode="class", skill_tags=["养老护理"], certificate="养老护理员证书")
    cohort = client.post("/api/v1/training/cohorts", {
        "course_id": course.pk, "name": "养老护理订单班", "provider": "丰润区综合职业技术教育中心", "kind": "order",
        "employer_id": employer.pk, "opening_ids": [opening.pk], "starts_on": "2026-03-01",
        "ends_on": "2026-06-30"}, content_type=JSON)
    assert cohort.status_code == 201, cohort.json()
    cohort_id = cohort.json()["id"]
    no_employer = client.post("/api/v1/training/cohorts", {
        "course_id": course.pk, "name": "x", "provider": "y", "kind": "named", "starts_on": "2026-03-01",
        "ends_on": "2026-06-30"}, content_type=JSON)
    assert no_employer.status_code == 422 and no_employer.json()["detail"].startswith("订单单位")
    seeker = make_seeker(org, "护理学员")
    enrolled = client.post(f"/api/v1/training/cohorts/{cohort_id}/enrolments", {"person_id": seeker.person_id},
                           content_type=JSON)
    assert enrolled.status_code == 201
    again = client.post(f"/api/v1/training/cohorts/{cohort_id}/enrolments", {"person_id": seeker.person_id},
                        content_type=JSON)
    assert again.status_code == 409
    enrolment_id = enrolled.json()["id"]
    hours = client.post(f"/api/v1/training/enrolments/{enrolment_id}/attendance", {"on": "2026-03-02", "hours": 6},
                        content_type=JSON)
    assert hours.json()["hours_attended"] == 6
    graduated = client.post(f"/api/v1/training/enrolments/{enrolment_id}/graduate", {"on": "2026-06-30"},
                            content_type=JSON)
    assert graduated.json()["status"] == "graduated"
    proposed = client.post(f"/api/v1/training/cohorts/{cohort_id}/propose")
    assert proposed.status_code == 200 and len(proposed.json()["referral_ids"]) == 1
    roll = client.get(f"/api/v1/training/cohorts/{cohort_id}").json()["roll"]
    assert [(r["person_name"], r["status"]) for r in roll] == [("护理学员", "graduated")]
    assert Enrolment.objects.get().hours_attended == 6


def test_one_plus_n_through_the_api(officer: Any, client: Any) -> None:
    hired = (timezone.localdate() - dt.timedelta(days=200)).isoformat()
    worker = client.post("/api/v1/training/workers", {"name": "张社工", "post": "社区工会社工", "hired_on": hired},
                         content_type=JSON)
    assert worker.status_code == 201 and worker.json()["overdue"] is True
    overdue = client.get("/api/v1/training/workers?overdue=true").json()
    assert [w["name"] for w in overdue["items"]] == ["张社工"]
    done = client.post(f"/api/v1/training/workers/{worker.json()['id']}/trainings", {
        "kind": "initial", "title": "新聘社工初任培训", "completed_on": timezone.localdate().isoformat(), "hours": 24},
        content_type=JSON)
    assert done.status_code == 201 and done.json()["overdue"] is False and done.json()["hours"] == 24
    assert client.get("/api/v1/training/workers?overdue=true").json()["count"] == 0


