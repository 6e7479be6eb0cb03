"""Password policy and the forced change of an initial password."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from bangfu.accounts.models import User
from bangfu.accounts.services import create_user
from bangfu.core.models import AuditEvent
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Spring-Lantern-4417"


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short-9x", "password_too_short"),
        ("password123", "password_too_common"),
        ("48213957610", "password_entirely_numeric"),
        ("wangxiaoming2024", "password_too_similar"),
    ],
)
def test_weak_passwords_are_refused(password: str, code: str) -> None:
    user = User(username="wangxiaoming", display_name="王小明")
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    assert code in [error.code for error in caught.value.error_list]


def test_a_long_uncommon_password_passes() -> None:
    validate_password(NEW_PASSWORD, User(username="wangxiaoming"))


def _new_user(roles: Any, org_tree: Any) -> User:
    return create_user(actor=None, username="newcomer", password=TEST_PASSWORD, org=org_tree["wushan"],
                       roles=[roles["street_social_worker"]], display_name="新同事")


def test_an_initial_password_must_be_changed_before_anything_else(client: Client, roles: Any, org_tree: Any) -> None:
    user = _new_user(roles, org_tree)
    assert user.must_change_password is True
    client.post("/login/", {"username": "newcomer", "password": TEST_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/security/password/"
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["detail"] == "请先修改初始密码。"
    page = client.get("/security/password/")
    assert page.status_code == 200 and "请先设置您自己的密码" in page.content.decode()


def test_changing_the_password_lifts_the_block_and_is_recorded(client: Client, roles: Any, org_tree: Any) -> None:
    user = _new_user(roles, org_tree)
    client.post("/login/", {"username": "newcomer", "password": TEST_PASSWORD})
    key_before = client.cookies["sessionid"].value
    response = client.post("/security/password/", {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD,
                                                   "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    user.refresh_from_db()
    assert user.must_change_password is False and user.check_password(NEW_PASSWORD)
    assert client.cookies["sessionid"].value != key_before
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.password_changed", actor_id=user.pk).count() == 1


def test_the_policy_applies_to_the_change(client: Client, roles: Any, org_tree: Any) -> None:
    _new_user(roles, org_tree)
    client.post("/login/", {"username": "newcomer", "password": TEST_PASSWORD})
    response = client.post("/security/password/", {"old_password": TEST_PASSWORD, "new_password1": "Qz7#kLm2",
                                                   "new_password2": "Qz7#kLm2"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "密码长度太短。密码必须包含至少 10 个字符。" in body  # 8 characters given
    assert "too short" not in body
    assert User.objects.get(username="newcomer").must_change_password is True


def test_demo_accounts_need_no_change(db: Any, settings: Any) -> None:
    from bangfu.accounts.demo import seed
    from bangfu.core.seeding import DemoContext

    seed(DemoContext(password=TEST_PASSWORD))
    assert not User.objects.filter(must_change_password=True).exists()
