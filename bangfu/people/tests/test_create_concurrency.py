"""Two officers file the same ID number at the same moment, each in its own connection: one person is filed,
the other officer is told 409, never a 500 and never a second record."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bangfu.core.errors import ServiceError
from bangfu.core.tests.helpers import race
from bangfu.people import services
from bangfu.people.models import Person
from bangfu.people.tests.helpers import new_id

pytestmark = pytest.mark.django_db(transaction=True)

OFFICERS = 4


def test_simultaneous_filings_of_one_number_file_one_person(org_tree: Any, make_user: Any) -> None:
    org = org_tree["wushan"]
    officers = [make_user("street_social_worker", org, username=f"worker{n}") for n in range(OFFICERS)]
    number = new_id()

    def file(call: int) -> str:
        """One officer files the number (each statement waiting for a lock, nothing retried)."""
        try:
            services.create_person(actor=officers[call], org=org,
                                   data=services.PersonInput(name="赵六", id_number=number))
        except ServiceError as error:
            return str(error.status)
        return "filed"

    outcomes = race(file, threads=OFFICERS)
    assert outcomes == Counter({"filed": 1, "409": OFFICERS - 1}), outcomes
    assert Person.objects.count() == 1
