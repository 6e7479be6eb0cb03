"""Funds: the allocation tree and ledger, allocating down, disbursing, approving large amounts, reversing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bangfu.accounts.queries import unit_for
from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.assistance.access import require_perm
from bangfu.assistance.forms import AllocateForm, DisburseForm, ReverseForm
from bangfu.assistance.models import Fund
from bangfu.assistance.queries import (
    allocation_ledger,
    disbursement_for,
    ledger_entry_for,
    pending_disbursements,
    visible_allocations,
    visible_disbursements,
    visible_funds,
    visible_ledger,
)
from bangfu.assistance.services import ledger
from bangfu.assistance.views.common import set_choices, table_or_page, units_for
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page


def _fund_or_404(request: HttpRequest, pk: int) -> Fund:
    fund = visible_funds(request.user).filter(pk=pk).first()
    if fund is None:
        raise Http404
    return fund


@login_required
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund_or_404(request, pk)
    accounts = visible_allocations(request.user).filter(fund=fund).order_by("org__path")
    form = AllocateForm()
    set_choices(form, "unit", units_for(request.user, fund.program))
    check = ledger.reconcile_fund(fund)
    entries = visible_ledger(request.user).filter(fund=fund).order_by("-id")
    context = {"fund": fund, "accounts": accounts, "form": form, "check": check,
               "page": paginate(request, entries), "query": querystring_without_page(request)}
    return table_or_page(request, "assistance/_ledger_table.html", "assistance/fund_detail.html", context)


@login_required
def fund_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _fund_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    require_perm(request.user, "assistance.add_allocation")
    form = AllocateForm(request.POST)
    set_choices(form, "unit", units_for(request.user, fund.program))
    if form.is_valid():
        unit = unit_for(request.user, form.cleaned_data["unit"])
        source = ledger.nearest_allocation(fund, unit, strictly_above=True)
        if source is None or not visible_allocations(request.user).filter(pk=source.pk).exists():
            raise Http404
        call_service(request, lambda: ledger.allocate(
            actor=request.user, fund=fund, to_unit=unit, amount_fen=form.cleaned_data["amount"],
            key=form.cleaned_data["idempotency_key"], memo=form.cleaned_data["memo"], source=source),
            success=_("Allocated."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("assistance:fund_detail", pk=pk)


@login_required
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_scoped_or_404(visible_allocations(request.user), request.user, "view", pk=pk)
    entries = allocation_ledger(account)
    context = {"account": account, "form": DisburseForm(), "reverse_form": ReverseForm(),
               "page": paginate(request, entries), "query": querystring_without_page(request)}
    return table_or_page(request, "assistance/_ledger_table.html", "assistance/allocation_detail.html", context)


@login_required
def allocation_disburse(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_scoped_or_404(visible_allocations(request.user), request.user, "view", pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    require_perm(request.user, "assistance.add_disbursement")
    form = DisburseForm(request.POST)
    if form.is_valid():
        call_service(request, lambda: ledger.disburse(
            actor=request.user, allocation=account, amount_fen=form.cleaned_data["amount"],
            key=form.cleaned_data["idempotency_key"], purpose=form.cleaned_data["purpose"]),
            success=_("Disbursement recorded (large amounts wait for a second approver)."))
    return redirect("assistance:allocation_detail", pk=pk)


@login_required
def disbursement_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_disbursement")
    status = request.GET.get("status", "pending")
    items = visible_disbursements(request.user)
    if status:
        items = items.filter(status=status)
    context = {"page": paginate(request, items.order_by("-id")), "query": querystring_without_page(request),
               "status": status, "pending_count": pending_disbursements(request.user).count()}
    return table_or_page(request, "assistance/_disbursement_table.html", "assistance/disbursement_list.html", context)


@login_required
def disbursement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    disbursement = disbursement_for(request.user, pk, "approve")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("decision") == "reject":
        call_service(request, lambda: ledger.reject_disbursement(actor=request.user, disbursement=disbursement,
                                                            note=request.POST.get("note", "")), success=_("Rejected."))
    else:
        call_service(request, lambda: ledger.approve_disbursement(actor=request.user, disbursement=disbursement),
            success=_("Approved and paid."))
    return redirect("assistance:disbursement_list")


@login_required
def ledger_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    entry = ledger_entry_for(request.user, pk, "reverse")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReverseForm(request.POST)
    if form.is_valid():
        call_service(request, lambda: ledger.reverse_entry(actor=request.user, entry=entry,
                                                      key=form.cleaned_data["idempotency_key"],
                                                      reason=form.cleaned_data["reason"]), success=_("Reversed."))
    account = entry.source or entry.destination
    return redirect("assistance:allocation_detail", pk=account.pk)  # type: ignore[union-attr]
