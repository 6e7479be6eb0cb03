"""Pages of the workforce app: thin. Records are read through `queries.*_for` (outside scope 404); writes go to
the same services as the API through `call_service` (400 / 403 / 409 shown on the page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bangfu.accounts.queries import unit_for
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.workforce import queries, services
from bangfu.workforce.forms import (
    CandidateForm,
    DecisionForm,
    HireForm,
    ReportForm,
    ReviewForm,
    RosterFilterForm,
    RunForm,
)
from bangfu.workforce.models import DecisionStatus


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _refused(request: HttpRequest, status: int, back: str) -> HttpResponse:
    return render(request, "workforce/refused.html", {"back": back}, status=status)


def _form_page(request: HttpRequest, form: Any, action: Callable[[dict[str, Any]], Any], *, title: str,
               done: Callable[[Any], HttpResponse], success: str, cancel: str) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if form.is_valid():
            outcome = call_service(request, lambda: action(form.cleaned_data), form=form, success=success)
            if outcome.ok:
                return done(outcome.result)
            status = outcome.status
        else:
            status = 400
    return render(request, "workforce/form.html", {"form": form, "title": title, "cancel": cancel}, status=status)


# --- roster and worker --------------------------------------------------------------------------------------

@login_required
@permission_required("workforce.view_socialworker", raise_exception=True)
def roster(request: HttpRequest) -> HttpResponse:
    form = RosterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = unit_for(request.user, data["unit"]) if data.get("unit") else None
    found = queries.workers(request.user, queries.RosterFilter(
        text=data.get("q", ""), org=unit, post_level=data.get("post_level", ""),
        employment_type=data.get("employment_type", ""), certificate_level=data.get("certificate_level", ""),
        status=data.get("status", "active") if form.is_bound else "active"))
    return render(request, "workforce/roster.html", {
        "form": form, "page": paginate(request, found), "query": querystring_without_page(request)})


@login_required
@permission_required("workforce.add_socialworker", raise_exception=True)
def worker_create(request: HttpRequest) -> HttpResponse:
    form = HireForm(request.POST or None, actor=request.user)
    return _form_page(request, form, lambda data: services.hire_worker(actor=request.user,
                                                                       data=services.HireInput(**data)),
                      title=_("Hire a social worker"), success=_("Social worker hired."),
                      done=lambda worker: redirect("workforce:worker_detail", pk=worker.pk),
                      cancel="workforce:roster")


@login_required
@permission_required("workforce.view_socialworker", raise_exception=True)
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = queries.worker_for(request.user, pk)
    form = DecisionForm(request.POST or None, actor=request.user, worker=worker)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            data = dict(form.cleaned_data)
            assessment = data.pop("assessment")
            host_code = data.pop("host")
            host = unit_for(request.user, host_code) if host_code else None
            outcome = call_service(request, lambda: services.propose_decision(
                actor=request.user, worker=worker, data=services.DecisionInput(
                    **data, host=host, assessment_id=assessment.pk if assessment else None)),
                form=form, success=_("Decision proposed; another officer approves it."))
            if outcome.ok:
                return redirect("workforce:worker_detail", pk=worker.pk)
            status = outcome.status
    return render(request, "workforce/worker_detail.html", {
        "worker": worker, "form": form,
        "holdings": worker.holdings.select_related("post__org").all(),
        "pay": queries.pay_of(request.user, worker)[:24],
        "trainings": queries.trainings_of(worker),
        "secondments": worker.secondments.select_related("host").all(),
        "assessments": queries.assessments_of_worker(request.user, worker),
        "decisions": queries.decisions(request.user, worker=worker),
    }, status=status)


# --- assessments ----------------------------------------------------------------------------------------------

@login_required
@permission_required("workforce.view_assessmentrun", raise_exception=True)
def run_list(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None, actor=request.user,
                   initial={"unit": request.user.org.code if request.user.org else ""})  # type: ignore[union-attr]
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            unit = unit_for(request.user, data["unit"])
            outcome = call_service(request, lambda: services.run_assessment(actor=request.user, data=services.RunInput(
                org=unit, scheme=data["scheme"], period_start=data["period_start"], period_end=data["period_end"])),
                form=form, success=_("Assessment computed from the casework records."))
            if outcome.ok:
                return redirect("workforce:run_detail", pk=outcome.value.pk)
            status = outcome.status
    return render(request, "workforce/run_list.html", {"form": form, "page": paginate(request, queries.runs(
        request.user))}, status=status)


@login_required
@permission_required("workforce.view_assessmentrun", raise_exception=True)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = queries.run_for(request.user, pk)
    return render(request, "workforce/run_detail.html", {
        "run": run, "assessments": queries.assessments_of_run(request.user, run)})


@login_required
@permission_required("workforce.view_assessment", raise_exception=True)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = queries.assessment_for(request.user, pk)
    form = ReviewForm(request.POST or None, initial={"score": assessment.supervisor_score})
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            outcome = call_service(request, lambda: services.review_assessment(
                actor=request.user, assessment=assessment, score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"], expected_version=_version(request)),
                form=form, success=_("Review recorded."))
            if outcome.ok:
                return redirect("workforce:assessment_detail", pk=assessment.pk)
            status = outcome.status
    return render(request, "workforce/assessment_detail.html", {
        "assessment": assessment, "lines": queries.lines_of(assessment), "form": form}, status=status)


# --- decisions and candidates -----------------------------------------------------------------------------------

@login_required
@permission_required("workforce.view_careerdecision", raise_exception=True)
def decision_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", DecisionStatus.PROPOSED)
    found = queries.decisions(request.user, status=status if status in DecisionStatus.values else "")
    return render(request, "workforce/decision_list.html", {
        "page": paginate(request, found), "status": status, "statuses": DecisionStatus.choices,
        "query": querystring_without_page(request)})


@login_required
@permission_required("workforce.view_careerdecision", raise_exception=True)
def decision_decide(request: HttpRequest, pk: int, verdict: str) -> HttpResponse:
    decision = queries.decision_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    outcome = call_service(request, lambda: services.decide(
        actor=request.user, decision=decision, approve=verdict == "approve", note=request.POST.get("note", ""),
        expected_version=_version(request)), success=_("Decision recorded."))
    if not outcome.ok:
        return _refused(request, outcome.status, reverse("workforce:decision_list"))
    return redirect("workforce:decision_list")


@login_required
@permission_required("workforce.view_candidate", raise_exception=True)
def candidate_list(request: HttpRequest) -> HttpResponse:
    form = CandidateForm(request.POST or None,
                         initial={"unit": request.user.org.code if request.user.org else ""})  # type: ignore[union-attr]
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            unit = unit_for(request.user, form.cleaned_data["unit"])
            outcome = call_service(request, lambda: services.build_candidate_pool(
                actor=request.user, org=unit, as_of=form.cleaned_data["as_of"]), form=form,
                success=_("Candidate pool rebuilt."))
            if outcome.ok:
                return redirect("workforce:candidate_list")
            status = outcome.status
    return render(request, "workforce/candidate_list.html", {
        "form": form, "page": paginate(request, queries.candidates(request.user)),
        "vacant": queries.posts(request.user, vacant_only=True)[:20]}, status=status)


@login_required
@permission_required("workforce.view_socialworker", raise_exception=True)
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = unit_for(request.user, data.get("unit") or None, permission="workforce.view_socialworker")
    return render(request, "workforce/report.html", {
        "form": form, "unit": unit, "report": queries.workforce_report(request.user, unit, data.get("as_of"))})
