"""Pages of the register (htmx, Tabler, usable on a phone). Thin: reads via queries, writes via services."""

from bangfu.people.views.batch import file_batch
from bangfu.people.views.duplicates import duplicate_detail, duplicate_list
from bangfu.people.views.evidence import evidence_download, evidence_upload
from bangfu.people.views.household import (
    file_transition,
    household_create,
    household_detail,
    household_edit,
    member_add,
)
from bangfu.people.views.lists import (
    cancelled_list,
    household_list,
    quality_list,
    recheck_list,
    relieved_list,
    tier_rules,
)

__all__ = [
    "cancelled_list", "duplicate_detail", "duplicate_list", "evidence_download", "evidence_upload",
    "file_batch", "file_transition", "household_create", "household_detail", "household_edit", "household_list",
    "member_add",
    "quality_list", "recheck_list", "relieved_list", "tier_rules",
]
