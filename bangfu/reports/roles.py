"""Permissions of the reports app by role (collected by accounts.roles).

Statistics and the bulletin need `people.view_hardshipfile` (granted by the register); import jobs are
records of this app: whoever files applications may upload them, officers above read their results.
"""

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "street_social_worker": ["reports.view_importjob", "reports.add_importjob"],
    "district_officer": ["reports.view_importjob"],
    "city_officer": ["reports.view_importjob", "reports.add_importjob"],
    "auditor": ["reports.view_importjob"],
}
