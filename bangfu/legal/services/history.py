"""Closed cases recorded in bulk: a station's past ledger (and the demo's four years) in a few statements.

Every case is checked as `intake_case` and `close_case` would check it; a bad row is refused with its number
and nothing is written (the caller fixes the row and sends the batch again). Claimants are means-tested like
new ones. One audit event per call names how many cases and claimants were recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from bangfu.accounts.scoping import scoped
from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.legal import clocks
from bangfu.legal.models import (
    CaseStatus,
    Channel,
    Claimant,
    DisputeType,
    Lawyer,
    LegalAidStation,
    LegalCase,
    Outcome,
    ServiceType,
)
from bangfu.legal.services.bulk import insert_rows
from bangfu.legal.services.cases import ClaimantIn, _claimant, _require, _run_means_test


@dataclass(frozen=True)
class PastCase:
    station: LegalAidStation
    intake_date: dt.date
    closed_on: dt.date
    employer_name: str
    dispute_type: str
    service_type: str
    outcome: str
    claimants: list[ClaimantIn]
    recovered_fen: list[int] = field(default_factory=list)  # per claimant, in the claimants' order
    lawyer: Lawyer | None = None
    channel: str = Channel.WALK_IN
    knew_on: dt.date | None = None


# The allowed values, computed once (an enum's `.values` builds a new list on every call).
_ALLOWED = {label: frozenset(choices.values) for label, choices in (
    ("争议类型", DisputeType), ("服务类型", ServiceType), ("结案方式", Outcome), ("受理渠道", Channel))}


def _check(number: int, past: PastCase, today: dt.date) -> None:
    where = f"第 {number} 条案件"
    if past.intake_date > today or past.closed_on > today:
        raise ServiceError(f"{where}：日期不能晚于今天", status=422)
    if past.closed_on < past.intake_date:
        raise ServiceError(f"{where}：结案日期不能早于受理日期", status=422)
    checks = ((past.dispute_type, "争议类型"), (past.service_type, "服务类型"), (past.outcome, "结案方式"),
              (past.channel, "受理渠道"))
    for value, label in checks:
        if value not in _ALLOWED[label]:
            raise ServiceError(f"{where}：{label}“{value}”不是可选值之一", status=422)
    if not past.claimants or len(past.recovered_fen) != len(past.claimants):
        raise ServiceError(f"{where}：申请人与挽回金额须一一对应，且至少一位申请人", status=422)
    if any(amount < 0 for amount in past.recovered_fen):
        raise ServiceError(f"{where}：挽回金额不能为负数", status=422)


@transaction.atomic
def record_closed_cases(*, actor: Any, cases: Sequence[PastCase], today: dt.date) -> int:
    """Write the closed cases and their claimants; returns how many cases were recorded."""
    _require(actor, "legal.add_legalcase", "登记法律援助案件")
    stations = {past.station.pk for past in cases}
    visible = set(scoped(LegalAidStation.objects.filter(pk__in=stations), actor).values_list("pk", flat=True))
    calendar = clocks.holidays()
    records: list[LegalCase] = []
    claimant_rows: list[list[Claimant]] = []
    for number, past in enumerate(cases, start=1):
        if past.station.pk not in visible:
            raise ServiceError(f"第 {number} 条案件：工作站不在您的数据范围内", status=404)
        _check(number, past, today)
        case = LegalCase(
            org=past.station.org, created_by=actor, station=past.station, intake_date=past.intake_date,
            channel=past.channel, collective=len(past.claimants) > 1, employer_name=past.employer_name[:100],
            dispute_type=past.dispute_type, service_type=past.service_type, knew_on=past.knew_on,
            review_due_on=clocks.review_due(past.intake_date, calendar),
            limit_on=clocks.arbitration_limit(past.knew_on) if past.knew_on else None,
            status=CaseStatus.CLOSED, lawyer=past.lawyer, reviewed_on=past.intake_date, closed_on=past.closed_on,
            days_to_close=(past.closed_on - past.intake_date).days, outcome=past.outcome,
            claimant_count=len(past.claimants), claimed_fen=sum(c.claimed_fen for c in past.claimants),
            recovered_fen=sum(past.recovered_fen),
        )
        rows = []
        for row, (data, recovered) in enumerate(zip(past.claimants, past.recovered_fen, strict=True), start=1):
            try:
                claimant, _number = _claimant(row, data)
            except ServiceError as exc:
                raise ServiceError(f"第 {number} 条案件，{exc}", status=422) from None
            claimant.recovered_fen, claimant.result, claimant.settled_on = recovered, past.outcome, past.closed_on
            claimant.org, claimant.created_by = case.org, actor
            _run_means_test(claimant, case)
            rows.append(claimant)
        records.append(case)
        claimant_rows.append(rows)
    insert_rows(LegalCase, records)
    claimants = []
    for case, rows in zip(records, claimant_rows, strict=True):
        for claimant in rows:
            claimant.case_id = case.pk
            claimants.append(claimant)
    insert_rows(Claimant, claimants)
    audit.record("legal.cases_recorded", actor=actor, org=getattr(actor, "org", None),
                 changes={"cases": len(records), "claimants": len(claimants)})
    return len(records)

