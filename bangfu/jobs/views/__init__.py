"""Pages of the jobs app, thin: read through `queries`, write through `services`."""

from bangfu.jobs.views.employers import employer_create, employer_detail, employer_edit, employer_import, employer_list
from bangfu.jobs.views.openings import (
    import_template,
    opening_create,
    opening_detail,
    opening_edit,
    opening_import,
    opening_list,
)
from bangfu.jobs.views.referrals import (
    referral_create,
    referral_detail,
    referral_list,
    referral_step,
    retention_list,
    retention_record,
)
from bangfu.jobs.views.reports import placement_funnel
from bangfu.jobs.views.seekers import seeker_create, seeker_detail, seeker_edit, seeker_list, seeker_person_search

__all__ = [
    "employer_create", "employer_detail", "employer_edit", "employer_import", "employer_list", "import_template",
    "opening_create", "opening_detail", "opening_edit", "opening_import", "opening_list", "placement_funnel",
    "referral_create", "referral_detail", "referral_list", "referral_step", "retention_list", "retention_record",
    "seeker_create", "seeker_detail", "seeker_edit", "seeker_list", "seeker_person_search",
]
