"""Home training pages: plans, a family's plan with its sessions, the trainer's week and session record on a
phone, the coordinator's board of unscheduled requests (and the button that schedules a week)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core import audit
from bangfu.core.dates import DateError, parse_date
from bangfu.core.files import read_sealed, sealed_response
from bangfu.core.pages import call_service
from bangfu.jobs.slots import format_slots
from bangfu.training import queries, services
from bangfu.training.forms import DateForm, PlanForm, ScheduleForm, SessionRecordForm
from bangfu.training.services.scheduling import week_bounds
from bangfu.training.views.common import (
    expected_version,
    form_status,
    post_required,
    render_form,
    render_list,
    search_text,
)


@login_required
@permission_required("training.view_hometrainingplan", raise_exception=True)
def plan_list(request: HttpRequest) -> HttpResponse:
    form, text = search_text(request)
    return render_list(request, "training/plan_list.html", queries.plans(request.user, text=text), form=form)


@login_required
@permission_required("training.add_hometrainingplan", raise_exception=True)
def plan_person_search(request: HttpRequest) -> HttpResponse:
    form, text = search_text(request)
    people = queries.people_for_plans(request.user, text)
    return render(request, "training/person_search.html", {"form": form, "people": people[:50]})


@login_required
@permission_required("training.add_hometrainingplan", raise_exception=True)
def plan_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = queries.person_for_plan(request.user, person_pk)
    form = PlanForm(request.POST or None, actor=request.user)
    title = _("Home training plan for %(name)s") % {"name": person.name}
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, lambda: services.create_plan(actor=request.user, person=person,
                                                                     **form.service_fields()),
                               form=form, success=_("Plan saved."))
        if outcome.ok and outcome.result is not None:
            return redirect("training:plan_detail", pk=outcome.result.pk)
        return render_form(request, form, title=title, cancel="training:plan_list", status=outcome.status)
    return render_form(request, form, title=title, cancel="training:plan_list", status=form_status(request, form))


@login_required
@permission_required("training.view_hometrainingplan", raise_exception=True)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = queries.plan_for(request.user, pk)
    return render(request, "training/plan_detail.html", {
        "plan": plan, "sessions": queries.sessions(request.user, plan=plan)[:200],
        "outcomes": plan.outcomes.order_by("on", "pk"), "free_time": format_slots(plan.free_slots, zero="无"),
        "unscheduled": plan.unscheduled.select_related("run").order_by("-pk")[:5], "complete_form": DateForm(),
    })


@login_required
@permission_required("training.change_hometrainingplan", raise_exception=True)
def plan_complete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = queries.plan_for(request.user, pk)
    if (refused := post_required(request)) is not None:
        return refused
    form = DateForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else timezone.localdate()
    call_service(request, lambda: services.complete_plan(actor=request.user, plan=plan,
                                                         expected_version=expected_version(request), on=on),
                 success=_("Training completed; tags and certificate added to the seeker profile."))
    return redirect("training:plan_detail", pk=plan.pk)


def _week_start(request: HttpRequest) -> dt.date:
    try:
        day = parse_date(request.GET.get("week", "")) if request.GET.get("week") else timezone.localdate()
    except DateError:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


@login_required
@permission_required("training.view_trainingsession", raise_exception=True)
def trainer_week(request: HttpRequest) -> HttpResponse:
    """A trainer's week on a phone (officers see every session in their scope)."""
    monday = _week_start(request)
    start, end = week_bounds(monday)
    found = queries.sessions(request.user, since=start, until=end)
    by_day: list[list[Any]] = [[] for _n in range(7)]
    for session in found[:500]:
        by_day[(timezone.localtime(session.starts_at).date() - monday).days].append(session)
    days = [{"date": monday + dt.timedelta(days=n), "sessions": by_day[n]} for n in range(7)]
    return render(request, "training/trainer_week.html", {
        "days": days, "monday": monday, "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
    })


@login_required
@permission_required("training.change_trainingsession", raise_exception=True)
def session_record(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.session_for(request.user, pk, "change")
    form = SessionRecordForm(request.POST or None, request.FILES or None,
                             initial={"notes": session.notes, "attended": "1"})
    status = form_status(request, form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(request, lambda: services.record_session(
            actor=request.user, session=session, expected_version=expected_version(request),
            attended=data["attended"], notes=data["notes"], photo=services.session_photo(data["photo"])),
            form=form, success=_("Session recorded."))
        if outcome.ok:
            return redirect(f"{redirect('training:trainer_week').url}?week={session.starts_at:%Y-%m-%d}")
        status = outcome.status
    return render(request, "training/session_record.html", {"session": session, "form": form}, status=status)


@login_required
@permission_required("training.view_trainingsession", raise_exception=True)
def session_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The photo of a session: personal data, served only here (scoped, audited), never under a media URL."""
    session = queries.session_for(request.user, pk)
    if not session.photo:
        return HttpResponse(status=404)
    data = read_sealed(session.photo)
    audit.record("training.session_photo_viewed", actor=request.user, obj=session, request=request)
    content_type = "image/png" if data[:4] == b"\x89PNG" else "image/jpeg" if data[:2] == b"\xff\xd8" else "image/webp"
    return sealed_response(data, content_type=content_type, filename=f"session-{session.pk}", as_attachment=False)


@login_required
@permission_required("training.view_unscheduledrequest", raise_exception=True)
def board(request: HttpRequest) -> HttpResponse:
    """The coordinator's board: the latest runs, the requests left out with their reasons, and scheduling."""
    monday = _week_start(request) + dt.timedelta(days=7 if not request.GET.get("week") else 0)
    form = ScheduleForm(request.POST or None, actor=request.user, initial={"week_start": monday.isoformat()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(request, lambda: services.schedule_unit_week(
                actor=request.user, org=data["org"], week_start=data["week_start"]), form=form,
                success=lambda run: _("%(scheduled)s of %(requested)s sessions scheduled.") % {
                    "scheduled": run.scheduled, "requested": run.requested})
            if outcome.ok:
                return redirect("training:board")
            status = outcome.status
        else:
            status = 400
    return render_list(request, "training/board.html", queries.unscheduled(request.user), form=form,
                       runs=queries.runs(request.user)[:5], status=status)
