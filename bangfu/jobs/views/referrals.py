"""Referral pages: list, detail with the workflow buttons, refer from a recommendation, retention checks."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangfu.core.errors import ServiceError
from bangfu.jobs import queries, services
from bangfu.jobs.forms import ReferralStepForm, RetentionForm
from bangfu.jobs.models import ReferralStatus
from bangfu.jobs.views.common import post_required, render_list


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", gettext_lazy("All statuses")), *ReferralStatus.choices])
    hardship_review = forms.BooleanField(label=gettext_lazy("Hardship file to review"), required=False)


@login_required
@permission_required("jobs.view_referral", raise_exception=True)
def referral_list(request: HttpRequest) -> HttpResponse:
    form = ReferralFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = queries.referrals(request.user, status=filters.get("status", ""),
                                 hardship_review=bool(filters.get("hardship_review")))
    return render_list(request, "jobs/referral_list.html", "jobs/_referral_table.html", queryset, form=form)


@login_required
@permission_required("jobs.view_referral", raise_exception=True)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = queries.referral_for(request.user, pk)
    return render(request, "jobs/referral_detail.html", {
        "referral": referral, "step_form": ReferralStepForm(initial={"on": timezone.localdate()}),
        "steps": [step for step, status in services.STEPS.items() if status in referral.next_statuses()],
        "checks": referral.retention_checks.all(),
    })


@login_required
@permission_required("jobs.change_referral", raise_exception=True)
def referral_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    referral = queries.referral_for(request.user, pk, "change")
    if step not in services.STEPS:
        raise Http404
    refused = post_required(request)
    if refused:
        return refused
    form = ReferralStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("jobs:referral_detail", pk=referral.pk)
    try:
        services.advance_referral(actor=request.user, referral=referral, step=step, on=form.cleaned_data["on"],
                                  reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Referral updated: %(status)s.") % {"status": referral.get_status_display()})
    return redirect("jobs:referral_detail", pk=referral.pk)


@login_required
@permission_required("jobs.add_referral", raise_exception=True)
def referral_create(request: HttpRequest, seeker_pk: int, opening_pk: int) -> HttpResponse:
    """Refer a seeker to an opening from a recommendation list (both must be in scope)."""
    seeker = queries.seeker_for(request.user, seeker_pk)
    opening = queries.opening_for(request.user, opening_pk)
    refused = post_required(request)
    if refused:
        return refused
    try:
        referral = services.refer_seeker(
            actor=request.user, seeker=seeker, opening=opening,
            score=_float_or_none(request.POST.get("score")), reasons=request.POST.getlist("reason")[:10],
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("jobs:seeker_detail", pk=seeker.pk)
    messages.success(request, _("Referral made."))
    return redirect("jobs:referral_detail", pk=referral.pk)


def _float_or_none(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


@login_required
@permission_required("jobs.view_retentioncheck", raise_exception=True)
def retention_list(request: HttpRequest) -> HttpResponse:
    pending_only = request.GET.get("all") != "1"
    queryset = queries.retention_checks(request.user, pending_only=pending_only)
    return render_list(request, "jobs/retention_list.html", "jobs/_retention_table.html", queryset,
                       pending_only=pending_only, today=timezone.localdate())


@login_required
@permission_required("jobs.view_retentioncheck", raise_exception=True)
def retention_record(request: HttpRequest, pk: int) -> HttpResponse:
    check = queries.retention_check_for(request.user, pk)
    form = RetentionForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST":
        if not request.user.has_perm("jobs.change_retentioncheck"):
            raise Http404
        if form.is_valid():
            try:
                services.record_retention(actor=request.user, check=check, outcome=form.cleaned_data["outcome"],
                                          on=form.cleaned_data["checked_on"], notes=form.cleaned_data["notes"])
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Retention check recorded."))
                return redirect("jobs:retention_list")
    return render(request, "jobs/retention_record.html", {"check": check, "form": form})
