"""Who may do what in system administration (collected by accounts.roles).

Every account reads the announcements addressed to it without a permission; publishing and reading the
receipts is for the officers and administrators within their scope. Parameters: the administrator
changes them (and only with a reach over the whole platform, see services.may_change_parameters); the
auditor reads them.
"""

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "system_admin": ["sysadmin.view_systemparameter", "sysadmin.change_systemparameter",
                     "sysadmin.view_dictentry", "sysadmin.change_dictentry",
                     "sysadmin.add_announcement", "sysadmin.view_announcement"],
    "city_officer": ["sysadmin.add_announcement", "sysadmin.view_announcement"],
    "district_officer": ["sysadmin.add_announcement", "sysadmin.view_announcement"],
    "auditor": ["sysadmin.view_systemparameter", "sysadmin.view_dictentry", "sysadmin.view_announcement"],
}
