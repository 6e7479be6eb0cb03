"""Editing a file locks the file's row only, never its union's (found by bench/load.py on PostgreSQL).

`select_for_update()` with `select_related("household", "org")` locked the joined rows too: the union row
FOR UPDATE until commit. Every other write of that union inserts rows that reference it (the audit event, a visit,
a referral), whose foreign-key check needs a KEY SHARE lock on it, at commit, while holding the audit chain's lock;
the edit, holding the union row, then waited for the chain's lock: a deadlock, answered 500. Now the union's row is
never locked by an edit, so another transaction can key-share it while the edit is open.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from bangfu.people import services
from bangfu.people.services.households import remove_member
from bangfu.people.tests.helpers import new_id

pytestmark = pytest.mark.django_db(transaction=True)


def _other_connection_key_shares(table: str, pk: int) -> bool:
    """From a second connection: may the row be key-share locked at once (as a foreign-key check does)?"""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(dbname=db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
                         host=db.get("HOST") or None, port=db.get("PORT") or None, autocommit=True) as other:
        try:
            other.execute(f'SELECT 1 FROM "{table}" WHERE id = %s FOR KEY SHARE NOWAIT', [pk])  # noqa: S608 - constant names
        except psycopg.errors.LockNotAvailable:
            return False
    return True


@pytest.mark.parametrize("edit", ["update", "add_member", "remove_member", "transition"])
def test_an_open_edit_of_a_file_leaves_its_union_and_household_free(edit: str, org_tree: Any,
                                                                     make_user: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's: SQLite serialises every write transaction as a whole")
    org = org_tree["wushan"]
    worker = make_user("street_social_worker", org)
    head = services.MemberInput(person=services.PersonInput(name="张三", id_number=new_id()),
                                employment_status="unemployed")
    spouse = services.MemberInput(person=services.PersonInput(name="李四", id_number=new_id()), relation="spouse",
                                  employment_status="unemployed")
    hardship_file = services.create_household(actor=worker, org=org, data=services.HouseholdInput(
        members=(head, spouse), address="五山路1号", file=services.FileInput(primary_cause="laid_off")))
    with transaction.atomic():
        if edit == "update":
            services.update_household(actor=worker, hardship_file=hardship_file, expected_version=hardship_file.version,
                                      changes={"address": "五山路2号"})
        elif edit == "add_member":
            services.add_member(actor=worker, hardship_file=hardship_file, expected_version=hardship_file.version,
                                member=services.MemberInput(person=services.PersonInput(name="张小三",
                                                                                          id_number=new_id()),
                                                            relation="child", employment_status="student"))
        elif edit == "remove_member":
            member = hardship_file.household.members.exclude(relation="self").get()
            remove_member(actor=worker, hardship_file=hardship_file, expected_version=hardship_file.version,
                                   member_id=member.pk, reason="外出务工")
        else:
            services.transition_hardship_file(actor=make_user("street_social_worker", org), action="review",
                                              hardship_file=hardship_file, expected_version=hardship_file.version)
        # still inside the edit's transaction: its locks are held
        assert _other_connection_key_shares("accounts_orgunit", org.pk)
        assert _other_connection_key_shares("people_household", hardship_file.household_id)
