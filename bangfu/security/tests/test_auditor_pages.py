"""The auditor's pages: search events, the sign-in log, an event's detail; auditor only, scoped by unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.core import audit
from bangfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(org_tree: Any) -> list[AuditEvent]:
    return [
        audit.record("people.person.create", actor_name="worker-th", org=org_tree["tianhe"]),
        audit.record("people.export", actor_name="officer-hz", org=org_tree["haizhu"], outcome="success"),
        audit.record("auth.login_failed", actor_name="intruder", outcome="failure"),
    ]


def test_the_auditor_searches_every_event(client: Client, make_user: Any, org_tree: Any, events: Any) -> None:
    client.force_login(make_user("auditor", org_tree["root"]))
    body = client.get("/security/audit/").content.decode()
    assert all(name in body for name in ("worker-th", "officer-hz", "intruder"))
    filtered = client.get("/security/audit/", {"action": "people.", "actor": "officer"}).content.decode()
    assert "officer-hz" in filtered and "worker-th" not in filtered and "intruder" not in filtered
    failures = client.get("/security/audit/", {"outcome": "failure"}).content.decode()
    assert "intruder" in failures and "officer-hz" not in failures


def test_the_table_is_swapped_by_htmx(client: Client, make_user: Any, org_tree: Any, events: Any) -> None:
    client.force_login(make_user("auditor", org_tree["root"]))
    fragment = client.get("/security/audit/", {"actor": "intruder"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div class="card hx-table" id="event-table">')
    assert "<html" not in fragment and "intruder" in fragment


def test_the_sign_in_log_shows_auth_events_only(client: Client, make_user: Any, org_tree: Any, events: Any) -> None:
    client.force_login(make_user("auditor", org_tree["root"]))
    body = client.get("/security/logins/").content.decode()
    assert "intruder" in body and "worker-th" not in body


def test_an_event_detail_shows_its_chain_links(client: Client, make_user: Any, org_tree: Any, events: Any) -> None:
    client.force_login(make_user("auditor", org_tree["root"]))
    body = client.get(f"/security/audit/{events[1].seq}/").content.decode()
    assert events[1].hash in body and events[0].hash in body


def test_nobody_else_reads_the_log_and_the_refusal_is_recorded(client: Client, make_user: Any, org_tree: Any,
                                                               events: Any) -> None:
    admin = make_user("system_admin", org_tree["root"])
    client.force_login(admin)
    for url in ("/security/audit/", "/security/logins/", f"/security/audit/{events[0].seq}/", "/security/inventory/"):
        assert client.get(url).status_code == 403, url
    denial = AuditEvent.objects.filter(action="access.denied", actor_id=admin.pk).first()
    assert denial is not None and denial.outcome == "denied" and denial.changes["status"] == 403


def test_a_reader_below_the_top_sees_events_of_its_subtree_only(client: Client, make_user: Any, org_tree: Any,
                                                                events: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    from bangfu.accounts.models import DataScope, RoleProfile

    # A role of its own (scopes are per role): reads the audit log of its unit and below.
    group = Group.objects.create(name="区县审计")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    RoleProfile.objects.create(group=group, key="district_audit", data_scope=DataScope.SUBTREE)
    reader = make_user("district_officer", org_tree["tianhe"])
    reader.groups.add(group)
    client.force_login(reader)
    body = client.get("/security/audit/").content.decode()
    assert "worker-th" in body and "officer-hz" not in body and "intruder" not in body
    assert client.get(f"/security/audit/{events[1].seq}/").status_code == 404


def test_the_inventory_page_lists_classes(client: Client, make_user: Any, org_tree: Any) -> None:
    client.force_login(make_user("auditor", org_tree["root"]))
    body = client.get("/security/inventory/").content.decode()
    assert "people.Person" in body and "<code>id_number</code>" in body and "sensitive" in body
