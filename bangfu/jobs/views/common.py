"""Helpers every jobs page shares: list rendering for htmx, the "scope first, then method" rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from bangfu.core.errors import ServiceError
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.jobs.forms import ImportForm


def render_list(request: HttpRequest, page_template: str, table_template: str, queryset: Any,
                **context: Any) -> HttpResponse:
    """The whole page, or only its table when htmx swaps it (search, paging)."""
    context.update(page=paginate(request, queryset), query=querystring_without_page(request))
    partial = getattr(request, "htmx", False) and not request.htmx.boosted  # type: ignore[attr-defined]
    return render(request, table_template if partial else page_template, context)


def post_required(request: HttpRequest) -> HttpResponse | None:
    """Called after the record was found in scope: outside scope is 404 before a wrong method is 405."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


RecordT = TypeVar("RecordT", bound=Model)


def save_form(request: HttpRequest, form: forms.BaseForm, save: Callable[[dict[str, Any]], RecordT], *,
              message: Callable[[RecordT], str], detail: str) -> HttpResponse | None:
    """A create or edit page's POST: a valid form goes to the service, then to the record's page.

    ``save`` calls the service with the cleaned data, through ``core.pages.call_service``: a refusal (a
    refused value, a stale version) is shown on the form; outside scope is a plain 404. Returns the redirect
    after a save, None when the caller is to render the form (again).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    outcome = call_service(request, lambda: save(form.cleaned_data), form=form, success=message)
    return redirect(detail, pk=outcome.value.pk) if outcome.ok else None


def expected_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def import_page(request: HttpRequest, *, model: type[Any], importer: Callable[..., Any], title: str, kind: str,
                list_url: str) -> HttpResponse:
    """An Excel upload: every valid row is applied, the rejected ones are listed by row and column."""
    form = ImportForm(request.POST or None, request.FILES or None, actor=request.user, model=model)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = importer(actor=request.user, org=form.cleaned_data["org"], source=form.cleaned_data["upload"])
        except ServiceError as exc:
            form.add_error("upload", str(exc))
    return render(request, "jobs/import.html", {"form": form, "result": result, "title": title, "kind": kind,
                                                "list_url": list_url})
