"""Pages of the honours app: thin. Records are read through `queries.*_for` (outside scope 404), writes go to
the same services as the API through `call_service` (400 / 403 / 409 shown on the page)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from bangfu.accounts.queries import unit_for
from bangfu.core import audit
from bangfu.core.files import read_sealed, sealed_response
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.core.spreadsheet import safe_row
from bangfu.honours import queries
from bangfu.honours.forms import (
    CareForm,
    DecisionForm,
    PlanForm,
    RegisterFilterForm,
    ReportForm,
    ResultForm,
    RevokeForm,
    TalkRecordForm,
    UploadForm,
)
from bangfu.honours.models import CareStatus
from bangfu.honours.report import honours_report
from bangfu.honours.services import care, competitions, honours, imports, talks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 50_000


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _posted(request: HttpRequest, form: Any, action: Callable[[dict[str, Any]], Any], success: str,
            done: Callable[[Any], HttpResponse]) -> tuple[HttpResponse | None, int]:
    """A POST of `form` to a service: the redirect on success, else the status to re-render with."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    outcome = call_service(request, lambda: action(form.cleaned_data), form=form, success=success)
    return (done(outcome.result), 200) if outcome.ok else (None, outcome.status)


def _filtered_register(request: HttpRequest) -> tuple[RegisterFilterForm, Any]:
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = unit_for(request.user, data["unit"]) if data.get("unit") else None
    found = queries.register(request.user, title=data.get("title"), level=data.get("level", ""),
                             year=data.get("year"), unit=unit, text=data.get("q", ""))
    return form, found


@login_required
@permission_required("honours.view_honour", raise_exception=True)
def register(request: HttpRequest) -> HttpResponse:
    form, found = _filtered_register(request)
    return render(request, "honours/register.html", {"form": form, "page": paginate(request, found, default_size=50),
                                                     "query": querystring_without_page(request)})


@login_required
@permission_required("honours.view_honour", raise_exception=True)
def register_export(request: HttpRequest) -> HttpResponse:
    """The register as filtered, in Excel: honours are public record; the export is audited all the same."""
    _form, found = _filtered_register(request)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.title = "荣誉名册"
    sheet.append(["获得者", "荣誉称号", "级别", "授予年度", "证书编号", "授予文件", "单位"])
    rows = 0
    for honour in found[:EXPORT_LIMIT]:
        sheet.append(safe_row([honour.holder_name, honour.title.name, honour.title.get_level_display(), honour.year,
                               honour.certificate_number, honour.awarding_document, honour.org.name]))
        rows += 1
    audit.record("honours.register_export", actor=request.user, request=request, changes={"rows": rows})
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="honours.xlsx"'
    return response


