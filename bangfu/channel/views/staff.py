"""Staff pages of the worker channel: the online applications queued to a union, 12351 tickets and their
report. Thin: queries read (scoped), services write (the same the API calls), `call_service` reports."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.queries import root_unit_for, unit_for
from bangfu.accounts.scoping import may_somewhere
from bangfu.channel import queries, services
from bangfu.channel.forms import DecisionForm, ReportForm, TicketForm, TicketStepForm
from bangfu.channel.models import (
    ApplicationKind,
    ApplicationStatus,
    Ticket,
    TicketCategory,
    TicketStatus,
    WorkerApplication,
)
from bangfu.channel.services.applications import details_of
from bangfu.core.errors import ServiceError
from bangfu.core.files import sealed_response
from bangfu.core.masking import mask_id_number
from bangfu.core.pages import call_service, valid_or_told
from bangfu.core.spreadsheet import safe_row
from bangfu.jobs.views.common import expected_version, post_required, render_list
from bangfu.legal import queries as legal_queries
from bangfu.legal.models import DisputeType
from bangfu.people.models import EmploymentStatus, Relation
from bangfu.people.vocab import cause_name


@login_required
@permission_required("channel.view_workerapplication", raise_exception=True)
def application_list(request: HttpRequest) -> HttpResponse:
    waiting = request.GET.get("all") != "1"
    return render_list(request, "channel/staff/application_list.html", "channel/staff/_application_table.html",
                       queries.applications(request.user, waiting_only=waiting), waiting=waiting)


def _masked(details: dict[str, Any]) -> dict[str, Any]:
    """What the page shows: ID numbers masked (the service holds them in clear for the register), and the
    stored codes (`spouse`, `laid_off`, `wages`) in the words of their choices."""
    members = [m | {"id_number": mask_id_number(m["id_number"]),
                    "relation": _label(Relation, m.get("relation", "")),
                    "employment_status": _label(EmploymentStatus, m.get("employment_status", ""))}
               for m in details.get("members", [])]
    shown = details | {"members": members}
    if "primary_cause" in details:
        shown["primary_cause"] = cause_name(details["primary_cause"])
    if "dispute_type" in details:
        shown["dispute_type"] = _label(DisputeType, details["dispute_type"])
    return shown


def _label(choices: Any, code: str) -> str:
    return str(dict(choices.choices).get(code, code))


@login_required
@permission_required("channel.view_workerapplication", raise_exception=True)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = queries.application_for(request.user, pk)
    return render(request, "channel/staff/application_detail.html", {
        "application": application, "details": _masked(details_of(application)),
        "progress": queries.progress(application), "photos": application.photos.all(),
        "stations": queries.stations_for_application(request.user, application), "form": DecisionForm(),
        **_choices(request.user, application)})


def _choices(user: Any, application: WorkerApplication) -> dict[str, Any]:
    """What the accepting staff may choose for this kind of application (each list in their scope)."""
    if application.status != ApplicationStatus.SUBMITTED:
        return {}
    if application.kind == ApplicationKind.LEGAL:
        return {"cases": queries.collective_cases_in_reach(user, application)}
    if application.kind == ApplicationKind.TRAINING:
        return {"courses": queries.home_courses(user)}
    if application.kind == ApplicationKind.JOB:
        return {"openings": queries.open_openings(user)}
    return {}


@login_required
@permission_required("channel.view_workerapplication", raise_exception=True)
def application_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    application = queries.application_for(request.user, pk)
    if (refused := post_required(request)) is not None:
        return refused
    form = DecisionForm(request.POST)
    if step not in ("accept", "decline", "ask") or not valid_or_told(request, form):
        return redirect("channel:application_detail", pk=pk)
    data, version = form.cleaned_data, expected_version(request)
    common: dict[str, Any] = {"actor": request.user, "application": application, "expected_version": version,
              "staff_phone": data["staff_phone"]}
    if step == "accept":
        choice = queries.placement(request.user, station=data["station"], case=data["case"],
                                   course=data["course"], opening=data["opening"])
        call = lambda: services.accept_application(**common, choice=choice)  # noqa: E731
    elif step == "decline":
        call = lambda: services.decline_application(**common, reason=data["text"])  # noqa: E731
    else:
        call = lambda: services.ask_worker(**common, needed=data["text"])  # noqa: E731
    call_service(request, call, success=_("Saved."))
    return redirect("channel:application_detail", pk=pk)


@login_required
@permission_required("channel.view_applicationphoto", raise_exception=True)
def photo_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    photo = queries.photo_for(request.user, pk)
    data = services.read_photo(actor=request.user, photo=photo)
    suffix = ".pdf" if photo.content_type == "application/pdf" else ".jpg"
    return sealed_response(data, content_type=photo.content_type, filename=f"photo-{photo.pk}{suffix}",
                           as_attachment=False)


@login_required
@permission_required("channel.view_ticket", raise_exception=True)
def ticket_list(request: HttpRequest) -> HttpResponse:
    overdue = request.GET.get("overdue") == "1"
    found = queries.tickets(request.user, status=request.GET.get("status", ""),
                            category=request.GET.get("category", ""), text=request.GET.get("q", "")[:50],
                            overdue=overdue)
    return render_list(request, "channel/staff/ticket_list.html", "channel/staff/_ticket_table.html", found,
                       warnings=queries.due_soon(request.user)[:20], overdue=overdue,
                       statuses=TicketStatus.choices, categories=TicketCategory.choices)


@login_required
@permission_required("channel.add_ticket", raise_exception=True)
def ticket_create(request: HttpRequest) -> HttpResponse:
    form, status = TicketForm(request.POST or None), 200
    desk = getattr(request.user, "org", None)
    if request.method == "POST":
        if form.is_valid() and desk is not None:
            ticket_in = services.TicketIn(**form.cleaned_data)
            outcome = call_service(request, lambda: services.record_ticket(actor=request.user, desk=desk,
                                                                           data=ticket_in),
                                   form=form, success=lambda t: _("Ticket %(number)s routed to %(unit)s.") % {
                                       "number": t.number, "unit": t.org.name})
            if outcome.ok:
                return redirect("channel:ticket_detail", pk=outcome.value.pk)
            status = outcome.status
        else:
            status = 400
    return render(request, "channel/staff/ticket_form.html", {"form": form, "desk": desk}, status=status)


@login_required
@permission_required("channel.view_ticket", raise_exception=True)
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = queries.ticket_for(request.user, pk)
    return render(request, "channel/staff/ticket_detail.html", {
        "ticket": ticket, "events": ticket.events.select_related("created_by", "from_org"),
        "form": TicketStepForm(), "stations": queries.stations_in_reach(request.user, ticket.org),
        # offered only to a role that may file (an outside tester was offered it and refused after the click)
        "may_file": may_somewhere(request.user, "people.add_hardshipfile"),
        "openings": queries.open_openings(request.user) if ticket.is_open else []})


def _pass_target(request: HttpRequest, code: str, ticket: Ticket) -> OrgUnit:
    """The unit above the assignee (sending a wrongly routed ticket back), or a unit in the user's scope."""
    if not code:  # an empty code would otherwise name the user's own unit
        raise ServiceError(_("Pass to unit (code): name the unit the ticket goes to."), status=400)
    parent = ticket.org.parent
    if parent is not None and parent.code == code:
        return parent
    return unit_for(request.user, code)


