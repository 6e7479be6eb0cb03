"""`manage.py reencrypt` moves every encrypted value to the newest key; the old key can then go."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from bangfu.core import sensitive
from bangfu.core.models import AuditEvent
from bangfu.security.tests.helpers import make_person

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


@pytest.fixture
def use_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def use(*keys: str) -> None:
        monkeypatch.setenv("BANGFU_FIELD_KEYS", ",".join(keys))
        monkeypatch.setenv("BANGFU_INDEX_KEY", "index-key-for-rotation")
        sensitive.reset_key_cache()

    yield use
    monkeypatch.delenv("BANGFU_FIELD_KEYS", raising=False)
    monkeypatch.delenv("BANGFU_INDEX_KEY", raising=False)
    sensitive.reset_key_cache()


def _raw(pk: int) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, health_note FROM people_person WHERE id = %s", [pk])
        return cursor.fetchone()


def test_every_value_moves_to_the_newest_key(use_keys: Any, org_tree: Any, capsys: Any) -> None:
    use_keys(OLD)
    people = [make_person(org_tree["wushan"], phone="13812341234", health_note=f"诊断{n}") for n in range(3)]
    blank = make_person(org_tree["wushan"])  # empty phone and note stay empty
    updated_at = {p.pk: type(p).objects.get(pk=p.pk).updated_at for p in people}
    use_keys(NEW, OLD)

    call_command("reencrypt", dry_run=True)
    assert "需要重新加密 10 个值" in capsys.readouterr().out  # 3×3 + the blank person's ID number
    call_command("reencrypt", batch=2)
    assert "已重新加密 10 个值" in capsys.readouterr().out

    new_id = sensitive.key_id(NEW)
    for person in people:
        assert all(value.startswith(f"bf1:{new_id}:") for value in _raw(person.pk))
    assert _raw(blank.pk)[1:] == ("", "")
    use_keys(NEW)  # the old key is gone: everything still reads
    for n, person in enumerate(people):
        fresh = type(person).objects.get(pk=person.pk)
        assert (fresh.phone, fresh.health_note, fresh.id_number) == ("13812341234", f"诊断{n}", person.id_number)
        assert fresh.updated_at == updated_at[person.pk]
    event = AuditEvent.objects.get(action="keys.reencrypt")
    assert event.changes["key_id"] == new_id and event.changes["moved"]["people.Person.id_number"] == 4


def test_a_second_run_moves_nothing(use_keys: Any, org_tree: Any, capsys: Any) -> None:
    use_keys(NEW)
    make_person(org_tree["wushan"], health_note="x")
    call_command("reencrypt")
    assert "已重新加密 0 个值" in capsys.readouterr().out


def test_generate_key_prints_a_usable_key(capsys: Any) -> None:
    call_command("reencrypt", generate_key=True)
    key = capsys.readouterr().out.strip()
    Fernet(key.encode())
