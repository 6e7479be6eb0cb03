"""New permissions reach the roles of an existing installation when it migrates (issue 9): before, only
`bootstrap`/`seed_demo` synced roles.py to the groups, so an upgraded site answered 403 to the officers."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.management.sql import emit_post_migrate_signal

pytestmark = pytest.mark.django_db


def test_a_migrate_gives_existing_roles_their_new_permissions(roles: dict[str, Any]) -> None:
    added = [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in (
        ("reports", "request_plainexport"), ("assistance", "approve_cashtopup"),
        ("people", "add_publicityobjection"))]
    officer = roles["district_officer"]
    officer.permissions.remove(*added)  # as on a site set up before these permissions existed
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert set(officer.permissions.filter(pk__in=[p.pk for p in added])) == set(added)
