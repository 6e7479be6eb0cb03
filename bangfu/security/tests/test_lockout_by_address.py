"""Issue 9 §5: a lockout is by username AND address — failures from one address do not lock the owner out
from theirs; one address failing across many usernames is stopped by a slower per-address limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"


def _sign_in(address: str, username: str, password: str) -> int:
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password}).status_code


def test_five_failures_from_an_attacker_do_not_lock_the_owner_out(make_user: Any, org_tree: Any) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="victim")
    for _ in range(5):
        _sign_in(ATTACKER, "victim", "wrong-password-123")
    assert _sign_in(ATTACKER, "victim", TEST_PASSWORD) == 429  # locked where the attack came from
    assert _sign_in(OWNER, "victim", TEST_PASSWORD) == 302  # the owner still signs in from their own address


@override_settings(BANGFU_ADDRESS_FAILURE_LIMIT=8)
def test_one_address_spraying_many_usernames_is_stopped(make_user: Any, org_tree: Any) -> None:
    make_user("street_social_worker", org_tree["wushan"], username="target")
    for n in range(8):  # under five failures per username, eight in all from one address
        _sign_in(ATTACKER, f"guess{n % 3}", "wrong-password-123")
    assert _sign_in(ATTACKER, "target", TEST_PASSWORD) == 429
    assert _sign_in(OWNER, "target", TEST_PASSWORD) == 302
