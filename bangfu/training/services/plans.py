"""Home training plans and their sessions: a plan takes the family's area and free time from the file
and the seeker profile; a session is recorded on a phone (attendance, notes, a sealed photo); a completed
plan adds the course's tags and certificate to the seeker profile, so the next matching run sees them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from bangfu.assistance.services.visits import proof_file
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.files import seal_file
from bangfu.jobs.models import SeekerProfile
from bangfu.jobs.services import SEEKERS, bump_version
from bangfu.matching.engine import DistrictTable
from bangfu.people.models import HardshipFile, Household, HouseholdMember, Person, Tier
from bangfu.training.models import (
    Course,
    CourseMode,
    HomeTrainingPlan,
    OutcomeKind,
    PlanStatus,
    SessionStatus,
    TrainingOutcome,
    TrainingSession,
)
from bangfu.training.services.common import require_org, require_perm, validated

# Deeper tiers are scheduled first (see scheduler.py).
TIER_PRIORITY: dict[str, int] = {Tier.DEEP: 3, Tier.RELATIVE: 2, Tier.ACCIDENTAL: 1}
PLAN_FIELDS = ("goals", "sessions_wanted", "sessions_per_week", "session_hours", "district_code", "address",
               "free_slots")


def household_of(person: Person) -> Household | None:
    member = HouseholdMember.objects.filter(person=person).select_related("household").order_by("pk").first()
    if member is not None:
        return member.household
    return Household.objects.filter(head=person).order_by("pk").first()


def _priority(household: Household | None) -> int:
    if household is None:
        return 0
    tier = HardshipFile.objects.filter(household=household).values_list("tier", flat=True).first()
    return TIER_PRIORITY.get(tier or "", 0)


def _area_and_time(person: Person, household: Household | None, fields: dict[str, Any]) -> None:
    """Blank area or free time are taken from the seeker profile, then the household's region code."""
    profile = SeekerProfile.objects.filter(person=person).first()
    if not fields.get("district_code"):
        if profile is not None and profile.home_district:
            fields["district_code"] = profile.home_district
        elif household is not None and household.region_code:
            fields["district_code"] = household.region_code[:6]
    if fields.get("free_slots") is None and profile is not None:
        fields["free_slots"] = profile.free_slots
    if fields.get("free_slots") is None:
        fields.pop("free_slots", None)
    if not fields.get("address") and household is not None:
        fields["address"] = household.address
    if fields.get("district_code") not in DistrictTable.default():
        raise ServiceError("培训区县：未能从档案或求职登记得到家庭所在区县，请填写区县代码（如 440117）",
                           status=422)


@transaction.atomic
def create_plan(*, actor: Any, person: Person, course: Course, **fields: Any) -> HomeTrainingPlan:
    """A one-on-one home training plan for one household member, owned by the person's unit."""
    require_org(actor, person.org, "add", HomeTrainingPlan)
    if course.mode != CourseMode.HOME:
        raise ServiceError(f"课程：“{course.title}”不是上门一对一课程，请为班级课程建立班级", status=422)
    data = {k: v for k, v in fields.items() if k in PLAN_FIELDS}
    household = household_of(person)
    _area_and_time(person, household, data)
    plan = HomeTrainingPlan(org=person.org, created_by=actor, person=person, household=household, course=course,
                            priority=_priority(household), **data)
    validated(plan)
    plan.save()
    audit.record("training.plan_created", actor=actor, obj=plan, changes={"course": course.pk})
    return plan


@transaction.atomic
def update_plan(*, actor: Any, plan: HomeTrainingPlan, expected_version: int, **fields: Any) -> HomeTrainingPlan:
    require_perm(actor, HomeTrainingPlan, "change", "修改培训计划")
    changes = {k: v for k, v in fields.items() if k in PLAN_FIELDS}
    if "district_code" in changes and changes["district_code"] not in DistrictTable.default():
        raise ServiceError(f"培训区县：“{changes['district_code']}”不是已知的区县代码", status=422)
    for name, value in changes.items():
        setattr(plan, name, value)
    validated(plan)
    update_versioned(plan, expected_version, **changes)
    audit.record("training.plan_updated", actor=actor, obj=plan, changes={"fields": sorted(changes)})
    return plan


