"""Test helpers: invented ID numbers and people records carrying sensitive fields."""

from __future__ import annotations

import itertools
from typing import Any

from stdnum.cn import ric

from bangfu.accounts.models import OrgUnit
from bangfu.core.sensitive import id_number_index

_serial = itertools.count(1)


def fake_id_number(serial: int | None = None, birth: str = "19800101", region: str = "110105") -> str:
    """A valid (check digit) but invented resident ID number."""
    body = f"{region}{birth}{(serial if serial is not None else next(_serial)) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 characters


def make_person(org: OrgUnit, *, number: str | None = None, user: Any = None, **extra: Any) -> Any:
    """A people.Person written straight through the ORM (the register's own rules are not under test)."""
    from bangfu.people.models import Person

    number = number or fake_id_number()
    fields = {"name": "测试人员", "sex": "M", "birth_date": "1980-01-01", **extra}
    return Person.objects.create(org=org, created_by=user, id_number=number, id_index=id_number_index(number),
                                 **fields)
