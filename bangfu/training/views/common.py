"""What every training page shares: list rendering, the form page, scope first then method."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.training.forms import SearchForm


def search_text(request: HttpRequest) -> tuple[SearchForm, str]:
    form = SearchForm(request.GET or None)
    return form, form.cleaned_data["q"] if form.is_valid() else ""


def render_list(request: HttpRequest, template: str, queryset: Any, *, status: int = 200,
                **context: Any) -> HttpResponse:
    context.update(page=paginate(request, queryset), query=querystring_without_page(request))
    return render(request, template, context, status=status)


def render_form(request: HttpRequest, form: Any, *, title: str, cancel: str, status: int = 200,
                version: int | None = None, multipart: bool = False) -> HttpResponse:
    return render(request, "training/form.html", {"form": form, "title": title, "cancel": cancel,
                                                  "version": version, "multipart": multipart}, status=status)


def post_required(request: HttpRequest) -> HttpResponse | None:
    """Called after the record was found in scope: outside scope is 404 before a wrong method is 405."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def expected_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def form_status(request: HttpRequest, form: Any) -> int:
    """400 when a submitted form is re-rendered with errors (the house's status policy)."""
    return 400 if request.method == "POST" and form.errors else 200
