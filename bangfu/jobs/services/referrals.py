"""Referrals: 推荐 → 面试 → 录用 / 未录用 / 拒绝, capacity on 录用, refusals, retention checks.

Each step is one conditional UPDATE on the referral's current status, so two staff pressing buttons
at the same moment cannot both move it; 录用 also takes one opening place with
``UPDATE … WHERE positions_filled < positions`` and rolls back when none is left.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from bangfu.core import audit
from bangfu.core.appmodules import app_modules
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.jobs.models import (
    REFUSALS_BEFORE_FOLLOW_UP,
    RETENTION_MONTHS,
    Opening,
    Referral,
    ReferralSource,
    ReferralStatus,
    RetentionCheck,
    RetentionOutcome,
    SeekerProfile,
    SeekerStatus,
)
from bangfu.jobs.services.common import OPENINGS, SEEKERS, bump_version
from bangfu.jobs.services.hardship import note_employment_for_hardship_file


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (2024-11-30 + 3 → 2025-02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def refer_seeker(
    *,
    actor: Any,
    seeker: SeekerProfile,
    opening: Opening,
    on: dt.date | None = None,
    source: str = ReferralSource.MANUAL,
    score: float | None = None,
    reasons: Sequence[str] = (),
) -> Referral:
    """推荐: staff refer a seeker to an opening (the system only proposed it)."""
    if not actor.has_perm("jobs.add_referral"):
        raise ServiceError("您没有推荐岗位的权限。", status=403)
    if seeker.status != SeekerStatus.SEEKING:
        raise ServiceError("该求职者当前不在求职状态，不能推荐岗位", status=409)
    on = on or _today()
    if opening.positions_left <= 0:
        raise ServiceError(f"岗位“{opening.title}”已招满，不能再推荐", status=409)
    if opening.valid_until is not None and opening.valid_until < on:
        raise ServiceError(f"岗位“{opening.title}”已过有效期（{opening.valid_until:%Y-%m-%d}）", status=409)
    referral = Referral(
        org_id=seeker.org_id, created_by=actor, seeker=seeker, opening=opening, recommended_on=on, source=source,
        match_score=score, match_reasons=list(reasons),
    )
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        raise ServiceError(f"该求职者已被推荐过岗位“{opening.title}”", status=409) from None
    audit.record("jobs.referral_created", actor=actor, obj=referral,
                 changes={"opening": opening.pk, "seeker": seeker.pk, "source": source})
    return referral


def _move(referral: Referral, to: str, **fields: Any) -> None:
    """One conditional UPDATE from the referral's current status; a concurrent change → 409."""
    current = referral.status
    if to not in referral.next_statuses():
        labels = dict(ReferralStatus.choices)
        raise ServiceError(f"推荐记录当前为“{labels[current]}”，不能改为“{labels[to]}”", status=409)
    updated = Referral.objects.filter(pk=referral.pk, status=current).update(
        status=to, version=F("version") + 1, **fields
    )
    if updated != 1:
        raise ConflictError("该推荐记录已被他人处理，请刷新后重试。")
    referral.status = to
    referral.version += 1
    for name, value in fields.items():
        setattr(referral, name, value)


def _require_change(actor: Any) -> None:
    if not actor.has_perm("jobs.change_referral"):
        raise ServiceError("您没有办理推荐的权限。", status=403)


@transaction.atomic
def schedule_interview(*, actor: Any, referral: Referral, on: dt.date) -> Referral:
    """面试."""
    _require_change(actor)
    _move(referral, ReferralStatus.INTERVIEW, interview_on=on)
    audit.record("jobs.referral_interview", actor=actor, obj=referral, changes={"status": referral.status})
    return referral


