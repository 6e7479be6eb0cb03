"""A closed campaign runs again only on an approved decision: one person asks with the decision's reference,
the reason and a new end date; a second person approves; until then nothing changes. Tried as the users who
would get it wrong: the asker approving their own request, a district officer, a worker who is also an auditor,
another city's officer, a replayed approval, an end date already past."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bangfu.assistance.models import CampaignReopening, Program, ProgramStatus, ReopeningStatus, Visit
from bangfu.assistance.services import reopenings, visits
from bangfu.assistance.tests.factories import entry, make_campaign
from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DECISION = "京工发〔2027〕3号"


def _closed(campaign: Program) -> Program:
    call_command("close_ended_campaigns", stdout=StringIO())
    campaign.refresh_from_db()
    assert campaign.status == ProgramStatus.CLOSED
    return campaign


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body, default=str), content_type="application/json")


def test_reopening_needs_a_second_person_and_then_visits_are_recorded_again(
        approved_list: Any, officer: Any, approver: Any, worker: Any, campaign: Program) -> None:
    program = _closed(campaign)
    new_end = timezone.localdate() + dt.timedelta(days=10)
    request = reopenings.request_reopening(actor=officer, program=program, new_ends_on=new_end,
                                           decision_ref=f"  {DECISION} ", reason="部分困难职工节前未走访到")
    program.refresh_from_db()
    assert program.status == ProgramStatus.CLOSED and request.decision_ref == DECISION  # nothing changes yet
    with pytest.raises(ServiceError, match="第二人审批") as own:
        reopenings.approve_reopening(actor=officer, reopening=request)
    assert own.value.status == 403
    version = program.version
    reopenings.approve_reopening(actor=approver, reopening=request, note="同意")
    program.refresh_from_db()
    assert (program.status, program.ends_on, program.version) == (ProgramStatus.ACTIVE, new_end, version + 1)
    visits.record_visit(actor=worker, beneficiary=entry(approved_list, "张三丰"), visited_at=timezone.now(),
                        place="东华门街道某小区", key="after-reopening", fubao_count=1)
    assert Visit.objects.count() == 1
    with pytest.raises(ServiceError, match="已处理") as again:
        reopenings.approve_reopening(actor=approver, reopening=request)
    assert again.value.status == 409
    actions = list(AuditEvent.objects.filter(action__startswith="assistance.reopening_")
                   .order_by("id").values_list("action", "actor_id"))
    assert actions == [("assistance.reopening_request", officer.pk), ("assistance.reopening_approve", approver.pk)]
    # The next night's close leaves it running until the new end date.
    call_command("close_ended_campaigns", stdout=StringIO())
    program.refresh_from_db()
    assert program.status == ProgramStatus.ACTIVE


def test_what_a_request_must_carry(officer: Any, approver: Any, campaign: Program) -> None:
    today = timezone.localdate()
    with pytest.raises(ServiceError, match="未关闭，无需重新启用") as running:
        reopenings.request_reopening(actor=officer, program=campaign, new_ends_on=today, decision_ref=DECISION,
                                     reason="r")
    assert running.value.status == 409
    program = _closed(campaign)
    refusals: list[tuple[dict[str, Any], str]] = [
        (dict(new_ends_on=today - dt.timedelta(days=1), decision_ref=DECISION, reason="r"),
         "新的结束日期：不能早于今天"),
        (dict(new_ends_on=dt.date(2207, 1, 1), decision_ref=DECISION, reason="r"), "新的结束日期：不能晚于一年之后"),
        (dict(new_ends_on=today, decision_ref="  ", reason="r"), "决定文号：重新启用须有批准的决定"),
        (dict(new_ends_on=today, decision_ref="文" * 101, reason="r"), "决定文号：最多 100 个字"),
        (dict(new_ends_on=today, decision_ref=DECISION, reason=""), "重新启用原因：请说明"),
    ]
    for fields, message in refusals:
        with pytest.raises(ServiceError, match=message):
            reopenings.request_reopening(actor=officer, program=program, **fields)
    assert not CampaignReopening.objects.exists()
    first = reopenings.request_reopening(actor=officer, program=program, new_ends_on=today, decision_ref=DECISION,
                                         reason="补走访")
    with pytest.raises(ServiceError, match="已有一份待审批") as second:
        reopenings.request_reopening(actor=approver, program=program, new_ends_on=today, decision_ref=DECISION,
                                     reason="补走访")
    assert second.value.status == 409
    with pytest.raises(ServiceError, match="退回原因"):
        reopenings.reject_reopening(actor=approver, reopening=first, note=" ")
    reopenings.reject_reopening(actor=approver, reopening=first, note="文号不符")
    program.refresh_from_db()
    assert program.status == ProgramStatus.CLOSED and first.status == ReopeningStatus.REJECTED
    # Asked for today, approved tomorrow: the end date has passed, so the approval reopens nothing.
    late = reopenings.request_reopening(actor=officer, program=program, new_ends_on=today, decision_ref=DECISION,
                                        reason="补走访")
    with pytest.raises(ServiceError, match=r"不能早于今天.*请退回后重新申请"):
        reopenings.approve_reopening(actor=approver, reopening=late, today=today + dt.timedelta(days=1))
    late.refresh_from_db()
    program.refresh_from_db()
    assert late.status == ReopeningStatus.PENDING and program.status == ProgramStatus.CLOSED


def test_who_may_ask_and_approve_over_the_api(officer: Any, approver: Any, district: Any, worker: Any,
                                             make_user: Any, roles: Any, org_tree: Any, bj: Any, login: Any,
                                             campaign: Program) -> None:
    program = _closed(campaign)
    body = {"new_ends_on": timezone.localdate() + dt.timedelta(days=5), "decision_ref": DECISION,
            "reason": "补走访"}
    url = f"/api/v1/assistance/programs/{program.pk}/reopenings"
    assert _post(login(district), url, body).status_code == 403  # the district officer's role does not ask
    both = make_user("district_officer", bj["dongcheng"], username="dc_officer_auditor")
    both.groups.set([roles["district_officer"], roles["auditor"]])  # the auditor reads all, asks nothing
    assert _post(login(both), url, body).status_code == 403
    outsider = make_user("city_officer", org_tree["guangzhou"], username="gz_officer")
    assert _post(login(outsider), url, body).status_code == 404
    bad = _post(login(officer), url, {**body, "new_ends_on": "2020-01-01"})
    assert bad.status_code == 400 and "新的结束日期" in bad.json()["detail"]
    created = _post(login(officer), url, body)
    assert created.status_code == 201, created.content
    reopening = created.json()
    assert (reopening["status"], reopening["decision_ref"], reopening["requested_by"]) == ("pending", DECISION,
                                                                                       "bj_officer")
    listed = login(approver).get(url)
    assert listed.status_code == 200 and [r["id"] for r in listed.json()] == [reopening["id"]]
    assert login(worker).get(url).status_code == 403  # a worker's role does not read reopenings
    approve = f"/api/v1/assistance/reopenings/{reopening['id']}/approve"
    assert _post(login(officer), approve, {}).status_code == 403  # not the one who asked
    assert _post(login(district), approve, {}).status_code == 403
    assert _post(login(outsider), approve, {}).status_code == 404
    assert login(outsider).get(f"/api/v1/assistance/reopenings/{reopening['id']}").status_code == 404
    done = _post(login(approver), approve, {"note": "同意"})
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["decided_by"]) == ("approved", "bj_approver")
    assert _post(login(approver), approve, {}).status_code == 409  # a replayed approval
    program.refresh_from_db()
    assert program.status == ProgramStatus.ACTIVE


def test_reopening_on_the_campaign_page(approved_list: Any, officer: Any, approver: Any, district: Any,
                                       worker: Any, bj: Any, login: Any, campaign: Program) -> None:
    street_campaign = make_campaign(bj["street"], name="街道送温暖", budget_fen=0, groups=False)
    program = _closed(campaign)
    detail = reverse("assistance:program_detail", kwargs={"pk": program.pk})
    ask = reverse("assistance:reopening_request", kwargs={"pk": program.pk})
    assert ask in login(officer).get(detail).content.decode()
    assert ask not in login(district).get(detail).content.decode()
    # A worker's role reads no reopening: their closed campaign's page still opens (not a route 403).
    street_page = login(worker).get(reverse("assistance:program_detail", kwargs={"pk": street_campaign.pk}))
    assert street_page.status_code == 200 and "街道送温暖" in street_page.content.decode()
    typed = {"new_ends_on": "abc", "decision_ref": DECISION, "reason": "补走访"}
    refused = login(officer).post(ask, typed)
    assert refused.status_code == 400 and DECISION in refused.content.decode()  # what was typed is kept
    new_end = timezone.localdate() + dt.timedelta(days=7)
    response = login(officer).post(ask, {**typed, "new_ends_on": new_end.strftime("%Y年%m月%d日")})
    assert response.status_code == 302
    reopening = CampaignReopening.objects.get()
    assert ask not in login(officer).get(detail).content.decode()  # one pending request at a time
    page = login(approver).get(detail).content.decode()
    decide = reverse("assistance:reopening_decide", kwargs={"pk": reopening.pk})
    assert decide in page and "补走访" in page and DECISION in page
    assert decide not in login(district).get(detail).content.decode()
    assert login(district).post(decide, {"decision": "approve"}).status_code == 403
    assert login(approver).post(decide, {"decision": "approve"}).status_code == 302
    program.refresh_from_db()
    assert program.status == ProgramStatus.ACTIVE and program.ends_on == new_end
