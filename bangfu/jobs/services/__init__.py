"""Writes of the jobs app: `verb_noun(*, actor, ...)`, each in one transaction with its audit event."""

from bangfu.jobs.services.catalogue import (
    clean_list,
    clean_uscc,
    create_employer,
    create_opening,
    update_employer,
    update_opening,
)
from bangfu.jobs.services.common import OPENINGS, SEEKERS, bump_version, current_version
from bangfu.jobs.services.referrals import (
    STEPS,
    add_months,
    advance_referral,
    record_hire,
    record_not_hired,
    record_refusal,
    record_retention,
    refer_seeker,
    schedule_interview,
)
from bangfu.jobs.services.seekers import create_seeker_profile, update_seeker_profile

__all__ = [
    "OPENINGS",
    "SEEKERS",
    "STEPS",
    "add_months",
    "advance_referral",
    "bump_version",
    "clean_list",
    "clean_uscc",
    "create_employer",
    "create_opening",
    "create_seeker_profile",
    "current_version",
    "record_hire",
    "record_not_hired",
    "record_refusal",
    "record_retention",
    "refer_seeker",
    "schedule_interview",
    "update_employer",
    "update_opening",
    "update_seeker_profile",
]
