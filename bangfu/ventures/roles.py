"""What each role may do in the ventures app (see bangfu/accounts/roles.py for the format).

city_officer: everything; approves projects and subsidy runs (never their own: checked in services) and
keeps the subsidy policies. district_officer: the same except the policies. street_social_worker:
registers projects and employed households, reads loans and runs. auditor: reads everything.
"""

VIEW_ALL = ["ventures.view_*"]
WORK = [
    "ventures.add_ventureproject", "ventures.change_ventureproject",
    "ventures.add_loan", "ventures.add_repayment", "ventures.add_employedhousehold",
    "ventures.add_subsidyrun", "ventures.change_subsidyrun",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "city_officer": [*VIEW_ALL, *WORK, "ventures.approve_ventureproject", "ventures.approve_subsidyrun",
                     "ventures.add_subsidypolicy", "ventures.change_subsidypolicy"],
    "district_officer": [*VIEW_ALL, *WORK, "ventures.approve_ventureproject", "ventures.approve_subsidyrun"],
    "street_social_worker": [
        "ventures.view_ventureproject", "ventures.view_loan", "ventures.view_repayment",
        "ventures.view_employedhousehold", "ventures.view_subsidypolicy", "ventures.view_subsidyrun",
        "ventures.view_subsidypayment",
        "ventures.add_ventureproject", "ventures.change_ventureproject", "ventures.add_employedhousehold",
    ],
    "auditor": VIEW_ALL,
}
