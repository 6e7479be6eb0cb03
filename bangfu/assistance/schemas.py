"""API shapes of the assistance app. Money is integer fen; `*_yuan` fields are the same amount for display."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class ProgramOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    org_code: str
    org_name: str
    starts_on: dt.date
    ends_on: dt.date
    deadline: dt.date
    festival: str


class AllocationOut(Schema):
    id: int
    fund_id: int
    unit_code: str
    unit_name: str
    parent_id: int | None
    balance_fen: int
    balance_yuan: str


class AllocateIn(Schema):
    unit_code: str
    amount_fen: int = Field(..., gt=0)
    idempotency_key: str = Field(..., min_length=1, max_length=100)
    memo: str = ""


class LedgerEntryOut(Schema):
    id: int
    kind: str
    amount_fen: int
    source_unit: str | None
    destination_unit: str | None
    idempotency_key: str
    reverses_id: int | None
    memo: str
    created_at: dt.datetime


class DisburseIn(Schema):
    amount_fen: int = Field(..., gt=0)
    idempotency_key: str = Field(..., min_length=1, max_length=100)
    purpose: str = ""


class DisbursementOut(Schema):
    id: int
    allocation_id: int
    amount_fen: int
    status: str
    idempotency_key: str
    ledger_entry_id: int | None
    replayed: bool = False


class ReverseIn(Schema):
    idempotency_key: str = Field(..., min_length=1, max_length=100)
    reason: str = Field(..., min_length=1, max_length=200)


class AccountCheckOut(Schema):
    allocation_id: int
    unit: str
    balance_fen: int
    ledger_fen: int
    ok: bool


class FundReconciliationOut(Schema):
    fund_id: int
    budget_fen: int
    topped_up_fen: int
    disbursed_fen: int
    held_fen: int
    ok: bool
    problems: list[str]
    accounts: list[AccountCheckOut]


class TargetGroupOut(Schema):
    id: int
    name: str
    org_code: str
    description: str
    is_active: bool
    version: int
    rule: dict[str, Any]
    text: str


class TargetGroupIn(Schema):
    name: str = Field(..., min_length=1, max_length=60)
    description: str = ""
    rule: dict[str, Any]


class TargetGroupUpdateIn(TargetGroupIn):
    version: int
    is_active: bool = True


class FieldOut(Schema):
    key: str
    label: str
    group: str
    type: str
    operators: list[str]
    choices: list[list[str]]
    free_values: bool


class PreviewOut(Schema):
    matches: int
    text: str


class ListOut(Schema):
    id: int
    program_id: int
    unit_code: str
    unit_name: str
    revision: int
    status: str
    included: int
    excluded: int
    amount_fen: int


class EntryOut(Schema):
    id: int
    person_id: int
    name: str
    unit: str
    group: str
    other_groups: list[str]
    reasons: list[str]
    amount_fen: int
    included: bool
    exclusion_reason: str
    visited: bool


class ListDetailOut(ListOut):
    entries: list[EntryOut]


class BuildIn(Schema):
    unit_code: str


class RejectIn(Schema):
    note: str = Field(..., min_length=1, max_length=300)


class EntryAddIn(Schema):
    person_id: int
    group_priority: int
    amount_fen: int = Field(..., ge=0)
    reason: str = Field(..., min_length=1, max_length=150)


class EntryChangeIn(Schema):
    amount_fen: int | None = Field(None, ge=0)
    included: bool | None = None
    note: str = ""


class DiffLineOut(Schema):
    person_id: int
    name: str
    group: str
    old_fen: int
    new_fen: int


class DiffOut(Schema):
    from_revision: int | None
    to_revision: int
    summary: str
    added: list[DiffLineOut]
    removed: list[DiffLineOut]
    changed: list[DiffLineOut]


class VisitIn(Schema):
    visited_at: dt.datetime
    place: str = Field(..., min_length=1, max_length=200)
    cash_fen: int = Field(0, ge=0)
    fubao_count: int = Field(0, ge=0)
    goods_description: str = ""
    goods_value_fen: int = Field(0, ge=0)
    note: str = ""
    idempotency_key: str = Field(..., min_length=1, max_length=100)


class VisitOut(Schema):
    id: int
    entry_id: int
    person_id: int
    visited_at: dt.datetime
    place: str
    cash_fen: int
    fubao_count: int
    goods_description: str
    goods_value_fen: int
    disbursement_id: int | None
    has_photo: bool
    has_signature: bool


class UnvisitedOut(Schema):
    entry_id: int
    name: str
    unit: str
    group: str
    amount_fen: int
    days_left: int


class NoticeRowOut(Schema):
    masked_name: str
    unit: str
    group: str
    amount_fen: int


class UnitRowOut(Schema):
    unit: str
    received_fen: int
    passed_down_fen: int
    disbursed_fen: int
    balance_fen: int
    planned_people: int
    planned_fen: int
    visited_people: int
    visited_cash_fen: int
    paid_fen: int = Field(..., description="走访实发与已批准追加之和（分）")
    top_up_fen: int
    difference_fen: int = Field(..., description="实发 − 计划（分）；仅可因已批准的追加而大于 0")
    ledger_consistent: bool
    consistent: bool = Field(..., description="台账一致且实发与计划相符")
    problems: list[str]


class GroupRowOut(Schema):
    priority: int
    group: str
    planned_people: int
    planned_fen: int
    visited_people: int
    cash_fen: int
    goods_value_fen: int
    fubao: int
    disbursed_fen: int
    top_up_fen: int
    difference_fen: int
    consistent: bool
    problems: list[str]


class CampaignReconciliationOut(Schema):
    units: list[UnitRowOut]
    unit_total: UnitRowOut
    groups: list[GroupRowOut]
    group_total: dict[str, int]
    ok: bool
    problems: list[str]


class TopUpIn(Schema):
    amount_fen: int = Field(..., gt=0, description="追加金额（分）")
    reason: str = Field(..., min_length=1, max_length=300)
    idempotency_key: str = Field(..., min_length=1, max_length=100)


class TopUpDecisionIn(Schema):
    note: str = Field("", max_length=300)


class TopUpOut(Schema):
    id: int
    entry_id: int
    person_id: int
    name: str
    amount_fen: int
    reason: str
    status: str
    idempotency_key: str
    disbursement_id: int | None
    requested_by: str
    decided_by: str | None
    replayed: bool = False


class ClaimIn(Schema):
    program_id: int
    household_id: int
    patient_id: int
    incurred_on: dt.date
    hospital: str = ""
    total_cost_fen: int = Field(..., ge=0)
    insurance_fen: int = Field(0, ge=0)
    other_aid_fen: int = Field(0, ge=0)
    idempotency_key: str = Field(..., min_length=1, max_length=100)


class ClaimOut(Schema):
    id: int
    program_id: int
    household_id: int
    year: int
    incurred_on: dt.date
    total_cost_fen: int
    insurance_fen: int
    other_aid_fen: int
    out_of_pocket_fen: int
    aid_fen: int
    status: str
    lines: list[str]
    disbursement_id: int | None


class QuotaOut(Schema):
    unit_code: str
    unit_name: str
    priority: int
    group: str
    max_people: int


class QuotaIn(Schema):
    unit_code: str
    group_priority: int
    max_people: int = Field(..., ge=0)


class ReopeningIn(Schema):
    new_ends_on: dt.date = Field(..., description="重新启用后的结束日期，不早于今天")
    decision_ref: str = Field(..., min_length=1, max_length=100, description="批准重新启用的决定文号")
    reason: str = Field(..., min_length=1, max_length=300)


class ReopeningOut(Schema):
    id: int
    program_id: int
    program_name: str
    new_ends_on: dt.date
    decision_ref: str
    reason: str
    status: str
    requested_by: str
    decided_by: str | None
    decision_note: str
    version: int
