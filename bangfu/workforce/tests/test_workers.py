"""Hiring a social worker, pay and follow-up calls: what is written, and what is refused in Chinese."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.assistance.tests.factories import make_file, make_person
from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.training.models import WorkerTrainee
from bangfu.workforce import services
from bangfu.workforce.models import PayRecord, PostHolding, PostLevel
from bangfu.workforce.tests.helpers import hire, make_post

pytestmark = pytest.mark.django_db


def test_hire_registers_person_account_training_post_and_pay(org_tree: dict) -> None:
    worker = hire(org_tree["wushan"], "林晓燕")
    assert worker.person.name == "林晓燕" and worker.user.org == org_tree["wushan"]
    assert not worker.user.has_usable_password() and not worker.user.groups.exists()
    assert WorkerTrainee.objects.get(social_worker=worker).user == worker.user
    assert worker.post is not None and worker.post.level == PostLevel.STREET
    assert PostHolding.objects.get(worker=worker).starts_on == dt.date(2018, 3, 1)
    assert PayRecord.objects.get(worker=worker).take_home_fen == 350_000
    assert AuditEvent.objects.filter(action="workforce.worker_hired", object_id=str(worker.pk)).exists()


def test_post_level_follows_the_unit(org_tree: dict) -> None:
    assert make_post(org_tree["tianhe"]).level == PostLevel.COUNTY
    assert make_post(org_tree["guangzhou"]).level == PostLevel.CITY


def test_an_occupied_post_and_a_second_hire_of_one_person_are_refused(org_tree: dict) -> None:
    worker = hire(org_tree["wushan"])
    with pytest.raises(ServiceError, match="岗位：该岗位已有在岗社工") as taken:
        hire(org_tree["wushan"], post=worker.post)
    assert taken.value.status == 409
    with pytest.raises(ServiceError, match="用工方式：") as wrong:
        hire(org_tree["wushan"], employment_type="temp")
    assert wrong.value.status == 400


def test_a_unit_outside_scope_is_404(org_tree: dict, officer: Any) -> None:
    post = make_post(org_tree["chigang"])
    data = services.HireInput(post=post, name="王芳", id_number="110101199001011237", employment_type="social",
                              hired_on=dt.date(2020, 1, 1))
    with pytest.raises(ServiceError) as refused:
        services.hire_worker(actor=officer, data=data)
    assert refused.value.status == 404


def test_pay_of_a_month_is_recorded_once(org_tree: dict, officer: Any) -> None:
    worker = hire(org_tree["wushan"])
    first = services.record_pay(actor=officer, worker=worker, month=dt.date(2025, 5, 17), take_home_fen=380_000)
    assert first.month == dt.date(2025, 5, 1)
    assert services.record_pay(actor=officer, worker=worker, month=dt.date(2025, 5, 1),
                               take_home_fen=380_000).pk == first.pk
    with pytest.raises(ServiceError, match="2025-05 的工资已登记为其他金额") as clash:
        services.record_pay(actor=officer, worker=worker, month=dt.date(2025, 5, 1), take_home_fen=390_000)
    assert clash.value.status == 409
    with pytest.raises(ServiceError, match="早于入职月份"):
        services.record_pay(actor=officer, worker=worker, month=dt.date(2010, 5, 1), take_home_fen=1)
    # an outside tester recorded 100 billion yuan, and a month in 2030: both refused before they lock the month
    with pytest.raises(ServiceError, match=r"月实得工资：.*超出上限"):
        services.record_pay(actor=officer, worker=worker, month=dt.date(2025, 6, 1),
                            take_home_fen=10_000_000_000_000)
    with pytest.raises(ServiceError, match="月份：2030-01 尚未到来"):
        services.record_pay(actor=officer, worker=worker, month=dt.date(2030, 1, 1), take_home_fen=380_000)


def test_follow_up_call_only_for_the_workers_own_families_and_never_by_themselves(org_tree: dict,
                                                                                    officer: Any) -> None:
    worker = hire(org_tree["wushan"], role="street_social_worker")
    mine = make_file(make_person(org_tree["wushan"]), contact=worker.user)
    other = make_file(make_person(org_tree["wushan"]))
    call = services.record_follow_up(actor=officer, worker=worker, hardship_file=mine, called_on=dt.date(2025, 6, 1),
                                     satisfaction="satisfied")
    assert call.created_by == officer
    with pytest.raises(ServiceError, match="不是此家庭的帮扶联系人"):
        services.record_follow_up(actor=officer, worker=worker, hardship_file=other, called_on=dt.date(2025, 6, 1),
                                  satisfaction="satisfied")
    with pytest.raises(ServiceError, match="不能对本人登记回访") as own:
        services.record_follow_up(actor=worker.user, worker=worker, hardship_file=mine,
                                  called_on=dt.date(2025, 6, 1), satisfaction="satisfied")
    assert own.value.status == 403
