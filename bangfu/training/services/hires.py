"""A job found after training: the jobs service's 录用 calls `on_hire` (found by module name, so jobs never
imports training). A hire within 6 months of the person's last held session or graduation is recorded as an
outcome of that training and shown on the family's hardship-file timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, Q

from bangfu.core import audit
from bangfu.jobs.models import Referral
from bangfu.jobs.services import add_months
from bangfu.jobs.services.hardship import hardship_files_of_person
from bangfu.people.services.common import add_event
from bangfu.training.models import (
    Enrolment,
    EnrolmentStatus,
    HomeTrainingPlan,
    OutcomeKind,
    SessionStatus,
    TrainingOutcome,
)

WITHIN_MONTHS = 6


def _recent_plan(person_id: int, on: dt.date) -> HomeTrainingPlan | None:
    plans = (HomeTrainingPlan.objects.filter(person_id=person_id)
             .annotate(last=Max("sessions__starts_at", filter=Q(sessions__status=SessionStatus.HELD)))
             .filter(last__isnull=False).order_by("-last"))
    for plan in plans:
        last = plan.last.date()  # type: ignore[attr-defined]
        if last <= on <= add_months(last, WITHIN_MONTHS):
            return plan
    return None


def _recent_enrolment(person_id: int, on: dt.date) -> Enrolment | None:
    for enrolment in Enrolment.objects.filter(person_id=person_id, status=EnrolmentStatus.GRADUATED,
                                              graduated_on__lte=on).order_by("-graduated_on"):
        if enrolment.graduated_on and on <= add_months(enrolment.graduated_on, WITHIN_MONTHS):
            return enrolment
    return None


def on_hire(*, actor: Any, referral: Referral) -> TrainingOutcome | None:
    """Called inside `jobs.services.record_hire`'s transaction."""
    on = referral.decided_on
    person_id = int(referral.seeker.person_id)
    if on is None:
        return None
    plan, enrolment = _recent_plan(person_id, on), _recent_enrolment(person_id, on)
    if plan is None and enrolment is None:
        return None
    owner = plan or enrolment
    assert owner is not None
    outcome = TrainingOutcome.objects.create(
        org_id=owner.org_id, created_by=actor, person_id=person_id, kind=OutcomeKind.EMPLOYED, plan=plan,
        enrolment=None if plan is not None else enrolment, referral=referral,
        detail=f"{referral.opening.employer.name}·{referral.opening.title}"[:200], on=on)
    for hardship_file in hardship_files_of_person(person_id):
        add_event(hardship_file, actor=actor, action="培训后就业",
                  note=f"家庭成员培训后 6 个月内经推荐录用（推荐记录 #{referral.pk}，培训成果 #{outcome.pk}）。",
                  changes={"referral": referral.pk, "training_outcome": outcome.pk})
    audit.record("training.employed_after_training", actor=actor, obj=outcome, changes={"referral": referral.pk})
    return outcome
