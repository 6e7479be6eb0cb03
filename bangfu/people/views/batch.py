"""Batch work on the register list: the ticked rows approved, given a contact person, or scheduled for re-check;
the answer lists every row with its result (a refused row with its reason)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bangfu.core.pages import call_service
from bangfu.people.forms import FileBatchForm
from bangfu.people.services.batch import BATCH_ACTIONS, BatchInput, BatchItem, run_batch

VIEW = "people.view_hardshipfile"


@require_POST
@login_required
@permission_required(VIEW, raise_exception=True)
def file_batch(request: HttpRequest) -> HttpResponse:
    form = FileBatchForm(request.POST, user=request.user)
    results = None
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        batch = BatchInput(action=data["action"], items=tuple(BatchItem(pk, version) for pk, version in data["rows"]),
                           contact=data["contact"], due_on=data["due_on"])
        outcome = call_service(request, lambda: run_batch(actor=request.user, data=batch), form=form)
        results, status = outcome.result, outcome.status
    back_query = form.cleaned_data.get("back", "") if form.is_bound and hasattr(form, "cleaned_data") else ""
    context = {
        "form": form, "results": results, "action_name": BATCH_ACTIONS.get(request.POST.get("action", ""), ""),
        "done": sum(1 for row in results or [] if row.done),
        "refused": sum(1 for row in results or [] if not row.done),
        "back_url": reverse("people:household_list") + (f"?{back_query}" if back_query else ""),
    }
    return render(request, "people/batch_result.html", context, status=200 if results is not None else status)