def session_photo(upload: Any) -> ContentFile | None:
    """The photo of a session: a PNG/JPEG/WebP of at most 5 MB (the visits' rule)."""
    return proof_file(upload, "照片")


@transaction.atomic
def record_session(*, actor: Any, session: TrainingSession, expected_version: int, attended: bool, notes: str = "",
                   photo: ContentFile | None = None) -> TrainingSession:
    """The trainer records a visit: held (attended) or missed, notes, an optional photo (sealed)."""
    require_perm(actor, TrainingSession, "change", "记录培训课次")
    if session.status == SessionStatus.CANCELLED:
        raise ServiceError("该课次已取消，不能记录", status=409)
    fields: dict[str, Any] = {"attended": attended, "notes": notes.strip()[:2000],
                              "status": SessionStatus.HELD if attended else SessionStatus.MISSED}
    if photo is not None:
        seal_file(session.photo, photo.name or "photo", photo)
        fields["photo"] = session.photo.name
    update_versioned(session, expected_version, **fields)
    audit.record("training.session_recorded", actor=actor, obj=session,
                 changes={"status": fields["status"], "photo": photo is not None})
    return session


def add_to_seeker_profile(*, actor: Any, person: Person, tags: list[str], certificate: str) -> list[str]:
    """The course's tags and certificate join the person's seeker profile (made if missing); returns what was new.

    One conditional update on the profile's version, retried once: a concurrent edit is never overwritten.
    """
    profile = SeekerProfile.objects.filter(person=person).first()
    if profile is None:
        from bangfu.jobs.services import create_seeker_profile

        profile = create_seeker_profile(actor=actor, person=person, org=person.org)
    for _attempt in range(2):
        new_tags = [tag for tag in tags if tag and tag not in profile.tags]
        new_certificates = [certificate] if certificate and certificate not in profile.certificates else []
        if not new_tags and not new_certificates:
            return []
        updated = SeekerProfile.objects.filter(pk=profile.pk, version=profile.version).update(
            tags=profile.tags + new_tags, certificates=profile.certificates + new_certificates,
            version=F("version") + 1)
        if updated == 1:
            bump_version(SEEKERS)
            return new_tags + new_certificates
        profile.refresh_from_db()
    raise ConflictError("求职登记正被他人修改，请稍后重试。")


def record_completion_outcomes(*, actor: Any, person: Person, course: Course, on: dt.date,
                               plan: HomeTrainingPlan | None = None, enrolment: Any = None) -> list[TrainingOutcome]:
    added = add_to_seeker_profile(actor=actor, person=person, tags=list(course.skill_tags),
                                  certificate=course.certificate)
    rows = []
    if course.certificate:
        rows.append(TrainingOutcome(org=person.org, created_by=actor, person=person, kind=OutcomeKind.CERTIFICATE,
                                    plan=plan, enrolment=enrolment, detail=course.certificate, on=on))
    tags = [tag for tag in added if tag in course.skill_tags]
    if tags:
        rows.append(TrainingOutcome(org=person.org, created_by=actor, person=person, kind=OutcomeKind.TAGS,
                                    plan=plan, enrolment=enrolment, detail="、".join(tags)[:200], on=on))
    return TrainingOutcome.objects.bulk_create(rows)


@transaction.atomic
def complete_plan(*, actor: Any, plan: HomeTrainingPlan, expected_version: int, on: dt.date) -> HomeTrainingPlan:
    """结业: at least one session held; the course's tags and certificate go to the seeker profile."""
    require_perm(actor, HomeTrainingPlan, "change", "办理结业")
    if plan.status != PlanStatus.ACTIVE:
        raise ServiceError("该培训计划已结束", status=409)
    if not plan.sessions.filter(status=SessionStatus.HELD).exists():
        raise ServiceError("还没有已上的课次，不能结业", status=409)
    update_versioned(plan, expected_version, status=PlanStatus.COMPLETED, completed_on=on)
    record_completion_outcomes(actor=actor, person=plan.person, course=plan.course, on=on, plan=plan)
    audit.record("training.plan_completed", actor=actor, obj=plan, changes={"status": plan.status})
    return plan
