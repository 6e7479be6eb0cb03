"""List pages of the register: the register and its two stores, re-checks, data quality, the tier rules."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.people import queries
from bangfu.people.facts import MinimumTable
from bangfu.people.forms import FileBatchForm, FileSearchForm, IdSearchForm
from bangfu.people.tiers import load_tier_rules
from bangfu.people.vocab import TIER_NAMES_ZH

VIEW = "people.view_hardshipfile"
STORE_TITLES = {"register": _("Families in hardship"), "relieved": _("Out of hardship"),
                "cancelled": _("Cancelled files")}


def _partial(request: HttpRequest) -> bool:
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def _batch_contacts(user: Any) -> Any:
    """Who may be named 帮扶联系人 in the batch bar (the same choice as the edit form's)."""
    if not user.has_perm("people.change_hardshipfile"):
        return []
    field: Any = FileBatchForm(user=user).fields["contact"]
    return field.queryset.select_related("org")


def _file_list(request: HttpRequest, store: str) -> HttpResponse:
    form = FileSearchForm(request.GET or None, user=request.user, store=store)
    id_form = IdSearchForm(request.POST or None)
    filters = queries.FileFilters(store=store)
    if request.method == "POST":
        # The full ID number came in the body; it is hashed to the blind index and never put in a URL.
        number = id_form.cleaned_data["id_number"] if id_form.is_valid() else ""
        filters = queries.FileFilters(store=store, id_number=number)  # file_list records the search
    elif form.is_valid():
        data = form.cleaned_data
        filters = queries.FileFilters(text=data["q"], district=data["district"], cause=data["cause"],
                                      tier=data["tier"], status=data["status"], store=store)
    rows = queries.file_list(request.user, filters)
    count: int | None
    if (request.method == "POST" and not filters.id_number) or (form.is_bound and not form.is_valid()):
        # A search the form refuses (a text over 50 characters, a district outside the choices) finds nothing and
        # says why: it showed the whole list unfiltered, which an officer takes for the search's result.
        rows, count = rows.none(), 0
    else:
        count = queries.file_list_count(request.user, filters)
    page = paginate(request, rows, keys_first=True, count=count)
    context = {
        "form": form, "id_form": id_form, "page": page, "store": store, "title": STORE_TITLES[store],
        "query": querystring_without_page(request), "list_url": request.path,
        "searched_by_id": request.method == "POST",
        "batch_contacts": _batch_contacts(request.user) if store == "register" else [],
    }
    template = "people/_file_table.html" if _partial(request) else "people/file_list.html"
    return render(request, template, context)


@login_required
@permission_required(VIEW, raise_exception=True)
def household_list(request: HttpRequest) -> HttpResponse:
    return _file_list(request, "register")


@login_required
@permission_required(VIEW, raise_exception=True)
def relieved_list(request: HttpRequest) -> HttpResponse:
    return _file_list(request, "relieved")


@login_required
@permission_required(VIEW, raise_exception=True)
def cancelled_list(request: HttpRequest) -> HttpResponse:
    return _file_list(request, "cancelled")


@login_required
@permission_required(VIEW, raise_exception=True)
def recheck_list(request: HttpRequest) -> HttpResponse:
    which = "overdue" if request.GET.get("which") == "overdue" else "due"
    page = paginate(request, queries.recheck_list(request.user, which))
    context = {"page": page, "which": which, "query": querystring_without_page(request), "tab": f"recheck_{which}"}
    template = "people/_quality_table.html" if _partial(request) else "people/quality_list.html"
    return render(request, template, context)


@login_required
@permission_required(VIEW, raise_exception=True)
def quality_list(request: HttpRequest) -> HttpResponse:
    check = request.GET.get("check", "")
    check = check if check in queries.QUALITY_CHECKS else "missing_evidence"
    page = paginate(request, queries.quality_list(request.user, check))
    context = {"page": page, "check": check, "query": querystring_without_page(request), "tab": check}
    template = "people/_quality_table.html" if _partial(request) else "people/quality_list.html"
    return render(request, template, context)


@login_required
@permission_required(VIEW, raise_exception=True)
def tier_rules(request: HttpRequest) -> HttpResponse:
    rules = [{"rule": rule, "tier_name": TIER_NAMES_ZH[rule.tier]} for rule in load_tier_rules()]
    minimums = sorted(MinimumTable.load().rows, key=lambda row: (row.prefix, row.effective_from))
    return render(request, "people/tier_rules.html", {"rules": rules, "minimums": minimums})