def _require_reason(reason: str, step: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(f"请填写{step}的原因", status=422)
    return reason


@transaction.atomic
def record_not_hired(*, actor: Any, referral: Referral, on: dt.date, reason: str) -> Referral:
    """未录用 (the employer's decision), with its reason."""
    _require_change(actor)
    _move(referral, ReferralStatus.NOT_HIRED, decided_on=on, reason=_require_reason(reason, "未录用"))
    audit.record("jobs.referral_not_hired", actor=actor, obj=referral, changes={"status": referral.status})
    return referral


@transaction.atomic
def record_refusal(*, actor: Any, referral: Referral, on: dt.date, reason: str) -> Referral:
    """拒绝 (the seeker declined). The third refusal flags the profile for a social worker's follow-up."""
    _require_change(actor)
    _move(referral, ReferralStatus.REFUSED, decided_on=on, reason=_require_reason(reason, "拒绝"))
    # One UPDATE: the CASE reads the count before the increment, so the 3rd refusal sets the flag.
    SeekerProfile.objects.filter(pk=referral.seeker_id).update(
        refusal_count=F("refusal_count") + 1,
        needs_follow_up=Case(
            When(refusal_count__gte=REFUSALS_BEFORE_FOLLOW_UP - 1, then=Value(True)), default=F("needs_follow_up")
        ),
        version=F("version") + 1,
    )
    flagged = SeekerProfile.objects.filter(pk=referral.seeker_id).values_list("needs_follow_up", flat=True).get()
    audit.record("jobs.referral_refused", actor=actor, obj=referral,
                 changes={"status": referral.status, "seeker_flagged": flagged})
    return referral


@transaction.atomic
def record_hire(*, actor: Any, referral: Referral, on: dt.date) -> Referral:
    """录用: takes one place of the opening (refused when none is left), schedules the retention checks,
    marks the seeker employed and tells the family's hardship file that employment may end hardship."""
    _require_change(actor)
    _move(referral, ReferralStatus.HIRED, decided_on=on)
    taken = Opening.objects.filter(pk=referral.opening_id, positions_filled__lt=F("positions")).update(
        positions_filled=F("positions_filled") + 1, version=F("version") + 1
    )
    if taken != 1:
        raise ServiceError("岗位已招满，不能再录用", status=409)  # rolls back the status change above
    SeekerProfile.objects.filter(pk=referral.seeker_id).update(status=SeekerStatus.EMPLOYED, version=F("version") + 1)
    RetentionCheck.objects.bulk_create([
        RetentionCheck(referral=referral, org_id=referral.org_id, created_by=actor, months=months,
                       due_on=add_months(on, months))
        for months in RETENTION_MONTHS
    ])
    bump_version(OPENINGS)
    bump_version(SEEKERS)
    flagged = note_employment_for_hardship_file(actor=actor, referral=referral, event="hired")
    if flagged:
        Referral.objects.filter(pk=referral.pk).update(hardship_review=True)
        referral.hardship_review = True
    for _app, hooks in app_modules("jobs_hooks"):  # other apps react to a hire (training: job after training)
        hooks.on_hire(actor=actor, referral=referral)
    audit.record("jobs.referral_hired", actor=actor, obj=referral,
                 changes={"status": referral.status, "opening": referral.opening_id})
    return referral


@transaction.atomic
def record_retention(
    *, actor: Any, check: RetentionCheck, outcome: str, on: dt.date, notes: str = ""
) -> RetentionCheck:
    """在岗 / 离职 at 3 or 6 months. Leaving closes the later check too and puts the seeker back to seeking."""
    if not actor.has_perm("jobs.change_retentioncheck"):
        raise ServiceError("您没有记录稳岗回访的权限。", status=403)
    if outcome not in (RetentionOutcome.EMPLOYED, RetentionOutcome.LEFT):
        raise ServiceError("回访结果应为“在岗”或“离职”", status=422)
    updated = RetentionCheck.objects.filter(pk=check.pk, outcome=RetentionOutcome.PENDING).update(
        outcome=outcome, checked_on=on, notes=notes, version=F("version") + 1
    )
    if updated != 1:
        raise ConflictError("该回访已记录，请刷新后查看。")
    check.outcome, check.checked_on, check.notes = outcome, on, notes
    referral = check.referral
    if outcome == RetentionOutcome.LEFT:
        RetentionCheck.objects.filter(referral=referral, months__gt=check.months,
                                      outcome=RetentionOutcome.PENDING).update(
            outcome=RetentionOutcome.LEFT, checked_on=on, notes=f"{check.months}个月回访时已离职",
            version=F("version") + 1,
        )
        SeekerProfile.objects.filter(pk=referral.seeker_id).update(status=SeekerStatus.SEEKING,
                                                                   version=F("version") + 1)
        bump_version(SEEKERS)
    elif check.months == max(RETENTION_MONTHS):
        note_employment_for_hardship_file(actor=actor, referral=referral, event="retained")
    audit.record("jobs.retention_recorded", actor=actor, obj=check,
                 changes={"months": check.months, "outcome": outcome})
    return check


# The steps staff take, by the name pages and the API use.
STEPS: dict[str, str] = {
    "interview": ReferralStatus.INTERVIEW,
    "hire": ReferralStatus.HIRED,
    "not_hired": ReferralStatus.NOT_HIRED,
    "refuse": ReferralStatus.REFUSED,
}


def advance_referral(*, actor: Any, referral: Referral, step: str, on: dt.date, reason: str = "") -> Referral:
    """One step by name: interview (面试), hire (录用), not_hired (未录用), refuse (拒绝)."""
    if step == "interview":
        return schedule_interview(actor=actor, referral=referral, on=on)
    if step == "hire":
        return record_hire(actor=actor, referral=referral, on=on)
    if step == "not_hired":
        return record_not_hired(actor=actor, referral=referral, on=on, reason=reason)
    if step == "refuse":
        return record_refusal(actor=actor, referral=referral, on=on, reason=reason)
    raise ServiceError(f"未知的步骤“{step}”，应为 interview、hire、not_hired 或 refuse", status=422)
