"""Legal aid pages: stations, firms, lawyers (list, create, edit), cases (intake, page, steps, claimants,
documents), a lawyer's caseload and the report. Thin: queries read, services write, `call_service` reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.core.files import read_sealed, sealed_response
from bangfu.core.masking import mask_id_number
from bangfu.core.pages import call_service, form_errors_text
from bangfu.jobs.views.common import expected_version, post_required, render_list
from bangfu.legal import queries, services
from bangfu.legal.forms import (
    AssignForm,
    ClaimantForm,
    CloseForm,
    DocumentForm,
    FirmForm,
    IntakeForm,
    LawyerForm,
    NewClaimantForm,
    ReportForm,
    SearchForm,
    StationForm,
)
from bangfu.legal.models import CaseStatus, LegalCase

# --- stations, firms, lawyers: the same list / create / edit shape ---------------------------------------


def _search(request: HttpRequest) -> tuple[SearchForm, str]:
    form = SearchForm(request.GET or None)
    return form, form.cleaned_data["q"] if form.is_valid() else ""


def _edit_page(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Model], *, title: str,
               detail: str, cancel: str, version: int | None = None) -> HttpResponse:
    """A create or edit form: a valid POST goes to the service; a refusal is shown with its status."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            outcome = call_service(request, lambda: save(form.cleaned_data), form=form, success=_("Saved."))
            if outcome.ok and outcome.result is not None:
                return redirect(detail, pk=outcome.result.pk)
            status = outcome.status
        else:
            status = 400
    return render(request, "legal/form.html", {"form": form, "title": title, "version": version, "cancel": cancel},
                  status=status)


@login_required
@permission_required("legal.view_legalaidstation", raise_exception=True)
def station_list(request: HttpRequest) -> HttpResponse:
    form, text = _search(request)
    return render_list(request, "legal/station_list.html", "legal/_station_table.html",
                       queries.stations(request.user, text=text), form=form)


@login_required
@permission_required("legal.view_legalaidstation", raise_exception=True)
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    station = queries.station_for(request.user, pk)
    found = queries.cases(request.user, station=station.pk)
    return render(request, "legal/station_detail.html", {
        "station": station, "served": station.served_units.order_by("path"),
        "warnings": queries.deadline_warnings(found), "recent": found[:20],
        "report": queries.legal_report(request.user, station=station.pk),
    })


@login_required
@permission_required("legal.add_legalaidstation", raise_exception=True)
def station_create(request: HttpRequest) -> HttpResponse:
    form = StationForm(request.POST or None, actor=request.user)
    return _edit_page(request, form, lambda data: services.create_station(actor=request.user, **data),
                      title=_("New legal aid station"), detail="legal:station_detail", cancel="legal:station_list")


@login_required
@permission_required("legal.change_legalaidstation", raise_exception=True)
def station_edit(request: HttpRequest, pk: int) -> HttpResponse:
    station = queries.station_for(request.user, pk, "change")
    form = StationForm(request.POST or None, instance=station, actor=request.user,
                       initial={"served_units": list(station.served_units.all())})
    return _edit_page(request, form, lambda data: services.update_station(
        actor=request.user, station=station, expected_version=expected_version(request), **data),
        title=station.name, detail="legal:station_detail", cancel="legal:station_list", version=station.version)


@login_required
@permission_required("legal.view_lawfirm", raise_exception=True)
def firm_list(request: HttpRequest) -> HttpResponse:
    form, text = _search(request)
    return render_list(request, "legal/firm_list.html", "legal/_firm_table.html",
                       queries.firms(request.user, text=text), form=form)


@login_required
@permission_required("legal.view_lawfirm", raise_exception=True)
def firm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    firm = queries.firm_for(request.user, pk)
    return render(request, "legal/firm_detail.html", {
        "firm": firm, "lawyers": queries.lawyers(request.user).filter(firm=firm)})


@login_required
@permission_required("legal.add_lawfirm", raise_exception=True)
def firm_create(request: HttpRequest) -> HttpResponse:
    form = FirmForm(request.POST or None, actor=request.user)
    return _edit_page(request, form, lambda data: services.create_firm(actor=request.user, **data),
                      title=_("New law firm"), detail="legal:firm_detail", cancel="legal:firm_list")


@login_required
@permission_required("legal.change_lawfirm", raise_exception=True)
def firm_edit(request: HttpRequest, pk: int) -> HttpResponse:
    firm = queries.firm_for(request.user, pk, "change")
    form = FirmForm(request.POST or None, instance=firm, actor=request.user)
    return _edit_page(request, form, lambda data: services.update_firm(
        actor=request.user, firm=firm, expected_version=expected_version(request), **data),
        title=firm.name, detail="legal:firm_detail", cancel="legal:firm_list", version=firm.version)


