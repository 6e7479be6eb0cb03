"""Permissions the legal aid app grants each role (fnmatch patterns; see bangfu/accounts/roles.py).

Street staff run their station's desk: intake, claimants, documents, and read the lawyers to see who
holds a case. District and city officers also keep stations, firms and lawyers, and review and assign
(never a case they took in themselves: services refuse it). A volunteer lawyer sees only their own cases
(data scope 仅本人) and handles them to closing. Auditors read everything.
"""

_DESK = [
    "legal.view_legalaidstation", "legal.view_lawfirm", "legal.view_lawyer",
    "legal.view_legalcase", "legal.add_legalcase", "legal.change_legalcase",
    "legal.view_claimant", "legal.add_claimant", "legal.change_claimant", "legal.view_casedocument",
    "legal.add_casedocument",
]
_OFFICE = [
    *_DESK, "legal.add_legalaidstation", "legal.change_legalaidstation", "legal.add_lawfirm",
    "legal.change_lawfirm", "legal.add_lawyer", "legal.change_lawyer", "legal.review_legalcase",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "street_social_worker": _DESK,
    "district_officer": _OFFICE,
    "city_officer": _OFFICE,
    "volunteer_lawyer": [
        "legal.view_lawyer", "legal.view_legalcase", "legal.change_legalcase", "legal.view_claimant",
        "legal.change_claimant", "legal.view_casedocument", "legal.add_casedocument",
    ],
    "auditor": ["legal.view_*"],
}
