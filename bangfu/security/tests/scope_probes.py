"""Scope probes of the security pages (see tests/scope_matrix.py).

"Show in clear" is probed on a person's ID number: an officer inside the person's unit tree gets the
value, an officer of any other branch gets 404. The auditor's pages are exempt from the tree probes
because the auditor's role reads 全部 by design; their permission and scoping are tested in
bangfu/security/tests/test_auditor_pages.py.
"""

from __future__ import annotations

from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.security.tests.helpers import make_person
from tests.scope_matrix import Probe


def _person_id_number(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    person = make_person(org, user=user, name="探针人员")
    kwargs = {"app_label": "people", "model_name": "person", "pk": str(person.pk), "field_name": "id_number"}
    return kwargs, person.id_number


# Both roles holding core.reveal_sensitive (bangfu/security/roles.py) are probed.
PROBES = [
    Probe("security:reveal", role="district_officer", make=_person_id_number),
    Probe("security:reveal", role="city_officer", make=_person_id_number),
    Probe("api:reveal_value", role="district_officer", make=_person_id_number),
]
EXEMPT = {
    "security:audit_list": "auditor (全部 by role); permission and org_path scope tested in test_auditor_pages",
    "security:audit_detail": "auditor (全部 by role); tested in test_auditor_pages",
    "security:audit_export": "auditor (全部 by role); the same scoped search as the list (test_auditor_pages)",
    "security:login_log": "auditor (全部 by role); tested in test_auditor_pages",
    "security:session_list": "auditor (全部 by role); tested in test_sessions",
    "security:session_terminate": "POST only; the session is looked up within the reader's scope (test_sessions)",
    "security:lockout_list": "accounts the administrator may change, via scoped() (test_lockouts)",
    "security:lockout_unlock": "POST only; the account via get_scoped_or_404 (test_lockouts)",
    "security:inventory": "the list of fields and their classes; no records",
    "security:password_change": "the signed-in user's own password",
    "security:task_list": "the administrator's task monitor: background tasks carry ids, no unit (test_task_monitor)",
    "security:task_retry": "POST only; the administrator's retry of a failed task (test_task_monitor)",
    "security:server": "the administrator's server page: no records (test_task_monitor)",
}
