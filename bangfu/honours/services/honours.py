"""The honours register: grant a title to a person (or, for a public figure, to a name), revoke with a reason,
import the spreadsheets offices keep, and carry over the old single `honours` list of `people.Person`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.honours.models import Honour, HonourSource, HonourTitle
from bangfu.honours.services.common import check_year, clean_text, require_perm, require_record, require_unit
from bangfu.people.models import Person


@dataclass(frozen=True)
class HonourInput:
    title: HonourTitle
    year: int
    person: Person | None = None
    holder_name: str = ""  # only for a public figure recorded without a person record
    org: OrgUnit | None = None  # the person's unit when not named
    certificate_number: str = ""
    awarding_document: str = ""
    source: str = HonourSource.MANUAL


def _check(actor: Any, data: HonourInput) -> tuple[OrgUnit, str]:
    if data.person is None and data.org is None:
        raise ServiceError("单位：按姓名登记（无人员档案）的荣誉须指明单位")
    org = data.org or data.person.org  # type: ignore[union-attr]
    require_unit(actor, org, "honours.add_honour")
    if data.person is not None:
        require_record(actor, data.person, "people.view_person")
        holder = data.person.name
    else:
        holder = clean_text(data.holder_name, "获得者姓名", 50, required=True)
    if not data.title.is_active:
        raise ServiceError(f"称号：“{data.title.name}”已停用，不能再授予")
    check_year(data.year, "授予年度")
    if data.year > timezone.localdate().year:
        raise ServiceError(f"授予年度：{data.year} 年还未到")
    if data.person is not None and data.year < data.person.birth_date.year:
        raise ServiceError(f"授予年度：{data.year} 年早于获得者出生（{data.person.birth_date.year} 年）")
    return org, holder


class DuplicateHonour(ConflictError):
    """The same person (or name), title and year is already on the register."""


def grant_honour(*, actor: Any, data: HonourInput) -> Honour:
    """One title held from a year; the same person, title and year twice is 409."""
    require_perm(actor, "honours.add_honour", "登记荣誉")
    org, holder = _check(actor, data)
    try:
        with transaction.atomic():
            honour = Honour.objects.create(
                org=org, person=data.person, holder_name=holder, title=data.title, year=data.year,
                certificate_number=clean_text(data.certificate_number, "证书编号", 64),
                awarding_document=clean_text(data.awarding_document, "授予文件", 200),
                source=data.source, created_by=actor)
            audit.record("honours.honour_grant", actor=actor, obj=honour,
                         changes={"title": data.title.code, "year": data.year, "source": data.source})
    except IntegrityError:
        raise DuplicateHonour(f"{holder}已登记 {data.year} 年的“{data.title.name}”") from None
    return honour


def revoke_honour(*, actor: Any, honour: Honour, reason: str, on: dt.date | None = None,
                  version: int) -> Honour:
    """A revoked honour stays on the register (marked) and gives no model-worker treatment."""
    require_perm(actor, "honours.revoke_honour", "撤销荣誉")
    reason = clean_text(reason, "撤销原因", 200, required=True)
    if honour.revoked_on is not None:
        raise ConflictError("该荣誉已撤销")
    with transaction.atomic():
        update_versioned(honour, version, revoked_on=on or timezone.localdate(), revoked_reason=reason)
        audit.record("honours.honour_revoke", actor=actor, obj=honour, changes={"reason_length": len(reason)})
    return honour
