"""`manage.py reencrypt` moves every encrypted value to the newest key; the old key can then go."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from bangfu.core import sensitive
from bangfu.core.models import AuditEvent, FieldKeyCheck
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


def _use_index(monkeypatch: pytest.MonkeyPatch, keys: str) -> None:
    monkeypatch.setenv("BANGFU_FIELD_KEYS", OLD)
    monkeypatch.setenv("BANGFU_INDEX_KEY", keys)
    sensitive.reset_key_cache()


def test_the_index_key_rotates_with_lookups_working_throughout(monkeypatch: pytest.MonkeyPatch, org_tree: Any,
                                                                 capsys: Any) -> None:
    """`BANGFU_INDEX_KEY=new,old`: a person indexed under the old key is still found and still refused as
    a duplicate; `reencrypt` rebuilds the index under the new key; then the old key can go."""
    from bangfu.core.errors import ServiceError
    from bangfu.people.models import Person
    from bangfu.people.services.persons import refuse_known_numbers

    try:
        _use_index(monkeypatch, "old-index-key")
        FieldKeyCheck.objects.all().delete()
        sensitive.check_keys_against_database()  # this database is written with these keys
        person = make_person(org_tree["wushan"])
        old_index = Person.objects.get(pk=person.pk).id_index
        _use_index(monkeypatch, "new-index-key,old-index-key")
        sensitive.check_keys_against_database(record_new_key=False)  # the database still fits: no 503
        assert list(sensitive.find_by_id_number(Person.objects.all(), person.id_number)) == [person]
        twin = Person(org=org_tree["wushan"], name="重复", id_number=person.id_number,
                      id_index=sensitive.blind_index(person.id_number))
        with pytest.raises(ServiceError, match="已在系统中登记"):
            refuse_known_numbers([twin], [1])

        call_command("reencrypt")
        assert "people.Person.id_index: 按新索引密钥重建 1 个" in capsys.readouterr().out
        new_index = Person.objects.get(pk=person.pk).id_index
        assert new_index != old_index and new_index == sensitive.blind_index(person.id_number)
        event = AuditEvent.objects.filter(action="keys.reencrypt").latest("seq")
        assert event.changes["indexes"] == {"people.Person.id_index": 1}

        _use_index(monkeypatch, "new-index-key")  # the old index key dropped
        sensitive.check_keys_against_database(record_new_key=False)
        assert list(sensitive.find_by_id_number(Person.objects.all(), person.id_number)) == [person]
    finally:
        monkeypatch.delenv("BANGFU_FIELD_KEYS", raising=False)
        monkeypatch.delenv("BANGFU_INDEX_KEY", raising=False)
        sensitive.reset_key_cache()
