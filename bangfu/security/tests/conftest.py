"""Fixtures the audit log's tests share: an auditor signed in, and four events of different kinds and units."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.core import audit
from bangfu.core.models import AuditEvent
from bangfu.security.tests.helpers import make_person


@pytest.fixture
def auditor(client: Client, make_user: Any, org_tree: Any) -> Any:
    user = make_user("auditor", org_tree["root"], display_name="审计员王芳")
    client.force_login(user)
    return user


@pytest.fixture
def events(org_tree: Any, make_user: Any) -> dict[str, AuditEvent]:
    worker = make_user("street_social_worker", org_tree["tianhe"], display_name="社工李明")
    person = make_person(org_tree["tianhe"])
    return {
        "reveal": audit.record("sensitive.reveal", actor=worker, obj=person, changes={"field": "id_number"}),
        "login": audit.record("auth.login", actor=worker, obj=worker, org=org_tree["tianhe"]),
        "failed": audit.record("auth.login_failed", actor_name="intruder", outcome="failure"),
        "export": audit.record("people.export", actor_name="officer-hz", org=org_tree["haizhu"]),
    }
