"""The worker channel's staff API: online applications and their decision, 12351 tickets and their steps,
the ticket report. Thin: `queries` read in scope, `services` write — the same the pages call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from bangfu.accounts.queries import unit_for
from bangfu.channel import queries, services
from bangfu.channel.models import Ticket, WorkerApplication
from bangfu.channel.schemas import (
    ApplicationOut,
    ApplicationPage,
    DecisionIn,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketReportLine,
    TicketReportOut,
    TicketStepIn,
)
from bangfu.core.errors import ServiceError
from bangfu.core.pagination import api_window
from bangfu.legal import queries as legal_queries

router = Router(tags=["职工端与 12351 热线"])


class ListQuery(Schema):
    offset: int = 0
    limit: int = 50


class TicketQuery(ListQuery):
    q: str = ""
    status: str = ""
    category: str = ""
    overdue: bool = False


class ReportQuery(Schema):
    org: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def application_out(application: WorkerApplication) -> ApplicationOut:
    progress = queries.progress(application)
    return ApplicationOut(
        id=application.pk, kind=application.kind, kind_label=str(application.get_kind_display()),
        status=application.status, status_label=str(application.get_status_display()),
        org_code=application.org.code, progress=progress.summary,
        steps=[f"{step.label}:{step.state}" for step in progress.steps],
        hardship_file_id=application.hardship_file_id, legal_case_id=application.legal_case_id,
        training_plan_id=application.training_plan_id, seeker_profile_id=application.seeker_profile_id,
        referral_id=application.referral_id, needed_from_worker=application.needed_from_worker,
        worker_reply=application.worker_reply, decline_reason=application.decline_reason,
        created_at=application.created_at, version=application.version)


@router.get("/channel/applications", response=ApplicationPage, summary="职工网上申请列表",
            description="数据范围内各街道工会收到的职工网上申请（最新在前）。")
def list_worker_applications(request: HttpRequest, filters: Query[ListQuery]) -> ApplicationPage:
    found = queries.applications(request.user).select_related("hardship_file", "legal_case")
    return ApplicationPage(count=found.count(),
                           items=[application_out(a) for a in found[api_window(filters.limit, filters.offset)]])


@router.get("/channel/applications/{application_id}", response=ApplicationOut, summary="职工网上申请详情",
            description="不在数据范围内时返回 404。")
def get_worker_application(request: HttpRequest, application_id: int) -> ApplicationOut:
    return application_out(queries.application_for(request.user, application_id))


@router.post("/channel/applications/{application_id}/decision", response=ApplicationOut,
             summary="受理、退回或请职工补充",
             description="accept：经登记簿的建档服务或法律援助受理服务立档立案；decline：不予受理（须写理由）；"
                         "ask：请职工补充材料。须提供版本号，他人已处理时返回 409。")
def decide_worker_application(request: HttpRequest, application_id: int, payload: DecisionIn) -> ApplicationOut:
    application = queries.application_for(request.user, application_id)
    common: dict[str, Any] = {"actor": request.user, "application": application,
                              "expected_version": payload.version, "staff_phone": payload.staff_phone}
    if payload.decision == "accept":
        choice = queries.placement(request.user, station=payload.station_id, case=payload.case_id,
                                   course=payload.course_id, opening=payload.opening_id)
        services.accept_application(**common, choice=choice)
    elif payload.decision == "decline":
        services.decline_application(**common, reason=payload.text)
    elif payload.decision == "ask":
        services.ask_worker(**common, needed=payload.text)
    else:
        raise ServiceError("decision：应为 accept、decline 或 ask。", status=422)
    return application_out(queries.application_for(request.user, application_id))


def ticket_out(ticket: Ticket) -> TicketOut:
    return TicketOut(
        id=ticket.pk, number=ticket.number, source=ticket.source, category=ticket.category,
        category_label=str(ticket.get_category_display()), urgency=ticket.urgency, complexity=ticket.complexity,
        status=ticket.status, status_label=str(ticket.get_status_display()), org_code=ticket.org.code,
        org_name=ticket.org.name, received_at=ticket.received_at, contact_due_on=ticket.contact_due_on,
        answer_due_on=ticket.answer_due_on, contacted_at=ticket.contacted_at, answered_at=ticket.answered_at,
        closed_at=ticket.closed_at, satisfaction=ticket.satisfaction,
        escalated_to=ticket.escalated_to.code if ticket.escalated_to else None, legal_case_id=ticket.legal_case_id,
        hardship_file_id=ticket.hardship_file_id, referral_id=ticket.referral_id,
        version=ticket.version)


@router.get("/channel/tickets", response=TicketPage, summary="12351 工单列表",
            description="数据范围内各单位承办的工单；overdue=true 只列超时未办的工单（上级可见下级）。")
def list_tickets(request: HttpRequest, filters: Query[TicketQuery]) -> TicketPage:
    found = queries.tickets(request.user, status=filters.status, category=filters.category, text=filters.q,
                            overdue=filters.overdue)
    return TicketPage(count=found.count(),
                      items=[ticket_out(t) for t in found[api_window(filters.limit, filters.offset)]])


@router.post("/channel/tickets", response={201: TicketOut}, summary="登记热线来电",
             description="按来电人所在地区派至受理单位之下服务该地区的最下级工会；desk_code 缺省为本人所在单位。")
def create_ticket(request: HttpRequest, payload: TicketIn) -> Status[TicketOut]:
    desk = (unit_for(request.user, payload.desk_code) if payload.desk_code
            else getattr(request.user, "org", None))
    if desk is None:
        raise ServiceError("desk_code：请指定热线受理单位。", status=422)
    data = services.TicketIn(**payload.dict(exclude={"desk_code", "received_at"}))
    ticket = services.record_ticket(actor=request.user, desk=desk, data=data, received_at=payload.received_at)
    return Status(201, ticket_out(queries.ticket_for(request.user, ticket.pk)))


@router.get("/channel/tickets/{ticket_id}", response=TicketOut, summary="12351 工单详情",
            description="不在数据范围内时返回 404。")
def get_ticket(request: HttpRequest, ticket_id: int) -> TicketOut:
    return ticket_out(queries.ticket_for(request.user, ticket_id))


@router.post("/channel/tickets/{ticket_id}/steps", response=TicketOut, summary="办理工单",
             description="contact 已联系、answer 答复、close 回访办结（满意度 1–5）、pass 转派（写明原因）、"
                         "legal 转法律援助案件、hardship 转困难帮扶申请（须 id_number、primary_cause）、"
                         "referral 转推荐就业（须 id_number、opening_id）；来电人、电话、住址取自工单。"
                         "须提供版本号，过期返回 409。")
def advance_ticket(request: HttpRequest, ticket_id: int, payload: TicketStepIn) -> TicketOut:
    ticket = queries.ticket_for(request.user, ticket_id)
    common: dict[str, Any] = {"actor": request.user, "ticket": ticket, "expected_version": payload.version}

    def pass_on() -> Any:
        if not payload.to_org_code:  # an empty code would otherwise name the user's own unit
            raise ServiceError("to_org_code：请指定转派单位代码。", status=400)
        parent = ticket.org.parent
        target = parent if parent is not None and parent.code == payload.to_org_code else unit_for(
            request.user, payload.to_org_code)
        return services.pass_ticket(**common, to_org=target, note=payload.text)

    def to_legal() -> Any:
        station = legal_queries.station_for(request.user, payload.station_id)
        return services.ticket_to_legal_case(**common, station=station, employer_name=payload.employer_name,
                                             dispute_type=payload.dispute_type, service_type=payload.service_type)

    steps: dict[str, Callable[[], Any]] = {
        "contact": lambda: services.contact_ticket(**common, note=payload.text),
        "answer": lambda: services.answer_ticket(**common, answer=payload.text),
        "close": lambda: services.close_ticket(**common, satisfaction=payload.satisfaction or 0,
                                               callback_note=payload.text),
        "pass": pass_on, "legal": to_legal,
        "hardship": lambda: services.ticket_to_hardship_file(**common, id_number=payload.id_number,
                                                             primary_cause=payload.primary_cause),
        "referral": lambda: services.ticket_to_referral(
            **common, id_number=payload.id_number,
            opening=queries.placement(request.user, opening=payload.opening_id).opening),
    }
    if payload.step not in steps:
        raise ServiceError("step：应为 contact、answer、close、pass、legal、hardship 或 referral。", status=422)
    steps[payload.step]()
    return ticket_out(queries.ticket_for(request.user, ticket_id))


@router.get("/reports/tickets", response=TicketReportOut, summary="12351 工单统计",
            description="org 单位及其下级的工单，按承办单位、月份和类别：答复数、按时答复数、办结数、平均满意度。")
def ticket_report(request: HttpRequest, filters: Query[ReportQuery]) -> TicketReportOut:
    org = (unit_for(request.user, filters.org) if filters.org
           else getattr(request.user, "org", None))
    if org is None:
        raise ServiceError("org：请指定单位代码。", status=422)
    rows = queries.ticket_report(request.user, org, since=filters.since, until=filters.until)
    return TicketReportOut(org_code=org.code, total=sum(r.total for r in rows),
                           answered_in_time=sum(r.answered_in_time for r in rows),
                           rows=[TicketReportLine(**vars(r)) for r in rows])
