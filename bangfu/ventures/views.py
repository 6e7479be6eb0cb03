"""Pages of the ventures app: thin. Records are read through `queries.*_for` (outside scope 404), writes go
to the same services as the API through `call_service` (400 / 403 / 409 shown on the page)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bangfu.accounts.queries import unit_for
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.jobs.imports import template_workbook
from bangfu.ventures import queries
from bangfu.ventures.forms import (
    EmployedForm,
    LoanForm,
    PolicyCreateForm,
    PolicyEditForm,
    ProjectFilterForm,
    ProjectForm,
    RepaymentForm,
    ReportForm,
    RunForm,
    UploadForm,
)
from bangfu.ventures.models import ProjectStatus, RunStatus
from bangfu.ventures.report import venture_report
from bangfu.ventures.services import households, imports, loans, policies, projects, runs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _post_only(request: HttpRequest) -> HttpResponse | None:
    """After the record was found in scope: outside scope is 404 before a wrong method is 405."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _refused(request: HttpRequest, status: int, back: str) -> HttpResponse:
    """A refused step: the message queued by call_service, a way back, and the refusal's status."""
    return render(request, "ventures/refused.html", {"back": back}, status=status)


def _form_page(request: HttpRequest, form: Any, action: Callable[[dict[str, Any]], Any], *, title: str,
               done: Callable[[Any], HttpResponse], success: str, cancel: str,
               template: str = "ventures/form.html", **context: Any) -> HttpResponse:
    """A create/edit page: a valid POST goes to the service; a refusal is shown on the form with its status."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            outcome = call_service(request, lambda: action(form.cleaned_data), form=form, success=success)
            if outcome.ok:
                return done(outcome.result)
            status = outcome.status
        else:
            status = 400
    return render(request, template, {"form": form, "title": title, "cancel": cancel, **context}, status=status)


# --- projects ------------------------------------------------------------------------------------------

@login_required
@permission_required("ventures.view_ventureproject", raise_exception=True)
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = queries.projects(request.user, text=data.get("q", ""), status=data.get("status", ""),
                             level=data.get("level", ""))
    return render(request, "ventures/project_list.html", {
        "form": form, "page": paginate(request, found), "query": querystring_without_page(request)})


@login_required
@permission_required("ventures.add_ventureproject", raise_exception=True)
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, actor=request.user)
    return _form_page(request, form, lambda data: projects.register_project(actor=request.user, **data),
                      title=_("New entrepreneurship project"), success=_("Project registered."),
                      done=lambda project: redirect("ventures:project_detail", pk=project.pk),
                      cancel="ventures:project_list")


@login_required
@permission_required("ventures.view_ventureproject", raise_exception=True)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_for(request.user, pk)
    project_loans = list(queries.loans(request.user, project))
    return render(request, "ventures/project_detail.html", {
        "project": project, "loans": project_loans, "steps": projects.STEPS,
        "employed": queries.employed(request.user, project)[:20],
        "employed_count": queries.employed(request.user, project).count(),
        "hardship_count": queries.employed(request.user, project).filter(hardship_file__isnull=False).count(),
    })


@login_required
@permission_required("ventures.view_ventureproject", raise_exception=True)
def project_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    project = queries.project_for(request.user, pk)
    refused = _post_only(request)
    if refused:
        return refused
    outcome = call_service(request, lambda: projects.advance_project(
        actor=request.user, project=project, step=step, version=_version(request),
        note=request.POST.get("note", "")), success=_("Project updated."))
    if not outcome.ok:
        return _refused(request, outcome.status, reverse("ventures:project_detail", args=[project.pk]))
    return redirect("ventures:project_detail", pk=project.pk)


# --- loans and repayments ------------------------------------------------------------------------------

@login_required
@permission_required("ventures.add_loan", raise_exception=True)
def loan_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_for(request.user, pk, permission="ventures.add_loan")
    form = LoanForm(request.POST or None)

    def save(data: dict[str, Any]) -> Any:
        return loans.register_loan(actor=request.user, project=project, bank=data["bank"],
                                   contract_number=data["contract_number"], principal_fen=data["principal"],
                                   annual_rate=data["annual_rate"], start_on=data["start_on"],
                                   term_months=data["term_months"], plan=data["plan"])
    return _form_page(request, form, save, title=_("Register a loan for %(name)s") % {"name": project.name},
                      success=_("Loan registered and its repayment schedule written."),
                      done=lambda loan: redirect("ventures:loan_detail", pk=loan.pk), cancel="ventures:project_list")


@login_required
@permission_required("ventures.view_loan", raise_exception=True)
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    loan = queries.loan_for(request.user, pk)
    form = RepaymentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            outcome = call_service(request, lambda: loans.record_repayment(
                actor=request.user, loan=loan, number=data["number"], paid_on=data["paid_on"],
                principal_fen=data["principal"], interest_fen=data["interest"], reference=data["reference"]),
                form=form, success=_("Repayment recorded."))
            if outcome.ok:
                return redirect("ventures:loan_detail", pk=loan.pk)
            status = outcome.status
    return render(request, "ventures/loan_detail.html", {
        "loan": loan, "instalments": queries.instalments_of(loan), "form": form,
        "repayments": loan.repayments.order_by("-paid_on", "-pk")[:50],
        "payments": queries.payments_of_loan(request.user, loan)}, status=status)


def _upload_page(request: HttpRequest, importer: Callable[[Any], Any], *, title: str, template_url: str,
                 back: str) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            outcome = call_service(request, lambda: importer(form.cleaned_data["upload"]), form=form)
            result, status = outcome.result, outcome.status
        else:
            status = 400
    return render(request, "ventures/import.html", {"form": form, "result": result, "title": title,
                                                    "template_url": template_url, "back": back}, status=status)


@login_required
@permission_required("ventures.add_repayment", raise_exception=True)
def repayment_import(request: HttpRequest) -> HttpResponse:
    return _upload_page(request, lambda upload: imports.import_repayments(
        actor=request.user, loans=queries.loans(request.user), source=upload),
        title=_("Import a bank's repayment statement"), template_url="ventures:repayment_template",
        back="ventures:arrears")


@login_required
@permission_required("ventures.add_repayment", raise_exception=True)
def repayment_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(imports.REPAYMENT_COLUMNS, "还款明细"), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="repayments-template.xlsx"'
    return response


@login_required
@permission_required("ventures.view_loan", raise_exception=True)
def arrears(request: HttpRequest) -> HttpResponse:
    return render(request, "ventures/arrears.html", {
        "page": paginate(request, queries.arrears(request.user), default_size=50),
        "query": querystring_without_page(request)})


# --- employed households -------------------------------------------------------------------------------

@login_required
@permission_required("ventures.view_employedhousehold", raise_exception=True)
def employed_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_for(request.user, pk)
    form = EmployedForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            outcome = call_service(request, lambda: households.add_employed_household(
                actor=request.user, project=project, **form.cleaned_data), form=form,
                success=_("Employed household registered."))
            if outcome.ok:
                return redirect("ventures:employed_list", pk=project.pk)
            status = outcome.status
    found = queries.employed(request.user, project, text=request.GET.get("q", "")[:50])
    return render(request, "ventures/employed_list.html", {
        "project": project, "form": form, "page": paginate(request, found, default_size=50),
        "query": querystring_without_page(request)}, status=status)


@login_required
@permission_required("ventures.add_employedhousehold", raise_exception=True)
def employed_import(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_for(request.user, pk, permission="ventures.add_employedhousehold")
    return _upload_page(request, lambda upload: imports.import_employed(
        actor=request.user, project=project, source=upload),
        title=_("Import employed households of %(name)s") % {"name": project.name},
        template_url="ventures:employed_template", back="ventures:project_list")


@login_required
@permission_required("ventures.add_employedhousehold", raise_exception=True)
def employed_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(imports.EMPLOYED_COLUMNS, "带动就业户"), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="employed-template.xlsx"'
    return response


# --- policies ------------------------------------------------------------------------------------------

@login_required
@permission_required("ventures.view_subsidypolicy", raise_exception=True)
def policy_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ventures/policy_list.html", {"policies": queries.policies(request.user)[:200]})


@login_required
@permission_required("ventures.add_subsidypolicy", raise_exception=True)
def policy_create(request: HttpRequest) -> HttpResponse:
    form = PolicyCreateForm(request.POST or None, actor=request.user)
    return _form_page(request, form, lambda data: policies.create_policy(
        actor=request.user, org=data["org"], name=data["name"], fund=data["fund"], **form.terms()),
        title=_("New subsidy policy"), success=_("Policy saved."),
        done=lambda policy: redirect("ventures:policy_detail", pk=policy.pk), cancel="ventures:policy_list")


@login_required
@permission_required("ventures.view_subsidypolicy", raise_exception=True)
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = queries.policy_for(request.user, pk)
    initial = {"share_percent": policy.share_percent, "cap_per_year": policy.cap_per_year_fen,
               "cap_per_project": policy.cap_per_project_fen, "grace_days": policy.grace_days}
    form = PolicyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and not request.user.has_perm("ventures.change_subsidypolicy"):
        raise PermissionDenied
    response = _form_page(request, form, lambda data: policies.update_policy(
        actor=request.user, policy=policy, version=_version(request), note=data["note"], **form.terms()),
        title=policy.name, success=_("Policy changed: a new revision was recorded."),
        done=lambda saved: redirect("ventures:policy_detail", pk=saved.pk), cancel="ventures:policy_list",
        template="ventures/policy_detail.html", policy=policy,
        revisions=policy.revisions.select_related("changed_by")[:50],
        runs=queries.runs(request.user, policy)[:20])
    return response


# --- subsidy runs --------------------------------------------------------------------------------------

@login_required
@permission_required("ventures.view_subsidyrun", raise_exception=True)
def run_list(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None, policies=queries.policies(request.user))
    if request.method == "POST" and not request.user.has_perm("ventures.add_subsidyrun"):
        raise PermissionDenied
    return _form_page(request, form, lambda data: runs.compute_run(actor=request.user, **data),
                      title=_("Interest subsidy runs"), success=_("Run computed: review its lines, then submit."),
                      done=lambda run: redirect("ventures:run_detail", pk=run.pk), cancel="ventures:run_list",
                      template="ventures/run_list.html", runs=queries.runs(request.user)[:100])


@login_required
@permission_required("ventures.view_subsidyrun", raise_exception=True)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = queries.run_for(request.user, pk)
    lines = list(queries.payments_of(request.user, run))
    return render(request, "ventures/run_detail.html", {
        "run": run, "lines": lines, "total_fen": sum(line.amount_fen for line in lines), "statuses": RunStatus})


DECISIONS: dict[str, Callable[..., Any]] = {
    "submit": lambda actor, run, version, note: runs.submit_run(actor=actor, run=run, version=version),
    "approve": lambda actor, run, version, note: runs.approve_run(actor=actor, run=run, version=version),
    "reject": lambda actor, run, version, note: runs.reject_run(actor=actor, run=run, version=version, note=note),
}


@login_required
@permission_required("ventures.view_subsidyrun", raise_exception=True)
def run_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    run = queries.run_for(request.user, pk)
    refused = _post_only(request)
    if refused:
        return refused
    if decision not in DECISIONS:
        raise Http404
    outcome = call_service(request, lambda: DECISIONS[decision](request.user, run, _version(request),
                                                                request.POST.get("note", "")),
                           success=_("Run updated."))
    if not outcome.ok:
        return _refused(request, outcome.status, reverse("ventures:run_detail", args=[run.pk]))
    return redirect("ventures:run_detail", pk=run.pk)


@login_required
@permission_required("ventures.view_subsidypayment", raise_exception=True)
def payment_release(request: HttpRequest, pk: int) -> HttpResponse:
    payment = queries.payment_for(request.user, pk)
    refused = _post_only(request)
    if refused:
        return refused
    outcome = call_service(request, lambda: runs.release_payment(
        actor=request.user, payment=payment, approve=request.POST.get("approve") == "1",
        note=request.POST.get("note", "")), success=_("Large disbursement decided."))
    if not outcome.ok:
        return _refused(request, outcome.status, reverse("ventures:run_detail", args=[payment.run_id]))
    return redirect("ventures:run_detail", pk=payment.run_id)


# --- report --------------------------------------------------------------------------------------------

@login_required
@permission_required("ventures.view_ventureproject", raise_exception=True)
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "ventures/report.html", {"form": form}, status=400)
    data = form.cleaned_data if request.GET else {}
    unit = unit_for(request.user, data.get("org"), permission="ventures.view_ventureproject")
    return render(request, "ventures/report.html", {
        "form": form, "report": venture_report(request.user, unit, data.get("start"), data.get("end")),
        "project_statuses": ProjectStatus.choices})
