"""Refusals are recorded; every 4xx of the API answers and is documented in Chinese; undecryptable → 503."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from bangfu.core import sensitive
from bangfu.core.models import AuditEvent
from bangfu.security.errors import ERROR_MESSAGES, has_chinese
from bangfu.security.tests.helpers import make_person

pytestmark = pytest.mark.django_db


def test_an_api_call_without_credentials_is_401_in_chinese_and_recorded(client: Client) -> None:
    response = client.get("/api/v1/me", REMOTE_ADDR="10.7.7.7")
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录，或提供有效的访问令牌。"}
    event = AuditEvent.objects.get(action="access.unauthenticated")
    assert (event.ip_address, event.outcome, event.changes["path"]) == ("10.7.7.7", "denied", "/api/v1/me")


def test_a_bad_token_is_401_and_recorded(client: Client) -> None:
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer bf_not-a-token")
    assert response.status_code == 401 and has_chinese(response.json()["detail"])
    assert AuditEvent.objects.filter(action="access.unauthenticated").count() == 1


def test_a_scoped_404_of_a_signed_in_user_is_recorded(client: Client, make_user: Any, org_tree: Any) -> None:
    user = make_user("district_officer", org_tree["haizhu"])
    client.force_login(user)
    assert client.get(f"/api/v1/orgs/{org_tree['tianhe'].code}").status_code == 404
    event = AuditEvent.objects.get(action="access.not_found")
    assert event.actor_id == user.pk and event.changes["status"] == 404


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "/api/v1/no-such-route", None, 404),
        ("delete", "/api/v1/me", None, 405),
        ("post", "/api/v1/households", "{not json", 400),
    ],
)
def test_every_api_4xx_has_a_chinese_detail(client: Client, make_user: Any, org_tree: Any, method: str, path: str,
                                            body: str | None, status: int) -> None:
    from bangfu.accounts.models import ApiToken

    user = make_user("street_social_worker", org_tree["wushan"])
    _row, token = ApiToken.issue(user, "test")
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    assert has_chinese(response.json()["detail"])


def test_the_openapi_document_lists_every_4xx_with_its_chinese_message(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert "ErrorOut" in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "422"):
                assert operation["responses"][status]["description"] == ERROR_MESSAGES[int(status)], (path, method)


def test_undecryptable_data_answers_503_and_never_ciphertext(client: Client, make_user: Any, org_tree: Any,
                                                             monkeypatch: Any) -> None:
    person = make_person(org_tree["wushan"])
    officer = make_user("district_officer", org_tree["tianhe"])
    client.force_login(officer)
    monkeypatch.setenv("BANGFU_FIELD_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("BANGFU_INDEX_KEY", "another-index-key")
    sensitive.reset_key_cache()
    try:
        response = client.get(f"/security/reveal/people/person/{person.pk}/id_number/")
    finally:
        monkeypatch.delenv("BANGFU_FIELD_KEYS")
        monkeypatch.delenv("BANGFU_INDEX_KEY")
        sensitive.reset_key_cache()
    assert response.status_code == 503
    body = response.content.decode()
    assert "bf1:" not in body and person.id_number not in body
    assert "索引密钥（BANGFU_INDEX_KEY）与本数据库不匹配：系统拒绝提供服务" in body
