"""The field keys belong to the database: without the right keys the site refuses to serve (503)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from bangfu.core import sensitive
from bangfu.core.models import FieldKeyCheck

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture
def use_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    FieldKeyCheck.objects.all().delete()  # the one `migrate` recorded for the development key

    def use(*keys: str, index_key: str = "index-key-a") -> None:
        monkeypatch.setenv("BANGFU_FIELD_KEYS", ",".join(keys))
        monkeypatch.setenv("BANGFU_INDEX_KEY", index_key)
        sensitive.reset_key_cache()

    yield use
    monkeypatch.delenv("BANGFU_FIELD_KEYS", raising=False)
    monkeypatch.delenv("BANGFU_INDEX_KEY", raising=False)
    sensitive.reset_key_cache()


def test_migrate_records_the_key(db: Any) -> None:
    assert FieldKeyCheck.objects.filter(key_id=sensitive.current_key_id()).exists()


def test_a_new_database_records_its_key_and_serves(use_keys: Any) -> None:
    use_keys(KEY_A)
    assert Client().get("/login/").status_code == 200
    assert list(FieldKeyCheck.objects.values_list("key_id", flat=True)) == [sensitive.key_id(KEY_A)]


def test_other_keys_are_refused_with_503(use_keys: Any) -> None:
    use_keys(KEY_A)
    Client().get("/login/")
    use_keys(KEY_B)
    page = Client().get("/login/")
    assert page.status_code == 503 and "拒绝提供服务" in page.content.decode()
    api = Client().get("/api/v1/me")
    assert api.status_code == 503 and "BANGFU_FIELD_KEYS" in api.json()["detail"]
    assert Client().get("/healthz").status_code == 503


def test_another_index_key_is_refused(use_keys: Any) -> None:
    use_keys(KEY_A, index_key="index-key-a")
    Client().get("/login/")
    use_keys(KEY_A, index_key="index-key-b")
    response = Client().get("/login/")
    assert response.status_code == 503 and "BANGFU_INDEX_KEY" in response.content.decode()


def test_a_rotation_keeps_serving_and_records_the_new_key(use_keys: Any) -> None:
    use_keys(KEY_A)
    Client().get("/login/")
    use_keys(KEY_B, KEY_A)
    assert Client().get("/login/").status_code == 200
    assert set(FieldKeyCheck.objects.values_list("key_id", flat=True)) == {sensitive.key_id(KEY_A),
                                                                          sensitive.key_id(KEY_B)}
    use_keys(KEY_B)  # after `reencrypt`, the old key may go
    assert Client().get("/login/").status_code == 200


def test_a_missing_audit_key_in_production_is_refused_with_503(use_keys: Any, settings: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from bangfu.core import auditkeys

    use_keys(KEY_A)
    assert Client().get("/login/").status_code == 200
    settings.PRODUCTION = True
    sensitive.reset_key_cache()
    monkeypatch.delenv("BANGFU_AUDIT_KEY", raising=False)
    auditkeys.reset_audit_key_cache()
    try:
        page = Client().get("/login/")  # a fresh middleware instance per client: checked again
        assert page.status_code == 503 and "BANGFU_AUDIT_KEY" in page.content.decode()
    finally:
        auditkeys.reset_audit_key_cache()
