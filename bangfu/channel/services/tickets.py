"""12351 tickets: recorded at a hotline desk (or sent from the worker's phone), routed down the union tree to
the unit that serves the caller's address, passed on with a note, contacted, answered, closed with a
call-back and a rating; overdue tickets are escalated to the unit above; a ticket becomes a legal aid case
or a hardship application without typing its facts again.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.accounts.scoping import may, org_in_scope
from bangfu.channel import clocks
from bangfu.channel.models import (
    OPEN_TICKET_STATUSES,
    Complexity,
    Ticket,
    TicketCategory,
    TicketEvent,
    TicketSource,
    TicketStatus,
    Urgency,
    WorkerAccount,
)
from bangfu.channel.queries import overdue_q
from bangfu.channel.services.applications import worker_name
from bangfu.channel.services.placements import seeker_profile_for, worker_person
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.normalize import normalize_name, normalize_phone
from bangfu.jobs.models import Opening, Referral
from bangfu.jobs.services import refer_seeker
from bangfu.legal.models import Channel, LegalAidStation, LegalCase
from bangfu.legal.services import ClaimantIn, intake_case
from bangfu.people.facts import region_prefix
from bangfu.people.models import HardshipFile
from bangfu.people.services import FileInput, HouseholdInput, MemberInput, PersonInput, create_household

# Units a ticket may be routed to: those that serve workers of an area (not a grassroots or industry union).
ROUTABLE_LEVELS = (OrgLevel.NATIONAL, OrgLevel.PROVINCE, OrgLevel.CITY, OrgLevel.COUNTY, OrgLevel.STREET)


@dataclass(frozen=True)
class TicketIn:
    caller_name: str
    caller_phone: str
    region_code: str
    category: str
    summary: str
    urgency: str = Urgency.NORMAL
    complexity: str = Complexity.SIMPLE
    address: str = ""


def route_unit(within: OrgUnit, region_code: str) -> OrgUnit:
    """The deepest unit under `within` (itself included) whose region contains `region_code`; else `within`."""
    code = (region_code or "").strip()
    best, best_key = within, (-1, -1)
    candidates = OrgUnit.objects.filter(path__startswith=within.path, level__in=ROUTABLE_LEVELS).exclude(
        region_code="").only("pk", "path", "region_code", "level", "name", "depth", "code", "parent_id")
    for unit in candidates:
        prefix = region_prefix(unit.region_code)
        key = (len(prefix), unit.depth)
        if code.startswith(prefix) and key > best_key:
            best, best_key = unit, key
    return best


def _route_note(routed_to: OrgUnit, region_code: str) -> str:
    """Why the ticket is where it is — only "by the caller's area" when that area is the unit's."""
    if routed_to.region_code and region_code.startswith(region_prefix(routed_to.region_code)):
        return f"按来电人所在地区（{region_code}）派至{routed_to.name}"
    return f"来电人所在地区（{region_code}）不属于下级单位的服务范围，由{routed_to.name}受理"


def _clean(data: TicketIn) -> dict[str, Any]:
    name = normalize_name(data.caller_name)
    if not name or len(name) > 50:
        raise ServiceError("来电人：请填写姓名或称呼（不超过 50 字）。")
    phone = normalize_phone(data.caller_phone)
    if not phone.isdecimal() or not 7 <= len(phone) <= 15:
        raise ServiceError("联系电话：请填写 7 至 15 位数字。")
    region = unicodedata.normalize("NFKC", data.region_code or "").strip()  # full-width digits as typed
    if not region.isdecimal() or not 2 <= len(region) <= 12:
        raise ServiceError("所在地区：请选择来电人住址所在的区县或街道。")
    for value, choices, label in ((data.category, TicketCategory, "诉求类别"), (data.urgency, Urgency, "紧急程度"),
                                  (data.complexity, Complexity, "复杂程度")):
        if value not in choices.values:
            raise ServiceError(f"{label}：取值无效。")
    summary = (data.summary or "").strip()
    if not summary:
        raise ServiceError("诉求内容：不能为空。")
    if len(summary) > 2000:
        raise ServiceError("诉求内容：不能超过 2000 字。")
    return {"caller_name": name, "caller_phone": phone, "region_code": region, "category": data.category,
            "urgency": data.urgency, "complexity": data.complexity, "summary": summary,
            "address": (data.address or "").strip()[:200]}


