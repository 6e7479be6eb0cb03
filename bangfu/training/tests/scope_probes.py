"""Scope probes for the training pages and API (see tests/scope_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bangfu.accounts.models import OrgUnit, User
from bangfu.jobs.tests.helpers import make_employer, make_person, setup_user
from bangfu.matching.engine import ALL_WEEK, slot_mask
from bangfu.training import services
from bangfu.training.tests.helpers import make_cohort, make_course, make_plan, make_trainer
from tests.scope_matrix import Probe

PERSON = "欧阳探针"
COURSE = "探针课程"
TRAINER = "探针培训师"
COHORT = "探针护理班"
WORKER = "探针社工"
Made = tuple[dict[str, Any], str]


def _this_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def _session(org: OrgUnit, *, photo: bool = False) -> Any:
    plan = make_plan(org, PERSON, course=make_course(org, COURSE), free_slots=ALL_WEEK)
    make_trainer(org, available_slots=ALL_WEEK)
    services.schedule_unit_week(actor=setup_user(), org=org, week_start=_this_monday())
    session = plan.sessions.get()
    if photo:
        image = services.session_photo(SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32))
        services.record_session(actor=setup_user(), session=session, expected_version=session.version,
                                attended=True, photo=image)
    return session


def _listed_session(org: OrgUnit, user: Any) -> Made:
    _session(org)
    return {}, PERSON


def _session_pk(org: OrgUnit, user: Any) -> Made:
    return {"pk": _session(org).pk}, PERSON


def _session_with_photo(org: OrgUnit, user: Any) -> Made:
    return {"pk": _session(org, photo=True).pk}, PERSON


def _session_api(org: OrgUnit, user: Any) -> Made:
    return {"session_id": _session(org).pk}, PERSON


def _plan(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_plan(org, PERSON).pk}, PERSON


def _plan_api(org: OrgUnit, user: Any) -> Made:
    return {"plan_id": make_plan(org, PERSON).pk}, PERSON


def _listed_plan(org: OrgUnit, user: Any) -> Made:
    make_plan(org, PERSON)
    return {}, PERSON


def _person(org: OrgUnit, user: Any) -> Made:
    return {"person_pk": make_person(org, PERSON).pk}, PERSON


def _listed_person(org: OrgUnit, user: Any) -> Made:
    make_person(org, PERSON)
    return {}, PERSON


def _unscheduled(org: OrgUnit, user: Any) -> Made:
    make_plan(org, PERSON, free_slots=slot_mask(6, 21, 23))
    make_trainer(org)
    services.schedule_unit_week(actor=setup_user(), org=org, week_start=_this_monday())
    return {}, PERSON


def _course(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_course(org, COURSE).pk}, COURSE


def _course_api(org: OrgUnit, user: Any) -> Made:
    return {"course_id": make_course(org, COURSE).pk}, COURSE


def _listed_course(org: OrgUnit, user: Any) -> Made:
    make_course(org, COURSE)
    return {}, COURSE


def _trainer(org: OrgUnit, user: Any) -> Made:
    account = User.objects.create_user(username=f"probe-trainer-{org.code}-{User.objects.count()}", org=org,
                                       display_name=TRAINER)
    return {"pk": make_trainer(org, user=account).pk}, TRAINER


def _trainer_api(org: OrgUnit, user: Any) -> Made:
    kwargs, marker = _trainer(org, user)
    return {"trainer_id": kwargs["pk"]}, marker


def _listed_trainer(org: OrgUnit, user: Any) -> Made:
    _trainer(org, user)
    return {}, TRAINER


def _cohort(org: OrgUnit, user: Any) -> Made:
    return {"pk": make_cohort(org, COHORT, employer=make_employer(org, "探针护理院")).pk}, COHORT


def _cohort_api(org: OrgUnit, user: Any) -> Made:
    return {"cohort_id": _cohort(org, user)[0]["pk"]}, COHORT


def _listed_cohort(org: OrgUnit, user: Any) -> Made:
    _cohort(org, user)
    return {}, COHORT


def _enrol(org: OrgUnit, user: Any) -> Made:
    cohort_pk = _cohort(org, user)[0]["pk"]
    return {"pk": cohort_pk, "person_pk": make_person(org, PERSON).pk}, PERSON


def _enrolment_step(org: OrgUnit, user: Any) -> Made:
    from bangfu.training.models import Cohort

    cohort = Cohort.objects.get(pk=_cohort(org, user)[0]["pk"])
    enrolment = services.enrol_person(actor=setup_user(), cohort=cohort, person=make_person(org, PERSON))
    return {"pk": enrolment.pk, "step": "attendance"}, PERSON


def _worker(org: OrgUnit, user: Any) -> Made:
    worker = services.add_worker(actor=setup_user(), org=org, name=WORKER, hired_on=dt.date(2026, 1, 1))
    return {"pk": worker.pk}, WORKER


def _listed_worker(org: OrgUnit, user: Any) -> Made:
    _worker(org, user)
    return {}, WORKER


ROLE = "district_officer"
PROBES = [
    Probe("training:trainer_week", role=ROLE, make=_listed_session, kind="list"),
    Probe("training:session_record", role=ROLE, make=_session_pk),
    Probe("training:session_photo", role=ROLE, make=_session_with_photo),
    Probe("training:plan_list", role=ROLE, make=_listed_plan, kind="list", query="?q=欧阳"),
    Probe("training:plan_person_search", role=ROLE, make=_listed_person, kind="list", query="?q=欧阳"),
    Probe("training:plan_create", role=ROLE, make=_person),
    Probe("training:plan_detail", role=ROLE, make=_plan),
    Probe("training:plan_complete", role=ROLE, make=_plan, expected_in_scope={405}),
    Probe("training:board", role=ROLE, make=_unscheduled, kind="list"),
    Probe("training:course_list", role=ROLE, make=_listed_course, kind="list", query="?q=探针"),
    Probe("training:course_edit", role=ROLE, make=_course),
    Probe("training:trainer_list", role=ROLE, make=_listed_trainer, kind="list"),
    Probe("training:trainer_edit", role=ROLE, make=_trainer),
    Probe("training:cohort_list", role=ROLE, make=_listed_cohort, kind="list", query="?q=探针"),
    Probe("training:cohort_detail", role=ROLE, make=_cohort),
    Probe("training:cohort_enrol", role=ROLE, make=_enrol, expected_in_scope={405}),
    Probe("training:cohort_propose", role=ROLE, make=_cohort, expected_in_scope={405}),
    Probe("training:enrolment_step", role=ROLE, make=_enrolment_step, expected_in_scope={405}),
    Probe("training:worker_list", role=ROLE, make=_listed_worker, kind="list"),
    Probe("training:worker_detail", role=ROLE, make=_worker),
    Probe("training:report", role=ROLE, make=_listed_cohort, kind="list"),
    Probe("api:list_training_courses", role=ROLE, make=_listed_course, kind="list", query="?q=探针"),
    Probe("api:create_training_course", role=ROLE, make=_listed_course, kind="list", query="?q=探针"),
    Probe("api:get_training_course", role=ROLE, make=_course_api),
    Probe("api:update_training_course", role=ROLE, make=_course_api),
    Probe("api:list_training_trainers", role=ROLE, make=_listed_trainer, kind="list"),
    Probe("api:create_training_trainer", role=ROLE, make=_listed_trainer, kind="list"),
    Probe("api:get_training_trainer", role=ROLE, make=_trainer_api),
    Probe("api:update_training_trainer", role=ROLE, make=_trainer_api),
    Probe("api:list_training_plans", role=ROLE, make=_listed_plan, kind="list", query="?q=欧阳"),
    Probe("api:create_training_plan", role=ROLE, make=_listed_plan, kind="list", query="?q=欧阳"),
    Probe("api:get_training_plan", role=ROLE, make=_plan_api),
    Probe("api:list_training_sessions", role=ROLE, make=_listed_session, kind="list"),
    Probe("api:get_training_session", role=ROLE, make=_session_api),
    Probe("api:list_training_unscheduled", role=ROLE, make=_unscheduled, kind="list"),
    Probe("api:list_training_cohorts", role=ROLE, make=_listed_cohort, kind="list", query="?q=探针"),
    Probe("api:create_training_cohort", role=ROLE, make=_listed_cohort, kind="list", query="?q=探针"),
    Probe("api:get_training_cohort", role=ROLE, make=_cohort_api),
    Probe("api:list_training_workers", role=ROLE, make=_listed_worker, kind="list"),
    Probe("api:create_training_worker", role=ROLE, make=_listed_worker, kind="list"),
    Probe("api:training_report_api", role=ROLE, make=_listed_cohort, kind="list"),
]
EXEMPT = {
    "training:course_create": "a form; the units offered are scoped (test_pages.py)",
    "training:trainer_create": "a form; the units and accounts offered are scoped (test_pages.py)",
    "training:cohort_create": "a form; units, courses, employers and openings offered are scoped (test_pages.py)",
    "training:worker_create": "a form; the units offered are scoped (test_pages.py)",
    "api:complete_training_plan": "POST only; the plan is read in scope first (test_api.py)",
    "api:record_training_session": "POST only; the session is read in scope first (test_api.py)",
    "api:schedule_training_week": "POST only; the unit is read in scope first (test_api.py)",
    "api:enrol_training_person": "POST only; the cohort and the person are read in scope first (test_api.py)",
    "api:record_training_attendance": "POST only; the enrolment is read in scope first (test_api.py)",
    "api:graduate_training_person": "POST only; the enrolment is read in scope first (test_api.py)",
    "api:propose_training_graduates": "POST only; the cohort is read in scope first (test_api.py)",
    "api:record_training_worker": "POST only; the worker is read in scope first (test_api.py)",
}
