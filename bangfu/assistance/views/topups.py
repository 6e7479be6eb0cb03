"""Cash top-ups on pages: asked for from a list entry, decided by a second person (same services as the API)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bangfu.assistance.access import require_perm
from bangfu.assistance.forms import TopUpForm
from bangfu.assistance.models import TopUpStatus
from bangfu.assistance.queries import entry_for, top_up_for, visible_top_ups
from bangfu.assistance.services import topups
from bangfu.assistance.views.common import table_or_page
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page


@login_required
def top_up_request(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "assistance.add_cashtopup")
    entry = entry_for(request.user, pk, "assistance.add_cashtopup")
    form = TopUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(request, lambda: topups.request_top_up(
            actor=request.user, beneficiary=entry, amount_fen=data["amount"], reason=data["reason"],
            key=data["idempotency_key"]), form=form, success=_("Top-up requested; a second person must approve it."))
        if outcome.ok:
            return redirect("assistance:top_up_list")
        status = outcome.status
    elif request.method == "POST":
        status = 400
    return render(request, "assistance/top_up_form.html", {"entry": entry, "form": form}, status=status)


@login_required
def top_up_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_cashtopup")
    status = request.GET.get("status", TopUpStatus.PENDING)
    items = visible_top_ups(request.user)
    if status in TopUpStatus.values:
        items = items.filter(status=status)
    context = {"page": paginate(request, items.order_by("-id")), "query": querystring_without_page(request),
               "status": status, "statuses": TopUpStatus.choices}
    return table_or_page(request, "assistance/_top_up_table.html", "assistance/top_up_list.html", context)


@login_required
def top_up_decide(request: HttpRequest, pk: int) -> HttpResponse:
    top_up = top_up_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    note = request.POST.get("note", "")
    if request.POST.get("decision") == "reject":
        call_service(request, lambda: topups.reject_top_up(actor=request.user, top_up=top_up, note=note),
                     success=_("Rejected."))
    else:
        call_service(request, lambda: topups.approve_top_up(actor=request.user, top_up=top_up, note=note),
                     success=_("Approved and paid."))
    return redirect("assistance:top_up_list")
