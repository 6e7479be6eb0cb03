"""Personal API tokens: made on one's own page, shown once, usable, revocable; nobody else's reachable."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from bangfu.accounts.models import ApiToken
from bangfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_user_makes_a_token_and_the_api_accepts_it(login: Any, org_tree: dict[str, Any], make_user: Any) -> None:
    user = make_user("district_officer", org_tree["tianhe"])
    client = login(user)
    page = client.post("/me/tokens/", {"name": "区里的报表脚本"}).content.decode()
    token = re.search(r"bf_[A-Za-z0-9_-]{20,}", page)
    assert token is not None
    row = ApiToken.objects.get(user=user)
    assert row.name == "区里的报表脚本" and row.digest == ApiToken.digest_of(token.group(0))
    assert token.group(0) not in client.get("/me/tokens/").content.decode()  # shown once
    me = Client().get("/api/v1/me", headers={"authorization": f"Bearer {token.group(0)}"})
    assert me.json()["username"] == user.username
    assert AuditEvent.objects.filter(action="api_token.issue", actor_id=user.pk).count() == 1


def test_revoking_stops_the_token(login: Any, org_tree: dict[str, Any], make_user: Any) -> None:
    user = make_user("district_officer", org_tree["tianhe"])
    row, token = ApiToken.issue(user, "旧脚本")
    response = login(user).post(f"/me/tokens/{row.pk}/revoke/")
    assert response.status_code == 302
    assert Client().get("/api/v1/me", headers={"authorization": f"Bearer {token}"}).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_another_users_token_is_not_found(login: Any, org_tree: dict[str, Any], make_user: Any) -> None:
    owner = make_user("district_officer", org_tree["tianhe"])
    row, _token = ApiToken.issue(owner, "别人的")
    intruder = make_user("city_officer", org_tree["guangzhou"])
    client = login(intruder)
    assert client.post(f"/me/tokens/{row.pk}/revoke/").status_code == 404
    assert "别人的" not in client.get("/me/tokens/").content.decode()
    assert not ApiToken.objects.get(pk=row.pk).revoked