def _make(fields: dict[str, Any], *, routed_to: OrgUnit, source: str, received_at: dt.datetime, actor: Any,
          account: WorkerAccount | None) -> Ticket:
    received = timezone.localtime(received_at).date()
    contact_due, answer_due = clocks.due_dates(received, urgent=fields["urgency"] == Urgency.URGENT,
                                               complex_request=fields["complexity"] == Complexity.COMPLEX)
    ticket = Ticket.objects.create(org=routed_to, created_by=actor, number=f"p-{uuid.uuid4().hex[:20]}",
                                   source=source, received_at=received_at, contact_due_on=contact_due,
                                   answer_due_on=answer_due, account=account, **fields)
    ticket.number = f"{received:%Y%m%d}-{ticket.pk:06d}"
    Ticket.objects.filter(pk=ticket.pk).update(number=ticket.number)
    TicketEvent.objects.create(ticket=ticket, org=routed_to, created_by=actor, action="route",
                               note=_route_note(routed_to, fields["region_code"]))
    return ticket


@transaction.atomic
def record_ticket(*, actor: Any, desk: OrgUnit, data: TicketIn, received_at: dt.datetime | None = None) -> Ticket:
    """A call taken at the hotline desk of `desk`, routed to the unit under it that serves the caller."""
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm("channel.add_ticket"):
        raise ServiceError("您没有登记 12351 来电的权限。", status=403)
    if not org_in_scope(actor, desk, permission="channel.add_ticket"):
        raise ServiceError("所选热线受理单位不在您的数据范围内。", status=404)
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise ServiceError("来电时间：不能晚于现在。")
    fields = _clean(data)
    ticket = _make(fields, routed_to=route_unit(desk, fields["region_code"]), source=TicketSource.PHONE,
                   received_at=received_at, actor=actor, account=None)
    audit.record("channel.ticket_recorded", actor=actor, obj=ticket,
                 changes={"category": ticket.category, "routed_to": ticket.org.code})
    return ticket


def daily_web_tickets() -> int:
    return int(getattr(settings, "BANGFU_WORKER_DAILY_TICKETS", 5))


def _guard_web_ticket(account: WorkerAccount, summary: str) -> None:
    """The same request twice while the first is open is a duplicate; more than a few a day is a flood."""
    WorkerAccount.objects.select_for_update().filter(pk=account.pk).first()
    mine = Ticket.objects.filter(account=account)
    same = mine.filter(status__in=OPEN_TICKET_STATUSES, summary=summary).order_by("-pk").first()
    if same is not None:
        raise ConflictError(f"您已提交过相同的诉求（工单 {same.number}），正在办理中，请勿重复提交。")
    if mine.filter(received_at__gt=timezone.now() - dt.timedelta(hours=24)).count() >= daily_web_tickets():
        raise ServiceError(f"24 小时内最多在线提交 {daily_web_tickets()} 条诉求，急事请拨打 12351。", status=429)


@transaction.atomic
def submit_web_ticket(*, account: WorkerAccount, data: TicketIn) -> Ticket:
    """A worker's request from the phone: the same ticket, routed from the top of the tree."""
    # The worker's proved number, whatever the form said; the name is the bound real name when there is one.
    fields = _clean(replace(data, caller_phone=account.phone, caller_name=account.name or data.caller_name))
    _guard_web_ticket(account, fields["summary"])
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    if root is None:
        raise ServiceError("系统尚未设置工会组织，暂不能受理网上诉求。", status=503)
    ticket = _make(fields, routed_to=route_unit(root, fields["region_code"]), source=TicketSource.WEB,
                   received_at=timezone.now(), actor=None, account=account)
    audit.record("channel.ticket_recorded", actor_name=worker_name(account), obj=ticket,
                 changes={"category": ticket.category, "routed_to": ticket.org.code, "source": "web"})
    return ticket


def _require_change(actor: Any, ticket: Ticket) -> Ticket:
    if not may(actor, "channel.view_ticket", ticket):
        raise ServiceError("未找到该工单，或不在您的数据范围内。", status=404)
    if not may(actor, "channel.change_ticket", ticket):
        raise ServiceError("您没有办理 12351 工单的权限。", status=403)
    return Ticket.objects.select_for_update(of=("self",)).select_related("org").get(pk=ticket.pk)


