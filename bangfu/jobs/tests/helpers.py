"""Test helpers for the jobs and matching apps: people through the register's service, records through ours."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from stdnum.cn import uscc

from bangfu.accounts.models import OrgUnit, User
from bangfu.jobs import services
from bangfu.jobs.models import Employer, Opening, SeekerProfile
from bangfu.people import services as people_services
from bangfu.people.idgen import make_id_number
from bangfu.people.models import Person

_sequence = itertools.count(1)


def setup_user(org: OrgUnit | None = None) -> User:
    """A superuser who prepares the data of a test (the actions under test use role users)."""
    user, _created = User.objects.get_or_create(username="setup", defaults={"is_superuser": True, "org": org})
    return user


def valid_uscc(number: int, region: str = "440117") -> str:
    """A code with a correct check character: 91 (enterprise) + region + 9-digit organisation code."""
    body = f"91{region}{number:09d}"
    return body + uscc.calc_check_digit(body)


def make_person(org: OrgUnit, name: str = "严先生", *, birth: dt.date = dt.date(1985, 5, 1), sex: str = "M",
                region: str = "440117") -> Person:
    n = next(_sequence)
    data = people_services.PersonInput(name=name, id_number=make_id_number(region, birth, n, sex))
    return people_services.create_person(actor=setup_user(), org=org, data=data)


def make_employer(org: OrgUnit, name: str = "广州从化电商有限公司", *, district: str = "440117") -> Employer:
    return services.create_employer(actor=setup_user(), org=org, name=name, uscc=valid_uscc(next(_sequence)),
                                    district_code=district)


def make_opening(org: OrgUnit, employer: Employer | None = None, **fields: Any) -> Opening:
    values: dict[str, Any] = {
        "title": "电商运营专员", "occupation_code": "4-01-02-01", "tags": ["电商", "淘宝"],
        "description": "负责网店日常运营、商品上架、客户咨询", "district_code": "440117",
        "wage_min_fen": 400_000, "wage_max_fen": 600_000, "positions": 1,
    }
    values.update(fields)
    return services.create_opening(actor=setup_user(), org=org, employer=employer or make_employer(org), **values)


def make_seeker(org: OrgUnit, name: str = "严先生", person: Person | None = None, **fields: Any) -> SeekerProfile:
    values: dict[str, Any] = {
        "tags": ["电商", "PS"], "intended_occupations": ["4-01-02"], "intention": "电商运营",
        "home_district": "440117",
    }
    values.update(fields)
    return services.create_seeker_profile(actor=setup_user(), person=person or make_person(org, name), org=org,
                                          **values)
