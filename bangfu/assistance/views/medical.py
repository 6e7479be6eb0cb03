"""Medical aid: claims with the calculation shown line by line; facts about people that rules read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.assistance.access import require_perm
from bangfu.assistance.dictionaries import fact_detail_names
from bangfu.assistance.forms import ClaimForm, FactForm
from bangfu.assistance.models import ProgramKind
from bangfu.assistance.queries import (
    claim_for,
    visible_claims,
    visible_facts,
    visible_households,
    visible_people,
    visible_programs,
)
from bangfu.assistance.services import medical, programs
from bangfu.assistance.views.common import set_choices, table_or_page
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_medicalclaim")
    claims = visible_claims(request.user)
    status = request.GET.get("status", "")
    if status:
        claims = claims.filter(status=status)
    context = {"page": paginate(request, claims), "query": querystring_without_page(request), "status": status}
    return table_or_page(request, "assistance/_claim_table.html", "assistance/claim_list.html", context)


@login_required
def claim_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.add_medicalclaim")
    form = ClaimForm(request.POST or None)
    program_choices = visible_programs(request.user).filter(kind=ProgramKind.MEDICAL, status="active")
    set_choices(form, "program", [(p.pk, p.name) for p in program_choices])
    households = visible_households(request.user).order_by("head__name")
    set_choices(form, "household", [(h.pk, f"{h.head.name}户（{h.org.name}）") for h in households[:500]])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        program = program_choices.filter(pk=data["program"]).first()
        household = households.filter(pk=data["household"]).first()
        if program is None or household is None:
            raise Http404
        claim = call_service(request, lambda: medical.submit_claim(
            actor=request.user, program=program, household=household, patient=household.head,
            incurred_on=data["incurred_on"], total_cost_fen=data["total_cost"],
            insurance_fen=data["insurance"] or 0, other_aid_fen=data["other_aid"] or 0,
            key=data["idempotency_key"], hospital=data["hospital"]), success=_("Claim entered.")).result
        if claim is not None:
            return redirect("assistance:claim_detail", pk=claim.pk)
    return render(request, "assistance/claim_form.html", {"form": form})


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_scoped_or_404(visible_claims(request.user), request.user, "view", pk=pk)
    can_decide = (claim.status == "submitted" and request.user.has_perm("assistance.approve_medicalclaim")
                  and claim.created_by_id != request.user.pk)
    return render(request, "assistance/claim_detail.html", {"claim": claim, "can_decide": can_decide})


@login_required
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_for(request.user, pk, "approve")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("decision") == "reject":
        call_service(request, lambda: medical.reject_claim(actor=request.user, claim=claim), success=_("Rejected."))
    else:
        call_service(request, lambda: medical.approve_claim(actor=request.user, claim=claim), success=_("Approved."))
    return redirect("assistance:claim_detail", pk=pk)


@login_required
def fact_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_personfact")
    text = request.GET.get("q", "").strip()
    facts = visible_facts(request.user, text=text)
    kind = request.GET.get("kind", "")
    if kind:
        facts = facts.filter(kind=kind)
    page = paginate(request, facts)
    names = fact_detail_names({fact.kind for fact in page})
    for fact in page:
        fact.detail_name = names.get((fact.kind, fact.detail), fact.detail)
    context = {"page": page, "query": querystring_without_page(request), "q": text, "kind": kind,
               "kinds": FactForm.base_fields["kind"].choices}  # type: ignore[attr-defined]
    return table_or_page(request, "assistance/_fact_table.html", "assistance/fact_list.html", context)


@login_required
def fact_create(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.add_personfact")
    form = FactForm(request.POST or None)
    text = request.GET.get("q", "").strip()
    people = visible_people(request.user, text=text).order_by("name")
    set_choices(form, "person", [(p.pk, f"{p.name}（{p.org.name}）") for p in people[:300]])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = people.filter(pk=data["person"]).first()
        if person is None:
            raise Http404
        if call_service(request, lambda: programs.record_fact(
                actor=request.user, person=person, kind=data["kind"], detail=data["detail"],
                valid_from=data["valid_from"], valid_to=data["valid_to"], number=data["number"],
                evidence=data["evidence"]), success=_("Fact recorded.")).result:
            return redirect("assistance:fact_list")
    return render(request, "assistance/fact_form.html", {"form": form, "q": text})