def _event(ticket: Ticket, actor: Any, action: str, note: str = "", from_org: OrgUnit | None = None) -> None:
    TicketEvent.objects.create(ticket=ticket, org=ticket.org, created_by=actor, action=action, note=note[:500],
                               from_org=from_org)


def _when(ticket: Ticket, at: dt.datetime | None) -> dt.datetime:
    """When a step happened: now, or a past moment recorded afterwards (not before the call, not in the future)."""
    now = timezone.now()
    if at is None:
        return now
    if at > now or at < ticket.received_at:
        raise ServiceError("办理时间：应在来电之后、现在之前。")
    return at


def _open(ticket: Ticket) -> None:
    if not ticket.is_open:
        raise ConflictError("工单已办结，不能再办理。")


@transaction.atomic
def pass_ticket(*, actor: Any, ticket: Ticket, to_org: OrgUnit, note: str, expected_version: int) -> Ticket:
    """转派: to a unit the actor reaches, or back up to the unit above (wrongly routed), with a note."""
    locked = _require_change(actor, ticket)
    _open(locked)
    if not (note or "").strip():
        raise ServiceError("转派说明：请写明转派的原因。")
    upward = to_org.pk == locked.org.parent_id
    if not upward and not org_in_scope(actor, to_org, permission="channel.change_ticket"):
        raise ServiceError("转派单位：不在您的数据范围内（可转给本单位的下级，或退回上级）。", status=404)
    if to_org.pk == locked.org_id:
        raise ServiceError("转派单位：与当前承办单位相同。")
    from_org = locked.org
    update_versioned(ticket, expected_version, org=to_org, escalated_to=None)
    _event(ticket, actor, "pass", note.strip(), from_org=from_org)
    audit.record("channel.ticket_passed", actor=actor, obj=ticket, changes={"from": from_org.code, "to": to_org.code})
    return ticket


@transaction.atomic
def contact_ticket(*, actor: Any, ticket: Ticket, expected_version: int, note: str = "",
                   at: dt.datetime | None = None) -> Ticket:
    """已联系: the caller was reached (the first clock stops)."""
    locked = _require_change(actor, ticket)
    if locked.status != TicketStatus.OPEN:
        raise ConflictError("该工单已联系过来电人。")
    update_versioned(ticket, expected_version, status=TicketStatus.CONTACTED, contacted_at=_when(locked, at))
    _event(ticket, actor, "contact", note)
    audit.record("channel.ticket_contacted", actor=actor, obj=ticket)
    return ticket


@transaction.atomic
def answer_ticket(*, actor: Any, ticket: Ticket, expected_version: int, answer: str,
                  at: dt.datetime | None = None) -> Ticket:
    """已答复: what the union did or told the caller (the second clock stops)."""
    locked = _require_change(actor, ticket)
    if locked.status not in (TicketStatus.OPEN, TicketStatus.CONTACTED):
        raise ConflictError("该工单已答复。")
    text = (answer or "").strip()
    if not text:
        raise ServiceError("答复内容：不能为空。")
    now = _when(locked, at)
    update_versioned(ticket, expected_version, status=TicketStatus.ANSWERED, answered_at=now, answer=text[:2000],
                     contacted_at=locked.contacted_at or now)
    _event(ticket, actor, "answer")
    audit.record("channel.ticket_answered", actor=actor, obj=ticket)
    return ticket


@transaction.atomic
def close_ticket(*, actor: Any, ticket: Ticket, expected_version: int, satisfaction: int,
                 callback_note: str = "", at: dt.datetime | None = None) -> Ticket:
    """回访办结: the call-back and the caller's satisfaction close an answered ticket."""
    locked = _require_change(actor, ticket)
    if locked.status != TicketStatus.ANSWERED:
        raise ConflictError("答复来电人后才能回访办结。")
    if not 1 <= satisfaction <= 5:
        raise ServiceError("满意度：请选择 1 至 5。")
    update_versioned(ticket, expected_version, status=TicketStatus.CLOSED, closed_at=_when(locked, at),
                     satisfaction=satisfaction, callback_note=(callback_note or "").strip()[:200])
    _event(ticket, actor, "close")
    audit.record("channel.ticket_closed", actor=actor, obj=ticket, changes={"satisfaction": satisfaction})
    return ticket


