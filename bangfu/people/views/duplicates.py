"""The duplicate review queue: a city officer compares two files and merges them or keeps both."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.people import queries, services
from bangfu.people.forms import DuplicateResolveForm
from bangfu.people.models import DuplicateStatus


@login_required
@permission_required("people.view_duplicatecandidate", raise_exception=True)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", DuplicateStatus.OPEN)
    status = status if status in DuplicateStatus.values else DuplicateStatus.OPEN
    page = paginate(request, queries.duplicate_queue(request.user, status))
    context = {"page": page, "status": status, "statuses": DuplicateStatus.choices,
               "query": querystring_without_page(request)}
    htmx: Any = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.boosted
    return render(request, "people/_duplicate_table.html" if partial else "people/duplicate_list.html", context)


@login_required
@permission_required("people.view_duplicatecandidate", raise_exception=True)
def duplicate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = queries.duplicate_detail(request.user, pk)
    pair = [candidate.file_a, candidate.file_b]
    choices = [(f.pk, f"#{f.pk} {f.household.head.name} · {f.org.name}") for f in pair]
    form = DuplicateResolveForm(request.POST or None, files=choices)
    context = {"candidate": candidate, "pair": pair, "form": form,
               "members": {f.pk: queries.members_of(f) for f in pair},
               "can_resolve": request.user.has_perm("people.resolve_duplicatecandidate")
               and candidate.status == DuplicateStatus.OPEN}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(request, lambda: services.resolve_duplicate(
            actor=request.user, candidate=candidate, decision=data["decision"], keep_file_id=data["keep"],
            note=data["note"]), form=form)
        if not outcome.ok:
            return render(request, "people/duplicate_detail.html", context, status=outcome.status)
        messages.success(request, _("The possible duplicate is resolved."))
        return redirect("people:duplicate_list")
    return render(request, "people/duplicate_detail.html", context)
