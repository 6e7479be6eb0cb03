"""Helpers every jobs page shares: list rendering for htmx, the "scope first, then method" rule."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from bangfu.core.pagination import paginate, querystring_without_page


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


def expected_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1