@transaction.atomic
def escalate_overdue(*, today: dt.date | None = None) -> int:
    """督办: each overdue ticket not yet escalated is flagged to the unit above its assignee (run daily)."""
    today = today or timezone.localdate()
    count = 0
    rows = (Ticket.objects.select_for_update(of=("self",))
            .filter(overdue_q(today), escalated_to__isnull=True, org__parent__isnull=False)
            .select_related("org__parent"))
    for ticket in rows:
        above = ticket.org.parent
        assert above is not None  # the query keeps only units with a parent
        Ticket.objects.filter(pk=ticket.pk).update(escalated_to=above)
        _event(ticket, None, "escalate", f"超过办理时限，提请{above.name}督办")
        count += 1
    if count:
        audit.record("channel.tickets_escalated", actor_name="系统", changes={"tickets": count})
    return count


@transaction.atomic
def ticket_to_legal_case(*, actor: Any, ticket: Ticket, expected_version: int, station: LegalAidStation,
                         employer_name: str, dispute_type: str, service_type: str) -> LegalCase:
    """转法律援助: legal aid's own intake, with the caller and the summary taken from the ticket."""
    locked = _require_change(actor, ticket)
    _fresh_conversion(locked)
    case = intake_case(actor=actor, station=station, intake_date=timezone.localdate(), employer_name=employer_name,
                       dispute_type=dispute_type, service_type=service_type, channel=Channel.PHONE,
                       summary=f"12351 工单 {locked.number}：{locked.summary}"[:2000],
                       claimants=[ClaimantIn(name=locked.caller_name, phone=locked.caller_phone)])
    update_versioned(ticket, expected_version, legal_case=case)
    _event(ticket, actor, "convert", f"已转为法律援助案件 #{case.pk}")
    audit.record("channel.ticket_converted", actor=actor, obj=ticket, changes={"legal_case": case.pk})
    return case


def _fresh_conversion(locked: Ticket) -> None:
    _open(locked)
    if locked.legal_case_id or locked.hardship_file_id or locked.referral_id:
        raise ConflictError("该工单已转办为其他业务（见工单记录），不能再次转办。")


@transaction.atomic
def ticket_to_hardship_file(*, actor: Any, ticket: Ticket, expected_version: int, id_number: str,
                            primary_cause: str) -> HardshipFile:
    """转困难帮扶申请: the register's own `create_household`, the caller as the applicant (name, phone, address
    and area from the ticket; staff add only the ID number and the cause). Further members are added in the
    register; the file then takes the register's 初审 → 入户调查 → 公示 → 审批."""
    locked = _require_change(actor, ticket)
    _fresh_conversion(locked)
    note = f"12351 工单 {locked.number} 转入：{locked.summary}"[:500]
    hardship_file = create_household(actor=actor, org=locked.org, data=HouseholdInput(
        members=(MemberInput(person=PersonInput(name=locked.caller_name, id_number=id_number,
                                                phone=locked.caller_phone)),),
        address=locked.address or "", region_code=locked.region_code,
        file=FileInput(primary_cause=primary_cause, note=note)))
    update_versioned(ticket, expected_version, hardship_file=hardship_file)
    _event(ticket, actor, "to_hardship", f"已转为困难帮扶申请（档案 #{hardship_file.pk}）")
    audit.record("channel.ticket_to_hardship", actor=actor, obj=ticket, changes={"hardship_file": hardship_file.pk})
    return hardship_file


@transaction.atomic
def ticket_to_referral(*, actor: Any, ticket: Ticket, expected_version: int, id_number: str,
                       opening: Opening | None) -> Referral:
    """转推荐就业: the caller registered as a seeker (the register's person, made if new) and referred to the
    opening staff chose, with what the caller asked for as the job intention."""
    locked = _require_change(actor, ticket)
    _fresh_conversion(locked)
    if opening is None:
        raise ServiceError("推荐岗位：请选择要推荐的岗位。")
    person = worker_person(actor=actor, org=locked.org, name=locked.caller_name, id_number=id_number,
                           phone=locked.caller_phone)
    profile = seeker_profile_for(actor, person=person, org=locked.org, wish=locked.summary, wage_floor_fen=0,
                                 experience="", district_code=locked.region_code[:6])
    referral = refer_seeker(actor=actor, seeker=profile, opening=opening)
    update_versioned(ticket, expected_version, referral=referral)
    _event(ticket, actor, "to_referral", f"已推荐岗位：{opening.title}")
    audit.record("channel.ticket_to_referral", actor=actor, obj=ticket, changes={"referral": referral.pk})
    return referral
