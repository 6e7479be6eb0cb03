"""Opening pages: list with search and district filter, detail, create, edit, Excel import and template."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangfu.jobs import imports, queries, services
from bangfu.jobs.forms import OpeningForm
from bangfu.jobs.models import Opening
from bangfu.jobs.slots import format_slots
from bangfu.jobs.views.common import expected_version, import_page, render_list, save_form
from bangfu.matching.explain import accommodation_label


class OpeningSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Title, employer or occupation code"), required=False, max_length=50)
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    open_only = forms.BooleanField(label=gettext_lazy("Open only"), required=False)

    def __init__(self, *args: object, actor: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        district = cast(forms.ChoiceField, self.fields["district"])
        district.choices = [("", _("All districts")), *queries.district_choices(getattr(actor, "org", None))]


@login_required
@permission_required("jobs.view_opening", raise_exception=True)
def opening_list(request: HttpRequest) -> HttpResponse:
    form = OpeningSearchForm(request.GET or None, actor=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = queries.openings(request.user, text=filters.get("q", ""), district=filters.get("district", ""),
                                open_only=bool(filters.get("open_only")))
    return render_list(request, "jobs/opening_list.html", "jobs/_opening_table.html", queryset, form=form)


@login_required
@permission_required("jobs.view_opening", raise_exception=True)
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opening = queries.opening_for(request.user, pk)
    return render(request, "jobs/opening_detail.html", {
        "opening": opening, "district": queries.district_name(opening.district_code),
        "shifts": format_slots(opening.shift_slots),
        "accommodations": [accommodation_label(code) for code in opening.accommodations],
        "referrals": queries.referrals(request.user, opening=opening)[:50],
    })


def _saved_message(opening: Opening) -> str:
    return _("Opening %(title)s saved.") % {"title": opening.title}


@login_required
@permission_required("jobs.add_opening", raise_exception=True)
def opening_create(request: HttpRequest) -> HttpResponse:
    form = OpeningForm(request.POST or None, actor=request.user)
    saved = save_form(request, form, lambda data: services.create_opening(actor=request.user, **data),
                      message=_saved_message, detail="jobs:opening_detail")
    if saved is not None:
        return saved
    return render(request, "jobs/form.html", {"form": form, "title": _("New opening"), "cancel": "jobs:opening_list"})


@login_required
@permission_required("jobs.change_opening", raise_exception=True)
def opening_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opening = queries.opening_for(request.user, pk, "change")
    form = OpeningForm(request.POST or None, instance=opening, actor=request.user)
    saved = save_form(request, form, lambda data: services.update_opening(
        actor=request.user, opening=opening, expected_version=expected_version(request), **data),
        message=_saved_message, detail="jobs:opening_detail")
    if saved is not None:
        return saved
    return render(request, "jobs/form.html", {"form": form, "title": opening.title, "version": opening.version,
                                              "cancel": "jobs:opening_list"})


@login_required
@permission_required("jobs.add_opening", raise_exception=True)
def opening_import(request: HttpRequest) -> HttpResponse:
    return import_page(request, model=Opening, importer=imports.import_openings, title=_("Import openings"),
                       kind="openings", list_url="jobs:opening_list")


TEMPLATES = {
    "employers": (imports.EMPLOYER_COLUMNS, "用人单位", "jobs.view_employer"),
    "openings": (imports.OPENING_COLUMNS, "招聘岗位", "jobs.view_opening"),
}


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in TEMPLATES or not request.user.has_perm(TEMPLATES[kind][2]):
        raise Http404
    columns, title, _permission = TEMPLATES[kind]
    response = HttpResponse(
        imports.template_workbook(columns, title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response
