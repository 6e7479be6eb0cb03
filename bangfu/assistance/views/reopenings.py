"""Reopening a closed campaign on pages: asked for from the campaign, decided by a second person on the
campaign's page (the same services as the API)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bangfu.assistance.forms import ReopeningForm
from bangfu.assistance.models.reopenings import APPROVE_REOPENING
from bangfu.assistance.queries import program_for_reopening, reopening_for
from bangfu.assistance.services import reopenings
from bangfu.core.pages import call_service


@login_required
def reopening_request(request: HttpRequest, pk: int) -> HttpResponse:
    program = program_for_reopening(request.user, pk)
    form = ReopeningForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(request, lambda: reopenings.request_reopening(
            actor=request.user, program=program, new_ends_on=data["new_ends_on"], decision_ref=data["decision_ref"],
            reason=data["reason"]), form=form, success=_("Reopening requested; a second person must approve it."))
        if outcome.ok:
            return redirect("assistance:program_detail", pk=program.pk)
        status = outcome.status
    elif request.method == "POST":
        status = 400
    return render(request, "assistance/reopening_form.html", {"program": program, "form": form}, status=status)


@login_required
def reopening_decide(request: HttpRequest, pk: int) -> HttpResponse:
    reopening = reopening_for(request.user, pk, APPROVE_REOPENING)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    note = request.POST.get("note", "")
    if request.POST.get("decision") == "reject":
        call_service(request, lambda: reopenings.reject_reopening(actor=request.user, reopening=reopening, note=note),
                     success=_("Rejected."))
    else:
        call_service(request, lambda: reopenings.approve_reopening(actor=request.user, reopening=reopening,
                                                                   note=note),
                     success=_("Approved: the campaign runs again."))
    return redirect("assistance:program_detail", pk=reopening.program_id)
