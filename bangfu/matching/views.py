"""Pages of the matching app: runs (start, review, confirm pairs) and recommendations both ways."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bangfu.core.errors import ServiceError
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.jobs import queries as jobs_queries
from bangfu.matching import queries, services
from bangfu.matching.forms import RunForm


@login_required
@permission_required("matching.view_matchingrun", raise_exception=True)
def run_list(request: HttpRequest) -> HttpResponse:
    form = RunForm(actor=request.user) if request.user.has_perm("matching.add_matchingrun") else None
    page = paginate(request, queries.visible_runs(request.user))
    return render(
        request, "matching/run_list.html", {"form": form, "page": page, "query": querystring_without_page(request)}
    )


@login_required
@permission_required("matching.add_matchingrun", raise_exception=True)
def run_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RunForm(request.POST, actor=request.user)
    if not form.is_valid():
        page = paginate(request, queries.visible_runs(request.user))
        return render(request, "matching/run_list.html", {"form": form, "page": page, "query": ""}, status=422)
    try:
        run = services.start_matching_run(
            actor=request.user, org=form.cleaned_data["org"], top_k=form.cleaned_data["top_k"]
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("matching:run_list")
    return redirect("matching:run_detail", pk=run.pk)


@login_required
@permission_required("matching.view_matchingrun", raise_exception=True)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = queries.run_for(request.user, pk)
    pairs = paginate(request, queries.run_pairs(request.user, run), default_size=50)
    unassigned = queries.run_unassigned(request.user, run).order_by("pk")[:200]
    return render(
        request,
        "matching/run_detail.html",
        {
            "run": run,
            "page": pairs,
            "query": querystring_without_page(request),
            "unassigned": unassigned,
            "can_confirm": request.user.has_perm("matching.confirm_proposedpair") and run.superseded_by_id is None,
        },
    )


def _decide(request: HttpRequest, pk: int, confirm: bool) -> HttpResponse:
    pair = queries.pair_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if confirm:
            referral = services.confirm_pair(actor=request.user, pair=pair)
            messages.success(request, _("Pair confirmed: referral #%(pk)s made.") % {"pk": referral.pk})
        else:
            services.reject_pair(actor=request.user, pair=pair)
            messages.success(request, _("Pair set aside."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("matching:run_detail", pk=pair.run_id)


@login_required
@permission_required("matching.confirm_proposedpair", raise_exception=True)
def pair_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=True)


@login_required
@permission_required("matching.confirm_proposedpair", raise_exception=True)
def pair_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=False)


@login_required
@permission_required("jobs.view_seekerprofile", raise_exception=True)
def seeker_recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    profile = jobs_queries.seeker_for(request.user, pk)
    rows = queries.recommended_openings(request.user, profile, k=10)
    return render(
        request,
        "matching/seeker_recommendations.html",
        {
            "profile": profile,
            "rows": rows,
            "can_refer": request.user.has_perm("jobs.add_referral"),
        },
    )


@login_required
@permission_required("jobs.view_opening", raise_exception=True)
def opening_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    opening = jobs_queries.opening_for(request.user, pk)
    rows = queries.recommended_seekers(request.user, opening, k=10)
    return render(
        request,
        "matching/opening_candidates.html",
        {
            "opening": opening,
            "rows": rows,
            "can_refer": request.user.has_perm("jobs.add_referral"),
            "is_open": opening.positions_left > 0,
        },
    )