@login_required
@permission_required("honours.add_honour", raise_exception=True)
def register_import(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            unit = unit_for(request.user, None)
            outcome = call_service(request, lambda: imports.import_honours(
                actor=request.user, org=unit, source=form.cleaned_data["upload"]), form=form)
            result, status = outcome.result, outcome.status
        else:
            status = 400
    return render(request, "honours/import.html", {"form": form, "result": result}, status=status)


@login_required
@permission_required("honours.view_honourtitle", raise_exception=True)
def title_list(request: HttpRequest) -> HttpResponse:
    return render(request, "honours/title_list.html", {"titles": queries.titles(request.user)})


@login_required
@permission_required("honours.view_honour", raise_exception=True)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's honours and, for those who may see them, their model-worker services (sensitive: masked)."""
    found = queries.person_for(request.user, pk)
    form = CareForm(request.POST or None, actor=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and not request.user.has_perm("honours.add_modelworkercare"):
        raise Http404

    def propose(data: dict[str, Any]) -> Any:
        return care.propose_care(actor=request.user, data=care.CareInput(
            person=found, kind=data["kind"], year=data["year"], amount_fen=data["amount"], fund=data["fund"],
            note=data["note"]))
    done, status = _posted(request, form, propose, _("Service proposed for approval."),
                           lambda made: redirect("honours:care_detail", pk=made.pk))
    if done:
        return done
    return render(request, "honours/person.html", {
        "person": found, "honours": queries.honours_of(request.user, found),
        "services": queries.care_of(request.user, found) if request.user.has_perm(
            "honours.view_modelworkercare") else [], "form": form}, status=status)


@login_required
@permission_required("honours.revoke_honour", raise_exception=True)
def honour_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    honour = queries.honour_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    call_service(request, lambda: honours.revoke_honour(actor=request.user, honour=honour, reason=reason,
                                                        version=_version(request)), success=_("Honour revoked."))
    if honour.person_id:
        return redirect("honours:person", pk=honour.person_id)
    return redirect("honours:register")


@login_required
@permission_required("honours.view_modelworkercare", raise_exception=True)
def care_list(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    return render(request, "honours/care_list.html", {
        "page": paginate(request, queries.care_list(request.user, status=request.GET.get("status", "")[:10])),
        "due": queries.due_for_check(request.user, year)[:200], "year": year,
        "query": querystring_without_page(request)})


@login_required
@permission_required("honours.view_modelworkercare", raise_exception=True)
def care_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = queries.care_for(request.user, pk)
    form = DecisionForm(request.POST or None)

    def decide(data: dict[str, Any]) -> Any:
        if data["decision"] == "approve":
            return care.approve_care(actor=request.user, care=service, version=_version(request))
        return care.reject_care(actor=request.user, care=service, version=_version(request), note=data["note"])
    done, status = _posted(request, form, decide, _("Decision recorded."),
                           lambda _made: redirect("honours:care_detail", pk=service.pk))
    if done:
        return done
    return render(request, "honours/care_detail.html", {"care": service, "form": form,
                                                        "proposed": service.status == CareStatus.PROPOSED},
                  status=status)


@login_required
@permission_required("honours.view_talk", raise_exception=True)
def talk_calendar(request: HttpRequest) -> HttpResponse:
    try:
        month = dt.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        month = timezone.localdate().replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    found = queries.talks(request.user, start=month, end=following - dt.timedelta(days=1))
    return render(request, "honours/talk_calendar.html", {
        "talks": found.prefetch_related("speakers__member__person")[:500], "month": month,
        "previous": (month - dt.timedelta(days=1)).replace(day=1), "following": following,
        "teams": queries.teams(request.user)[:50]})


@login_required
@permission_required("honours.view_talkteam", raise_exception=True)
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = queries.team_for(request.user, pk)
    today = timezone.localdate()
    form = PlanForm(request.POST or None, initial={"start": today, "end": today + dt.timedelta(days=90)})
    if request.method == "POST" and not request.user.has_perm("honours.add_talk"):
        raise Http404

    def plan(data: dict[str, Any]) -> Any:
        return talks.plan_season(actor=request.user, team=team, start=data["start"], end=data["end"])
    done, status = _posted(request, form, plan, _("Season planned."),
                           lambda _outcome: redirect("honours:team_detail", pk=team.pk))
    if done:
        return done
    return render(request, "honours/team_detail.html", {
        "team": team, "members": queries.members_of(request.user, team), "form": form,
        "requests": queries.requests_of(request.user, team)[:300]}, status=status)


@login_required
@permission_required("honours.view_talk", raise_exception=True)
def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    talk = queries.talk_for(request.user, pk)
    form = TalkRecordForm(request.POST or None, request.FILES or None,
                          initial={"audience": talk.audience, "report": talk.report})

    def record(data: dict[str, Any]) -> Any:
        photo = talks.talk_photo(data["photo"])
        return talks.record_talk(actor=request.user, talk=talk, version=_version(request), audience=data["audience"],
                                 report=data["report"], photos=[photo] if photo else [], held=data["held"])
    done, status = _posted(request, form, record, _("Talk recorded."),
                           lambda _made: redirect("honours:talk_detail", pk=talk.pk))
    if done:
        return done
    return render(request, "honours/talk_detail.html", {
        "talk": talk, "form": form, "photos": talk.photos.all(),
        "speakers": talk.speakers.select_related("member__person")}, status=status)


@login_required
@permission_required("honours.view_talkphoto", raise_exception=True)
def talk_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A talk's photo: served only here (scoped, audited), never under a media URL."""
    photo = queries.photo_for(request.user, pk)
    data = read_sealed(photo.image)
    audit.record("honours.talk_photo_viewed", actor=request.user, obj=photo.talk, request=request)
    content_type = "image/png" if data[:4] == b"\x89PNG" else "image/jpeg" if data[:2] == b"\xff\xd8" else "image/webp"
    return sealed_response(data, content_type=content_type, filename=f"talk-{photo.talk_id}", as_attachment=False)


@login_required
@permission_required("honours.view_competition", raise_exception=True)
def competition_list(request: HttpRequest) -> HttpResponse:
    return render(request, "honours/competition_list.html", {
        "page": paginate(request, queries.competitions(request.user)), "query": querystring_without_page(request)})


@login_required
@permission_required("honours.view_competition", raise_exception=True)
def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competition = queries.competition_for(request.user, pk)
    return render(request, "honours/competition_detail.html", {
        "competition": competition, "form": ResultForm(),
        "page": paginate(request, queries.entries_of(request.user, competition), default_size=100),
        "query": querystring_without_page(request)})


@login_required
@permission_required("honours.change_competitionentry", raise_exception=True)
def entry_result(request: HttpRequest, pk: int) -> HttpResponse:
    entry = queries.entry_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ResultForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        call_service(request, lambda: competitions.record_result(
            actor=request.user, entry=entry, version=_version(request), data=competitions.ResultInput(
                rank=data["rank"], score=data["score"], title_won=data["title_won"],
                certificate=data["certificate"])), success=_("Result recorded."))
    return redirect("honours:competition_detail", pk=entry.competition_id)


@login_required
@permission_required("honours.view_workstation", raise_exception=True)
def workstation_list(request: HttpRequest) -> HttpResponse:
    found = queries.workstations(request.user, kind=request.GET.get("kind", "")[:12],
                                 level=request.GET.get("level", "")[:12])
    return render(request, "honours/workstation_list.html", {
        "page": paginate(request, found.prefetch_related("years")), "query": querystring_without_page(request)})


@login_required
@permission_required("honours.view_honour", raise_exception=True)
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or None)
    code = form.cleaned_data.get("org") if form.is_valid() else None
    unit = unit_for(request.user, code or None, permission="honours.view_honour")
    found = honours_report(request.user, unit)
    return render(request, "honours/report.html", {"form": form, "report": found, "chart": found.chart()})
