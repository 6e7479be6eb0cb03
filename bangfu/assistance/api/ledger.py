"""API: programs, funds, allocations, disbursements, reversals, reconciliation of the ledger."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Status

from bangfu.accounts.queries import unit_for
from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.assistance.access import program_or_404, require_perm
from bangfu.assistance.models import Allocation, Disbursement, Fund, LedgerEntry
from bangfu.assistance.queries import (
    allocation_ledger,
    disbursement_for,
    ledger_entry_for,
    visible_allocations,
    visible_funds,
    visible_ledger,
    visible_programs,
)
from bangfu.assistance.schemas import (
    AllocateIn,
    AllocationOut,
    DisburseIn,
    DisbursementOut,
    FundReconciliationOut,
    LedgerEntryOut,
    ProgramOut,
    ReverseIn,
)
from bangfu.assistance.services import ledger
from bangfu.core.money import format_yuan
from bangfu.core.pagination import api_window

router = Router()


def program_out(program: object) -> ProgramOut:
    p = program
    return ProgramOut(id=p.pk, name=p.name, kind=p.kind, status=p.status, org_code=p.org.code,  # type: ignore[attr-defined]
                      org_name=p.org.name, starts_on=p.starts_on, ends_on=p.ends_on,  # type: ignore[attr-defined]
                      deadline=p.deadline, festival=p.festival)  # type: ignore[attr-defined]


def allocation_out(a: Allocation) -> AllocationOut:
    return AllocationOut(id=a.pk, fund_id=a.fund_id, unit_code=a.org.code, unit_name=a.org.name,
                         parent_id=a.parent_id, balance_fen=a.balance_fen, balance_yuan=format_yuan(a.balance_fen))


def entry_out(e: LedgerEntry) -> LedgerEntryOut:
    return LedgerEntryOut(id=e.pk, kind=e.kind, amount_fen=e.amount_fen,
                          source_unit=e.source.org.name if e.source else None,
                          destination_unit=e.destination.org.name if e.destination else None,
                          idempotency_key=e.client_key, reverses_id=e.reverses_id, memo=e.memo,
                          created_at=e.created_at)


def disbursement_out(d: Disbursement, replayed: bool = False) -> DisbursementOut:
    return DisbursementOut(id=d.pk, allocation_id=d.allocation_id, amount_fen=d.amount_fen, status=d.status,
                           idempotency_key=d.client_key, ledger_entry_id=d.ledger_entry_id, replayed=replayed)


@router.get("/assistance/programs", response=list[ProgramOut], summary="帮扶项目列表",
            description="数据范围内的帮扶项目，以及上级单位组织、已向本单位下拨资金或下达名单的项目。")
def list_assistance_programs(request: HttpRequest, q: str = "") -> list[ProgramOut]:
    programs = visible_programs(request.user, text=q)
    return [program_out(p) for p in programs.order_by("-starts_on", "name")[:200]]


@router.get("/assistance/programs/{program_id}", response=ProgramOut, summary="帮扶项目详情")
def get_assistance_program(request: HttpRequest, program_id: int) -> ProgramOut:
    return program_out(program_or_404(request.user, program_id))


@router.get("/assistance/funds/{fund_id}/allocations", response=list[AllocationOut], summary="资金分配（各单位账户）",
            description="该资金在数据范围内各单位的账户与余额（分）。")
def list_fund_allocations(request: HttpRequest, fund_id: int) -> list[AllocationOut]:
    fund = _fund_or_404(request, fund_id)
    return [allocation_out(a) for a in visible_allocations(request.user).filter(fund=fund)]


def _fund_or_404(request: HttpRequest, fund_id: int) -> Fund:
    fund = visible_funds(request.user).filter(pk=fund_id).first()
    if fund is None:
        raise Http404
    return fund


@router.post("/assistance/funds/{fund_id}/allocations", response={201: LedgerEntryOut}, summary="向下级单位下拨资金",
             description="从最近的上级账户向该单位下拨；同一幂等键重复提交只记一次。")
def allocate_fund_to_unit(request: HttpRequest, fund_id: int, payload: AllocateIn) -> Status:
    require_perm(request.user, "assistance.add_allocation")
    fund = _fund_or_404(request, fund_id)
    unit = unit_for(request.user, payload.unit_code)
    source = ledger.nearest_allocation(fund, unit, strictly_above=True)
    if source is None or not visible_allocations(request.user).filter(pk=source.pk).exists():
        raise Http404
    entry = ledger.allocate(actor=request.user, fund=fund, to_unit=unit, amount_fen=payload.amount_fen,
                            key=payload.idempotency_key, memo=payload.memo, source=source)
    entry = visible_ledger(request.user).get(pk=entry.pk)
    return Status(201, entry_out(entry))


@router.get("/assistance/allocations/{allocation_id}", response=AllocationOut, summary="单位账户余额")
def get_allocation_balance(request: HttpRequest, allocation_id: int) -> AllocationOut:
    return allocation_out(get_scoped_or_404(visible_allocations(request.user), request.user, "view",
                                            pk=allocation_id))


@router.get("/assistance/allocations/{allocation_id}/ledger", response=list[LedgerEntryOut], summary="账户台账")
def list_allocation_ledger(request: HttpRequest, allocation_id: int, limit: int = 100) -> list[LedgerEntryOut]:
    account = get_scoped_or_404(visible_allocations(request.user), request.user, "view", pk=allocation_id)
    entries = allocation_ledger(account)[api_window(limit)]
    return [entry_out(e) for e in entries]


@router.post("/assistance/allocations/{allocation_id}/disbursements",
             response={201: DisbursementOut, 200: DisbursementOut},
             summary="从单位账户发放",
             description="有条件扣减余额（余额不足返回 409）；超过大额标准的发放待第二人审批。"
                         "同一幂等键重试返回首次结果（200，replayed=true），不会重复支付。")
def disburse_from_allocation(request: HttpRequest, allocation_id: int,
                             payload: DisburseIn) -> Status:
    account = get_scoped_or_404(visible_allocations(request.user), request.user, "view", pk=allocation_id)
    require_perm(request.user, "assistance.add_disbursement")
    disbursement, created = ledger.disburse(actor=request.user, allocation=account, amount_fen=payload.amount_fen,
                                            key=payload.idempotency_key, purpose=payload.purpose)
    return Status(201 if created else 200, disbursement_out(disbursement, replayed=not created))


@router.post("/assistance/disbursements/{disbursement_id}/approve", response=DisbursementOut, summary="审批大额发放",
             description="第二审批人（不能是经办人）批准后才扣减余额。")
def approve_large_disbursement(request: HttpRequest, disbursement_id: int) -> DisbursementOut:
    disbursement = disbursement_for(request.user, disbursement_id, "approve")
    return disbursement_out(ledger.approve_disbursement(actor=request.user, disbursement=disbursement))


@router.post("/assistance/ledger/{entry_id}/reverse", response={201: LedgerEntryOut}, summary="冲正一笔资金变动")
def reverse_ledger_entry(request: HttpRequest, entry_id: int, payload: ReverseIn) -> Status:
    entry = ledger_entry_for(request.user, entry_id, "reverse")
    reversal = ledger.reverse_entry(actor=request.user, entry=entry, key=payload.idempotency_key,
                                    reason=payload.reason)
    reversal = ledger_entry_for(request.user, reversal.pk)
    return Status(201, entry_out(reversal))


@router.get("/assistance/funds/{fund_id}/reconciliation", response=FundReconciliationOut, summary="资金台账核对",
            description="各账户余额字段与台账逐一核对，以及预算、发放、余额合计的勾稽关系。")
def reconcile_fund_ledger(request: HttpRequest, fund_id: int) -> FundReconciliationOut:
    fund = _fund_or_404(request, fund_id)
    report = ledger.reconcile_fund(fund)
    visible = set(visible_allocations(request.user).filter(fund=fund).values_list("pk", flat=True))
    return FundReconciliationOut(
        fund_id=fund.pk, budget_fen=report.budget_fen, topped_up_fen=report.inflow_fen,
        disbursed_fen=report.outflow_fen, held_fen=report.held_fen, ok=report.ok, problems=report.problems,
        accounts=[{"allocation_id": a.allocation_id, "unit": a.unit, "balance_fen": a.balance_fen,  # type: ignore[misc]
                   "ledger_fen": a.ledger_fen, "ok": a.ok} for a in report.accounts if a.allocation_id in visible])
