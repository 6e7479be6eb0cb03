"""Encrypted fields: key ids, rotation, fail-closed decryption, lookups, ID numbers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ValidationError
from django.db import connection

from bangfu.core import sensitive
from bangfu.core.sensitive import (
    IdNumberField,
    IdNumberMixin,
    SensitiveDataError,
    blind_index,
    decrypt,
    encrypt,
    find_by_id_number,
    id_number_index,
    key_id,
    validate_id_number,
)
from bangfu.security.tests.helpers import fake_id_number, make_person

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Set BANGFU_FIELD_KEYS/BANGFU_INDEX_KEY for one test; the loaded keys are forgotten after."""

    def use(*fernet_keys: str, index_key: str = "index-key-for-tests") -> None:
        monkeypatch.setenv("BANGFU_FIELD_KEYS", ",".join(fernet_keys))
        monkeypatch.setenv("BANGFU_INDEX_KEY", index_key)
        sensitive.reset_key_cache()

    yield use
    monkeypatch.delenv("BANGFU_FIELD_KEYS", raising=False)
    monkeypatch.delenv("BANGFU_INDEX_KEY", raising=False)
    sensitive.reset_key_cache()


def test_a_stored_value_names_its_key_and_holds_no_plaintext(keys: Any) -> None:
    keys(OLD_KEY)
    stored = encrypt("110105194912310029")
    prefix, kid, _token = stored.split(":", 2)
    assert (prefix, kid) == ("bf1", key_id(OLD_KEY))
    assert len(kid) == 8 and "110105194912310029" not in stored
    assert decrypt(stored) == "110105194912310029"


def test_same_value_encrypts_differently_each_time(keys: Any) -> None:
    keys(OLD_KEY)
    assert encrypt("x") != encrypt("x")


def test_rotation_reads_old_values_and_writes_with_the_newest_key(keys: Any) -> None:
    keys(OLD_KEY)
    old = encrypt("诊断：尘肺病")
    keys(NEW_KEY, OLD_KEY)
    assert decrypt(old) == "诊断：尘肺病"
    assert sensitive.needs_rotation(old) is True
    rotated = sensitive.rotate(old)
    assert sensitive.key_id_of(rotated) == key_id(NEW_KEY)
    assert sensitive.needs_rotation(rotated) is False


def test_a_value_whose_key_is_gone_fails_closed_naming_the_key(keys: Any) -> None:
    keys(OLD_KEY)
    old = encrypt("secret")
    keys(NEW_KEY)
    with pytest.raises(SensitiveDataError, match=key_id(OLD_KEY)):
        decrypt(old)


def test_a_tampered_value_fails_closed(keys: Any) -> None:
    keys(OLD_KEY)
    stored = encrypt("secret")
    with pytest.raises(SensitiveDataError):
        decrypt(stored[:-4] + "AAAA")


def test_a_wrong_key_with_the_same_id_text_fails_closed(keys: Any) -> None:
    keys(OLD_KEY)
    stored = encrypt("secret")
    forged = stored.replace(key_id(OLD_KEY), key_id(NEW_KEY))
    keys(NEW_KEY)
    with pytest.raises(SensitiveDataError):
        decrypt(forged)


def test_a_legacy_bare_token_still_decrypts(keys: Any) -> None:
    keys(OLD_KEY)
    legacy = Fernet(OLD_KEY.encode()).encrypt(b"legacy").decode()
    assert decrypt(legacy) == "legacy"
    assert sensitive.needs_rotation(legacy) is True


def test_malformed_keys_are_refused(keys: Any) -> None:
    keys("not-a-fernet-key")
    with pytest.raises(SensitiveDataError, match="BANGFU_FIELD_KEYS"):
        encrypt("x")


def test_production_without_keys_refuses(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monkeypatch.delenv("BANGFU_FIELD_KEYS", raising=False)
    monkeypatch.delenv("BANGFU_INDEX_KEY", raising=False)
    settings.PRODUCTION = True
    sensitive.reset_key_cache()
    try:
        with pytest.raises(SensitiveDataError, match="BANGFU_FIELD_KEYS"):
            encrypt("x")
    finally:
        settings.PRODUCTION = False
        sensitive.reset_key_cache()


def test_blind_index_depends_on_the_index_key_only(keys: Any) -> None:
    keys(OLD_KEY, index_key="k1")
    first = blind_index("110105194912310029")
    keys(NEW_KEY, index_key="k1")
    assert blind_index("110105194912310029") == first
    keys(NEW_KEY, index_key="k2")
    assert blind_index("110105194912310029") != first


@pytest.mark.django_db
def test_ciphertext_at_rest_plaintext_in_python(org_tree: dict[str, Any]) -> None:
    number = fake_id_number()
    person = make_person(org_tree["tianhe"], number=number, health_note="矽肺二期")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, health_note FROM people_person WHERE id = %s", [person.pk])
        raw_number, raw_note = cursor.fetchone()
    assert raw_number.startswith("bf1:") and number not in raw_number
    assert raw_note.startswith("bf1:") and "矽肺" not in raw_note
    assert type(person).objects.get(pk=person.pk).health_note == "矽肺二期"


@pytest.mark.django_db
def test_loading_a_row_whose_key_is_gone_raises_instead_of_showing_ciphertext(
    org_tree: dict[str, Any], keys: Any
) -> None:
    keys(OLD_KEY)
    person = make_person(org_tree["tianhe"], health_note="高血压")
    keys(NEW_KEY)
    with pytest.raises(SensitiveDataError):
        type(person).objects.get(pk=person.pk)


@pytest.mark.django_db
def test_equality_lookups_on_encrypted_fields_are_refused(org_tree: dict[str, Any]) -> None:
    from bangfu.people.models import Person

    with pytest.raises(FieldError, match="盲索引"):
        list(Person.objects.filter(id_number="110105194912310029"))
    with pytest.raises(FieldError, match="盲索引"):
        list(Person.objects.filter(**{"health_note__icontains": "肺"}))  # dynamic: the stubs would resolve it
    assert list(Person.objects.filter(health_note="")) == []
    assert list(Person.objects.filter(health_note__isnull=True)) == []


@pytest.mark.django_db
def test_find_by_id_number_uses_the_blind_index(org_tree: dict[str, Any]) -> None:
    number = fake_id_number(birth="19491231", region="110105")
    person = make_person(org_tree["tianhe"], number=number)
    from bangfu.people.models import Person

    typed = number[:-1] + number[-1].lower() if number.endswith("X") else f" {number[:6]} {number[6:]} "
    assert list(find_by_id_number(Person.objects.all(), typed)) == [person]
    assert person.id_index == id_number_index(number)


def test_validate_id_number_gives_a_chinese_message() -> None:
    validate_id_number(fake_id_number())
    with pytest.raises(ValidationError) as caught:
        validate_id_number("110105194912310020")
    assert "校验位" in caught.value.messages[0]


def test_id_number_field_stores_upper_case() -> None:
    field = IdNumberField()
    assert field.to_python("11010519491231002x") == "11010519491231002X"


class _Holder(IdNumberMixin):
    id_number = ""
    id_index = ""
    sex = ""
    birth_date = None


def test_id_number_mixin_sets_number_index_sex_and_birth_date() -> None:
    holder = _Holder()
    number = fake_id_number(birth="19900215", serial=22)  # sequence 022: even → female
    facts = holder.set_id_number(number.lower())
    assert holder.id_number == number.upper() == facts.number
    assert holder.id_index == blind_index(number.upper())
    assert holder.sex == "F"
    assert str(holder.birth_date) == "1990-02-15"
