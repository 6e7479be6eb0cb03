"""API: target groups (rules as data), quotas, beneficiary lists and their versions, visits, notice,
campaign reconciliation."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status

from bangfu.accounts.queries import unit_for
from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.assistance.access import program_or_404, require_perm, target_group_or_404
from bangfu.assistance.models import Beneficiary, BeneficiaryList, TargetGroup
from bangfu.assistance.queries import (
    campaign_group_of,
    days_left,
    entry_for,
    entry_to_change,
    list_entries,
    list_for,
    target_group_for,
    unvisited_entries,
    visible_entries,
    visible_lists,
    visible_people,
    visible_quotas,
    visible_target_groups,
    visible_visits,
)
from bangfu.assistance.reconciliation import GroupRow, UnitRow
from bangfu.assistance.rules.compiler import compile_rule
from bangfu.assistance.rules.fields import offered_fields
from bangfu.assistance.rules.render import render_group
from bangfu.assistance.rules.validate import validate_rule
from bangfu.assistance.schemas import (
    BuildIn,
    CampaignReconciliationOut,
    DiffLineOut,
    DiffOut,
    EntryAddIn,
    EntryChangeIn,
    EntryOut,
    FieldOut,
    GroupRowOut,
    ListDetailOut,
    ListOut,
    NoticeRowOut,
    PreviewOut,
    QuotaIn,
    QuotaOut,
    RejectIn,
    TargetGroupIn,
    TargetGroupOut,
    TargetGroupUpdateIn,
    UnitRowOut,
    UnvisitedOut,
    VisitIn,
    VisitOut,
)
from bangfu.assistance.services import lists, programs, visits
from bangfu.assistance.services.exports import export_notice, export_reconciliation
from bangfu.assistance.views.common import own_unit
from bangfu.core.pagination import api_window

router = Router()


def group_out(group: TargetGroup) -> TargetGroupOut:
    return TargetGroupOut(id=group.pk, name=group.name, org_code=group.org.code, description=group.description,
                          is_active=group.is_active, version=group.version, rule=group.rule,
                          text=render_group(group.name, group.rule))


@router.get("/assistance/target-fields", response=list[FieldOut], summary="规则可用字段",
            description="慰问对象规则可以引用的字段、运算与可选值（白名单）。")
def list_target_fields(request: HttpRequest) -> list[FieldOut]:
    return [FieldOut(key=spec.key, label=name, group=str(spec.group), type=spec.type,
                     operators=list(spec.operators), choices=[[code, str(label)] for code, label in spec.choice_list()],
                     free_values=spec.free_values) for spec, name in offered_fields()]


@router.get("/assistance/target-groups", response=list[TargetGroupOut], summary="慰问对象类别")
def list_target_groups(request: HttpRequest, q: str = "") -> list[TargetGroupOut]:
    groups = visible_target_groups(request.user, text=q)
    return [group_out(g) for g in groups[:500]]


@router.get("/assistance/target-groups/{int:group_id}", response=TargetGroupOut, summary="慰问对象类别详情")
def get_target_group(request: HttpRequest, group_id: int) -> TargetGroupOut:
    return group_out(target_group_or_404(request.user, group_id))


@router.post("/assistance/target-groups", response={201: TargetGroupOut}, summary="新建慰问对象类别",
             description="规则为 JSON：{\"all\"|\"any\": [条件…]}，条件 {field, op, value}；字段见 target-fields。")
def create_target_group(request: HttpRequest, payload: TargetGroupIn) -> Status:
    require_perm(request.user, "assistance.add_targetgroup")
    group = programs.create_target_group(actor=request.user, org=own_unit(request.user), name=payload.name,
                                         rule=payload.rule, description=payload.description)
    return Status(201, group_out(group))


@router.put("/assistance/target-groups/{int:group_id}", response=TargetGroupOut, summary="修改慰问对象类别",
            description="须带上读取时的 version；他人已修改时返回 409。")
def update_target_group(request: HttpRequest, group_id: int, payload: TargetGroupUpdateIn) -> TargetGroupOut:
    group = target_group_for(request.user, group_id, "change")
    programs.update_target_group(actor=request.user, group=group, expected_version=payload.version,
                                 name=payload.name, rule=payload.rule, description=payload.description,
                                 is_active=payload.is_active)
    return group_out(group)


@router.post("/assistance/target-groups/preview", response=PreviewOut, summary="试算规则",
             description="在本人数据范围内，按规则数出符合条件的人数（不保存）。")
def preview_target_rule(request: HttpRequest, payload: TargetGroupIn) -> PreviewOut:
    rule = validate_rule(payload.rule)
    people = visible_people(request.user).filter(died_on_duty=False)
    return PreviewOut(matches=people.filter(compile_rule(rule, timezone.localdate())).count(),
                      text=render_group(payload.name, rule))


@router.get("/assistance/programs/{program_id}/quotas", response=list[QuotaOut], summary="名额")
def list_program_quotas(request: HttpRequest, program_id: int) -> list[QuotaOut]:
    program = program_or_404(request.user, program_id)
    return [QuotaOut(unit_code=q.org.code, unit_name=q.org.name, priority=q.campaign_group.priority,
                     group=q.campaign_group.target_group.name, max_people=q.max_people)
            for q in visible_quotas(request.user, program)]


@router.post("/assistance/programs/{program_id}/quotas", response=QuotaOut, summary="设置名额")
def set_program_quota(request: HttpRequest, program_id: int, payload: QuotaIn) -> QuotaOut:
    require_perm(request.user, "assistance.add_quota")
    program = program_or_404(request.user, program_id)
    unit = unit_for(request.user, payload.unit_code)
    group = campaign_group_of(program, priority=payload.group_priority)
    if group is None:
        raise Http404
    quota = programs.set_quota(actor=request.user, program=program, campaign_group=group, unit=unit,
                               max_people=payload.max_people)
    return QuotaOut(unit_code=unit.code, unit_name=unit.name, priority=group.priority, group=group.target_group.name,
                    max_people=quota.max_people)


def list_out(blist: BeneficiaryList) -> ListOut:
    stats = blist.entries.aggregate(n_in=Count("id", filter=Q(included=True)),
                                    n_out=Count("id", filter=Q(included=False)),
                                    amount=Sum("amount_fen", filter=Q(included=True)))
    return ListOut(id=blist.pk, program_id=blist.program_id, unit_code=blist.org.code, unit_name=blist.org.name,
                   revision=blist.revision, status=blist.status, included=stats["n_in"],
                   excluded=stats["n_out"], amount_fen=int(stats["amount"] or 0))


def entry_out(e: Beneficiary) -> EntryOut:
    return EntryOut(id=e.pk, person_id=e.person_id, name=e.person.name, unit=e.org.name,
                    group=e.campaign_group.target_group.name, other_groups=e.other_groups, reasons=e.reasons,
                    amount_fen=e.amount_fen, included=e.included, exclusion_reason=e.exclusion_reason,
                    visited=bool(getattr(e, "visited", False)))


@router.get("/assistance/programs/{program_id}/lists", response=list[ListOut], summary="慰问名单（各单位各版本）")
def list_beneficiary_lists(request: HttpRequest, program_id: int) -> list[ListOut]:
    program = program_or_404(request.user, program_id)
    return [list_out(b) for b in visible_lists(request.user).filter(program=program)]


@router.post("/assistance/programs/{program_id}/lists", response={201: ListOut}, summary="按规则生成单位名单",
             description="按各类慰问对象规则在数据库中筛选，跨类别去重（保留优先级最高的类别），"
                         "排除已列入本活动其他单位或同期其他活动名单的人员，并按名额截取。")
def build_unit_list(request: HttpRequest, program_id: int, payload: BuildIn) -> Status:
    require_perm(request.user, "assistance.add_beneficiarylist")
    program = program_or_404(request.user, program_id)
    unit = unit_for(request.user, payload.unit_code)
    return Status(201, list_out(lists.build_list(actor=request.user, program=program, unit=unit)))


@router.get("/assistance/lists/{list_id}", response=ListDetailOut, summary="名单详情（含理由）")
def get_beneficiary_list(request: HttpRequest, list_id: int, limit: int = 500, offset: int = 0) -> ListDetailOut:
    blist = get_scoped_or_404(visible_lists(request.user), request.user, "view", pk=list_id)
    entries = list_entries(request.user, blist)[api_window(limit, offset, most=2000)]
    return ListDetailOut(**list_out(blist).dict(), entries=[entry_out(e) for e in entries])


@router.post("/assistance/lists/{list_id}/submit", response=ListOut, summary="提交名单审批")
def submit_beneficiary_list(request: HttpRequest, list_id: int) -> ListOut:
    return list_out(lists.submit_list(actor=request.user, blist=list_for(request.user, list_id, "change")))


@router.post("/assistance/lists/{list_id}/approve", response=ListOut, summary="审批并冻结名单",
             description="审批人不能是名单的编制人或提交人。")
def approve_beneficiary_list(request: HttpRequest, list_id: int) -> ListOut:
    return list_out(lists.approve_list(actor=request.user, blist=list_for(request.user, list_id, "approve")))


@router.post("/assistance/lists/{list_id}/reject", response=ListOut, summary="退回名单")
def reject_beneficiary_list(request: HttpRequest, list_id: int, payload: RejectIn) -> ListOut:
    return list_out(lists.reject_list(actor=request.user, blist=list_for(request.user, list_id, "approve"),
                                      note=payload.note))


@router.post("/assistance/lists/{list_id}/revise", response={201: ListOut}, summary="生成名单新版本",
             description="已冻结的名单不能修改，只能生成新版本后修改再审批。")
def revise_beneficiary_list(request: HttpRequest, list_id: int) -> Status:
    return Status(201, list_out(lists.revise_list(actor=request.user, blist=list_for(request.user, list_id, "change"))))


@router.get("/assistance/lists/{list_id}/diff", response=DiffOut, summary="与上一版本的差异")
def get_list_diff(request: HttpRequest, list_id: int) -> DiffOut:
    blist = get_scoped_or_404(visible_lists(request.user), request.user, "view", pk=list_id)
    visible = set(visible_entries(request.user).filter(blist=blist).values_list("person_id", flat=True))
    if blist.previous_id:
        previous = visible_entries(request.user).filter(blist=blist.previous_id)
        visible |= set(previous.values_list("person_id", flat=True))
    diff = lists.list_diff(blist)

    def lines(changes: list[lists.EntryChange]) -> list[DiffLineOut]:
        return [DiffLineOut(person_id=c.person_id, name=c.name, group=c.group, old_fen=c.old_fen, new_fen=c.new_fen)
                for c in changes if c.person_id in visible]

    return DiffOut(from_revision=blist.previous.revision if blist.previous else None, to_revision=blist.revision,
                   summary=diff.summary(), added=lines(diff.added), removed=lines(diff.removed),
                   changed=lines(diff.changed))


@router.post("/assistance/lists/{list_id}/entries", response={201: EntryOut}, summary="人工添加名单人员")
def add_list_entry(request: HttpRequest, list_id: int, payload: EntryAddIn) -> Status:
    blist = list_for(request.user, list_id, "change")
    person = visible_people(request.user).filter(pk=payload.person_id).first()
    group = campaign_group_of(blist.program, priority=payload.group_priority)
    if person is None or group is None:
        raise Http404
    entry = lists.add_entry(actor=request.user, blist=blist, person=person, campaign_group=group,
                            amount_fen=payload.amount_fen, reason=payload.reason)
    return Status(201, entry_out(visible_entries(request.user).get(pk=entry.pk)))


@router.patch("/assistance/entries/{entry_id}", response=EntryOut, summary="调整名单人员（金额、列入/移除）")
def change_list_entry(request: HttpRequest, entry_id: int, payload: EntryChangeIn) -> EntryOut:
    entry = entry_to_change(request.user, entry_id)
    lists.change_entry(actor=request.user, entry=entry, amount_fen=payload.amount_fen, included=payload.included,
                       note=payload.note)
    return entry_out(visible_entries(request.user).get(pk=entry.pk))


def visit_out(v: object) -> VisitOut:
    return VisitOut(id=v.pk, entry_id=v.beneficiary_id, person_id=v.person_id, visited_at=v.visited_at,  # type: ignore[attr-defined]
                    place=v.place, cash_fen=v.cash_fen, fubao_count=v.fubao_count,  # type: ignore[attr-defined]
                    goods_description=v.goods_description, goods_value_fen=v.goods_value_fen,  # type: ignore[attr-defined]
                    disbursement_id=v.disbursement_id, has_photo=bool(v.photo),  # type: ignore[attr-defined]
                    has_signature=bool(v.signature))  # type: ignore[attr-defined]


@router.post("/assistance/entries/{entry_id}/visits", response={201: VisitOut, 200: VisitOut}, summary="记录走访",
             description="每人每次活动只走访一次；送现金时从本单位（或最近上级）账户发放。照片与签名请用页面上传。")
def record_beneficiary_visit(request: HttpRequest, entry_id: int, payload: VisitIn) -> Status:
    entry = entry_for(request.user, entry_id, "assistance.add_visit")
    require_perm(request.user, "assistance.add_visit")
    visit, created = visits.record_visit(
        actor=request.user, beneficiary=entry, visited_at=payload.visited_at, place=payload.place,
        key=payload.idempotency_key, cash_fen=payload.cash_fen, fubao_count=payload.fubao_count,
        goods_description=payload.goods_description, goods_value_fen=payload.goods_value_fen, note=payload.note)
    return Status(201 if created else 200, visit_out(visit))


@router.get("/assistance/visits/{visit_id}", response=VisitOut, summary="走访记录")
def get_visit_record(request: HttpRequest, visit_id: int) -> VisitOut:
    return visit_out(get_scoped_or_404(visible_visits(request.user), request.user, "view", pk=visit_id))


@router.get("/assistance/programs/{program_id}/unvisited", response=list[UnvisitedOut], summary="尚未走访的人员",
            description="已审批名单中尚未走访的人员，附距截止日的天数。")
def list_unvisited_beneficiaries(request: HttpRequest, program_id: int, limit: int = 500) -> list[UnvisitedOut]:
    program = program_or_404(request.user, program_id)
    left = days_left(program, timezone.localdate())
    return [UnvisitedOut(entry_id=e.pk, name=e.person.name, unit=e.org.name, group=e.campaign_group.target_group.name,
                         amount_fen=e.amount_fen, days_left=left)
            for e in unvisited_entries(request.user, program)[api_window(limit, most=5000)]]


@router.get("/assistance/programs/{program_id}/notice", response=list[NoticeRowOut], summary="公示名单",
            description="姓名脱敏（张*丰），仅含单位、类别与金额。")
def get_public_notice(request: HttpRequest, program_id: int) -> list[NoticeRowOut]:
    program = program_or_404(request.user, program_id)
    return [NoticeRowOut(masked_name=r.masked_name, unit=r.unit, group=r.group, amount_fen=r.amount_fen)
            for r in export_notice(actor=request.user, program=program, fmt="json")]


@router.get("/assistance/programs/{program_id}/reconciliation", response=CampaignReconciliationOut,
            summary="活动对账：下拨、发放、走访", description="按单位与类别对比下拨资金、发放金额、名单与走访。")
def get_campaign_reconciliation(request: HttpRequest, program_id: int) -> CampaignReconciliationOut:
    program = program_or_404(request.user, program_id)
    report = export_reconciliation(actor=request.user, program=program, fmt="json")
    return CampaignReconciliationOut(
        units=[unit_row_out(u) for u in report.units], unit_total=unit_row_out(report.unit_totals()),
        groups=[group_row_out(g) for g in report.groups], group_total=report.totals(), ok=report.ok,
        problems=report.problems)


def unit_row_out(u: UnitRow) -> UnitRowOut:
    return UnitRowOut(unit=u.unit, received_fen=u.received_fen, passed_down_fen=u.passed_down_fen,
                      disbursed_fen=u.disbursed_fen, balance_fen=u.balance_fen, planned_people=u.planned_people,
                      planned_fen=u.planned_fen, visited_people=u.visited_people,
                      visited_cash_fen=u.visited_cash_fen, paid_fen=u.paid_fen, top_up_fen=u.top_up_fen,
                      difference_fen=u.difference_fen, ledger_consistent=u.ledger_consistent,
                      consistent=u.consistent, problems=u.problems)


def group_row_out(g: GroupRow) -> GroupRowOut:
    return GroupRowOut(priority=g.priority, group=g.group, planned_people=g.planned_people, planned_fen=g.planned_fen,
                       visited_people=g.visited_people, cash_fen=g.cash_fen, goods_value_fen=g.goods_value_fen,
                       fubao=g.fubao, disbursed_fen=g.disbursed_fen, top_up_fen=g.top_up_fen,
                       difference_fen=g.difference_fen, consistent=g.consistent, problems=g.problems)
