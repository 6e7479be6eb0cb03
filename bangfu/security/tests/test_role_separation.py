"""Separation of powers: the auditor reads and changes no data; the system administrator manages
accounts but reads no one's personal records; "show in clear" belongs to the approving officers."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.core import inventory

pytestmark = pytest.mark.django_db

# What the auditor may do besides reading: end a session (强退) from the online-users page.
AUDITOR_ACTIONS = {"security.terminate_usersession"}


def _permissions(group: Any) -> set[str]:
    return {f"{app}.{codename}" for app, codename in
            group.permissions.values_list("content_type__app_label", "codename")}


def test_the_auditor_changes_no_data(roles: dict[str, Any]) -> None:
    granted = _permissions(roles["auditor"])
    assert "core.view_auditevent" in granted and "security.view_usersession" in granted
    writes = {perm for perm in granted if not perm.split(".", 1)[1].startswith("view_")} - AUDITOR_ACTIONS
    assert writes == set()


def test_the_system_administrator_reads_no_personal_records(roles: dict[str, Any]) -> None:
    granted = _permissions(roles["system_admin"])
    personal_models = {
        model for model in inventory.inventory_models()
        # the administration apps' own records name staff accounts (who changed a parameter, who read a notice)
        if model._meta.app_label not in ("accounts", "security", "sysadmin")
        and inventory.fields_of_class(model, "personal", "sensitive", "minor")
    }
    readable = {f"{model._meta.app_label}.view_{model._meta.model_name}" for model in personal_models} & granted
    assert readable == set()
    assert not {"core.reveal_sensitive", "core.view_auditevent"} & granted


def test_only_approving_officers_show_values_in_clear(roles: dict[str, Any]) -> None:
    holders = {key for key, group in roles.items() if "core.reveal_sensitive" in _permissions(group)}
    assert holders == {"city_officer", "district_officer"}
