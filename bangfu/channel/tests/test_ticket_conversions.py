"""A ticket becomes a hardship application or a referral in one act, prefilled from the ticket and linked to
what it became; a worker cannot flood the hotline from the phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bangfu.channel import services
from bangfu.channel.tests.helpers import bound_account, new_id, ticket_input
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.jobs.models import ReferralStatus
from bangfu.jobs.tests.helpers import make_opening
from bangfu.people.models import FileStatus
from bangfu.people.tests.helpers import apply_family

pytestmark = pytest.mark.django_db


def _call(org_tree: dict, staff: dict, **extra: Any) -> Any:
    return services.record_ticket(actor=staff["city"], desk=org_tree["guangzhou"],
                                  data=ticket_input(address="五山路 8 号", **extra))


def test_a_ticket_becomes_a_hardship_application_of_the_caller(org_tree: dict, staff: dict) -> None:
    ticket = _call(org_tree, staff)
    number = new_id()
    with pytest.raises(ServiceError, match="身份证号"):
        services.ticket_to_hardship_file(actor=staff["wushan"], ticket=ticket, expected_version=ticket.version,
                                         id_number="440106198501010000", primary_cause="accident")
    made = services.ticket_to_hardship_file(actor=staff["wushan"], ticket=ticket, expected_version=ticket.version,
                                            id_number=number, primary_cause="accident")
    ticket.refresh_from_db()
    head = made.household.head
    assert made.status == FileStatus.APPLIED and made.org == org_tree["wushan"] and ticket.hardship_file == made
    assert (head.name, head.phone, made.household.address) == ("陈女士", "13800138000", "五山路 8 号")
    assert ticket.events.filter(action="to_hardship").exists()
    with pytest.raises(ConflictError):
        services.ticket_to_hardship_file(actor=staff["wushan"], ticket=ticket, expected_version=ticket.version,
                                         id_number=new_id(), primary_cause="accident")
    with pytest.raises(ServiceError) as outside:
        services.ticket_to_hardship_file(actor=staff["chigang"], ticket=_call(org_tree, staff),
                                         expected_version=1, id_number=new_id(), primary_cause="accident")
    assert outside.value.status == 404


def test_a_ticket_becomes_a_referral_on_the_page(org_tree: dict, staff: dict, client: Client) -> None:
    ticket = _call(org_tree, staff, category="employment", summary="想找一份电商客服工作")
    opening = make_opening(org_tree["wushan"])
    client.force_login(staff["wushan"])
    page = client.get(reverse("channel:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'data-testid="to-referral"' in page and 'data-testid="to-hardship"' in page
    url = reverse("channel:ticket_step", args=[ticket.pk, "referral"])
    client.post(url, {"version": ticket.version, "id_number": new_id()})
    ticket.refresh_from_db()
    assert ticket.referral is None  # no opening chosen: told, nothing made
    client.post(url, {"version": ticket.version, "id_number": new_id(), "opening": opening.pk})
    ticket.refresh_from_db()
    referral = ticket.referral
    assert referral is not None and referral.opening == opening and referral.status == ReferralStatus.RECOMMENDED
    assert referral.seeker.intention == "想找一份电商客服工作" and referral.seeker.person.name == "陈女士"
    page = client.get(reverse("channel:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'data-testid="ticket-referral"' in page and 'data-testid="to-hardship"' not in page


def test_the_api_turns_a_ticket_into_a_hardship_application(org_tree: dict, staff: dict, client: Client) -> None:
    ticket = _call(org_tree, staff)
    client.force_login(staff["wushan"])
    url = reverse("api:advance_ticket", args=[ticket.pk])
    answer = client.post(url, {"step": "hardship", "version": ticket.version, "id_number": new_id(),
                               "primary_cause": "accident"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["hardship_file_id"]
    again = client.post(url, {"step": "referral", "version": answer.json()["version"], "id_number": new_id()},
                        content_type="application/json")
    assert again.status_code in (400, 409)


def test_a_worker_cannot_send_the_same_request_twice_or_flood_the_hotline(org_tree: dict, settings: Any) -> None:
    account = bound_account()
    first = services.submit_web_ticket(account=account, data=ticket_input())
    with pytest.raises(ConflictError, match=first.number):
        services.submit_web_ticket(account=account, data=ticket_input())
    settings.BANGFU_WORKER_DAILY_TICKETS = 2
    services.submit_web_ticket(account=account, data=ticket_input(summary="另一件事"))
    with pytest.raises(ServiceError) as flooded:
        services.submit_web_ticket(account=account, data=ticket_input(summary="第三件事"))
    assert flooded.value.status == 429


def test_a_number_on_file_elsewhere_or_under_another_name_is_refused_without_saying_which(
        org_tree: dict, staff: dict) -> None:
    """An outside tester typed a Beijing person's number on a Guangzhou caller's ticket: the referral was made
    to that person and their name shown. Out of reach, or another name: one neutral refusal, nothing made."""

    opening = make_opening(org_tree["wushan"])
    elsewhere = new_id(birth=dt.date(1971, 7, 18))
    apply_family(staff["chigang"], org_tree["chigang"], head="杨想", head_id=elsewhere)
    here = new_id(birth=dt.date(1975, 5, 5))
    apply_family(staff["wushan"], org_tree["wushan"], head="李四", head_id=here)
    answers = []
    for number in (elsewhere, here):  # out of the desk's reach; in reach but not 陈女士
        ticket = _call(org_tree, staff, category="employment")
        with pytest.raises(ServiceError) as refused:
            services.ticket_to_referral(actor=staff["wushan"], ticket=ticket, expected_version=ticket.version,
                                        id_number=number, opening=opening)
        ticket.refresh_from_db()
        assert refused.value.status == 400 and ticket.referral is None
        answers.append(str(refused.value))
    assert answers[0] == answers[1] and "杨" not in answers[0] and "李" not in answers[0]
    chen = new_id(birth=dt.date(1982, 2, 2), sex="F")
    apply_family(staff["wushan"], org_tree["wushan"], head="陈美玲", head_id=chen)
    ticket = _call(org_tree, staff, category="employment")  # the caller 陈女士 is the 陈美玲 on file
    referral = services.ticket_to_referral(actor=staff["wushan"], ticket=ticket, expected_version=ticket.version,
                                           id_number=chen, opening=opening)
    assert referral.seeker.person.name == "陈美玲"


def test_the_hardship_form_is_offered_only_to_a_role_that_may_file(org_tree: dict, staff: dict,
                                                                   client: Client) -> None:
    """A district officer, who files nothing, was offered 转困难帮扶申请 and refused only after the click."""
    ticket = _call(org_tree, staff)
    url = reverse("channel:ticket_detail", args=[ticket.pk])
    client.force_login(staff["tianhe"])
    officer_page = client.get(url).content.decode()
    client.force_login(staff["wushan"])
    worker_page = client.get(url).content.decode()
    assert 'data-testid="to-hardship"' not in officer_page and 'data-testid="to-hardship"' in worker_page
