"""API authentication: a personal token works for reads and writes; no credentials is a Chinese 401."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from bangfu.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_token_reads_the_users_own_scope(org_tree: dict[str, Any], make_user: Any) -> None:
    user = make_user("district_officer", org_tree["tianhe"])
    _row, token = ApiToken.issue(user, "脚本")
    client = Client()
    response = client.get("/api/v1/orgs", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()["items"]}
    assert codes == {"440106", "440106011"}
    assert client.get("/api/v1/orgs/440105", headers={"authorization": f"Bearer {token}"}).status_code == 404


def test_token_can_post_without_csrf(org_tree: dict[str, Any], make_user: Any) -> None:
    """A token client has no CSRF cookie: an unsafe method must not be refused for want of one."""
    user = make_user("district_officer", org_tree["tianhe"])
    _row, token = ApiToken.issue(user, "脚本")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/matching/runs", data={}, content_type="application/json", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code != 403 or "CSRF" not in response.content.decode()
    assert response.status_code in (400, 404, 422)


def test_revoked_token_is_refused_in_chinese(org_tree: dict[str, Any], make_user: Any) -> None:
    user = make_user("district_officer", org_tree["tianhe"])
    row, token = ApiToken.issue(user, "脚本")
    ApiToken.objects.filter(pk=row.pk).update(revoked=True)
    response = Client().get("/api/v1/orgs", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "请先登录，或提供有效的访问令牌。"
