"""The register's JSON API: households (files), their lifecycle steps, search and the duplicate queue.

Thin: reads through `people.queries` (scoped; 404 outside scope), writes through `people.services`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from bangfu.accounts.queries import unit_for
from bangfu.core.errors import ServiceError
from bangfu.core.masking import mask_id_number, mask_phone
from bangfu.core.pages import form_errors_text
from bangfu.core.pagination import API_MAX_LIMIT, api_window, keys_first_window
from bangfu.people import queries, services
from bangfu.people.forms import FileSearchForm, IdSearchForm
from bangfu.people.lifecycle import allowed_transitions
from bangfu.people.models import DuplicateCandidate, DuplicateStatus, HardshipFile, HouseholdMember
from bangfu.people.schemas import (
    MAX_ID,
    AnswerIn,
    BatchIn,
    BatchOut,
    BatchRowOut,
    DuplicateOut,
    DuplicatePage,
    DuplicateResolveIn,
    EventOut,
    FileDetailOut,
    FileOut,
    FilePage,
    FilingOut,
    HouseholdIn,
    HouseholdUpdateIn,
    InvestigationOut,
    MemberDetailOut,
    MemberOut,
    MemberRemoveIn,
    ObjectionIn,
    ObjectionOut,
    PersonUpdateIn,
    SearchIn,
    TransitionIn,
)
from bangfu.people.services.batch import BatchInput, BatchItem, run_batch
from bangfu.people.services.filing import step_refusal

router = Router(tags=["困难职工建档"])
MAX_LIMIT = API_MAX_LIMIT
MAX_OFFSET = 10**7
HOUSEHOLD_ID = Path(..., ge=1, le=MAX_ID, description="家庭编号")


class FileQuery(Schema):
    # No length limits here: the page's search form checks these (`_search_form`), trimming spaces first, and says
    # what is wrong in the page's words — a limit here answered first, in English, and refused "张" and 50 spaces.
    q: str = ""
    district: str = ""
    cause: str = ""
    tier: str = ""
    status: str = ""
    store: str = "register"
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise ServiceError("您没有执行此操作的权限。", status=403)


def _file_out(f: HardshipFile) -> dict[str, Any]:
    head = f.household.head
    return {
        "household_id": f.household_id, "file_id": f.pk, "head_name": head.name,
        "head_id_number_masked": mask_id_number(head.id_number), "org_code": f.org.code, "org_name": f.org.name,
        "level": f.level, "primary_cause": f.primary_cause, "secondary_causes": f.secondary_causes,
        "disability_or_mental_illness": f.disability_or_mental_illness, "zero_labour": f.zero_labour,
        "household_size": f.household_size, "income_per_capita_fen": f.income_per_capita_fen,
        "local_minimum_fen": f.local_minimum_fen, "tier": f.tier, "tier_reasons": f.tier_reasons,
        "status": f.status, "filed_on": f.filed_on, "recheck_due": f.recheck_due, "version": f.version,
    }


def _detail_out(request: HttpRequest, f: HardshipFile) -> FileDetailOut:
    members = [
        MemberOut(id=m.pk, name=m.person.name, relation=m.relation, id_number_masked=mask_id_number(m.person.id_number),
                  employment_status=m.employment_status, has_major_illness=m.has_major_illness,
                  disability_or_mental_illness=m.disability_or_mental_illness,
                  monthly_income_fen=m.monthly_income_fen)
        for m in queries.members_of(f)
    ]
    events = [
        EventOut(action=e.action, from_status=e.from_status, to_status=e.to_status, actor=e.actor_name,
                 occurred_at=e.occurred_at, reason=e.reason, note=e.note)
        for e in f.events.all()
    ]
    granted = allowed_transitions(request.user, f)
    allowed = sorted({row.action for row in granted})
    today = timezone.localdate()
    waiting = {row.action: refusal[0] for row in granted
               if (refusal := step_refusal(row, f, request.user, today)) is not None}
    return FileDetailOut(**_file_out(f), address=f.household.address, members=members, events=events,
                         allowed_actions=allowed, waiting_actions=waiting)


def _cleaned(form: Any) -> dict[str, Any]:
    """What one of the list page's forms makes of the request, or 422 naming each field it refuses."""
    if not form.is_valid():
        raise ServiceError(form_errors_text(form), status=422)
    return form.cleaned_data


def _search_form(request: HttpRequest, store: str, **fields: str) -> dict[str, str]:
    """The filters as the list page's search form cleans them."""
    return _cleaned(FileSearchForm(fields, user=request.user, store=store))


def _store(store: str) -> str:
    if store not in queries.STORES:
        raise ServiceError(f"store：应为 {'、'.join(queries.STORES)} 之一（收到“{store[:20]}”）。", status=422)
    return store


