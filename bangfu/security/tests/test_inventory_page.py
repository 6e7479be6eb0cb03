"""The data inventory in the office's words: Chinese names of records and fields, grouped by part of the
system, narrowed by class (kept in the URL)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from bangfu.core.inventory import CLASSES, inventory_by_app, inventory_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_client(client: Client, make_user: Any, org_tree: Any) -> Client:
    client.force_login(make_user("auditor", org_tree["root"]))
    return client


def test_the_inventory_is_grouped_by_app_in_chinese(auditor_client: Client) -> None:
    body = auditor_client.get("/security/inventory/").content.decode()
    assert body.count('data-testid="inventory-app"') == len(inventory_by_app())
    assert "困难职工" in body and "身份证号" in body and "敏感个人信息" in body
    assert ">sensitive<" not in body and "Person</td>" not in body


def test_the_inventory_is_narrowed_by_class(auditor_client: Client) -> None:
    body = auditor_client.get("/security/inventory/", {"class": "sensitive"}).content.decode()
    sensitive = sum(1 for row in inventory_rows() if row[3] == "sensitive")
    badges = re.findall(r'<span class="badge bg-red-lt">敏感个人信息</span>', body)
    assert len(badges) == sensitive and "公开信息</span>" not in body.split("inventory-app", 1)[1]
    assert '<option value="sensitive" selected>' in body


def test_the_groups_hold_every_field_once() -> None:
    total = sum(app.field_count for app in inventory_by_app())
    assert total == len(inventory_rows())
    by_class = sum(sum(app.field_count for app in inventory_by_app(cls)) for cls in CLASSES)
    unclassified = sum(app.field_count for app in inventory_by_app("unclassified"))
    assert by_class + unclassified == total


def test_an_unknown_class_or_app_shows_everything(auditor_client: Client) -> None:
    response = auditor_client.get("/security/inventory/", {"class": "<x>", "app": "nope"})
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="inventory-app"') == len(inventory_by_app())
