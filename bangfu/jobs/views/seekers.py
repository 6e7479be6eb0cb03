"""Seeker profile pages: list, create from a person of the register, detail, edit."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangfu.jobs import queries, services
from bangfu.jobs.forms import SeekerProfileForm
from bangfu.jobs.models import SeekerProfile, SeekerStatus
from bangfu.jobs.slots import format_slots
from bangfu.jobs.views.common import expected_version, render_list, save_form
from bangfu.matching.explain import accommodation_label
from bangfu.people.extensions import person_panels


class SeekerSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name, initials or intention"), required=False, max_length=50)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", gettext_lazy("All statuses")), *SeekerStatus.choices])
    flagged = forms.BooleanField(label=gettext_lazy("Flagged for follow-up"), required=False)


@login_required
@permission_required("jobs.view_seekerprofile", raise_exception=True)
def seeker_list(request: HttpRequest) -> HttpResponse:
    form = SeekerSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = queries.seekers(request.user, text=filters.get("q", ""), status=filters.get("status", ""),
                               flagged=bool(filters.get("flagged")))
    return render_list(request, "jobs/seeker_list.html", "jobs/_seeker_table.html", queryset, form=form)


@login_required
@permission_required("jobs.add_seekerprofile", raise_exception=True)
def seeker_person_search(request: HttpRequest) -> HttpResponse:
    """People of the register in scope without a seeker profile, to start one."""
    text = (request.GET.get("q") or "").strip()[:50]
    return render_list(request, "jobs/seeker_person_search.html", "jobs/_person_table.html",
                       queries.people_without_profile(request.user, text), text=text)


def _saved_message(profile: SeekerProfile) -> str:
    return _("Seeker profile saved.")


@login_required
@permission_required("jobs.add_seekerprofile", raise_exception=True)
def seeker_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = queries.person_for_profile(request.user, person_pk)
    form = SeekerProfileForm(request.POST or None, actor=request.user)
    saved = save_form(request, form,
                      lambda data: services.create_seeker_profile(actor=request.user, person=person, **data),
                      message=_saved_message, detail="jobs:seeker_detail")
    if saved is not None:
        return saved
    title = _("Seeker profile of %(name)s") % {"name": person.name}
    return render(request, "jobs/form.html", {"form": form, "title": title, "cancel": "jobs:seeker_list"})


@login_required
@permission_required("jobs.view_seekerprofile", raise_exception=True)
def seeker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = queries.seeker_for(request.user, pk)
    return render(request, "jobs/seeker_detail.html", {
        "profile": profile,
        "home": queries.district_name(profile.home_district),
        "districts": [queries.district_name(code) for code in profile.acceptable_districts],
        "free_time": format_slots(profile.free_slots),
        "needs": [accommodation_label(code) for code in profile.needs],
        "referrals": queries.referrals(request.user, seeker=profile),
        "panels": person_panels(user=request.user, people=[profile.person]),
    })


@login_required
@permission_required("jobs.change_seekerprofile", raise_exception=True)
def seeker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = queries.seeker_for(request.user, pk, "change")
    form = SeekerProfileForm(request.POST or None, instance=profile, actor=request.user)
    saved = save_form(request, form, lambda data: services.update_seeker_profile(
        actor=request.user, profile=profile, expected_version=expected_version(request), **data),
        message=_saved_message, detail="jobs:seeker_detail")
    if saved is not None:
        return saved
    title = _("Seeker profile of %(name)s") % {"name": profile.person.name}
    return render(request, "jobs/form.html", {"form": form, "title": title, "version": profile.version,
                                              "cancel": "jobs:seeker_list"})