@login_required
@permission_required("legal.view_lawyer", raise_exception=True)
def lawyer_list(request: HttpRequest) -> HttpResponse:
    form, text = _search(request)
    return render_list(request, "legal/lawyer_list.html", "legal/_lawyer_table.html",
                       queries.lawyers(request.user, text=text), form=form)


@login_required
@permission_required("legal.view_lawyer", raise_exception=True)
def lawyer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The lawyer's caseload: open cases with their deadline warnings, then the closed ones."""
    lawyer = queries.lawyer_for(request.user, pk)
    found = queries.cases(request.user, lawyer=lawyer.pk)
    return render(request, "legal/lawyer_detail.html", {
        "lawyer": lawyer, "open_cases": found.filter(status__in=[s for s in CaseStatus.values if s != "closed"]),
        "warnings": queries.deadline_warnings(found), "closed": found.filter(status=CaseStatus.CLOSED)[:20],
    })


@login_required
@permission_required("legal.add_lawyer", raise_exception=True)
def lawyer_create(request: HttpRequest) -> HttpResponse:
    form = LawyerForm(request.POST or None, actor=request.user)
    return _edit_page(request, form, lambda data: services.create_lawyer(actor=request.user, **data),
                      title=_("New lawyer"), detail="legal:lawyer_detail", cancel="legal:lawyer_list")


@login_required
@permission_required("legal.change_lawyer", raise_exception=True)
def lawyer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lawyer = queries.lawyer_for(request.user, pk, "change")
    form = LawyerForm(request.POST or None, instance=lawyer, actor=request.user)
    return _edit_page(request, form, lambda data: services.update_lawyer(
        actor=request.user, lawyer=lawyer, expected_version=expected_version(request), **data),
        title=lawyer.name, detail="legal:lawyer_detail", cancel="legal:lawyer_list", version=lawyer.version)


# --- cases ----------------------------------------------------------------------------------------------


@login_required
@permission_required("legal.view_legalcase", raise_exception=True)
def case_list(request: HttpRequest) -> HttpResponse:
    form, text = _search(request)
    status = request.GET.get("status", "")
    found = queries.cases(request.user, text=text, status=status if status in CaseStatus.values else "")
    return render_list(request, "legal/case_list.html", "legal/_case_table.html", found, form=form,
                       statuses=CaseStatus.choices, status=status)


