"""Test helpers for the worker channel: accounts, applications and tickets through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.accounts.models import OrgUnit
from bangfu.channel import services
from bangfu.channel.models import WorkerAccount, WorkerApplication
from bangfu.channel.services.signin import SignedIn
from bangfu.jobs.tests.helpers import setup_user
from bangfu.people.idgen import make_id_number
from bangfu.people.services import PersonInput, create_person

_sequence = itertools.count(1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def new_phone() -> str:
    return f"139{next(_sequence) + 10_000_000:08d}"


def new_id(region: str = "440106", birth: dt.date = dt.date(1985, 6, 1), sex: str = "M") -> str:
    return make_id_number(region, birth, next(_sequence), sex)


def sign_in(phone: str | None = None, address: str | None = None) -> SignedIn:
    """A worker signs in the way the page does: a code is sent (the console sender shows it), then proved."""
    phone = phone or new_phone()
    sent = services.request_code(phone=phone, address=address or f"10.9.{next(_sequence) % 250}.1")
    return services.verify_code(phone=phone, code=sent.shown_code)


def make_person_on_register(name: str = "王五", org: OrgUnit | None = None) -> str:
    """A person the register already holds (filed at a desk); returns their ID number."""
    number = new_id()
    unit = org or OrgUnit.objects.get(code="CN")
    create_person(actor=setup_user(), org=unit, data=PersonInput(name=name, id_number=number))
    return number


def bound_account(name: str = "严明", id_number: str | None = None) -> WorkerAccount:
    account = sign_in().account
    return services.bind_real_name(account=account, name=name, id_number=id_number or new_id())


def photo(name: str = "收入证明.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def hardship_input(account: WorkerAccount, street: OrgUnit, **extra: Any) -> services.HardshipApplicationIn:
    members = (services.MemberIn(name=account.name, id_number=account.id_number, employment_status="unemployed",
                                 monthly_income_fen=120_000),
               services.MemberIn(name="严小雨", id_number=new_id(birth=dt.date(2012, 3, 3), sex="F"),
                                 relation="child", employment_status="student", has_major_illness=True))
    fields: dict[str, Any] = {"street": street, "address": "五山路 1 号 3 栋 502", "primary_cause": "major_illness",
                              "members": members, "note": "孩子白血病治疗中", "consent": True}
    return services.HardshipApplicationIn(**(fields | extra))


def apply_hardship(account: WorkerAccount, street: OrgUnit, photos: int = 1) -> WorkerApplication:
    return services.submit_hardship_application(account=account, data=hardship_input(account, street),
                                                photos=[photo() for _ in range(photos)])


def legal_input(street: OrgUnit, **extra: Any) -> services.LegalApplicationIn:
    fields: dict[str, Any] = {"street": street, "employer_name": "探针建筑劳务有限公司", "dispute_type": "wages",
                              "summary": "工地拖欠三个月工资共 1.8 万元。", "knew_on": dt.date(2026, 1, 10),
                              "claimed_fen": 1_800_000, "migrant_worker": True, "consent": True}
    return services.LegalApplicationIn(**(fields | extra))


def ticket_input(region_code: str = "440106011", **extra: Any) -> services.TicketIn:
    fields: dict[str, Any] = {"caller_name": "陈女士", "caller_phone": "13800138000", "region_code": region_code,
                              "category": "assistance", "summary": "丈夫工伤后家庭困难，想了解帮扶政策。"}
    return services.TicketIn(**(fields | extra))
