"""The demo: 严先生's family reaches the register through the channel, a Songjiang worker's request waits for
the street union, and a month of Guangzhou tickets is handled with a few overdue; idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from bangfu.accounts import demo as accounts_demo
from bangfu.channel import demo, queries
from bangfu.channel.models import ApplicationStatus, Ticket, TicketSource, TicketStatus, WorkerApplication
from bangfu.core.seeding import DemoContext
from bangfu.people.models import FileStatus

pytestmark = pytest.mark.django_db


def test_the_demo(db: Any, settings: Any) -> None:
    settings.BANGFU_SMS_SENDER = "console"
    context = DemoContext(password="Demo-Password-2020")
    accounts_demo.seed(context)
    demo.seed(context)
    yan = WorkerApplication.objects.get(account__name="严建国")
    assert yan.status == ApplicationStatus.ACCEPTED and yan.hardship_file is not None
    assert yan.hardship_file.status == FileStatus.APPLIED and yan.hardship_file.household.members.count() == 3
    assert queries.progress(yan).steps[2].state == "current"
    assert sorted(Ticket.objects.filter(source=TicketSource.WEB).values_list("category", flat=True)) == [
        "employment", "training"]
    songjiang = WorkerApplication.objects.get(account__name="周海波")
    assert songjiang.status == ApplicationStatus.SUBMITTED and songjiang.org == context.made["orgs"]["songjiang_street"]
    stream = Ticket.objects.filter(source="phone")
    assert stream.count() == demo.TICKETS
    assert stream.filter(status=TicketStatus.CLOSED).count() > demo.TICKETS // 2
    overdue = stream.filter(queries.overdue_q(timezone.localdate()))
    assert 1 <= overdue.count() <= demo.TICKETS // 10
    assert overdue.filter(escalated_to__isnull=False).count() == overdue.exclude(org__parent=None).count()
    report = queries.ticket_report(context.made["users"]["gz_officer"], context.made["orgs"]["guangzhou"])
    assert sum(row.total for row in report) == demo.TICKETS + 2
    demo.seed(context)
    assert Ticket.objects.count() == demo.TICKETS + 2
