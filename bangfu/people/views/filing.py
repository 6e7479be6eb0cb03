"""Objections during the public notice (公示异议): recorded and answered from the household page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bangfu.core.pages import call_service
from bangfu.people import queries, services
from bangfu.people.forms import AnswerForm, ObjectionForm

VIEW = "people.view_hardshipfile"


@login_required
@permission_required(VIEW, raise_exception=True)
def objection_raise(request: HttpRequest, pk: int) -> HttpResponse:
    hardship_file = queries.file_detail(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ObjectionForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}  # an empty objection is refused by the service, in Chinese
    call_service(request, lambda: services.raise_objection(
        actor=request.user, hardship_file=hardship_file, content=data.get("content", ""),
        raised_by=data.get("raised_by", ""), raised_on=data.get("raised_on")),
        success=_("Objection recorded; it must be answered before approval."))
    return redirect("people:household_detail", pk=hardship_file.household_id)


@login_required
@permission_required(VIEW, raise_exception=True)
def objection_answer(request: HttpRequest, pk: int, objection_id: int) -> HttpResponse:
    objection = queries.objection_for(request.user, pk, objection_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswerForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    call_service(request, lambda: services.answer_objection(actor=request.user, objection=objection, answer=answer),
                 success=_("Answer recorded."))
    return redirect("people:household_detail", pk=pk)