def _page(user: Any, filters: queries.FileFilters, offset: int, limit: int) -> FilePage:
    """The page's rows and count as the list page reads them: summed from the register's counts when no name or
    ID number is searched, else every key once."""
    count, items = keys_first_window(queries.file_list(user, filters), api_window(limit, offset),
                                     count=queries.file_list_count(user, filters))
    return FilePage(count=count, items=[FileOut(**_file_out(f)) for f in items])


@router.get("/households", response=FilePage, summary="困难职工家庭列表",
            description="数据范围内的档案，可按姓名/拼音/首字母、区县、致困原因、困难程度、状态筛选；store 为 "
                        "register（在档与审批中）、relieved（脱困库）或 cancelled（注销库）。")
def list_households(request: HttpRequest, filters: Query[FileQuery]) -> FilePage:
    _require(request, "people.view_hardshipfile")
    store = _store(filters.store)
    # The page's search form checks the filters, so both refuse the same searches in the same words (a district
    # outside the user's scope, or above the user's unit, a cause or status not in the choices): a refused filter
    # is not dropped, which would answer the unfiltered list as if it were the search's result.
    data = _search_form(request, store, q=filters.q, district=filters.district, cause=filters.cause,
                        tier=filters.tier, status=filters.status)
    return _page(request.user, queries.FileFilters(text=data["q"], district=data["district"], cause=data["cause"],
                                                   tier=data["tier"], status=data["status"], store=store),
                 filters.offset, filters.limit)


@router.post("/households", response={201: FileDetailOut}, summary="申请建档",
             description="登记家庭成员、致困原因，生成状态为“申请”的档案并评定困难程度；身份证号已登记时返回 409。")
def create_household(request: HttpRequest, payload: HouseholdIn) -> Status:
    _require(request, "people.add_hardshipfile")
    org = unit_for(request.user, payload.org)
    members = tuple(
        services.MemberInput(
            person=services.PersonInput(name=m.person.name, id_number=m.person.id_number, phone=m.person.phone,
                                        hukou_type=m.person.hukou_type),
            relation=m.relation, employment_status=m.employment_status, has_major_illness=m.has_major_illness,
            disability_or_mental_illness=m.disability_or_mental_illness, monthly_income_fen=m.monthly_income_fen)
        for m in payload.members
    )
    data = services.HouseholdInput(
        members=members, address=payload.address,
        file=services.FileInput(primary_cause=payload.primary_cause, secondary_causes=tuple(payload.secondary_causes),
                                level=payload.level, incident_on=payload.incident_on, note=payload.note))
    hardship_file = services.create_household(actor=request.user, org=org, data=data)
    return Status(201, _detail_out(request, queries.file_detail(request.user, hardship_file.household_id)))


@router.get("/households/{int:household_id}", response=FileDetailOut, summary="困难职工家庭详情",
            description="档案、家庭成员（身份证号脱敏）、变更记录与当前用户可办理的步骤；范围之外返回 404。")
def get_household(request: HttpRequest, household_id: int = HOUSEHOLD_ID) -> FileDetailOut:
    return _detail_out(request, queries.file_detail(request.user, household_id))


@router.patch("/households/{int:household_id}", response=FileDetailOut, summary="修改档案",
              description="修改住址、级别、致困原因或事故日期并重新评定困难程度；version 过期返回 409。")
