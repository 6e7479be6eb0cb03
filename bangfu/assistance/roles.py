"""What each role may do in the assistance app (see bangfu/accounts/roles.py for the format).

city_officer: programs, funds, allocations, target groups, quotas; approves lists, large disbursements,
medical claims and the reopening of a closed campaign (by a second officer, never the one who asked).
district_officer: builds lists and approves those of the units below (never their own:
checked in services), records facts, disburses. street_social_worker: builds lists, records visits and
facts, enters medical claims. auditor: reads everything, changes nothing.
"""

VIEW_ALL = ["assistance.view_*"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "city_officer": [
        *VIEW_ALL,
        "assistance.add_program", "assistance.change_program",
        "assistance.add_fund", "assistance.change_fund",
        "assistance.add_allocation", "assistance.add_disbursement", "assistance.approve_disbursement",
        "assistance.reverse_ledgerentry",
        "assistance.add_targetgroup", "assistance.change_targetgroup",
        "assistance.add_campaigngroup", "assistance.change_campaigngroup",
        "assistance.add_quota", "assistance.change_quota",
        "assistance.add_beneficiarylist", "assistance.change_beneficiarylist", "assistance.approve_beneficiarylist",
        "assistance.approve_medicalclaim", "assistance.add_personfact",
        "assistance.add_cashtopup", "assistance.approve_cashtopup",
        "assistance.add_campaignreopening", "assistance.approve_campaignreopening",
    ],
    "district_officer": [
        *VIEW_ALL,
        "assistance.add_allocation", "assistance.add_disbursement",
        "assistance.add_quota", "assistance.change_quota",
        "assistance.add_beneficiarylist", "assistance.change_beneficiarylist", "assistance.approve_beneficiarylist",
        "assistance.add_personfact", "assistance.add_medicalclaim", "assistance.approve_medicalclaim",
        "assistance.add_visit", "assistance.add_cashtopup", "assistance.approve_cashtopup",
    ],
    "street_social_worker": [
        "assistance.view_program", "assistance.view_fund", "assistance.view_allocation",
        "assistance.view_targetgroup", "assistance.view_campaigngroup", "assistance.view_quota",
        "assistance.view_beneficiarylist", "assistance.view_beneficiary", "assistance.view_visit",
        "assistance.view_personfact", "assistance.view_medicalclaim",
        "assistance.add_beneficiarylist", "assistance.change_beneficiarylist",
        "assistance.add_visit", "assistance.add_personfact", "assistance.add_medicalclaim",
        "assistance.view_cashtopup", "assistance.add_cashtopup",
    ],
    "auditor": VIEW_ALL,
}
