"""Fixtures of the assistance tests: Beijing with two districts and a street, officers and a social worker."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.accounts.services import upsert_org_unit
from bangfu.assistance.models import Program
from bangfu.assistance.tests.factories import make_campaign


@pytest.fixture
def bj(org_tree: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    beijing = org_tree["beijing"]
    dongcheng = upsert_org_unit(code="110101", name="东城区总工会", level=OrgLevel.COUNTY, parent=beijing)
    xicheng = upsert_org_unit(code="110102", name="西城区总工会", level=OrgLevel.COUNTY, parent=beijing)
    street = upsert_org_unit(code="110101001", name="东华门街道总工会", level=OrgLevel.STREET, parent=dongcheng)
    return {"beijing": beijing, "dongcheng": dongcheng, "xicheng": xicheng, "street": street}


@pytest.fixture
def officer(make_user: Any, bj: dict[str, OrgUnit]) -> User:
    return make_user("city_officer", bj["beijing"], username="bj_officer")


@pytest.fixture
def approver(make_user: Any, bj: dict[str, OrgUnit]) -> User:
    return make_user("city_officer", bj["beijing"], username="bj_approver")


@pytest.fixture
def district(make_user: Any, bj: dict[str, OrgUnit]) -> User:
    return make_user("district_officer", bj["dongcheng"], username="dc_officer")


@pytest.fixture
def worker(make_user: Any, bj: dict[str, OrgUnit]) -> User:
    return make_user("street_social_worker", bj["street"], username="dc_worker")


@pytest.fixture
def campaign(bj: dict[str, OrgUnit], officer: User) -> Program:
    return make_campaign(bj["beijing"], actor=officer)
