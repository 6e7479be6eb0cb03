"""The public notice (公示) and the campaign reconciliation (对账): pages and .xlsx exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from bangfu.assistance.access import program_or_404
from bangfu.assistance.exports import XLSX, workbook_bytes
from bangfu.assistance.notice import notice_rows
from bangfu.assistance.reconciliation import GroupRow, UnitRow, campaign_reconciliation
from bangfu.assistance.services.exports import export_notice, export_reconciliation
from bangfu.core.money import yuan_decimal


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    rows = notice_rows(request.user, program)
    total = sum(row.amount_fen for row in rows)
    return render(request, "assistance/notice.html", {"program": program, "rows": rows, "total": total})


def _download(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def notice_export(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    rows = export_notice(actor=request.user, program=program, fmt="xlsx")
    header = [_("No."), _("Full name"), _("Unit"), _("Group"), _("Amount (yuan)")]
    body = workbook_bytes([(_("Public notice"), header,
                            [[index, r.masked_name, r.unit, r.group, yuan_decimal(r.amount_fen)]
                             for index, r in enumerate(rows, start=1)])])
    return _download(body, f"notice-{program.pk}.xlsx")


@login_required
def reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    report = campaign_reconciliation(request.user, program)
    return render(request, "assistance/reconciliation.html", {"program": program, "report": report,
                                                              "totals": report.totals()})


def _unit_cells(u: UnitRow) -> list[object]:
    y = yuan_decimal
    return [u.unit, y(u.received_fen), y(u.passed_down_fen), y(u.disbursed_fen), y(u.balance_fen),
            u.planned_people, y(u.planned_fen), u.visited_people, y(u.visited_cash_fen), y(u.top_up_fen),
            y(u.paid_fen), y(u.difference_fen), "；".join(u.problems) or "✓"]


def _group_cells(g: GroupRow) -> list[object]:
    y = yuan_decimal
    return [g.priority, g.group, g.planned_people, y(g.planned_fen), g.visited_people, y(g.cash_fen), g.fubao,
            y(g.goods_value_fen), y(g.top_up_fen), y(g.disbursed_fen), y(g.difference_fen),
            "；".join(g.problems) or "✓"]


@login_required
def reconciliation_export(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    report = export_reconciliation(actor=request.user, program=program, fmt="xlsx")
    units = [_unit_cells(u) for u in report.units] + [_unit_cells(report.unit_totals())]
    totals = report.totals()
    groups = [_group_cells(g) for g in report.groups]
    y = yuan_decimal
    groups.append(["", _("Total"), totals["planned_people"], y(totals["planned_fen"]), totals["visited_people"],
                   y(totals["cash_fen"]), totals["fubao"], y(totals["goods_value_fen"]), y(totals["top_up_fen"]),
                   y(totals["disbursed_fen"]), y(totals["difference_fen"]), ""])
    body = workbook_bytes([
        (_("By unit"), [_("Unit"), _("Received (yuan)"), _("Passed down (yuan)"), _("Disbursed (yuan)"),
                        _("Balance (yuan)"), _("People on the list"), _("Planned (yuan)"), _("Visited"),
                        _("Cash given (yuan)"), _("Approved top-ups (yuan)"), _("Paid (yuan)"),
                        _("Paid − planned (yuan)"), _("Check")], units),
        (_("By group"), [_("Priority"), _("Group"), _("People on the list"), _("Planned (yuan)"), _("Visited"),
                         _("Cash given (yuan)"), _("Gift bags"), _("Goods (yuan)"), _("Approved top-ups (yuan)"),
                         _("Disbursed (yuan)"), _("Paid − planned (yuan)"), _("Check")], groups),
    ])
    return _download(body, f"reconciliation-{program.pk}.xlsx")
