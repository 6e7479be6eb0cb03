"""Cohort pages: list, create, the roll with attendance, graduation and outcomes, and the proposal of
graduates to the ordering employer's openings."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core.pages import call_service, form_errors_text
from bangfu.people.queries import person_for
from bangfu.training import queries, services
from bangfu.training.forms import AttendanceForm, CohortForm, DateForm
from bangfu.training.views.common import form_status, post_required, render_form, render_list, search_text


@login_required
@permission_required("training.view_cohort", raise_exception=True)
def cohort_list(request: HttpRequest) -> HttpResponse:
    form, text = search_text(request)
    return render_list(request, "training/cohort_list.html", queries.cohorts(request.user, text=text), form=form)


@login_required
@permission_required("training.add_cohort", raise_exception=True)
def cohort_create(request: HttpRequest) -> HttpResponse:
    form = CohortForm(request.POST or None, actor=request.user)
    title = _("New cohort")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        openings = list(data.pop("openings"))
        outcome = call_service(request, lambda: services.create_cohort(actor=request.user, openings=openings, **data),
                               form=form, success=_("Cohort saved."))
        if outcome.ok and outcome.result is not None:
            return redirect("training:cohort_detail", pk=outcome.result.pk)
        return render_form(request, form, title=title, cancel="training:cohort_list", status=outcome.status)
    return render_form(request, form, title=title, cancel="training:cohort_list", status=form_status(request, form))


@login_required
@permission_required("training.view_cohort", raise_exception=True)
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = queries.cohort_for(request.user, pk)
    search, text = search_text(request)
    candidates = queries.people_to_enrol(request.user, text)  # nobody for an empty box
    roll = list(queries.enrolments(request.user, cohort))
    employed = queries.employed_enrolments(roll)
    graduated = [e for e in roll if e.graduated_on]
    return render(request, "training/cohort_detail.html", {
        "cohort": cohort, "roll": roll, "employed": employed, "search": search, "candidates": candidates,
        "openings": cohort.openings.select_related("employer").order_by("pk"),
        "graduated": len(graduated), "employed_count": len(employed & {e.pk for e in graduated}),
        "attendance_form": AttendanceForm(initial={"on": timezone.localdate().isoformat(), "hours": 4}),
        "date_form": DateForm(initial={"on": timezone.localdate().isoformat()}),
    })


@login_required
@permission_required("training.add_enrolment", raise_exception=True)
def cohort_enrol(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    cohort = queries.cohort_for(request.user, pk)
    person = person_for(request.user, person_pk)
    if (refused := post_required(request)) is not None:
        return refused
    call_service(request, lambda: services.enrol_person(actor=request.user, cohort=cohort, person=person),
                 success=_("Enrolled."))
    return redirect("training:cohort_detail", pk=cohort.pk)


@login_required
@permission_required("training.change_enrolment", raise_exception=True)
def enrolment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """attendance (date, hours) or graduate (date) for one person on the roll."""
    enrolment = queries.enrolment_for(request.user, pk)
    if (refused := post_required(request)) is not None:
        return refused
    form: forms.Form
    if step == "attendance":
        form = AttendanceForm(request.POST)
        if form.is_valid():
            call_service(request, lambda: services.record_attendance(
                actor=request.user, enrolment=enrolment, on=form.cleaned_data["on"],
                hours=form.cleaned_data["hours"]), success=_("Attendance recorded."))
            return redirect("training:cohort_detail", pk=enrolment.cohort_id)
    elif step == "graduate":
        form = DateForm(request.POST)
        if form.is_valid():
            call_service(request, lambda: services.graduate(actor=request.user, enrolment=enrolment,
                                                            on=form.cleaned_data["on"]),
                         success=_("Graduated; tags and certificate added to the seeker profile."))
            return redirect("training:cohort_detail", pk=enrolment.cohort_id)
    else:
        return HttpResponse(status=404)
    flash.error(request, form_errors_text(form))
    return redirect("training:cohort_detail", pk=enrolment.cohort_id)


@login_required
@permission_required("jobs.add_referral", raise_exception=True)
def cohort_propose(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = queries.cohort_for(request.user, pk)
    if (refused := post_required(request)) is not None:
        return refused
    call_service(request, lambda: services.propose_graduates(actor=request.user, cohort=cohort,
                                                             on=timezone.localdate()),
                 success=lambda made: _("%(count)s graduates referred to the employer's openings.") % {
                     "count": len(made)})
    return redirect("training:cohort_detail", pk=cohort.pk)
