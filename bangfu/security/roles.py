"""Permissions of the privacy and security core, by role (collected by accounts.roles).

- "show in clear" (core.reveal_sensitive): the officers who approve — never the system administrator,
  who manages accounts but reads no personal data by that role;
- the auditor reads the audit log, sign-ins and online users and can end a session (强退), and changes
  no data;
- the system administrator unlocks accounts locked after failed sign-ins (recorded), watches the background
  tasks and the server, and runs a failed task again (recorded).
"""

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "city_officer": ["core.reveal_sensitive"],
    "district_officer": ["core.reveal_sensitive"],
    "auditor": ["core.view_auditevent", "security.view_usersession", "security.terminate_usersession"],
    "system_admin": ["security.unlock_account", "security.view_taskmonitor", "security.retry_task"],
}
