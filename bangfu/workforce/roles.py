"""Permissions the workforce app grants each role (fnmatch patterns; see bangfu/accounts/roles.py).

City and district officers keep the roster, posts, pay, schemes, runs and the candidate pool, propose and
approve decisions (never their own: the service refuses the proposer); street social workers see the roster
of their street and record follow-up calls; auditors read everything, change nothing.
"""

_ALL_WORKFORCE = [
    "workforce.*_post", "workforce.*_socialworker", "workforce.*_postholding", "workforce.*_payrecord",
    "workforce.*_secondment", "workforce.*_followupcall", "workforce.*_scoringscheme", "workforce.*_assessmentrun",
    "workforce.*_assessment", "workforce.*_assessmentline", "workforce.*_careerdecision", "workforce.*_candidate",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "city_officer": _ALL_WORKFORCE,
    "district_officer": [*_ALL_WORKFORCE, "people.add_person"],  # a hire registers the person
    "street_social_worker": ["workforce.view_socialworker", "workforce.view_post", "workforce.view_followupcall",
                             "workforce.add_followupcall"],
    "auditor": ["workforce.view_*"],
}
