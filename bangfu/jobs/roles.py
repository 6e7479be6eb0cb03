"""Permissions the jobs app grants each role (fnmatch patterns; see bangfu/accounts/roles.py).

Street social workers and district/city officers manage seeker profiles, referrals and retention
checks; officers also keep the employers and openings; auditors read everything, change nothing.
"""

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "street_social_worker": [
        "jobs.view_employer", "jobs.view_opening",
        "jobs.view_seekerprofile", "jobs.add_seekerprofile", "jobs.change_seekerprofile",
        "jobs.view_referral", "jobs.add_referral", "jobs.change_referral",
        "jobs.view_retentioncheck", "jobs.change_retentioncheck",
    ],
    "district_officer": [
        "jobs.view_employer", "jobs.add_employer", "jobs.change_employer",
        "jobs.view_opening", "jobs.add_opening", "jobs.change_opening",
        "jobs.view_seekerprofile", "jobs.add_seekerprofile", "jobs.change_seekerprofile",
        "jobs.view_referral", "jobs.add_referral", "jobs.change_referral",
        "jobs.view_retentioncheck", "jobs.change_retentioncheck",
    ],
    "city_officer": [
        "jobs.view_employer", "jobs.add_employer", "jobs.change_employer",
        "jobs.view_opening", "jobs.add_opening", "jobs.change_opening",
        "jobs.view_seekerprofile", "jobs.add_seekerprofile", "jobs.change_seekerprofile",
        "jobs.view_referral", "jobs.add_referral", "jobs.change_referral",
        "jobs.view_retentioncheck", "jobs.change_retentioncheck",
    ],
    "auditor": [
        "jobs.view_employer", "jobs.view_opening", "jobs.view_seekerprofile", "jobs.view_referral",
        "jobs.view_retentioncheck",
    ],
}
