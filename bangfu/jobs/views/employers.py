"""Employer pages: list with search, detail, create, edit, Excel import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from bangfu.jobs import imports, queries, services
from bangfu.jobs.forms import EmployerForm, SearchForm
from bangfu.jobs.models import Employer
from bangfu.jobs.views.common import expected_version, import_page, render_list, save_form


@login_required
@permission_required("jobs.view_employer", raise_exception=True)
def employer_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    return render_list(request, "jobs/employer_list.html", "jobs/_employer_table.html",
                       queries.employers(request.user, text=text), form=form)


@login_required
@permission_required("jobs.view_employer", raise_exception=True)
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = queries.employer_for(request.user, pk)
    openings = queries.openings(request.user).filter(employer=employer)[:100]
    return render(request, "jobs/employer_detail.html", {
        "employer": employer, "openings": openings, "district": queries.district_name(employer.district_code),
    })


def _saved_message(employer: Employer) -> str:
    return _("Employer %(name)s saved.") % {"name": employer.name}


@login_required
@permission_required("jobs.add_employer", raise_exception=True)
def employer_create(request: HttpRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None, actor=request.user)
    saved = save_form(request, form, lambda data: services.create_employer(actor=request.user, **data),
                      message=_saved_message, detail="jobs:employer_detail")
    if saved is not None:
        return saved
    return render(request, "jobs/form.html", {"form": form, "title": _("New employer"),
                                              "cancel": "jobs:employer_list"})


@login_required
@permission_required("jobs.change_employer", raise_exception=True)
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = queries.employer_for(request.user, pk, "change")
    form = EmployerForm(request.POST or None, instance=employer, actor=request.user)
    saved = save_form(request, form, lambda data: services.update_employer(
        actor=request.user, employer=employer, expected_version=expected_version(request), **data),
        message=_saved_message, detail="jobs:employer_detail")
    if saved is not None:
        return saved
    return render(request, "jobs/form.html", {"form": form, "title": employer.name, "version": employer.version,
                                              "cancel": "jobs:employer_list"})


@login_required
@permission_required("jobs.add_employer", raise_exception=True)
def employer_import(request: HttpRequest) -> HttpResponse:
    return import_page(request, model=Employer, importer=imports.import_employers, title=_("Import employers"),
                       kind="employers", list_url="jobs:employer_list")
