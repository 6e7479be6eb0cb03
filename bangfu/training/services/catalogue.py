"""Courses and trainers: created and edited by officers, both from pages and the API."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ServiceError
from bangfu.jobs.models import validate_occupation_code
from bangfu.matching.engine import DistrictTable
from bangfu.training.models import Course, Trainer
from bangfu.training.services.common import apply_validated, require_org, require_perm, validated

COURSE_FIELDS = ("title", "occupation_codes", "skill_tags", "certificate", "hours", "mode", "description")
TRAINER_FIELDS = ("skills", "home_district", "available_slots", "max_sessions_per_day", "active")


def _check_codes(codes: list[str]) -> None:
    from django.core.exceptions import ValidationError

    for code in codes:
        try:
            validate_occupation_code(code)
        except ValidationError as exc:
            raise ServiceError(f"职业编码：{exc.messages[0]}", status=422) from None


def _check_district(code: str) -> None:
    if code not in DistrictTable.default():
        raise ServiceError(f"常住区县：“{code}”不是已知的区县代码（如 440117 从化区）", status=422)


@transaction.atomic
def create_course(*, actor: Any, org: OrgUnit, **fields: Any) -> Course:
    require_org(actor, org, "add", Course)
    _check_codes(list(fields.get("occupation_codes") or []))
    course = Course(org=org, created_by=actor, **{k: v for k, v in fields.items() if k in COURSE_FIELDS})
    validated(course)
    course.save()
    audit.record("training.course_created", actor=actor, obj=course, changes={"title": course.title})
    return course


@transaction.atomic
def update_course(*, actor: Any, course: Course, expected_version: int, **fields: Any) -> Course:
    require_perm(actor, Course, "change", "修改课程")
    changes = {k: v for k, v in fields.items() if k in COURSE_FIELDS}
    _check_codes(list(changes.get("occupation_codes") or []))
    apply_validated(course, changes, exclude=["org", "created_by"])
    update_versioned(course, expected_version, **changes)
    audit.record("training.course_updated", actor=actor, obj=course, changes={"fields": sorted(changes)})
    return course


@transaction.atomic
def create_trainer(*, actor: Any, org: OrgUnit, user: Any, **fields: Any) -> Trainer:
    require_org(actor, org, "add", Trainer)
    if user is None or getattr(user, "org_id", None) is None:
        raise ServiceError("账号：请选择培训师的账号", status=422)
    _check_district(str(fields.get("home_district", "")))
    trainer = Trainer(org=org, created_by=actor, user=user,
                      **{k: v for k, v in fields.items() if k in TRAINER_FIELDS})
    validated(trainer)
    try:
        with transaction.atomic():
            trainer.save()
    except IntegrityError:
        raise ServiceError("账号：该账号已登记为培训师", status=409) from None
    audit.record("training.trainer_created", actor=actor, obj=trainer, changes={"user": user.pk})
    return trainer


@transaction.atomic
def update_trainer(*, actor: Any, trainer: Trainer, expected_version: int, **fields: Any) -> Trainer:
    require_perm(actor, Trainer, "change", "修改培训师")
    changes = {k: v for k, v in fields.items() if k in TRAINER_FIELDS}
    if "home_district" in changes:
        _check_district(str(changes["home_district"]))
    apply_validated(trainer, changes, exclude=["org", "created_by", "user"])
    update_versioned(trainer, expected_version, **changes)
    audit.record("training.trainer_updated", actor=actor, obj=trainer, changes={"fields": sorted(changes)})
    return trainer
