"""Employers and openings: create and edit; every change to an opening bumps the openings version."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from stdnum.cn import uscc as uscc_module

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ServiceError
from bangfu.jobs.models import Employer, Opening
from bangfu.jobs.services.common import OPENINGS, apply_validated, bump_version, require_org, validated
from bangfu.matching.occupations import normalise_code

EMPLOYER_FIELDS = ("name", "uscc", "contact_name", "contact_phone", "district_code", "address")
OPENING_FIELDS = (
    "employer", "title", "occupation_code", "occupation_edition", "tags", "description", "district_code",
    "street_code", "wage_min_fen", "wage_max_fen", "shift_slots", "positions", "requirements", "accommodations",
    "valid_until",
)


def clean_uscc(value: str) -> str:
    return str(uscc_module.compact(value or ""))


def clean_list(values: Any) -> list[str]:
    """Tags and codes from a list or a text separated by 、，, ; or spaces; order kept, repeats dropped."""
    if isinstance(values, str):
        for separator in "、，,；;\n":
            values = values.replace(separator, " ")
        values = values.split()
    return list(dict.fromkeys(str(v).strip() for v in values or () if str(v).strip()))


def _employer_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"unknown employer fields: {sorted(unknown)}")
    if "uscc" in fields:
        fields["uscc"] = clean_uscc(fields["uscc"])
    return fields


@transaction.atomic
def create_employer(*, actor: Any, org: OrgUnit, **fields: Any) -> Employer:
    require_org(actor, org, "add", Employer)
    employer = Employer(org=org, created_by=actor, **_employer_fields(fields))
    validated(employer, exclude=["org", "created_by"])
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        raise ServiceError(f"统一社会信用代码 {employer.uscc} 已登记过用人单位", status=409) from None
    audit.record("jobs.employer_created", actor=actor, obj=employer, changes={"fields": sorted(fields)})
    return employer


@transaction.atomic
def update_employer(*, actor: Any, employer: Employer, expected_version: int, **fields: Any) -> Employer:
    fields = _employer_fields(fields)
    apply_validated(employer, fields, exclude=["org", "created_by"])
    try:
        with transaction.atomic():
            update_versioned(employer, expected_version, **fields)
    except IntegrityError:
        raise ServiceError(f"统一社会信用代码 {employer.uscc} 已登记过用人单位", status=409) from None
    audit.record("jobs.employer_updated", actor=actor, obj=employer, changes={"fields": sorted(fields)})
    return employer


def _opening_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(OPENING_FIELDS)
    if unknown:
        raise TypeError(f"unknown opening fields: {sorted(unknown)}")
    for name in ("tags", "accommodations"):
        if name in fields:
            fields[name] = clean_list(fields[name])
    if fields.get("occupation_code"):
        try:
            fields["occupation_code"] = normalise_code(fields["occupation_code"])
        except ValueError as exc:
            raise ServiceError(f"职业编码：{exc}", status=422) from None
    return fields


def _check_wages(opening: Opening) -> None:
    if opening.wage_min_fen < 0 or opening.wage_max_fen < opening.wage_min_fen:
        raise ServiceError("月薪范围不正确：应满足 0 ≤ 最低月薪 ≤ 最高月薪", status=422)
    if opening.positions < 1:
        raise ServiceError("招聘人数至少为 1", status=422)
    if opening.positions < opening.positions_filled:
        raise ServiceError(f"招聘人数不能少于已录用人数（{opening.positions_filled}）", status=422)


@transaction.atomic
def create_opening(*, actor: Any, org: OrgUnit, **fields: Any) -> Opening:
    require_org(actor, org, "add", Opening)
    opening = Opening(org=org, created_by=actor, **_opening_fields(fields))
    if not opening.wage_max_fen:
        opening.wage_max_fen = opening.wage_min_fen
    validated(opening, exclude=["org", "created_by"])
    _check_wages(opening)
    opening.save()
    bump_version(OPENINGS)
    audit.record("jobs.opening_created", actor=actor, obj=opening, changes={"fields": sorted(fields)})
    return opening


@transaction.atomic
def update_opening(*, actor: Any, opening: Opening, expected_version: int, **fields: Any) -> Opening:
    fields = _opening_fields(fields)
    apply_validated(opening, fields, exclude=["org", "created_by"])
    _check_wages(opening)
    # positions may not drop below what is filled: the CHECK constraint guards a concurrent hire.
    try:
        with transaction.atomic():
            update_versioned(opening, expected_version, **fields)
    except IntegrityError:
        raise ServiceError("招聘人数不能少于已录用人数", status=409) from None
    bump_version(OPENINGS)
    audit.record("jobs.opening_updated", actor=actor, obj=opening, changes={"fields": sorted(fields)})
    return opening
