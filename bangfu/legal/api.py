"""The legal aid API: stations, firms, lawyers, cases and their steps, claimants, and the report.
Thin: `queries` read (one access function per model), `services` write — the same the pages call."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.queries import unit_named_or_own
from bangfu.core.errors import ServiceError, required_version
from bangfu.core.masking import mask_id_number
from bangfu.core.money import format_wan_yuan
from bangfu.core.pagination import api_window
from bangfu.legal import queries, services
from bangfu.legal.models import OPEN_STATUSES, Claimant, LawFirm, Lawyer, LegalAidStation, LegalCase
from bangfu.legal.queries import ReportRow
from bangfu.legal.schemas import (
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CasePage,
    CaseStepIn,
    ClaimantAddIn,
    ClaimantOut,
    ClaimantUpdate,
    FirmIn,
    FirmOut,
    FirmPage,
    LawyerIn,
    LawyerOut,
    LawyerPage,
    LegalReportOut,
    ReportLine,
    StationIn,
    StationOut,
    StationPage,
    SuggestionOut,
)

router = Router(tags=["职工法律援助"])


class ListQuery(Schema):
    q: str = ""
    offset: int = 0
    limit: int = 50


class CaseQuery(ListQuery):
    status: str = ""
    station_id: int | None = None
    lawyer_id: int | None = None


class ReportQuery(Schema):
    since: dt.date | None = None
    until: dt.date | None = None
    station_id: int | None = None


# --- stations -------------------------------------------------------------------------------------------


def station_out(station: LegalAidStation) -> StationOut:
    return StationOut(
        id=station.pk, name=station.name, kind=station.kind, kind_label=str(station.get_kind_display()),
        address=station.address, phone=station.phone, partner_department=station.partner_department,
        org_code=station.org.code, served_unit_codes=[unit.code for unit in station.served_units.all()],
        version=station.version,
    )


def _served_units(request: HttpRequest, codes: list[str]) -> list[OrgUnit]:
    return [unit_named_or_own(request.user, code) for code in codes]


@router.get("/legal/stations", response=StationPage, summary="法律援助工作站列表",
            description="数据范围内的中心、分中心和工作站。")
def list_legal_stations(request: HttpRequest, filters: Query[ListQuery]) -> StationPage:
    found = queries.stations(request.user, text=filters.q).prefetch_related("served_units")
    return StationPage(count=found.count(), items=[station_out(s) for s in found[api_window(filters.limit,
                                                                                           filters.offset)]])


@router.get("/legal/stations/{station_id}", response=StationOut, summary="工作站详情",
            description="不在数据范围内时返回 404。")
def get_legal_station(request: HttpRequest, station_id: int) -> StationOut:
    return station_out(queries.station_for(request.user, station_id))


def _station_fields(payload: StationIn) -> dict[str, Any]:
    return payload.dict(exclude={"org_code", "version", "served_unit_codes"})


@router.post("/legal/stations", response={201: StationOut}, summary="新建工作站",
             description="同一单位内名称不能重复。")
def create_legal_station(request: HttpRequest, payload: StationIn) -> Status[StationOut]:
    station = services.create_station(actor=request.user, org=unit_named_or_own(request.user, payload.org_code),
                                      served_units=_served_units(request, payload.served_unit_codes),
                                      **_station_fields(payload))
    return Status(201, station_out(station))


@router.put("/legal/stations/{station_id}", response=StationOut, summary="修改工作站",
            description="须提供版本号；他人已修改时返回 409。")
def update_legal_station(request: HttpRequest, station_id: int, payload: StationIn) -> StationOut:
    station = queries.station_for(request.user, station_id, "change")
    services.update_station(actor=request.user, station=station, expected_version=required_version(payload.version),
                            served_units=_served_units(request, payload.served_unit_codes),
                            **_station_fields(payload))
    return station_out(station)


# --- firms ----------------------------------------------------------------------------------------------


def firm_out(firm: LawFirm) -> FirmOut:
    return FirmOut(id=firm.pk, name=firm.name, uscc=firm.uscc, contract_start=firm.contract_start,
                   contract_end=firm.contract_end, phone=firm.phone, org_code=firm.org.code, version=firm.version)


@router.get("/legal/firms", response=FirmPage, summary="签约律师事务所列表", description="数据范围内的律师事务所。")
def list_legal_firms(request: HttpRequest, filters: Query[ListQuery]) -> FirmPage:
    found = queries.firms(request.user, text=filters.q)
    return FirmPage(count=found.count(), items=[firm_out(f) for f in found[api_window(filters.limit,
                                                                                     filters.offset)]])


@router.get("/legal/firms/{firm_id}", response=FirmOut, summary="律师事务所详情", description="范围外返回 404。")
def get_legal_firm(request: HttpRequest, firm_id: int) -> FirmOut:
    return firm_out(queries.firm_for(request.user, firm_id))


@router.post("/legal/firms", response={201: FirmOut}, summary="新建签约律师事务所", description="合同期限须有效。")
def create_legal_firm(request: HttpRequest, payload: FirmIn) -> Status[FirmOut]:
    firm = services.create_firm(actor=request.user, org=unit_named_or_own(request.user, payload.org_code),
                                **payload.dict(exclude={"org_code", "version"}))
    return Status(201, firm_out(firm))


@router.put("/legal/firms/{firm_id}", response=FirmOut, summary="修改律师事务所", description="须提供版本号。")
def update_legal_firm(request: HttpRequest, firm_id: int, payload: FirmIn) -> FirmOut:
    firm = queries.firm_for(request.user, firm_id, "change")
    services.update_firm(actor=request.user, firm=firm, expected_version=required_version(payload.version),
                         **payload.dict(exclude={"org_code", "version"}))
    return firm_out(firm)


# --- lawyers --------------------------------------------------------------------------------------------


def lawyer_out(lawyer: Lawyer) -> LawyerOut:
    open_cases = getattr(lawyer, "open_cases", None)  # annotated on lists; counted for one lawyer
    if open_cases is None:
        open_cases = lawyer.cases.filter(status__in=OPEN_STATUSES).count()
    return LawyerOut(id=lawyer.pk, name=lawyer.name, kind=lawyer.kind, firm_id=lawyer.firm_id,
                     firm_name=lawyer.firm.name if lawyer.firm else "", licence_no=lawyer.licence_no,
                     specialities=lawyer.specialities, active=lawyer.active, open_cases=open_cases,
                     org_code=lawyer.org.code, version=lawyer.version)


def _lawyer_fields(request: HttpRequest, payload: LawyerIn) -> dict[str, Any]:
    fields = payload.dict(exclude={"org_code", "version", "firm_id"})
    fields["firm"] = queries.firm_for(request.user, payload.firm_id) if payload.firm_id else None
    return fields


@router.get("/legal/lawyers", response=LawyerPage, summary="律师列表", description="含在办案件数。")
def list_legal_lawyers(request: HttpRequest, filters: Query[ListQuery]) -> LawyerPage:
    found = queries.lawyers(request.user, text=filters.q)
    return LawyerPage(count=found.count(), items=[lawyer_out(x) for x in found[api_window(filters.limit,
                                                                                         filters.offset)]])


@router.get("/legal/lawyers/{lawyer_id}", response=LawyerOut, summary="律师详情", description="范围外返回 404。")
def get_legal_lawyer(request: HttpRequest, lawyer_id: int) -> LawyerOut:
    return lawyer_out(queries.lawyer_for(request.user, lawyer_id))


@router.post("/legal/lawyers", response={201: LawyerOut}, summary="新建律师", description="擅长领域取争议类型代码。")
def create_legal_lawyer(request: HttpRequest, payload: LawyerIn) -> Status[LawyerOut]:
    lawyer = services.create_lawyer(actor=request.user, org=unit_named_or_own(request.user, payload.org_code),
                                    **_lawyer_fields(request, payload))
    return Status(201, lawyer_out(lawyer))


@router.put("/legal/lawyers/{lawyer_id}", response=LawyerOut, summary="修改律师", description="须提供版本号。")
def update_legal_lawyer(request: HttpRequest, lawyer_id: int, payload: LawyerIn) -> LawyerOut:
    lawyer = queries.lawyer_for(request.user, lawyer_id, "change")
    services.update_lawyer(actor=request.user, lawyer=lawyer, expected_version=required_version(payload.version),
                           **_lawyer_fields(request, payload))
    return lawyer_out(lawyer)


# --- cases ----------------------------------------------------------------------------------------------


def _case_fields(case: LegalCase) -> dict[str, Any]:
    return dict(
        id=case.pk, number=case.number, station_id=case.station_id, station_name=case.station.name,
        intake_date=case.intake_date, channel=case.channel, collective=case.collective,
        employer_name=case.employer_name, dispute_type=case.dispute_type, service_type=case.service_type,
        status=case.status, status_label=str(case.get_status_display()), outcome=case.outcome,
        lawyer_id=case.lawyer_id, review_due_on=case.review_due_on, limit_on=case.limit_on, closed_on=case.closed_on,
        claimant_count=case.claimant_count, claimed_fen=case.claimed_fen, recovered_fen=case.recovered_fen,
        version=case.version,
    )


def claimant_out(claimant: Claimant) -> ClaimantOut:
    return ClaimantOut(
        id=claimant.pk, row=claimant.row, name=claimant.name, id_number_masked=mask_id_number(claimant.id_number),
        migrant_worker=claimant.migrant_worker, means_result=claimant.means_result,
        means_reasons=claimant.means_reasons, claimed_fen=claimant.claimed_fen, recovered_fen=claimant.recovered_fen,
        plan=claimant.plan, result=claimant.result, settled_on=claimant.settled_on, version=claimant.version,
    )


def case_detail_out(case: LegalCase) -> CaseDetailOut:
    return CaseDetailOut(**_case_fields(case), claimants=[claimant_out(c) for c in queries.claimants_of(case)])


@router.get("/legal/cases", response=CasePage, summary="法律援助案件列表",
            description="工作站看到本站案件，区总看到全部，志愿律师只看到指派给本人的案件。")
def list_legal_cases(request: HttpRequest, filters: Query[CaseQuery]) -> CasePage:
    found = queries.cases(request.user, text=filters.q, status=filters.status, station=filters.station_id,
                          lawyer=filters.lawyer_id)
    return CasePage(count=found.count(), items=[CaseOut(**_case_fields(c)) for c in found[api_window(
        filters.limit, filters.offset)]])


@router.get("/legal/cases/{case_id}", response=CaseDetailOut, summary="案件详情（含申请人）",
            description="申请人身份证号脱敏显示。范围外返回 404。")
def get_legal_case(request: HttpRequest, case_id: int) -> CaseDetailOut:
    return case_detail_out(queries.case_for(request.user, case_id))


@router.post("/legal/cases", response={201: CaseDetailOut}, summary="受理案件",
             description="一位申请人为个案，多位为集体案件；每位申请人按困难职工档案做经济困难审查。")
def create_legal_case(request: HttpRequest, payload: CaseIn) -> Status[CaseDetailOut]:
    station = queries.station_for(request.user, payload.station_id)
    case = services.intake_case(
        actor=request.user, station=station, intake_date=payload.intake_date, channel=payload.channel,
        employer_name=payload.employer_name, employer_uscc=payload.employer_uscc, dispute_type=payload.dispute_type,
        service_type=payload.service_type, knew_on=payload.knew_on, summary=payload.summary,
        claimants=[services.ClaimantIn(**c.dict()) for c in payload.claimants],
    )
    return Status(201, case_detail_out(queries.case_for(request.user, case.pk)))


@router.post("/legal/cases/{case_id}/steps", response=CaseDetailOut, summary="案件流转",
             description="review（审查）→ assign（指派，须 lawyer_id）→ start（办理）→ close（结案，须 outcome）。"
                         "版本过期或状态不允许时返回 409。")
def advance_legal_case(request: HttpRequest, case_id: int, payload: CaseStepIn) -> CaseDetailOut:
    case = queries.case_for(request.user, case_id)
    if payload.step == "review":
        services.review_case(actor=request.user, case=case, expected_version=payload.version, on=payload.on)
    elif payload.step == "assign":
        if payload.lawyer_id is None:
            raise ServiceError("指派时须提供律师（lawyer_id）", status=422)
        lawyer = queries.lawyer_for(request.user, payload.lawyer_id)
        services.assign_case(actor=request.user, case=case, lawyer=lawyer, expected_version=payload.version,
                             on=payload.on)
    elif payload.step == "start":
        services.start_case(actor=request.user, case=case, expected_version=payload.version, on=payload.on)
    elif payload.step == "close":
        if not payload.outcome:
            raise ServiceError("结案时须提供结案方式（outcome）", status=422)
        services.close_case(actor=request.user, case=case, outcome=payload.outcome, expected_version=payload.version,
                            closing_report=payload.closing_report, on=payload.on)
    else:
        raise ServiceError("step 须为 review、assign、start 或 close", status=422)
    return case_detail_out(queries.case_for(request.user, case_id))


@router.get("/legal/cases/{case_id}/suggestions", response=list[SuggestionOut], summary="推荐律师",
            description="擅长该争议类型者优先，其次在办案件最少者；由工作人员确认。")
def suggest_legal_lawyers(request: HttpRequest, case_id: int) -> list[SuggestionOut]:
    case = queries.case_for(request.user, case_id)
    return [SuggestionOut(lawyer_id=s.lawyer.pk, name=s.lawyer.name, open_cases=s.open_cases,
                          speciality_match=s.speciality_match, reasons=list(s.reasons))
            for s in queries.suggest_lawyers(request.user, case)]


@router.post("/legal/cases/{case_id}/claimants", response={201: ClaimantOut}, summary="集体案件追加申请人",
             description="办结前的集体案件追加一位申请人（与已受理者同样做经济困难审查）；同一身份证号已在本案、"
                         "案件已结案或版本过期时返回 409。")
def add_legal_claimant(request: HttpRequest, case_id: int, payload: ClaimantAddIn) -> Status[ClaimantOut]:
    case = queries.case_for(request.user, case_id, "change")
    claimant = services.add_claimant(actor=request.user, case=case, expected_version=payload.version,
                                     data=services.ClaimantIn(**payload.dict(exclude={"version"})))
    return Status(201, claimant_out(claimant))


@router.put("/legal/claimants/{claimant_id}", response=ClaimantOut, summary="记录申请人方案与结果",
            description="办理中记录每位申请人的援助方案、结果和挽回金额；须提供版本号。")
def update_legal_claimant(request: HttpRequest, claimant_id: int, payload: ClaimantUpdate) -> ClaimantOut:
    claimant = queries.claimant_for(request.user, claimant_id, "change")
    services.record_claimant(actor=request.user, claimant=claimant, expected_version=payload.version,
                             **payload.dict(exclude={"version"}))
    return claimant_out(claimant)


# --- the report -----------------------------------------------------------------------------------------


def _line(row: ReportRow) -> ReportLine:
    return ReportLine(key=row.key, label=row.label, cases=row.cases, by_service_type=row.by_type,
                      recovered_fen=row.recovered_fen, recovered_wan_yuan=format_wan_yuan(row.recovered_fen),
                      claimants=row.claimants, closed=row.closed, average_days_to_close=row.average_days)


@router.get("/reports/legal-aid", response=LegalReportOut, summary="职工法律援助报表",
            description="按期间、工作站：四类服务的案件数、挽回金额、受助职工人数、平均结案天数。")
def legal_aid_report(request: HttpRequest, filters: Query[ReportQuery]) -> LegalReportOut:
    result = queries.legal_report(request.user, since=filters.since, until=filters.until, station=filters.station_id)
    return LegalReportOut(since=result.since, until=result.until, total=_line(result.total),
                          stations=[_line(row) for row in result.stations])