@login_required
@permission_required("legal.add_legalcase", raise_exception=True)
def case_create(request: HttpRequest) -> HttpResponse:
    """受理 at a station's desk: one line per claimant; several lines make a collective case."""
    form = IntakeForm(request.POST or None, actor=request.user,
                      initial={"intake_date": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(request, lambda: services.intake_case(
                actor=request.user, station=data["station"], intake_date=data["intake_date"],
                channel=data["channel"], employer_name=data["employer_name"], employer_uscc=data["employer_uscc"],
                dispute_type=data["dispute_type"], service_type=data["service_type"], knew_on=data["knew_on"],
                summary=data["summary"], claimants=data["claimants"]), form=form,
                success=lambda case: _("Case %(number)s received.") % {"number": case.number})
            if outcome.ok and outcome.result is not None:
                return redirect("legal:case_detail", pk=outcome.result.pk)
            status = outcome.status
        else:
            status = 400
    return render(request, "legal/case_form.html", {"form": form}, status=status)


def _timeline(case: LegalCase) -> list[tuple[str, Any]]:
    steps = [(str(CaseStatus.RECEIVED.label), case.intake_date), (_("Under review"), case.reviewed_on),
             (str(CaseStatus.ASSIGNED.label), case.assigned_on), (_("In hand"), case.started_on),
             (str(CaseStatus.CLOSED.label), case.closed_on)]
    return [(label, day) for label, day in steps if day]


@login_required
@permission_required("legal.view_legalcase", raise_exception=True)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_for(request.user, pk)
    claimants = list(queries.claimants_of(case))
    for claimant in claimants:
        claimant.id_masked = mask_id_number(claimant.id_number)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "case": case, "claimants": claimants, "timeline": _timeline(case),
        "warnings": queries.warnings_of(case),
        "documents": case.documents.order_by("pk"), "document_form": DocumentForm(),
        "close_form": CloseForm(initial={"closed_on": timezone.localdate()}),
        "can_review": request.user.has_perm("legal.review_legalcase"),
    }
    if case.status == CaseStatus.REVIEWING and context["can_review"]:
        context["assign_form"] = AssignForm(actor=request.user)
        context["suggestions"] = queries.suggest_lawyers(request.user, case)
    return render(request, "legal/case_detail.html", context)


def _case_step(request: HttpRequest, case: LegalCase, step: str) -> Any:
    version = expected_version(request)
    if step == "review":
        return services.review_case(actor=request.user, case=case, expected_version=version)
    if step == "assign":
        form = AssignForm(request.POST, actor=request.user)
        if not form.is_valid():
            raise ServiceError(_("Choose a lawyer."), status=400)
        return services.assign_case(actor=request.user, case=case, lawyer=form.cleaned_data["lawyer"],
                                    expected_version=version)
    if step == "start":
        return services.start_case(actor=request.user, case=case, expected_version=version)
    close = CloseForm(request.POST)
    if not close.is_valid():
        raise ServiceError(form_errors_text(close), status=400)
    return services.close_case(actor=request.user, case=case, outcome=close.cleaned_data["outcome"],
                               closing_report=close.cleaned_data["closing_report"],
                               on=close.cleaned_data["closed_on"] or None, expected_version=version)


STEPS = ("review", "assign", "start", "close")


@login_required
@permission_required("legal.view_legalcase", raise_exception=True)
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = queries.case_for(request.user, pk)
    refused = post_required(request)
    if refused is not None:
        return refused
    if step not in STEPS:
        raise Http404
    outcome = call_service(request, lambda: _case_step(request, case, step), success=_("Saved."))
    if not outcome.ok:
        return case_detail_with_status(request, pk, outcome.status)
    return redirect("legal:case_detail", pk=case.pk)


def case_detail_with_status(request: HttpRequest, pk: int, status: int) -> HttpResponse:
    response = case_detail(request, pk)
    response.status_code = status
    return response


@login_required
@permission_required("legal.add_claimant", raise_exception=True)
def claimant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """追加申请人: a worker joins an open collective case; the case page lists them with the others."""
    case = queries.case_for(request.user, pk, "change")
    form, status = NewClaimantForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            outcome = call_service(request, lambda: services.add_claimant(
                actor=request.user, case=case, data=form.claimant(), expected_version=expected_version(request)),
                form=form, success=_("Claimant added."))
            if outcome.ok:
                return redirect("legal:case_detail", pk=case.pk)
            status = outcome.status
        else:
            status = 400
    return render(request, "legal/claimant_add.html", {"form": form, "case": case}, status=status)


@login_required
@permission_required("legal.change_claimant", raise_exception=True)
def claimant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claimant = queries.claimant_for(request.user, pk, "change")
    form = ClaimantForm(request.POST or None, initial={
        "plan": claimant.plan, "result": claimant.result, "recovered": claimant.recovered_fen,
        "settled_on": claimant.settled_on, "household_size": claimant.household_size,
        "declared_income": claimant.declared_income_fen,
    })
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(request, lambda: services.record_claimant(
                actor=request.user, claimant=claimant, expected_version=expected_version(request),
                plan=data["plan"], result=data["result"] if claimant.case.status == CaseStatus.HANDLING else None,
                recovered_fen=data["recovered"] if claimant.case.status == CaseStatus.HANDLING else None,
                settled_on=data["settled_on"], household_size=data["household_size"],
                declared_income_fen=data["declared_income"]), form=form, success=_("Saved."))
            if outcome.ok:
                return redirect("legal:case_detail", pk=claimant.case_id)
            status = outcome.status
        else:
            status = 400
    return render(request, "legal/claimant_form.html", {
        "form": form, "claimant": claimant, "case": claimant.case, "id_masked": mask_id_number(claimant.id_number),
    }, status=status)


@login_required
@permission_required("legal.add_casedocument", raise_exception=True)
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_for(request.user, pk)
    refused = post_required(request)
    if refused is not None:
        return refused
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return case_detail_with_status(request, pk, 400)
    outcome = call_service(request, lambda: services.add_document(
        actor=request.user, case=case, title=form.cleaned_data["title"], upload=form.cleaned_data["upload"]),
        success=_("The document is uploaded."))
    if not outcome.ok:
        return case_detail_with_status(request, pk, outcome.status)
    return redirect("legal:case_detail", pk=case.pk)


@login_required
@permission_required("legal.view_casedocument", raise_exception=True)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = queries.document_for(request.user, pk)
    try:
        data = read_sealed(document.upload)
    except FileNotFoundError:
        raise Http404 from None
    audit.record("legal.document_read", actor=request.user, obj=document.case, changes={"document": document.pk})
    suffix = PurePosixPath(document.upload.name).suffix.lower()
    return sealed_response(data, content_type=document.content_type, filename=f"legal-{document.pk}{suffix}",
                           as_attachment=True)


@login_required
@permission_required("legal.view_legalcase", raise_exception=True)
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or None, actor=request.user)
    since = until = station = None
    if form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
        station = form.cleaned_data["station"].pk if form.cleaned_data["station"] else None
    result = queries.legal_report(request.user, since=since, until=until, station=station)
    return render(request, "legal/report.html", {"form": form, "report": result},
                  status=200 if form.is_bound is False or form.is_valid() else 400)
