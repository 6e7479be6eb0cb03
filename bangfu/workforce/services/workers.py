"""Hiring a social worker, their certificate, their monthly pay, and follow-up calls to the families they serve."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bangfu.accounts.models import User
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ServiceError
from bangfu.core.money import format_yuan
from bangfu.people import services as people_services
from bangfu.people.models import HardshipFile, Person
from bangfu.people.services.persons import id_index_of
from bangfu.training import services as training_services
from bangfu.workforce.models import (
    MAX_GRADE,
    CertificateLevel,
    EmploymentType,
    FollowUpCall,
    PayRecord,
    Post,
    PostHolding,
    Satisfaction,
    SocialWorker,
    WorkerStatus,
)
from bangfu.workforce.services.common import not_themselves, require_perm, require_unit, validated


@dataclass(frozen=True)
class HireInput:
    post: Post
    name: str
    id_number: str
    employment_type: str
    hired_on: dt.date
    certificate_level: str = CertificateLevel.NONE
    grade: int = 1
    phone: str = ""
    contract_ends_on: dt.date | None = None
    username: str = ""  # the account made for the worker; blank: sw<person id>
    take_home_fen: int | None = None  # a month's take-home pay, when known
    pay_month: dt.date | None = None  # the month it is for (a long-serving worker entered on the roster); blank: hiring


def _check_hire(data: HireInput) -> None:
    if data.employment_type not in EmploymentType.values:
        raise ServiceError("用工方式：应为 社会招聘、工会招聘纳入公益性岗位 或 退休返聘")
    if data.certificate_level not in CertificateLevel.values:
        raise ServiceError("职业资格：应为 无、助理社会工作师、社会工作师 或 高级社会工作师")
    if not 1 <= data.grade <= MAX_GRADE:
        raise ServiceError(f"岗位等级：应为 1 至 {MAX_GRADE}")
    if data.contract_ends_on is not None and data.contract_ends_on < data.hired_on:
        raise ServiceError("合同到期日：早于入职日期")
    if not data.post.active:
        raise ServiceError("岗位：该岗位已撤销", status=409)
    if data.post.holders.filter(status=WorkerStatus.ACTIVE).exists():
        raise ServiceError("岗位：该岗位已有在岗社工，请选择空缺岗位", status=409)


def _person_for(actor: Any, data: HireInput) -> Person:
    """The register's person of this ID number, or a new one: one person, one record across the platform."""
    person_input = people_services.PersonInput(name=data.name, id_number=data.id_number, phone=data.phone)
    known = Person.objects.filter(id_index=id_index_of(person_input.id_number.strip().upper())).first()
    if known is None:
        return people_services.create_person(actor=actor, org=data.post.org, data=person_input)
    if SocialWorker.objects.filter(person=known).exists():
        raise ServiceError("身份证号：此人已在社工花名册中", status=409)
    return known


@transaction.atomic
def hire_worker(*, actor: Any, data: HireInput) -> SocialWorker:
    """入职: the person (register), an account without password or roles (the administrator activates it and
    grants roles through the accounts pages), the 1+N training record, the post held and the first pay."""
    require_unit(actor, data.post.org, "add", SocialWorker, "登记社工")
    _check_hire(data)
    person = _person_for(actor, data)
    username = (data.username or f"sw{person.pk}").strip()[:150]
    if User.objects.filter(username=username).exists():
        raise ServiceError(f"账号：用户名“{username}”已被使用", status=409)
    user = User.objects.create_user(username=username, password=None, org=data.post.org, display_name=person.name)
    trainee = training_services.add_worker(actor=actor, org=data.post.org, name=person.name, hired_on=data.hired_on,
                                           post=data.post.title, user=user)
    worker = SocialWorker(org=data.post.org, created_by=actor, person=person, user=user, trainee=trainee,
                          employment_type=data.employment_type, certificate_level=data.certificate_level,
                          hired_on=data.hired_on, contract_ends_on=data.contract_ends_on, post=data.post,
                          grade=data.grade)
    validated(worker)
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:
        raise ServiceError("岗位：该岗位已有在岗社工，请选择空缺岗位", status=409) from None
    PostHolding.objects.create(org=data.post.org, created_by=actor, worker=worker, post=data.post, grade=data.grade,
                               starts_on=data.hired_on)
    audit.record("workforce.worker_hired", actor=actor, obj=worker,
                 changes={"post": data.post.pk, "employment_type": data.employment_type, "grade": data.grade})
    if data.take_home_fen is not None:
        record_pay(actor=actor, worker=worker, month=data.pay_month or data.hired_on, take_home_fen=data.take_home_fen)
    return worker


