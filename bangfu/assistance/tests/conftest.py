"""Fixtures of the assistance tests: Beijing with two districts and a street, officers and a social worker."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.accounts.services import upsert_org_unit
from bangfu.assistance.models import Program
from bangfu.assistance.services import ledger, lists
from bangfu.assistance.tests.factories import make_campaign, make_person


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


@pytest.fixture
def approved_list(bj: dict[str, OrgUnit], campaign: Program, district: User, approver: User, officer: User) -> Any:
    """东城区's approved list: 张三丰 and a formula-like name (street, 600 元 each), 李四 (district, 800 元);
    10,000 元 allocated to 东城区."""
    make_person(bj["street"], "张三丰", honours=["national_model"])
    make_person(bj["street"], "=HYPERLINK(1)", honours=["national_model"])
    make_person(bj["dongcheng"], "李四", work_injury_disabled=True)
    ledger.allocate(actor=officer, fund=campaign.funds.get(), to_unit=bj["dongcheng"], amount_fen=1_000_000, key="a")
    blist = lists.submit_list(actor=district, blist=lists.build_list(actor=district, program=campaign,
                                                                    unit=bj["dongcheng"]))
    return lists.approve_list(actor=approver, blist=blist)
