"""Permissions the matching app grants each role (fnmatch patterns; see bangfu/accounts/roles.py).

Everyone who manages seekers reads recommendations (they come with the seeker and opening pages);
only city officers run matching and confirm its pairs into referrals; auditors read runs.
"""

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "district_officer": ["matching.view_matchingrun", "matching.view_proposedpair", "matching.view_unassignedseeker"],
    "city_officer": [
        "matching.view_matchingrun",
        "matching.add_matchingrun",
        "matching.view_proposedpair",
        "matching.confirm_proposedpair",
        "matching.view_unassignedseeker",
    ],
    "auditor": ["matching.view_matchingrun", "matching.view_proposedpair", "matching.view_unassignedseeker"],
}
