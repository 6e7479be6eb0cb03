"""Permissions of the reports app by role (collected by accounts.roles).

Statistics and the bulletin need `people.view_hardshipfile` (granted by the register); import jobs are
records of this app: whoever files applications may upload them, officers above read their results.
"""

# The export in clear is its own permission, asked for with a reason and approved by a second person (issue 9).
PLAIN_EXPORT = ["reports.view_plainexportrequest", "reports.request_plainexport", "reports.approve_plainexport"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "street_social_worker": ["reports.view_importjob", "reports.add_importjob"],
    "district_officer": ["reports.view_importjob", *PLAIN_EXPORT],
    "city_officer": ["reports.view_importjob", "reports.add_importjob", *PLAIN_EXPORT],
    "auditor": ["reports.view_importjob", "reports.view_plainexportrequest"],
}
