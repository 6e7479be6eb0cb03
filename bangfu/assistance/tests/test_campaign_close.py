"""A campaign closes at its end date (the daily command): its lists freeze and its visits can no longer be
recorded; the refusal names the campaign, its end date and the act. Campaigns still running stay open."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from bangfu.assistance.models import Program, ProgramStatus, Visit
from bangfu.assistance.services import lists, visits
from bangfu.assistance.tests.factories import entry, make_campaign
from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_daily_command_closes_ended_campaigns_only(bj: dict[str, Any], officer: Any, campaign: Program) -> None:
    today = timezone.localdate()
    running = make_campaign(bj["beijing"], actor=officer, name="今年元旦春节送温暖")
    Program.objects.filter(pk=running.pk).update(starts_on=today - dt.timedelta(days=5),
                                                  ends_on=today + dt.timedelta(days=60))
    out = StringIO()
    call_command("close_ended_campaigns", stdout=out)
    assert f"已关闭：{campaign.name}" in out.getvalue() and "共关闭 1 个" in out.getvalue()
    assert dict(Program.objects.values_list("pk", "status")) == {campaign.pk: ProgramStatus.CLOSED,
                                                                 running.pk: ProgramStatus.ACTIVE}
    event = AuditEvent.objects.get(action="assistance.program_close")
    assert (event.actor_name, event.object_id) == ("close_ended_campaigns", str(campaign.pk))
    call_command("close_ended_campaigns", stdout=StringIO())  # again: nothing more to close, nothing recorded
    assert AuditEvent.objects.filter(action="assistance.program_close").count() == 1


def test_a_closed_campaign_refuses_visits_and_list_changes(approved_list: Any, worker: Any, district: Any,
                                                          campaign: Program) -> None:
    call_command("close_ended_campaigns", stdout=StringIO())
    campaign.refresh_from_db()
    closed = f"已于 {campaign.ends_on} 结束并关闭，名单已冻结，不能再登记走访"
    with pytest.raises(ServiceError, match=closed) as refused:
        visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"), visited_at=timezone.now(),
                            place="东华门街道某小区", key="late", fubao_count=1)
    assert refused.value.status == 409 and not Visit.objects.exists()
    approved_list.refresh_from_db()
    with pytest.raises(ServiceError, match="不能再生成名单新版本"):
        lists.revise_list(actor=district, blist=approved_list)
    with pytest.raises(ServiceError, match="不能再生成名单"):
        lists.build_list(actor=district, program=campaign, unit=approved_list.org)


@pytest.mark.parametrize(("today", "year", "starts_on", "deadline", "ends_on"), [
    (dt.date(2026, 12, 6), 2027, dt.date(2026, 11, 26), dt.date(2027, 2, 6), dt.date(2027, 2, 20)),
    (dt.date(2027, 1, 15), 2027, dt.date(2026, 12, 1), dt.date(2027, 2, 6), dt.date(2027, 2, 20)),
    (dt.date(2027, 2, 21), 2028, dt.date(2027, 2, 11), dt.date(2028, 1, 26), dt.date(2028, 2, 9)),
])
def test_the_demo_campaign_is_the_coming_festival(today: dt.date, year: int, starts_on: dt.date, deadline: dt.date,
                                                  ends_on: dt.date) -> None:
    from bangfu.assistance.demo import current_period

    period = current_period(today)
    assert (period.year, period.starts_on, period.deadline, period.ends_on) == (year, starts_on, deadline, ends_on)
    assert period.starts_on < today <= period.ends_on and period.name == f"{year}年元旦春节送温暖活动"