@login_required
@permission_required("channel.view_ticket", raise_exception=True)
def ticket_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    ticket = queries.ticket_for(request.user, pk)
    if (refused := post_required(request)) is not None:
        return refused
    form = TicketStepForm(request.POST)
    if not valid_or_told(request, form):
        return redirect("channel:ticket_detail", pk=pk)
    data = form.cleaned_data
    common: dict[str, Any] = {"actor": request.user, "ticket": ticket, "expected_version": expected_version(request)}
    calls: dict[str, Callable[[], Any]] = {
        "contact": lambda: services.contact_ticket(**common, note=data["text"]),
        "answer": lambda: services.answer_ticket(**common, answer=data["text"]),
        "close": lambda: services.close_ticket(**common, satisfaction=data["satisfaction"] or 0,
                                               callback_note=data["text"]),
        "pass": lambda: services.pass_ticket(**common, note=data["text"],
                                             to_org=_pass_target(request, data["to_org"], ticket)),
        "legal": lambda: services.ticket_to_legal_case(
            **common, station=legal_queries.station_for(request.user, data["station"]),
            employer_name=data["employer_name"], dispute_type=data["dispute_type"],
            service_type=data["service_type"]),
        "hardship": lambda: services.ticket_to_hardship_file(**common, id_number=data["id_number"],
                                                             primary_cause=data["primary_cause"]),
        "referral": lambda: services.ticket_to_referral(
            **common, id_number=data["id_number"],
            opening=queries.placement(request.user, opening=data["opening"]).opening),
    }
    if step in calls:
        call_service(request, calls[step], success=_("Saved."))
    return redirect("channel:ticket_detail", pk=pk)


def _report_org(request: HttpRequest, code: str) -> OrgUnit:
    if code:
        return unit_for(request.user, code)
    org = getattr(request.user, "org", None)
    return org if org is not None else root_unit_for(request.user)


HEADERS = (gettext_noop("Unit"), gettext_noop("Month"), gettext_noop("Category"), gettext_noop("Tickets"),
           gettext_noop("Answered"), gettext_noop("Answered within the limit"), gettext_noop("Closed"),
           gettext_noop("Satisfaction"))


@login_required
@permission_required("channel.view_ticket", raise_exception=True)
def ticket_report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {"org": "", "since": None, "until": None}
    org = _report_org(request, data["org"])
    rows = queries.ticket_report(request.user, org, since=data["since"], until=data["until"])
    if request.GET.get("format") == "xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append([_(header) for header in HEADERS])
        for row in rows:
            sheet.append(safe_row([row.unit, row.month, row.category, row.total, row.answered,
                                   row.answered_in_time, row.closed, row.satisfaction]))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = 'attachment; filename="tickets.xlsx"'
        return response
    return render(request, "channel/staff/ticket_report.html", {"form": form, "org": org, "rows": rows,
                                                                 "headers": [_(h) for h in HEADERS]})
