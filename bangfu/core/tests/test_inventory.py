"""The data inventory: every stored field of every Bangfu app is classified, and nothing else is."""

from __future__ import annotations

from bangfu.core import inventory


def test_every_field_of_every_bangfu_app_is_classified() -> None:
    missing = inventory.unclassified_fields()
    assert missing == [], f"Unclassified fields (add them to the app's privacy.py): {missing}"


def test_the_inventory_names_only_existing_fields() -> None:
    assert inventory.stale_entries() == []


def test_every_class_is_one_of_the_four() -> None:
    assert inventory.invalid_classes() == []


def test_credentials_and_blind_indexes_are_never_revealable() -> None:
    from bangfu.accounts.models import ApiToken, User
    from bangfu.people.models import Person

    assert inventory.is_revealable(Person, "id_number") is True
    assert inventory.is_revealable(Person, "health_note") is True
    assert inventory.is_revealable(Person, "id_index") is False
    assert inventory.is_revealable(Person, "name") is False  # personal, not sensitive
    assert inventory.is_revealable(User, "password") is False
    assert inventory.is_revealable(ApiToken, "digest") is False
