"""Seeker profiles: one per person, owned by the person's unit unless another is named."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ServiceError
from bangfu.jobs.models import SeekerProfile
from bangfu.jobs.services.catalogue import clean_list
from bangfu.jobs.services.common import SEEKERS, apply_validated, bump_version, require_org, validated
from bangfu.matching.occupations import normalise_code

PROFILE_FIELDS = (
    "status", "tags", "certificates", "intended_occupations", "occupation_edition", "intention", "experience",
    "home_district", "acceptable_districts", "commute_limit_km", "free_slots", "wage_floor_fen", "needs",
    "caring_duties", "has_disability", "constraints_note", "employment_difficulty",
)
# Fields whose values are personal or sensitive: the audit event names them, never their values.
LIST_FIELDS = ("tags", "certificates", "intended_occupations", "acceptable_districts", "needs")


def _profile_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown seeker profile fields: {sorted(unknown)}")
    for name in LIST_FIELDS:
        if name in fields:
            fields[name] = clean_list(fields[name])
    if "intended_occupations" in fields:
        try:
            fields["intended_occupations"] = [normalise_code(code) for code in fields["intended_occupations"]]
        except ValueError as exc:
            raise ServiceError(f"意向职业：{exc}", status=422) from None
    if fields.get("wage_floor_fen", 0) < 0:
        raise ServiceError("期望月薪不能为负数", status=422)
    return fields


@transaction.atomic
def create_seeker_profile(*, actor: Any, person: Any, org: OrgUnit | None = None, **fields: Any) -> SeekerProfile:
    org = org or person.org
    require_org(actor, org, "add", SeekerProfile)
    profile = SeekerProfile(person=person, org=org, created_by=actor, **_profile_fields(fields))
    validated(profile, exclude=["org", "created_by", "person"])
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        raise ServiceError("此人已有求职档案", status=409) from None
    bump_version(SEEKERS)
    audit.record("jobs.seeker_profile_created", actor=actor, obj=profile, changes={"fields": sorted(fields)})
    return profile


@transaction.atomic
def update_seeker_profile(*, actor: Any, profile: SeekerProfile, expected_version: int, **fields: Any) -> SeekerProfile:
    fields = _profile_fields(fields)
    apply_validated(profile, fields, exclude=["org", "created_by", "person"])
    update_versioned(profile, expected_version, **fields)
    bump_version(SEEKERS)
    audit.record("jobs.seeker_profile_updated", actor=actor, obj=profile, changes={"fields": sorted(fields)})
    return profile
