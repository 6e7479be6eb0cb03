"""Visits on a phone: the people still to visit (deadline in view), the visit form with photo and
signature, the visit record and its proof files (stored encrypted, decrypted in memory, served only within
scope; a missing or wrong key answers 503 through the security middleware)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.assistance.access import require_perm
from bangfu.assistance.forms import VisitForm
from bangfu.assistance.models import ListStatus, Program, ProgramStatus
from bangfu.assistance.queries import days_left, entry_for, unvisited_entries, visible_programs, visible_visits
from bangfu.assistance.services import visits
from bangfu.assistance.views.common import table_or_page
from bangfu.core.errors import ServiceError
from bangfu.core.files import sealed_response
from bangfu.core.money import yuan_input
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page

URGENT_DAYS = 7
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


@login_required
def visit_todo(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_beneficiary")
    programs = visible_programs(request.user).filter(status=ProgramStatus.ACTIVE, kind="campaign")
    chosen: Program | None = None
    if request.GET.get("program", "").isdecimal():
        chosen = programs.filter(pk=request.GET["program"]).first()
    text = request.GET.get("q", "").strip()
    entries = unvisited_entries(request.user, chosen, text=text)
    today = timezone.localdate()
    page = paginate(request, entries.select_related("blist__program"))
    rows = [{"entry": e, "days_left": days_left(e.blist.program, today),
             "urgent": days_left(e.blist.program, today) <= URGENT_DAYS} for e in page]
    context = {"programs": programs, "chosen": chosen, "page": page, "rows": rows, "q": text,
               "query": querystring_without_page(request)}
    return table_or_page(request, "assistance/_todo_table.html", "assistance/visit_todo.html", context)


@login_required
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "assistance.add_visit")
    entry = entry_for(request.user, pk, "assistance.add_visit")
    if entry.blist.status != ListStatus.APPROVED or not entry.included:
        raise Http404
    initial = {"visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "cash": yuan_input(entry.amount_fen),
               "fubao_count": 1}
    form = VisitForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            photo = visits.proof_file(data["photo"], "照片")
            signature = (visits.signature_from_data_url(data["signature_data"])
                         or visits.proof_file(data["signature_file"], "签名"))
        except ServiceError as exc:
            form.add_error(None, str(exc))
            status = exc.status
        else:
            outcome = call_service(request, lambda: visits.record_visit(
                actor=request.user, beneficiary=entry, visited_at=data["visited_at"], place=data["place"],
                key=data["idempotency_key"], cash_fen=data["cash"] or 0, fubao_count=data["fubao_count"] or 0,
                goods_description=data["goods_description"], goods_value_fen=data["goods_value"] or 0,
                photo=photo, signature=signature, note=data["note"]), form=form, success=_("Visit recorded."))
            if outcome.result is not None:
                return redirect("assistance:visit_detail", pk=outcome.result[0].pk)
            status = outcome.status
    elif request.method == "POST":
        status = 400
    return render(request, "assistance/visit_form.html", {"entry": entry, "form": form}, status=status)


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_scoped_or_404(visible_visits(request.user), request.user, "view", pk=pk)
    return render(request, "assistance/visit_detail.html", {"visit": visit})


@login_required
def visit_proof(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    """The photo or signature of a visit: personal data, so never under a public media URL."""
    visit = get_scoped_or_404(visible_visits(request.user), request.user, "view", pk=pk)
    if kind not in ("photo", "signature"):
        raise Http404
    stored = getattr(visit, kind)
    if not stored:
        raise Http404
    try:
        data = visits.read_visit_proof(actor=request.user, visit=visit, kind=kind)
    except FileNotFoundError:
        raise Http404 from None
    extension = visits.image_extension(data[:16])  # the type was checked at upload: read it from the bytes
    content_type = IMAGE_TYPES.get(extension or "", "application/octet-stream")
    return sealed_response(data, content_type=content_type, filename=f"visit-{visit.pk}-{kind}.{extension or 'bin'}",
                           as_attachment=False)


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "assistance.view_visit")
    text = request.GET.get("q", "").strip()
    items = visible_visits(request.user, text=text)
    context = {"page": paginate(request, items), "query": querystring_without_page(request), "q": text}
    return table_or_page(request, "assistance/_visit_table.html", "assistance/visit_list.html", context)
