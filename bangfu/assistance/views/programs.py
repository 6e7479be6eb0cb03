"""Programs: list, create, overview; the campaign's groups and quotas."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.queries import unit_for
from bangfu.accounts.scoping import may, may_somewhere
from bangfu.assistance.access import program_or_404, require_perm
from bangfu.assistance.forms import CampaignGroupForm, ProgramForm, QuotaForm, SearchForm
from bangfu.assistance.models import Program, ProgramKind, ProgramStatus, ReopeningStatus
from bangfu.assistance.models.reopenings import APPROVE_REOPENING, REQUEST_REOPENING
from bangfu.assistance.queries import (
    campaign_group_of,
    days_left,
    unvisited_entries,
    visible_allocations,
    visible_funds,
    visible_lists,
    visible_programs,
    visible_quotas,
    visible_reopenings,
    visible_target_groups,
)
from bangfu.assistance.reconciliation import campaign_reconciliation
from bangfu.assistance.services import ledger, programs
from bangfu.assistance.views.common import own_unit, set_choices, table_or_page, units_for
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_program")
    form = SearchForm(request.GET or None)
    items = visible_programs(request.user, text=form.cleaned_data["q"] if form.is_valid() else "").order_by(
        "-starts_on", "name")
    context = {"form": form, "page": paginate(request, items), "query": querystring_without_page(request)}
    return table_or_page(request, "assistance/_program_table.html", "assistance/program_list.html", context)


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.add_program")
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> Program:
            program = programs.create_program(
                actor=request.user, org=own_unit(request.user), name=data["name"], kind=data["kind"],
                starts_on=data["starts_on"], ends_on=data["ends_on"], visit_deadline=data["visit_deadline"],
                festival=data["festival"], description=data["description"])
            if data["budget"]:
                ledger.create_fund(actor=request.user, program=program, name=f"{program.name}资金",
                                   budget_fen=data["budget"], key=f"fund-budget-{program.pk}")
            return program

        program = call_service(request, create, success=_("Program created.")).result
        if program is not None:
            return redirect("assistance:program_detail", pk=program.pk)
    return render(request, "assistance/program_form.html", {"form": form})


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    funds = visible_funds(request.user).filter(program=program)
    accounts = visible_allocations(request.user).filter(fund__program=program)
    lists = visible_lists(request.user).filter(program=program).annotate(
        included=Count("entries", filter=Q(entries__included=True)),
        amount=Sum("entries__amount_fen", filter=Q(entries__included=True)))
    context = {
        "program": program, "funds": funds, "accounts": accounts[:50], "lists": lists,
        "groups": program.groups.select_related("target_group").order_by("priority"),
        "unvisited": unvisited_entries(request.user, program).count(),
        "days_left": days_left(program, timezone.localdate()),
        "is_campaign": program.kind == ProgramKind.CAMPAIGN,
    }
    if context["is_campaign"]:
        context.update(reopening_context(request.user, program))
        # visits done and money paid against the plan, unit by unit (the same report)
        report = campaign_reconciliation(request.user, program)
        context["unit_progress"] = [unit for unit in report.units if unit.planned_people or unit.planned_fen]
        context["progress_totals"] = report.unit_totals()
    return render(request, "assistance/program_detail.html", context)


def reopening_context(user: Any, program: Program) -> dict[str, Any]:
    """The campaign's reopening requests and what the user may do about them. Asked only of a user whose role
    reads them: the route would take an ungranted read for a refused page."""
    if not may_somewhere(user, "assistance.view_campaignreopening"):
        return {}
    requests = list(visible_reopenings(user, program))
    pending = any(r.status == ReopeningStatus.PENDING for r in requests)
    return {
        "reopenings": requests,
        "may_request_reopening": (program.status == ProgramStatus.CLOSED and not pending
                                  and may(user, REQUEST_REOPENING, program)),
        "may_decide_reopening": pending and may_somewhere(user, APPROVE_REOPENING),
    }


@login_required
def campaign_groups(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    form = CampaignGroupForm(request.POST or None)
    set_choices(form, "target_group", [(g.pk, f"{g.name}（{g.org.name}）")
                                       for g in visible_target_groups(request.user).filter(is_active=True)])
    if request.method == "POST":
        require_perm(request.user, "assistance.add_campaigngroup")
        if form.is_valid():
            group = visible_target_groups(request.user).filter(pk=form.cleaned_data["target_group"]).first()
            if group is None:
                raise Http404
            call_service(request, lambda: programs.set_campaign_group(
                actor=request.user, program=program, target_group=group, priority=form.cleaned_data["priority"],
                standard_fen=form.cleaned_data["standard"] or 0, goods_note=form.cleaned_data["goods_note"]),
                success=_("Group saved."))
            return redirect("assistance:campaign_groups", pk=program.pk)
    groups = program.groups.select_related("target_group").order_by("priority")
    return render(request, "assistance/campaign_groups.html", {"program": program, "groups": groups, "form": form})


@login_required
def quota_list(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    form = QuotaForm(request.POST or None)
    set_choices(form, "unit", units_for(request.user, program))
    groups = list(program.groups.select_related("target_group").order_by("priority"))
    set_choices(form, "group", [(g.pk, f"{g.priority}. {g.target_group.name}") for g in groups])
    if request.method == "POST":
        require_perm(request.user, "assistance.add_quota")
        if form.is_valid():
            unit = unit_for(request.user, form.cleaned_data["unit"])
            group = campaign_group_of(program, pk=form.cleaned_data["group"])
            if group is None:
                raise Http404
            call_service(request, lambda: programs.set_quota(actor=request.user, program=program, campaign_group=group,
                                                        unit=unit, max_people=form.cleaned_data["max_people"]),
                success=_("Quota saved."))
            return redirect("assistance:quota_list", pk=program.pk)
    quotas = visible_quotas(request.user, program)
    page = paginate(request, quotas, default_size=50)
    context = {"program": program, "form": form, "page": page, "query": querystring_without_page(request)}
    return table_or_page(request, "assistance/_quota_table.html", "assistance/quota_list.html", context)
