"""Two officers file the same ID number at the same moment, each in its own connection: one person is filed,
the other officer is told 409, never a 500 and never a second record."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import OperationalError, connections

from bangfu.core.errors import ServiceError
from bangfu.people import services
from bangfu.people.models import Person
from bangfu.people.tests.helpers import new_id

pytestmark = pytest.mark.django_db(transaction=True)

OFFICERS = 4


def _file(org: Any, actor: Any, number: str, barrier: threading.Barrier, outcomes: list[Any]) -> None:
    try:
        barrier.wait()
        # SQLite's in-memory test database shares one cache, where a busy table answers "table is locked"
        # at once instead of waiting: retry like a client would. PostgreSQL waits on the index instead.
        for _retry in range(400):
            try:
                services.create_person(actor=actor, org=org, data=services.PersonInput(name="赵六", id_number=number))
                outcomes.append("filed")
                return
            except ServiceError as error:
                outcomes.append(error.status)
                return
            except OperationalError:
                time.sleep(0.005)
        outcomes.append("locked")
    finally:
        connections.close_all()


def test_simultaneous_filings_of_one_number_file_one_person(org_tree: Any, make_user: Any) -> None:
    org = org_tree["wushan"]
    officers = [make_user("street_social_worker", org, username=f"worker{n}") for n in range(OFFICERS)]
    number = new_id()
    barrier = threading.Barrier(OFFICERS)
    outcomes: list[Any] = []
    threads = [threading.Thread(target=_file, args=(org, officer, number, barrier, outcomes)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes, key=str) == sorted(["filed", *[409] * (OFFICERS - 1)], key=str)
    assert Person.objects.count() == 1
