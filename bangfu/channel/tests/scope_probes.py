"""Scope probes for the worker channel's staff pages and API (see tests/scope_matrix.py).

The worker's own pages (`portal:*`) hold no staff scope: each reads through the signed-in worker's account,
and `test_portal.py` probes every one of them with another worker's ids (404) and a staff session (none)."""

from __future__ import annotations

from typing import Any

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.accounts.services import upsert_org_unit
from bangfu.channel import services
from bangfu.channel.tests.helpers import apply_hardship, bound_account, ticket_input
from bangfu.jobs.tests.helpers import setup_user
from tests.scope_matrix import Probe

Made = tuple[dict[str, Any], str]
CALLER = "探针来电人"


def _street(org: OrgUnit) -> OrgUnit:
    """Applications queue to a street union: the probe's unit gets one below it (or is one)."""
    if org.level == OrgLevel.STREET and org.region_code:
        return org
    return upsert_org_unit(code=f"{org.code}S", name=f"{org.name}探针街道", level=OrgLevel.STREET, parent=org,
                           region_code=f"{org.code}S"[:12])


def _application(org: OrgUnit) -> Any:
    return apply_hardship(bound_account(name="探针职工"), _street(org))


def _listed_application(org: OrgUnit, user: Any) -> Made:
    application = _application(org)
    return {}, f'href="/channel/applications/{application.pk}/"'


def _application_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": _application(org).pk}, "探针"


def _application_api(org: OrgUnit, user: Any) -> Made:
    application = _application(org)
    return {"application_id": application.pk}, _org_code_marker(application)


def _listed_application_api(org: OrgUnit, user: Any) -> Made:
    application = _application(org)
    return {}, _org_code_marker(application)


def _org_code_marker(application: Any) -> str:
    """What only the peer's application says in JSON: its street's code. Its id (`"id": 40`) was the marker, and
    another table's record of the same number — a firm the API fuzzer had just created — read as a leak."""
    return f'"org_code": "{application.org.code}"'


def _application_step(org: OrgUnit, user: Any) -> Made:
    return {"pk": _application(org).pk, "step": "accept"}, ""


def _photo(org: OrgUnit, user: Any) -> Made:
    return {"pk": _application(org).photos.get().pk}, ""


def _ticket(org: OrgUnit) -> Any:
    return services.record_ticket(actor=setup_user(), desk=org, data=ticket_input(
        "99", caller_name=CALLER))


def _listed_ticket(org: OrgUnit, user: Any) -> Made:
    _ticket(org)
    return {}, CALLER


def _listed_ticket_api(org: OrgUnit, user: Any) -> Made:
    return {}, f'"number": "{_ticket(org).number}"'


def _ticket_page(org: OrgUnit, user: Any) -> Made:
    return {"pk": _ticket(org).pk}, CALLER


def _ticket_api(org: OrgUnit, user: Any) -> Made:
    ticket = _ticket(org)
    return {"ticket_id": ticket.pk}, ticket.number


def _ticket_step(org: OrgUnit, user: Any) -> Made:
    return {"pk": _ticket(org).pk, "step": "contact"}, ""


def _report(org: OrgUnit, user: Any) -> Made:
    _ticket(org)
    return {}, org.name


def _report_api(org: OrgUnit, user: Any) -> Made:
    _ticket(org)
    return {}, f'"unit": "{org.name}"'


ROLE = "district_officer"
PROBES = [
    Probe("channel:application_list", role=ROLE, make=_listed_application, kind="list"),
    Probe("channel:application_detail", role=ROLE, make=_application_page),
    Probe("channel:application_step", role=ROLE, make=_application_step, expected_in_scope={405}),
    Probe("channel:photo_download", role=ROLE, make=_photo),
    Probe("channel:ticket_list", role=ROLE, make=_listed_ticket, kind="list"),
    Probe("channel:ticket_detail", role=ROLE, make=_ticket_page),
    Probe("channel:ticket_step", role=ROLE, make=_ticket_step, expected_in_scope={405}),
    Probe("channel:ticket_report", role=ROLE, make=_report, kind="list"),
    Probe("api:list_worker_applications", role=ROLE, make=_listed_application_api, kind="list"),
    Probe("api:get_worker_application", role=ROLE, make=_application_api),
    Probe("api:list_tickets", role=ROLE, make=_listed_ticket_api, kind="list"),
    Probe("api:create_ticket", role=ROLE, make=_listed_ticket_api, kind="list"),
    Probe("api:get_ticket", role=ROLE, make=_ticket_api),
    Probe("api:ticket_report", role=ROLE, make=_report_api, kind="list"),
]
EXEMPT = {
    "channel:ticket_create": "a form; the desk is the user's own unit, checked in scope by the service",
    "api:decide_worker_application": "POST only; the application is read in scope first (test_portal.py)",
    "api:advance_ticket": "POST only; the ticket is read in scope first (test_portal.py)",
    **{f"portal:{name}": "the worker's own pages: probed with another worker's ids in test_portal.py"
       for name in ("home", "sign_in", "sign_out", "real_name", "self_test", "apply_hardship", "apply_legal",
                    "apply_training", "apply_job", "application_reply",
                    "applications", "application_detail", "ticket_create", "ticket_detail")},
}
