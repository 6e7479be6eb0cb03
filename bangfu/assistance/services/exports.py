"""Exports of campaign data (the public notice, the reconciliation): the page's .xlsx download and the
API's listing are the same extract, so both go through these functions and write the same audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bangfu.assistance.models import Program
from bangfu.assistance.notice import NoticeRow, notice_rows
from bangfu.assistance.reconciliation import campaign_reconciliation
from bangfu.core import audit
from bangfu.core.money import format_yuan


def export_notice(*, actor: Any, program: Program, fmt: str) -> list[NoticeRow]:
    """The notice's rows for a download (`fmt` "xlsx") or the API ("json"), recorded."""
    rows = notice_rows(actor, program)
    with transaction.atomic():
        audit.record("assistance.notice_export", actor=actor, obj=program, changes={"rows": len(rows), "format": fmt})
    return rows


def export_reconciliation(*, actor: Any, program: Program, fmt: str) -> Any:
    """The campaign reconciliation for a download or the API, recorded."""
    report = campaign_reconciliation(actor, program)
    with transaction.atomic():
        audit.record("assistance.reconciliation_export", actor=actor, obj=program,
                     changes={"total": format_yuan(report.totals()["disbursed_fen"]),
                              "differences": len(report.problems), "format": fmt})
    return report
