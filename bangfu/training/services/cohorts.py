"""Class cohorts (班级): 订单式 / 冠名班 / 新型学徒制 ordered by an employer, the roll, attendance, graduation,
and the graduates proposed to the ordering employer's openings first (staff confirm each referral)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.jobs.models import Employer, Opening, Referral, SeekerProfile, SeekerStatus
from bangfu.jobs.services import refer_seeker
from bangfu.people.models import Person
from bangfu.training.models import (
    Attendance,
    Cohort,
    CohortKind,
    Course,
    CourseMode,
    Enrolment,
    EnrolmentStatus,
)
from bangfu.training.services.common import require_org, require_perm, validated
from bangfu.training.services.plans import record_completion_outcomes

COHORT_FIELDS = ("name", "provider", "kind", "starts_on", "ends_on")


def _check_employer(kind: str, employer: Employer | None, openings: Sequence[Opening]) -> None:
    if kind != CohortKind.OPEN and employer is None:
        raise ServiceError("订单单位：订单式、冠名班和新型学徒制班级须填写订单单位", status=422)
    for opening in openings:
        if employer is None or opening.employer_id != employer.pk:
            raise ServiceError(f"关联岗位：“{opening.title}”不是订单单位的岗位", status=422)


@transaction.atomic
def create_cohort(*, actor: Any, org: OrgUnit, course: Course, employer: Employer | None = None,
                  openings: Sequence[Opening] = (), **fields: Any) -> Cohort:
    require_org(actor, org, "add", Cohort)
    if course.mode == CourseMode.HOME:
        raise ServiceError(f"课程：“{course.title}”是上门一对一课程，班级须选班级或线上课程", status=422)
    data = {k: v for k, v in fields.items() if k in COHORT_FIELDS}
    _check_employer(str(data.get("kind", CohortKind.OPEN)), employer, openings)
    cohort = Cohort(org=org, created_by=actor, course=course, employer=employer, **data)
    validated(cohort)
    if cohort.ends_on < cohort.starts_on:
        raise ServiceError("结束日期：不能早于开班日期", status=422)
    cohort.save()
    cohort.openings.set(openings)
    audit.record("training.cohort_created", actor=actor, obj=cohort,
                 changes={"course": course.pk, "kind": cohort.kind, "employer": getattr(employer, "pk", None)})
    return cohort


@transaction.atomic
def enrol_person(*, actor: Any, cohort: Cohort, person: Person) -> Enrolment:
    """Put a person on the roll; the person must be in the actor's scope too (else 404)."""
    require_perm(actor, Enrolment, "add", "登记学员")
    enrolment = Enrolment(org=cohort.org, created_by=actor, cohort=cohort, person=person)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise ServiceError("学员：该人员已在本班名册中", status=409) from None
    audit.record("training.person_enrolled", actor=actor, obj=enrolment, changes={"cohort": cohort.pk})
    return enrolment


@transaction.atomic
def record_attendance(*, actor: Any, enrolment: Enrolment, on: dt.date, hours: int) -> Enrolment:
    """One class day; the enrolment's hours move by an F() update (no read-then-save)."""
    require_perm(actor, Enrolment, "change", "记录出勤")
    cohort = enrolment.cohort
    if not cohort.starts_on <= on <= cohort.ends_on:
        raise ServiceError(f"出勤日期：{on:%Y-%m-%d} 不在开班期间（{cohort.starts_on:%Y-%m-%d} 至 "
                           f"{cohort.ends_on:%Y-%m-%d}）", status=422)
    if not 1 <= hours <= 12:
        raise ServiceError("出勤学时：应为 1 到 12 之间的整数", status=422)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ServiceError("该学员已结业或退学，不能再记录出勤", status=409)
    try:
        with transaction.atomic():
            Attendance.objects.create(enrolment=enrolment, on=on, hours=hours)
    except IntegrityError:
        raise ServiceError(f"出勤日期：{on:%Y-%m-%d} 已记录过出勤", status=409) from None
    Enrolment.objects.filter(pk=enrolment.pk).update(hours_attended=F("hours_attended") + hours,
                                                     version=F("version") + 1)
    enrolment.refresh_from_db()
    audit.record("training.attendance_recorded", actor=actor, obj=enrolment, changes={"hours": hours})
    return enrolment


@transaction.atomic
def graduate(*, actor: Any, enrolment: Enrolment, on: dt.date) -> Enrolment:
    """结业: the course's tags and certificate go to the graduate's seeker profile."""
    require_perm(actor, Enrolment, "change", "办理结业")
    updated = Enrolment.objects.filter(pk=enrolment.pk, status=EnrolmentStatus.ENROLLED).update(
        status=EnrolmentStatus.GRADUATED, graduated_on=on, version=F("version") + 1)
    if updated != 1:
        raise ServiceError("该学员已结业或退学", status=409)
    enrolment.refresh_from_db()
    record_completion_outcomes(actor=actor, person=enrolment.person, course=enrolment.cohort.course, on=on,
                               enrolment=enrolment)
    audit.record("training.graduated", actor=actor, obj=enrolment, changes={"status": enrolment.status})
    return enrolment


def propose_graduates(*, actor: Any, cohort: Cohort, on: dt.date) -> list[Referral]:
    """推荐: each graduate seeking work goes to the ordering employer's linked openings first (one referral
    per graduate, to the first opening with places left). Graduates already referred there are skipped."""
    require_perm(actor, Cohort, "view", "查看班级")
    if cohort.employer_id is None:
        raise ServiceError("该班级没有订单单位，请在人岗匹配中推荐", status=409)
    openings = [opening for opening in cohort.openings.order_by("pk") if opening.positions_left > 0]
    if not openings:
        raise ServiceError("订单单位的关联岗位已招满或未关联岗位", status=409)
    made: list[Referral] = []
    graduates = cohort.enrolments.filter(status=EnrolmentStatus.GRADUATED).select_related("person")
    for enrolment in graduates:
        profile = SeekerProfile.objects.filter(person=enrolment.person, status=SeekerStatus.SEEKING).first()
        if profile is None or Referral.objects.filter(seeker=profile, opening__in=openings).exists():
            continue
        for opening in openings:
            if opening.positions_left > len([r for r in made if r.opening_id == opening.pk]):
                made.append(refer_seeker(actor=actor, seeker=profile, opening=opening, on=on,
                                         reasons=[f"订单班“{cohort.name}”结业学员，优先推荐订单单位岗位"]))
                break
    return made
