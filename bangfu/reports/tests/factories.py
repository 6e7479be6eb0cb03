"""Files for the statistics tests, written straight to the tables (the figures are what is under test)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from bangfu.accounts.models import OrgUnit
from bangfu.core.sensitive import blind_index
from bangfu.people.idgen import make_id_number
from bangfu.people.models import FileStatus, HardshipFile, Household, HouseholdMember, Person

_serial = itertools.count(1)


def file_in(org: OrgUnit, *, causes: tuple[str, ...] = ("laid_off",), status: str = FileStatus.FORMAL,
            tier: str = "relative", disability: bool = False, zero_labour: bool = False, **extra: Any) -> HardshipFile:
    n = next(_serial)
    number = make_id_number("440106", dt.date(1970, 1, 1) + dt.timedelta(days=n), n % 500, "M")
    person = Person.objects.create(org=org, name=f"测试{n}", id_number=number, id_index=blind_index(number), sex="M",
                                   birth_date=dt.date(1970, 1, 1))
    household = Household.objects.create(org=org, head=person)
    HouseholdMember.objects.create(household=household, person=person, relation="self")
    return HardshipFile.objects.create(org=org, household=household, primary_cause=causes[0],
                                       secondary_causes=list(causes[1:]), status=status, tier=tier,
                                       disability_or_mental_illness=disability, zero_labour=zero_labour, **extra)


def files_in(org: OrgUnit, count: int, **kwargs: Any) -> list[HardshipFile]:
    return [file_in(org, **kwargs) for _ in range(count)]