def update_household(request: HttpRequest, payload: HouseholdUpdateIn,
                     household_id: int = HOUSEHOLD_ID) -> FileDetailOut:
    hardship_file = queries.file_detail(request.user, household_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.update_household(actor=request.user, hardship_file=hardship_file, expected_version=version,
                              changes=changes)
    return _detail_out(request, queries.file_detail(request.user, household_id))


MEMBER_ID = Path(..., ge=1, le=MAX_ID, description="家庭成员编号")


def _member(request: HttpRequest, household_id: int, member_id: int, action: str) -> tuple[HardshipFile,
                                                                                          HouseholdMember]:
    hardship_file = queries.file_detail(request.user, household_id, action)
    member = next((m for m in queries.members_of(hardship_file) if m.pk == member_id), None)
    if member is None:
        raise ServiceError("未找到该家庭成员。", status=404)
    return hardship_file, member


def _member_out(m: HouseholdMember) -> MemberDetailOut:
    p = m.person
    return MemberDetailOut(
        id=m.pk, name=p.name, relation=m.relation, id_number_masked=mask_id_number(p.id_number),
        employment_status=m.employment_status, has_major_illness=m.has_major_illness,
        disability_or_mental_illness=m.disability_or_mental_illness, monthly_income_fen=m.monthly_income_fen,
        person_version=p.version, sex=p.sex, birth_date=p.birth_date, phone_masked=mask_phone(p.phone),
        hukou_type=p.hukou_type, employer_name=p.employer_name, occupation_code=p.occupation_code,
        industry=p.industry, is_union_member=p.is_union_member, has_health_note=bool(p.health_note))


@router.get("/households/{int:household_id}/members/{int:member_id}", response=MemberDetailOut,
            summary="家庭成员详情",
            description="成员的个人信息（身份证号、电话脱敏，不含健康状况内容）；范围之外返回 404。")
def get_household_member(request: HttpRequest, household_id: int = HOUSEHOLD_ID,
                         member_id: int = MEMBER_ID) -> MemberDetailOut:
    return _member_out(_member(request, household_id, member_id, "view")[1])


@router.patch("/households/{int:household_id}/members/{int:member_id}", response=MemberDetailOut,
              summary="修改家庭成员个人信息",
              description="姓名、联系电话、户口性质、工作单位、职业代码、行业、是否工会会员、健康状况；"
                          "未提交的字段不变，电话或健康状况为空字符串表示删除；身份证号不能修改；"
                          "version 为该人员的版本号，过期返回 409。")
def update_household_member(request: HttpRequest, payload: PersonUpdateIn, household_id: int = HOUSEHOLD_ID,
                            member_id: int = MEMBER_ID) -> MemberDetailOut:
    hardship_file, member = _member(request, household_id, member_id, "change")
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.persons.update_person(actor=request.user, hardship_file=hardship_file, member_id=member.pk,
                           expected_version=version, changes=changes)
    return _member_out(_member(request, household_id, member.pk, "view")[1])


@router.post("/households/{int:household_id}/members/{int:member_id}/removal", response=FileDetailOut,
             summary="将成员移出家庭",
             description="须填写原因；户主不能移出；重新评定困难程度；version 为档案的版本号，过期返回 409。")
def remove_household_member(request: HttpRequest, payload: MemberRemoveIn, household_id: int = HOUSEHOLD_ID,
                            member_id: int = MEMBER_ID) -> FileDetailOut:
    hardship_file, member = _member(request, household_id, member_id, "change")
    services.households.remove_member(actor=request.user, hardship_file=hardship_file, member_id=member.pk,
                           expected_version=payload.version, reason=payload.reason)
    return _detail_out(request, queries.file_detail(request.user, household_id))


@router.post("/households/{int:household_id}/transitions", response=FileDetailOut, summary="办理档案流程步骤",
             description="初审、入户调查、公示、审批、临时建档、转正、不予建档、年度复核、脱困、注销、返困；"
                         "录入人不能审批本人录入的档案，申请人不能初审本人的申请；入户调查须附调查记录；"
                         "公示期满且异议均已答复后方可审批；version 过期返回 409。")
def transition_hardship_file(request: HttpRequest, payload: TransitionIn,
                             household_id: int = HOUSEHOLD_ID) -> FileDetailOut:
    hardship_file = queries.file_detail(request.user, household_id)
    record = payload.investigation
    services.transition_hardship_file(actor=request.user, hardship_file=hardship_file, action=payload.action,
                                      expected_version=payload.version, reason=payload.reason,
                                      effective_on=payload.effective_on, note=payload.note,
                                      investigation=services.InvestigationInput(
                                          visited_on=record.visited_on, visitors=record.visitors,
                                          notes=record.notes, no_evidence_reason=record.no_evidence_reason)
                                      if record is not None else None)
    return _detail_out(request, queries.file_detail(request.user, household_id))


@router.post("/households/batch", response=BatchOut, summary="批量办理档案",
             description="勾选的多份档案逐行办理：approve 审批建档、assign_contact 指定帮扶联系人（contact 为用户名）、"
                         "schedule_recheck 安排复核（due_on）。每行单独办理、单独记录，与逐份办理的规则、权限、数据范围"
                         "和版本号相同；被退回的行附原因，其余照常办理。范围外的档案与不存在的一样答复。")
def batch_hardship_files(request: HttpRequest, payload: BatchIn) -> BatchOut:
    _require(request, "people.view_hardshipfile")
    contact = None
    if payload.contact:
        contact = queries.contact_choices(request.user).filter(username=payload.contact).first()
        if contact is None:
            raise ServiceError(f"帮扶联系人：找不到用户名为“{payload.contact}”的工作人员，或其不在您的数据范围内。")
    results = run_batch(actor=request.user, data=BatchInput(
        action=payload.action, items=tuple(BatchItem(row.file_id, row.version) for row in payload.rows),
        contact=contact, due_on=payload.due_on))
    rows = [BatchRowOut(file_id=r.file_id, household_id=r.household_id, head_name=r.head_name, done=r.done,
                        message=r.message) for r in results]
    return BatchOut(action=payload.action, done=sum(r.done for r in rows), refused=sum(not r.done for r in rows),
                    rows=rows)


@router.post("/households/search", response=FilePage, summary="按身份证号或姓名检索",
             description="完整身份证号经盲索引精确匹配（号码只在请求体中提交，不进入网址或日志）；也可按姓名或拼音。")
def search_households(request: HttpRequest, payload: SearchIn) -> FilePage:
    _require(request, "people.view_hardshipfile")
    store, number = _store(payload.store), ""
    if payload.id_number:  # the page's check: a number that is no number
        number = _cleaned(IdSearchForm({"id_number": payload.id_number}))["id_number"]
    text = _search_form(request, store, q=payload.q)["q"]
    return _page(request.user, queries.FileFilters(text=text, id_number=number, store=store), 0, 50)


def _duplicate_out(c: DuplicateCandidate) -> DuplicateOut:
    return DuplicateOut(id=c.pk, file_a=c.file_a_id, file_b=c.file_b_id, reasons=c.reasons, status=c.status,
                        detected_at=c.detected_at)


@router.get("/households/duplicates", response=DuplicatePage, summary="疑似重复档案",
            description="两份档案都在数据范围内的疑似重复记录（默认待核实）。")
def list_duplicate_candidates(request: HttpRequest, status: str = Query("open", max_length=12),
                              offset: int = Query(0, ge=0, le=MAX_OFFSET),
                              limit: int = Query(50, ge=1, le=MAX_LIMIT)) -> DuplicatePage:
    _require(request, "people.view_duplicatecandidate")
    if status and status not in DuplicateStatus.values:
        raise ServiceError(f"status：应为 {'、'.join(DuplicateStatus.values)} 之一，或留空查看全部"
                           f"（收到“{status[:20]}”）。", status=422)
    count, items = keys_first_window(queries.duplicate_queue(request.user, status), api_window(limit, offset))
    return DuplicatePage(count=count, items=[_duplicate_out(c) for c in items])


@router.post("/households/duplicates/{int:candidate_id}/resolve", response=DuplicateOut, summary="处理疑似重复",
             description="合并（保留一份档案，另一份标记为已合并）或认定非重复；仅市总帮扶干部。")
def resolve_duplicate_candidate(request: HttpRequest, payload: DuplicateResolveIn,
                                candidate_id: int = Path(..., ge=1, le=MAX_ID)) -> DuplicateOut:
    candidate = queries.duplicate_detail(request.user, candidate_id)
    resolved = services.resolve_duplicate(actor=request.user, candidate=candidate, decision=payload.decision,
                                          keep_file_id=payload.keep_file_id, note=payload.note)
    return _duplicate_out(resolved)


def _filing_out(f: HardshipFile) -> FilingOut:
    record = queries.filing_record(f)
    return FilingOut(
        status=f.status,
        investigations=[InvestigationOut(visited_on=i.visited_on, visitors=i.visitors, notes=i.notes,
                                         no_evidence_reason=i.no_evidence_reason, evidence_count=i.evidence_count)
                        for i in record.investigations],
        notice_from=record.period[0] if record.period else None,
        notice_until=record.period[1] if record.period else None,
        objections=[ObjectionOut(id=o.pk, raised_on=o.raised_on, raised_by=o.raised_by, content=o.content,
                                 answer=o.answer, answered=o.answered) for o in record.objections],
        open_objections=record.open_objections)


@router.get("/households/{int:household_id}/filing", response=FilingOut, summary="入户调查与公示记录",
            description="入户调查记录、公示期、公示期间的异议及答复。")
def get_filing_record(request: HttpRequest, household_id: int = HOUSEHOLD_ID) -> FilingOut:
    return _filing_out(queries.file_detail(request.user, household_id))


@router.post("/households/{int:household_id}/objections", response={201: FilingOut}, summary="登记公示异议",
             description="仅公示中的档案；日期须在公示期内；异议答复前不能审批。")
def raise_publicity_objection(request: HttpRequest, payload: ObjectionIn,
                              household_id: int = HOUSEHOLD_ID) -> Status:
    hardship_file = queries.file_detail(request.user, household_id)
    services.raise_objection(actor=request.user, hardship_file=hardship_file, content=payload.content,
                             raised_by=payload.raised_by, raised_on=payload.raised_on)
    return Status(201, _filing_out(queries.file_detail(request.user, household_id)))


@router.post("/households/{int:household_id}/objections/{int:objection_id}/answer", response=FilingOut,
             summary="答复公示异议", description="每条异议答复一次；再次答复返回 409。")
def answer_publicity_objection(request: HttpRequest, payload: AnswerIn, household_id: int = HOUSEHOLD_ID,
                               objection_id: int = Path(..., ge=1, le=MAX_ID)) -> FilingOut:
    objection = queries.objection_for(request.user, household_id, objection_id)
    services.answer_objection(actor=request.user, objection=objection, answer=payload.answer)
    return _filing_out(queries.file_detail(request.user, household_id))
