"""Issue 9 §6: tokens expire, may be read-only, die with a password change, a change of roles or
deactivation, and are listed with their last use (the auditor sees every token in scope)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bangfu.accounts import services
from bangfu.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def _me(token: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me").status_code


def test_a_token_expires_after_its_days(make_user: Any, org_tree: Any) -> None:
    user = make_user("district_officer", org_tree["tianhe"])
    row, token = services.issue_api_token(actor=user, name="报表", days=90)
    assert row.expires_at is not None
    assert abs((row.expires_at - timezone.now()) - dt.timedelta(days=90)) < dt.timedelta(minutes=1)
    assert _me(token) == 200
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _me(token) == 401


def test_the_page_shows_the_expiry_and_refuses_a_year_and_more(client: Client, make_user: Any,
                                                               org_tree: Any) -> None:
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    made = client.post("/me/tokens/", {"name": "脚本", "days": "30"})
    assert made.status_code == 200 and "bf_" in made.content.decode()
    expires_at = ApiToken.objects.get().expires_at
    assert expires_at is not None
    # In Beijing time: from 16:00 UTC the UTC date is a day behind (a test that compared UTC dates failed then).
    assert timezone.localtime(expires_at).date() == timezone.localdate() + dt.timedelta(days=30)
    assert client.post("/me/tokens/", {"name": "太久", "days": "400"}).status_code == 400


def test_a_read_only_token_reads_and_may_not_write(make_user: Any, org_tree: Any) -> None:
    admin = make_user("system_admin", org_tree["guangzhou"])
    other = make_user(None, org_tree["tianhe"])
    _row, token = services.issue_api_token(actor=admin, name="只读", read_only=True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/v1/users/{other.pk}/roles").status_code == 200
    refused = client.post(f"/api/v1/users/{other.pk}/roles", data=json.dumps({"role": "system_admin",
                                                                              "org_code": "440106"}),
                          content_type="application/json")
    assert refused.status_code == 403 and "只读" in refused.json()["detail"]
    assert not other.groups.exists()


def test_a_password_change_voids_every_token(client: Client, make_user: Any, org_tree: Any) -> None:
    user = make_user("district_officer", org_tree["tianhe"])
    _row, token = services.issue_api_token(actor=user, name="脚本")
    user.set_password("Another-Long-Pass-77")  # any path that changes the password, not only the page
    user.save(update_fields=["password"])
    assert _me(token) == 401


def test_the_password_page_marks_tokens_revoked(client: Client, make_user: Any, org_tree: Any) -> None:
    from conftest import TEST_PASSWORD

    user = make_user("district_officer", org_tree["tianhe"])
    services.issue_api_token(actor=user, name="脚本")
    client.force_login(user)
    client.post("/security/password/", {"old_password": TEST_PASSWORD, "new_password1": "Spring-Lantern-4417",
                                         "new_password2": "Spring-Lantern-4417"})
    assert list(ApiToken.objects.values_list("revoked", "revoked_reason")) == [(True, "password")]


def test_a_change_of_roles_or_deactivation_voids_tokens(make_user: Any, org_tree: Any, roles: Any) -> None:
    admin = make_user("system_admin", org_tree["guangzhou"])
    user = make_user("system_admin", org_tree["tianhe"])
    _row, token = services.issue_api_token(actor=user, name="一")
    services.grant_role(actor=admin, user=user, group=roles["system_admin"], org=org_tree["wushan"])
    assert _me(token) == 401
    _row, token = services.issue_api_token(actor=user, name="二")
    services.update_user(actor=admin, user=user, org=org_tree["tianhe"], is_active=False)
    assert _me(token) == 401
    assert set(ApiToken.objects.values_list("revoked_reason", flat=True)) == {"roles", "deactivated"}


def test_the_auditor_sees_every_token_and_its_last_use(client: Client, make_user: Any, org_tree: Any) -> None:
    owner = make_user("district_officer", org_tree["haizhu"], username="token-owner")
    _row, token = services.issue_api_token(actor=owner, name="海珠报表")
    _me(token)
    client.force_login(make_user("auditor", org_tree["root"]))
    page = client.get("/tokens/").content.decode()
    assert "token-owner" in page and "海珠报表" in page
    items = client.get("/api/v1/tokens").json()["items"]
    assert items[0]["username"] == "token-owner" and items[0]["last_used_at"] is not None
    # A district officer may not list others' tokens.
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    assert client.get("/tokens/").status_code == 403
    assert client.get("/api/v1/tokens").status_code == 403
