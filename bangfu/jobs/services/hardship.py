"""Employment feeds the family's hardship file: 就业 can end hardship (脱困), so the file is told.

The jobs app never changes a hardship file's status: it adds an event to the file's timeline through
the register's own service (`people.services.common.add_event`), records an audit event, and flags
the referral so the jobs side lists it "to review"; the register's officers decide.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from bangfu.core import audit
from bangfu.jobs.models import Referral
from bangfu.people.models import IN_FILE_STATUSES, HardshipFile
from bangfu.people.services.common import add_event

# (timeline action shown on the household page, note, audit action)
EVENTS = {
    "hired": ("就业可能脱困", "家庭成员经推荐录用（推荐记录 #{referral}），就业可能使家庭脱困，请复核档案。",
              "jobs.employment_may_end_hardship"),
    "retained": ("就业稳定6个月", "家庭成员录用后 6 个月回访仍在岗（推荐记录 #{referral}），请复核是否脱困。",
                 "jobs.employment_retained_six_months"),
}


def hardship_files_of_person(person_id: int) -> list[HardshipFile]:
    """The in-file hardship files of every household the person heads or belongs to."""
    return list(
        HardshipFile.objects.filter(status__in=IN_FILE_STATUSES)
        .filter(Q(household__head_id=person_id) | Q(household__members__person_id=person_id))
        .distinct()
        .select_related("org")
    )


def note_employment_for_hardship_file(*, actor: Any, referral: Referral, event: str) -> bool:
    """Tell each in-file hardship file of the seeker's family; returns whether there was one.

    The timeline note and the audit payload name the referral by id only (no personal data).
    """
    action, note, audit_action = EVENTS[event]
    noted = False
    for hardship_file in hardship_files_of_person(int(referral.seeker.person_id)):
        add_event(hardship_file, actor=actor, action=action, note=note.format(referral=referral.pk),
                  changes={"referral": referral.pk})
        audit.record(audit_action, actor=actor, obj=hardship_file, org=hardship_file.org,
                     changes={"referral": referral.pk, "opening": referral.opening_id, "seeker": referral.seeker_id})
        noted = True
    return noted
