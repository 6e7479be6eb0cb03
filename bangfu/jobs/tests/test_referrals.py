"""The referral workflow: steps, capacity on 录用, the third refusal, retention due dates, the family's file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.models import AuditEvent
from bangfu.jobs import services
from bangfu.jobs.models import (
    Opening,
    Referral,
    ReferralStatus,
    RetentionCheck,
    RetentionOutcome,
    SeekerProfile,
    SeekerStatus,
)
from bangfu.jobs.tests.helpers import make_opening, make_seeker

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


@pytest.fixture
def worker(org_tree: dict, make_user: Any) -> Any:
    return make_user("street_social_worker", org_tree["wushan"])


def _referral(org: Any, worker: Any, **opening_fields: Any) -> Referral:
    seeker = make_seeker(org)
    opening = make_opening(org, **opening_fields)
    return services.refer_seeker(actor=worker, seeker=seeker, opening=opening, on=DAY)


def _hire(worker: Any, referral: Referral, on: dt.date = DAY) -> Referral:
    services.schedule_interview(actor=worker, referral=referral, on=on)
    return services.record_hire(actor=worker, referral=referral, on=on)


def test_recommend_interview_hire(org_tree: dict, worker: Any) -> None:
    referral = _referral(org_tree["wushan"], worker, positions=2)
    services.schedule_interview(actor=worker, referral=referral, on=dt.date(2026, 3, 5))
    services.record_hire(actor=worker, referral=referral, on=dt.date(2026, 3, 9))
    referral.refresh_from_db()
    assert (referral.status, referral.interview_on, referral.decided_on) == (
        ReferralStatus.HIRED, dt.date(2026, 3, 5), dt.date(2026, 3, 9))
    opening = Opening.objects.get(pk=referral.opening_id)
    assert (opening.positions_filled, opening.positions_left) == (1, 1)
    assert SeekerProfile.objects.get(pk=referral.seeker_id).status == SeekerStatus.EMPLOYED


def test_a_step_out_of_order_is_refused_in_chinese(org_tree: dict, worker: Any) -> None:
    referral = _referral(org_tree["wushan"], worker)
    with pytest.raises(ServiceError, match="推荐记录当前为“推荐”，不能改为“录用”"):
        services.record_hire(actor=worker, referral=referral, on=DAY)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.RECOMMENDED


def test_a_stale_copy_cannot_move_a_referral_twice(org_tree: dict, worker: Any) -> None:
    referral = _referral(org_tree["wushan"], worker)
    stale = Referral.objects.get(pk=referral.pk)
    services.schedule_interview(actor=worker, referral=referral, on=DAY)
    with pytest.raises(ConflictError):
        services.record_not_hired(actor=worker, referral=stale, on=DAY, reason="已另行安排")


def test_not_hired_and_refused_need_a_reason(org_tree: dict, worker: Any) -> None:
    referral = _referral(org_tree["wushan"], worker)
    with pytest.raises(ServiceError, match="请填写拒绝的原因"):
        services.record_refusal(actor=worker, referral=referral, on=DAY, reason="  ")
    with pytest.raises(ServiceError, match="请填写未录用的原因"):
        services.record_not_hired(actor=worker, referral=referral, on=DAY, reason="")


def test_the_last_place_is_taken_once(org_tree: dict, worker: Any) -> None:
    org = org_tree["wushan"]
    opening = make_opening(org, positions=1)
    first = services.refer_seeker(actor=worker, seeker=make_seeker(org, "甲"), opening=opening, on=DAY)
    second = services.refer_seeker(actor=worker, seeker=make_seeker(org, "乙"), opening=opening, on=DAY)
    services.schedule_interview(actor=worker, referral=second, on=DAY)
    _hire(worker, first)
    with pytest.raises(ServiceError, match="岗位已招满，不能再录用"):
        services.record_hire(actor=worker, referral=second, on=DAY)
    second.refresh_from_db()
    assert second.status == ReferralStatus.INTERVIEW  # the failed hire rolled back
    assert Opening.objects.get(pk=opening.pk).positions_filled == 1
    assert not RetentionCheck.objects.filter(referral=second).exists()


def test_a_full_opening_takes_no_new_referral(org_tree: dict, worker: Any) -> None:
    org = org_tree["wushan"]
    referral = _referral(org, worker, positions=1)
    _hire(worker, referral)
    opening = Opening.objects.get(pk=referral.opening_id)
    with pytest.raises(ServiceError, match="已招满"):
        services.refer_seeker(actor=worker, seeker=make_seeker(org, "丙"), opening=opening, on=DAY)


def test_a_pair_is_referred_once(org_tree: dict, worker: Any) -> None:
    referral = _referral(org_tree["wushan"], worker, positions=3)
    with pytest.raises(ServiceError, match="已被推荐过岗位"):
        services.refer_seeker(actor=worker, seeker=referral.seeker, opening=referral.opening, on=DAY)


def test_the_third_refusal_flags_the_profile(org_tree: dict, worker: Any) -> None:
    org = org_tree["wushan"]
    seeker = make_seeker(org)
    flags = []
    for n in range(4):
        opening = make_opening(org, title=f"岗位{n}")
        referral = services.refer_seeker(actor=worker, seeker=seeker, opening=opening, on=DAY)
        services.record_refusal(actor=worker, referral=referral, on=DAY, reason="离家太远")
        seeker.refresh_from_db()
        flags.append((seeker.refusal_count, seeker.needs_follow_up))
    assert flags == [(1, False), (2, False), (3, True), (4, True)]


def test_not_hired_does_not_count_as_a_refusal(org_tree: dict, worker: Any) -> None:
    org = org_tree["wushan"]
    seeker = make_seeker(org)
    for n in range(3):
        referral = services.refer_seeker(actor=worker, seeker=seeker, opening=make_opening(org, title=f"岗{n}"), on=DAY)
        services.record_not_hired(actor=worker, referral=referral, on=DAY, reason="经验不足")
    seeker.refresh_from_db()
    assert (seeker.refusal_count, seeker.needs_follow_up) == (0, False)


@pytest.mark.parametrize(("hired", "three", "six"), [
    (dt.date(2026, 3, 2), dt.date(2026, 6, 2), dt.date(2026, 9, 2)),
    (dt.date(2025, 11, 30), dt.date(2026, 2, 28), dt.date(2026, 5, 30)),
    (dt.date(2023, 8, 31), dt.date(2023, 11, 30), dt.date(2024, 2, 29)),
])
def test_retention_checks_fall_due_3_and_6_months_after_hire(
    org_tree: dict, worker: Any, hired: dt.date, three: dt.date, six: dt.date
) -> None:
    referral = _hire(worker, _referral(org_tree["wushan"], worker), on=hired)
    due = dict(RetentionCheck.objects.filter(referral=referral).values_list("months", "due_on"))
    assert due == {3: three, 6: six}


def test_leaving_at_3_months_closes_the_6_month_check_and_reopens_the_search(org_tree: dict, worker: Any) -> None:
    referral = _hire(worker, _referral(org_tree["wushan"], worker))
    three = RetentionCheck.objects.get(referral=referral, months=3)
    services.record_retention(actor=worker, check=three, outcome=RetentionOutcome.LEFT, on=dt.date(2026, 6, 3),
                              notes="工厂搬迁")
    six = RetentionCheck.objects.get(referral=referral, months=6)
    assert (six.outcome, six.notes) == (RetentionOutcome.LEFT, "3个月回访时已离职")
    assert SeekerProfile.objects.get(pk=referral.seeker_id).status == SeekerStatus.SEEKING
    with pytest.raises(ConflictError):
        services.record_retention(actor=worker, check=three, outcome=RetentionOutcome.EMPLOYED, on=DAY)


def test_hiring_a_member_of_a_family_in_file_notes_the_file(org_tree: dict, worker: Any, make_user: Any) -> None:
    from bangfu.people.models import FileEvent
    from bangfu.people.tests.helpers import apply_family, approve_fully

    org = org_tree["wushan"]
    maker, approver = make_user("street_social_worker", org), make_user("district_officer", org_tree["tianhe"])
    hardship_file = approve_fully(maker, approver, apply_family(maker, org, head="严先生"))
    person = hardship_file.household.head
    seeker = make_seeker(org, person=person)
    referral = services.refer_seeker(actor=worker, seeker=seeker, opening=make_opening(org), on=DAY)
    _hire(worker, referral)
    referral.refresh_from_db()
    assert referral.hardship_review is True
    event = FileEvent.objects.filter(file=hardship_file, action="就业可能脱困").get()
    assert f"推荐记录 #{referral.pk}" in event.note and "严先生" not in event.note
    audit = AuditEvent.objects.get(action="jobs.employment_may_end_hardship")
    assert audit.object_id == str(hardship_file.pk) and audit.changes["referral"] == referral.pk


def test_hiring_someone_without_a_hardship_file_flags_nothing(org_tree: dict, worker: Any) -> None:
    referral = _hire(worker, _referral(org_tree["wushan"], worker))
    assert Referral.objects.get(pk=referral.pk).hardship_review is False
    assert not AuditEvent.objects.filter(action="jobs.employment_may_end_hardship").exists()


def test_a_seeker_who_is_employed_is_not_referred(org_tree: dict, worker: Any) -> None:
    org = org_tree["wushan"]
    referral = _hire(worker, _referral(org, worker))
    seeker = SeekerProfile.objects.get(pk=referral.seeker_id)
    with pytest.raises(ServiceError, match="不在求职状态"):
        services.refer_seeker(actor=worker, seeker=seeker, opening=make_opening(org, title="另一岗位"), on=DAY)


def test_an_auditor_cannot_move_a_referral(org_tree: dict, worker: Any, make_user: Any) -> None:
    referral = _referral(org_tree["wushan"], worker)
    auditor = make_user("auditor", org_tree["root"])
    with pytest.raises(ServiceError) as raised:
        services.schedule_interview(actor=auditor, referral=referral, on=DAY)
    assert raised.value.status == 403
