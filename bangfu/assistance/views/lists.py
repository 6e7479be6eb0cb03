"""Beneficiary lists: build per unit, review with reasons, submit, approve by another person, revise, diff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bangfu.accounts.queries import unit_for
from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.assistance.access import program_or_404, require_perm
from bangfu.assistance.forms import BuildForm, EntryAddForm, EntryEditForm, RejectForm
from bangfu.assistance.models import ListStatus
from bangfu.assistance.queries import (
    campaign_group_of,
    entry_to_change,
    group_counts,
    list_entries,
    list_for,
    visible_entries,
    visible_lists,
    visible_people,
)
from bangfu.assistance.services import lists
from bangfu.assistance.views.common import set_choices, table_or_page, units_for
from bangfu.core.money import yuan_input
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page


@login_required
def list_index(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    blists = visible_lists(request.user).filter(program=program).annotate(
        included_count=Count("entries", filter=Q(entries__included=True)),
        excluded_count=Count("entries", filter=Q(entries__included=False)),
        amount=Sum("entries__amount_fen", filter=Q(entries__included=True)))
    form = BuildForm()
    set_choices(form, "unit", units_for(request.user, program))
    return render(request, "assistance/list_index.html", {"program": program, "lists": blists, "form": form})


@login_required
def list_build(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_or_404(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    require_perm(request.user, "assistance.add_beneficiarylist")
    form = BuildForm(request.POST)
    set_choices(form, "unit", units_for(request.user, program))
    if not form.is_valid():
        messages.error(request, _("Choose a unit."))
        return redirect("assistance:list_index", pk=pk)
    unit = unit_for(request.user, form.cleaned_data["unit"])
    blist = call_service(request, lambda: lists.build_list(actor=request.user, program=program, unit=unit),
        success=_("List built from the rules.")).result
    if blist is None:
        return redirect("assistance:list_index", pk=pk)
    return redirect("assistance:list_detail", pk=blist.pk)


@login_required
def list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    blist = get_scoped_or_404(visible_lists(request.user), request.user, "view", pk=pk)
    text = request.GET.get("q", "").strip()
    group = request.GET.get("group", "")
    included = request.GET.get("included", "")
    entries = list_entries(request.user, blist, text=text, group=group if group.isdecimal() else "",
                           included=included)
    user = request.user
    is_maker = user.pk in {blist.created_by_id, blist.submitted_by_id}
    context = {
        "blist": blist, "page": paginate(request, entries), "query": querystring_without_page(request),
        "q": text, "group": group, "included": included,
        "groups": blist.program.groups.select_related("target_group").order_by("priority"),
        "counts": group_counts(visible_entries(user).filter(blist=blist, included=True)),
        "can_edit": blist.status == ListStatus.DRAFT and user.has_perm("assistance.change_beneficiarylist"),
        "can_submit": blist.status == ListStatus.DRAFT and user.has_perm("assistance.change_beneficiarylist"),
        "can_approve": blist.status == ListStatus.SUBMITTED and not is_maker
        and user.has_perm("assistance.approve_beneficiarylist"),
        "can_revise": blist.status == ListStatus.APPROVED and user.has_perm("assistance.change_beneficiarylist"),
        "can_visit": blist.status == ListStatus.APPROVED and user.has_perm("assistance.add_visit"),
        "reject_form": RejectForm(),
    }
    return table_or_page(request, "assistance/_entry_table.html", "assistance/list_detail.html", context)


ACTIONS = {"submit": "change", "approve": "approve", "reject": "approve", "revise": "change"}


@login_required
def list_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    blist = list_for(request.user, pk, ACTIONS[action])
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    if action == "submit":
        call_service(request, lambda: lists.submit_list(actor=user, blist=blist), success=_("Submitted for approval."))
    elif action == "approve":
        call_service(request, lambda: lists.approve_list(actor=user, blist=blist),
            success=_("Approved; the list is frozen."))
    elif action == "reject":
        call_service(request, lambda: lists.reject_list(actor=user, blist=blist, note=request.POST.get("note", "")),
            success=_("Sent back to the maker."))
    else:
        draft = call_service(request, lambda: lists.revise_list(actor=user, blist=blist),
            success=_("New version made.")).result
        if draft is not None:
            return redirect("assistance:list_detail", pk=draft.pk)
    return redirect("assistance:list_detail", pk=pk)


@login_required
def list_diff(request: HttpRequest, pk: int) -> HttpResponse:
    blist = get_scoped_or_404(visible_lists(request.user), request.user, "view", pk=pk)
    visible = set(visible_entries(request.user).filter(blist__in=[blist.pk, blist.previous_id or 0])
                  .values_list("person_id", flat=True))
    diff = lists.list_diff(blist)
    for bucket in (diff.added, diff.removed, diff.changed):
        bucket[:] = [change for change in bucket if change.person_id in visible]
    return render(request, "assistance/list_diff.html", {"blist": blist, "diff": diff})


@login_required
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    blist = list_for(request.user, pk, "change")
    form = EntryAddForm(request.POST or None)
    query = request.GET.get("q", "").strip()
    people = visible_people(request.user, text=query).filter(org__path__startswith=blist.org.path).order_by("name")
    set_choices(form, "person", [(p.pk, f"{p.name}（{p.org.name}）") for p in people[:300]])
    groups = blist.program.groups.select_related("target_group").order_by("priority")
    set_choices(form, "group", [(g.pk, f"{g.priority}. {g.target_group.name}") for g in groups])
    if request.method == "POST" and form.is_valid():
        person = people.filter(pk=form.cleaned_data["person"]).first()
        group = campaign_group_of(blist.program, pk=form.cleaned_data["group"])
        if person is None or group is None:
            raise Http404
        if call_service(request, lambda: lists.add_entry(actor=request.user, blist=blist, person=person,
                                                    campaign_group=group, amount_fen=form.cleaned_data["amount"] or 0,
                                                    reason=form.cleaned_data["reason"]), success=_("Added.")).result:
            return redirect("assistance:list_detail", pk=blist.pk)
    return render(request, "assistance/entry_form.html", {"blist": blist, "form": form, "q": query})


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_to_change(request.user, pk)
    initial = {"amount": yuan_input(entry.amount_fen), "included": entry.included}
    form = EntryEditForm(request.POST or None, initial=initial)
    saved = request.method == "POST" and form.is_valid() and call_service(
        request, lambda: lists.change_entry(actor=request.user, entry=entry,
                                            amount_fen=form.cleaned_data["amount"] or 0,
                                            included=form.cleaned_data["included"], note=form.cleaned_data["note"]),
        success=_("Saved.")).result
    if saved:
        return redirect("assistance:list_detail", pk=entry.blist_id)
    return render(request, "assistance/entry_edit.html", {"entry": entry, "form": form})
