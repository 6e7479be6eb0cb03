"""Plans, sessions, completion, cohorts, the job-after-training link and the 1+N overdue rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from bangfu.accounts.models import User
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.files import read_sealed
from bangfu.jobs import services as jobs_services
from bangfu.jobs.models import SeekerProfile
from bangfu.jobs.tests.helpers import make_employer, make_opening, make_person, make_seeker, setup_user
from bangfu.matching.engine import slot_mask
from bangfu.people.models import FileEvent
from bangfu.people.tests.helpers import apply_family, approve_fully
from bangfu.training import queries, services
from bangfu.training.models import OutcomeKind, SessionStatus, TrainingOutcome
from bangfu.training.tests.helpers import MONDAY, make_cohort, make_course, make_plan, make_trainer

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _scheduled(org: Any, **plan_fields: Any) -> Any:
    plan = make_plan(org, **plan_fields)
    make_trainer(org)
    run = services.schedule_unit_week(actor=setup_user(), org=org, week_start=MONDAY)
    assert run.scheduled >= 1
    return plan, plan.sessions.order_by("starts_at").first()


def test_plan_takes_area_and_free_time_from_the_seeker_profile(org_tree: dict) -> None:
    free = slot_mask(2, 14, 17)
    seeker = make_seeker(org_tree["tianhe"], home_district="440117", free_slots=free)
    plan = services.create_plan(actor=setup_user(), person=seeker.person, course=make_course(org_tree["tianhe"]))
    assert (plan.district_code, plan.free_slots) == ("440117", free)


def test_plan_without_any_area_is_refused_in_chinese(org_tree: dict) -> None:
    person = make_person(org_tree["tianhe"])
    with pytest.raises(ServiceError, match="培训区县"):
        services.create_plan(actor=setup_user(), person=person, course=make_course(org_tree["tianhe"]))


def test_plan_of_a_deep_hardship_family_gets_priority(org_tree: dict) -> None:
    actor = setup_user()
    hardship_file = apply_family(actor, org_tree["wushan"], head="严志明", region_code="440117001",
                                 primary="major_illness", income_fen=10_000, illness=True)
    plan = services.create_plan(actor=actor, person=hardship_file.household.head,
                                course=make_course(org_tree["wushan"]))
    assert plan.household_id == hardship_file.household_id
    assert plan.district_code == "440117"
    assert plan.priority == {"deep": 3, "relative": 2, "accidental": 1}.get(hardship_file.tier, 0)


def test_schedule_creates_sessions_inside_both_availabilities(org_tree: dict) -> None:
    plan, _session = _scheduled(org_tree["tianhe"], sessions_per_week=2)
    assert plan.sessions.count() == 2
    for s in plan.sessions.all():
        local = s.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
        assert local.weekday() < 5 and local.hour >= 9 and local.hour + 2 <= 12
    # Scheduling the same week again adds nothing: the plan's sessions of the week are there already.
    again = services.schedule_unit_week(actor=setup_user(), org=org_tree["tianhe"], week_start=MONDAY)
    assert again.requested == 0 and plan.sessions.count() == 2


def test_schedule_refuses_a_week_not_starting_on_monday(org_tree: dict) -> None:
    with pytest.raises(ServiceError, match="星期一"):
        services.schedule_unit_week(actor=setup_user(), org=org_tree["tianhe"], week_start=MONDAY + dt.timedelta(1))


def test_left_out_requests_are_on_the_board_with_a_reason(org_tree: dict, make_user: Any) -> None:
    make_plan(org_tree["tianhe"], free_slots=slot_mask(6, 20, 22))
    make_trainer(org_tree["tianhe"])
    services.schedule_unit_week(actor=setup_user(), org=org_tree["tianhe"], week_start=MONDAY)
    officer = make_user("district_officer", org_tree["tianhe"])
    rows = list(queries.unscheduled(officer))
    assert len(rows) == 1 and "有空" in rows[0].reason
    assert list(queries.unscheduled(make_user("district_officer", org_tree["haizhu"]))) == []


def test_recording_a_session_seals_the_photo(org_tree: dict) -> None:
    _plan, session = _scheduled(org_tree["tianhe"])
    photo = services.session_photo(SimpleUploadedFile("p.png", PNG, content_type="image/png"))
    services.record_session(actor=setup_user(), session=session, expected_version=session.version, attended=True,
                            notes="讲解淘宝后台", photo=photo)
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert session.photo.read()[:3] == b"bf1"  # sealed on disk
    assert read_sealed(session.photo) == PNG
    with pytest.raises(ConflictError):
        services.record_session(actor=setup_user(), session=session, expected_version=session.version - 1,
                                attended=False)


def test_a_photo_that_is_not_an_image_is_refused(org_tree: dict) -> None:
    with pytest.raises(ServiceError, match="照片"):
        services.session_photo(SimpleUploadedFile("p.png", b"not an image", content_type="image/png"))


def _hold(session: Any) -> None:
    services.record_session(actor=setup_user(), session=session, expected_version=session.version, attended=True)


def test_completion_adds_tags_and_certificate_to_the_seeker_profile(org_tree: dict) -> None:
    seeker = make_seeker(org_tree["tianhe"], tags=["电商"], free_slots=sum(slot_mask(d, 9, 12) for d in range(5)))
    plan, session = _scheduled(org_tree["tianhe"], person=seeker.person)
    with pytest.raises(ServiceError, match="还没有已上的课次"):
        services.complete_plan(actor=setup_user(), plan=plan, expected_version=plan.version, on=MONDAY)
    _hold(session)
    services.complete_plan(actor=setup_user(), plan=plan, expected_version=plan.version, on=MONDAY)
    seeker.refresh_from_db()
    assert seeker.tags == ["电商", "淘宝后台", "PS", "摄影"]
    assert seeker.certificates == ["电商技能培训结业证书"]
    kinds = set(TrainingOutcome.objects.filter(plan=plan).values_list("kind", flat=True))
    assert kinds == {OutcomeKind.CERTIFICATE, OutcomeKind.TAGS}


def test_a_hire_after_training_is_recorded_and_shown_on_the_file_timeline(org_tree: dict, make_user: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"])  # files it; a colleague reviews (four eyes)
    officer = make_user("district_officer", org_tree["tianhe"])
    approver = User.objects.create_user(username="approver", is_superuser=True, org=org_tree["root"])
    hardship_file = approve_fully(worker, approver, apply_family(worker, org_tree["wushan"], head="严志明",
                                                                 region_code="440117001"))
    person = hardship_file.household.head
    seeker = make_seeker(org_tree["wushan"], person=person)
    plan, session = _scheduled(org_tree["wushan"], person=person)
    _hold(session)
    referral = jobs_services.refer_seeker(actor=officer, seeker=seeker, opening=make_opening(org_tree["tianhe"]),
                                          on=MONDAY + dt.timedelta(days=10))
    jobs_services.schedule_interview(actor=officer, referral=referral, on=MONDAY + dt.timedelta(days=12))
    jobs_services.record_hire(actor=officer, referral=referral, on=MONDAY + dt.timedelta(days=14))
    outcome = TrainingOutcome.objects.get(kind=OutcomeKind.EMPLOYED)
    assert (outcome.plan_id, outcome.referral_id) == (plan.pk, referral.pk)
    assert FileEvent.objects.filter(file=hardship_file, action="培训后就业").exists()
    report = queries.training_report(officer, org_tree["tianhe"])
    assert (report.sessions_held, report.people_trained, report.employed_after_training) == (1, 1, 1)


def test_a_hire_long_after_training_is_not_counted(org_tree: dict, make_user: Any) -> None:
    seeker = make_seeker(org_tree["tianhe"], free_slots=sum(slot_mask(d, 9, 12) for d in range(5)))
    _plan, session = _scheduled(org_tree["tianhe"], person=seeker.person)
    _hold(session)
    officer = make_user("district_officer", org_tree["tianhe"])
    referral = jobs_services.refer_seeker(actor=officer, seeker=seeker, opening=make_opening(org_tree["tianhe"]),
                                          on=MONDAY + dt.timedelta(days=200))
    jobs_services.schedule_interview(actor=officer, referral=referral, on=MONDAY + dt.timedelta(days=201))
    jobs_services.record_hire(actor=officer, referral=referral, on=MONDAY + dt.timedelta(days=202))
    assert not TrainingOutcome.objects.filter(kind=OutcomeKind.EMPLOYED).exists()


def test_ordered_cohort_graduates_go_to_the_employers_openings_first(org_tree: dict, make_user: Any) -> None:
    org = org_tree["tianhe"]
    employer = make_employer(org, "唐山康养护理院")
    opening = make_opening(org, employer, title="养老护理员", positions=2)
    cohort = make_cohort(org, employer=employer, openings=[opening])
    officer = make_user("district_officer", org)
    enrolments = [services.enrol_person(actor=officer, cohort=cohort, person=make_seeker(org, name).person)
                  for name in ("李护理", "王护理", "赵护理")]
    with pytest.raises(ServiceError, match="已在本班名册"):
        services.enrol_person(actor=officer, cohort=cohort, person=enrolments[0].person)
    services.record_attendance(actor=officer, enrolment=enrolments[0], on=dt.date(2026, 3, 2), hours=6)
    with pytest.raises(ServiceError, match="已记录过出勤"):
        services.record_attendance(actor=officer, enrolment=enrolments[0], on=dt.date(2026, 3, 2), hours=6)
    with pytest.raises(ServiceError, match="不在开班期间"):
        services.record_attendance(actor=officer, enrolment=enrolments[0], on=dt.date(2026, 8, 1), hours=6)
    for enrolment in enrolments[:2]:
        services.graduate(actor=officer, enrolment=enrolment, on=dt.date(2026, 6, 30))
    made = services.propose_graduates(actor=officer, cohort=cohort, on=dt.date(2026, 7, 1))
    assert sorted(r.seeker.person.name for r in made) == ["李护理", "王护理"]
    assert {r.opening_id for r in made} == {opening.pk}
    assert services.propose_graduates(actor=officer, cohort=cohort, on=dt.date(2026, 7, 1)) == []
    assert "养老护理" in SeekerProfile.objects.get(person=enrolments[0].person).tags
    jobs_services.schedule_interview(actor=officer, referral=made[0], on=dt.date(2026, 7, 3))
    jobs_services.record_hire(actor=officer, referral=made[0], on=dt.date(2026, 7, 5))
    row = queries.training_report(officer, org).cohorts[0]
    assert (row.graduated, row.employed, row.employment_rate) == (2, 1, 0.5)


def test_an_ordered_cohort_needs_its_employer(org_tree: dict) -> None:
    with pytest.raises(ServiceError, match="订单单位"):
        make_cohort(org_tree["tianhe"], kind="order")


@override_settings(BANGFU_TRAINING_INITIAL_DUE_DAYS=30)
def test_the_1_plus_n_overdue_rule(org_tree: dict, make_user: Any) -> None:
    officer = make_user("district_officer", org_tree["tianhe"])
    today = timezone.localdate()
    late = services.add_worker(actor=officer, org=org_tree["tianhe"], name="张社工", hired_on=today - dt.timedelta(40))
    recent = services.add_worker(actor=officer, org=org_tree["tianhe"], name="李社工",
                                 hired_on=today - dt.timedelta(10))
    trained = services.add_worker(actor=officer, org=org_tree["tianhe"], name="王社工",
                                  hired_on=today - dt.timedelta(60))
    assert late.initial_due_on == today - dt.timedelta(10)
    services.record_worker_training(actor=officer, trainee=trained, kind="initial", title="初任培训",
                                    completed_on=today - dt.timedelta(50), hours=24)
    services.record_worker_training(actor=officer, trainee=trained, kind="job", title="劳动法律咨询",
                                    completed_on=today - dt.timedelta(20), hours=8)
    with pytest.raises(ServiceError, match="初任培训"):
        services.record_worker_training(actor=officer, trainee=trained, kind="initial", title="初任培训",
                                        completed_on=today, hours=8)
    with pytest.raises(ServiceError, match="早于入职日期"):
        services.record_worker_training(actor=officer, trainee=recent, kind="job", title="x",
                                        completed_on=today - dt.timedelta(30), hours=8)
    assert [w.name for w in queries.workers(officer, overdue_only=True)] == [late.name]
    row: Any = queries.workers(officer).get(pk=trained.pk)
    assert (row.initial_done, row.job_trainings, row.hours) == (1, 1, 32)


def test_services_refuse_a_role_without_the_permission(org_tree: dict, make_user: Any) -> None:
    worker = make_user("street_social_worker", org_tree["wushan"])
    with pytest.raises(ServiceError) as refused:
        services.create_course(actor=worker, org=org_tree["wushan"], title="x")
    assert refused.value.status == 404  # the unit is refused as outside what the role may add to
    _plan, session = _scheduled(org_tree["wushan"])
    with pytest.raises(ServiceError) as denied:
        services.record_session(actor=worker, session=session, expected_version=session.version, attended=True)
    assert denied.value.status == 403