@transaction.atomic
def update_certificate(*, actor: Any, worker: SocialWorker, level: str, expected_version: int) -> SocialWorker:
    require_perm(actor, SocialWorker, "change", "修改社工信息")
    if level not in CertificateLevel.values:
        raise ServiceError("职业资格：应为 无、助理社会工作师、社会工作师 或 高级社会工作师")
    before = worker.certificate_level
    update_versioned(worker, expected_version, certificate_level=level)
    audit.record("workforce.certificate_changed", actor=actor, obj=worker, changes={"from": before, "to": level})
    return worker


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


# A social worker's monthly take-home pay above 10 万元 is certainly a typing error (the seed: 3.1 % earn 4,000 元+).
MAX_MONTHLY_PAY_FEN = 100_000_00


@transaction.atomic
def record_pay(*, actor: Any, worker: SocialWorker, month: dt.date, take_home_fen: int) -> PayRecord:
    """A month's take-home pay; the same month again with the same amount is the same record, another is 409."""
    require_perm(actor, PayRecord, "add", "登记薪酬")
    if isinstance(take_home_fen, bool) or not isinstance(take_home_fen, int) or take_home_fen < 0:
        raise ServiceError("月实得工资：应为不小于 0 的金额")
    if take_home_fen > MAX_MONTHLY_PAY_FEN:  # a typo (fen for yuan, extra zeros) would be locked in: refuse it
        raise ServiceError(f"月实得工资：{format_yuan(take_home_fen)} 超出上限 "
                           f"{format_yuan(MAX_MONTHLY_PAY_FEN)}，请核对")
    month = first_of_month(month)
    if month < first_of_month(worker.hired_on):
        raise ServiceError(f"月份：{month:%Y-%m} 早于入职月份")
    if month > first_of_month(timezone.localdate()):
        raise ServiceError(f"月份：{month:%Y-%m} 尚未到来，不能登记工资")
    known = PayRecord.objects.filter(worker=worker, month=month).first()
    if known is not None:
        if known.take_home_fen != take_home_fen:
            raise ServiceError(f"月份：{month:%Y-%m} 的工资已登记为其他金额；调整薪酬请走薪酬调整决定", status=409)
        return known
    pay = PayRecord.objects.create(org=worker.org, created_by=actor, worker=worker, month=month,
                                   take_home_fen=take_home_fen)
    audit.record("workforce.pay_recorded", actor=actor, obj=pay, changes={"month": f"{month:%Y-%m}"})
    return pay


@transaction.atomic
def record_follow_up(*, actor: Any, worker: SocialWorker, hardship_file: HardshipFile, called_on: dt.date,
                     satisfaction: str, note: str = "") -> FollowUpCall:
    """回访: someone other than the worker asks a family the worker is contact for how satisfied they are."""
    require_perm(actor, FollowUpCall, "add", "登记回访")
    not_themselves(actor, worker, "登记回访")
    if satisfaction not in Satisfaction.values:
        raise ServiceError("满意度：应为 满意、基本满意 或 不满意")
    if hardship_file.contact_id != worker.user_id:
        raise ServiceError("档案：该社工不是此家庭的帮扶联系人")
    if called_on > timezone.localdate() + dt.timedelta(days=1):
        raise ServiceError("回访日期：不能晚于今天")
    call = FollowUpCall(org=worker.org, created_by=actor, worker=worker, hardship_file=hardship_file,
                        called_on=called_on, satisfaction=satisfaction, note=(note or "").strip()[:200])
    validated(call)
    call.save()
    audit.record("workforce.follow_up_recorded", actor=actor, obj=call, changes={"satisfaction": satisfaction})
    return call
