"""The worker's pages (H5, phone first): sign in, real name, self-test, apply, follow, rate, ask the hotline.

Plain HTML forms, no JavaScript needed. Every page a worker opens by id reads through the worker's own
account (`queries.my_application`): another worker's id is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.channel import queries, services
from bangfu.channel.forms import (
    CodeForm,
    HardshipForm,
    JobForm,
    LegalForm,
    MemberFormSet,
    PhoneForm,
    RatingForm,
    RealNameForm,
    ReplyForm,
    SelfTestForm,
    TrainingForm,
    WebTicketForm,
)
from bangfu.channel.selftest import SelfTestInput, run_self_test
from bangfu.channel.services.applications import CONSENT_TEXT
from bangfu.channel.services.placements import PLACEMENT_CONSENT_TEXT
from bangfu.channel.worker import clear_cookie, session_of, set_cookie, worker_required
from bangfu.core.audit import client_ip
from bangfu.core.pages import call_service


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, f"channel/portal/{template}", context | {"worker": getattr(request, "worker", None)},
                  status=status)


def home(request: HttpRequest) -> HttpResponse:
    session = session_of(request)
    account = session.account if session else None
    return render(request, "channel/portal/home.html", {
        "worker": account, "recent": queries.my_applications(account)[:3] if account else []})


def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: the number (a code is sent); step 2: the code. Both steps answer alike for any number."""
    phone_form, code_form, status, shown = PhoneForm(), None, 200, ""
    if request.method == "POST" and "code" not in request.POST:
        phone_form = PhoneForm(request.POST)
        if phone_form.is_valid():
            phone = phone_form.cleaned_data["phone"]
            address = client_ip(request) or ""
            outcome = call_service(request, lambda: services.request_code(phone=phone, address=address),
                                   form=phone_form)
            if outcome.ok:
                code_form, shown = CodeForm(initial={"phone": phone}), outcome.value.shown_code
            status = outcome.status
        else:
            status = 400
    elif request.method == "POST":
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            data = code_form.cleaned_data
            signed = call_service(request, lambda: services.verify_code(phone=data["phone"], code=data["code"]),
                                  form=code_form)
            if signed.ok:
                response = redirect("portal:real_name" if not signed.value.account.is_bound else "portal:home")
                set_cookie(response, signed.value)
                return response
            status = signed.status
        else:
            status = 400
    return _page(request, "sign_in.html", {"phone_form": phone_form, "code_form": code_form, "shown_code": shown},
                 status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session = session_of(request)
    if session is not None:
        services.end_session(session=session)
    response = redirect("portal:home")
    clear_cookie(response)
    return response


@worker_required
def real_name(request: HttpRequest) -> HttpResponse:
    account = request.worker  # type: ignore[attr-defined]
    form, status = RealNameForm(request.POST or None), 200
    if request.method == "POST" and not account.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(request, lambda: services.bind_real_name(
                account=account, name=data["name"], id_number=data["id_number"]), form=form,
                success=_("Real name confirmed."))
            if outcome.ok:
                return redirect("portal:home")
            status = outcome.status
        else:
            status = 400
    return _page(request, "real_name.html", {"form": form, "account": account}, status)


def self_test(request: HttpRequest) -> HttpResponse:
    """Open to anyone, signed in or not; nothing is stored."""
    form, result, status = SelfTestForm(request.POST or None), None, 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            test = SelfTestInput(household_size=data["household_size"], monthly_income_fen=data["monthly_income"],
                                 essential_costs_fen=data["essential_costs"], region_code=data["street"].region_code,
                                 exclusions=tuple(data["exclusions"]))
            outcome = call_service(request, lambda: run_self_test(test, on=timezone.localdate()), form=form)
            result, status = outcome.result, outcome.status
        else:
            status = 400
    return _page(request, "self_test.html", {"form": form, "result": result}, status)


def _photos(request: HttpRequest) -> list[Any]:
    return request.FILES.getlist("photos")


def _require_bound(request: HttpRequest) -> HttpResponse | None:
    if not request.worker.is_bound:  # type: ignore[attr-defined]
        return redirect("portal:real_name")
    return None


@worker_required
def apply_hardship(request: HttpRequest) -> HttpResponse:
    account = request.worker  # type: ignore[attr-defined]
    if (unbound := _require_bound(request)) is not None:
        return unbound
    form = HardshipForm(request.POST or None)
    members = MemberFormSet(request.POST or None, prefix="m",
                            initial=[{"name": account.name, "id_number": account.id_number, "relation": "self"}])
    status = 200
    if request.method == "POST":
        if form.is_valid() and members.is_valid():
            data = form.cleaned_data
            rows = tuple(services.MemberIn(
                name=m["name"], id_number=m["id_number"], relation=m["relation"],
                employment_status=m["employment_status"], monthly_income_fen=m["monthly_income"],
                has_major_illness=m["has_major_illness"],
                disability_or_mental_illness=m["disability_or_mental_illness"])
                for m in members.cleaned_data if m and (m.get("name") or m.get("id_number")))
            application_in = services.HardshipApplicationIn(
                street=data["street"], address=data["address"], primary_cause=data["primary_cause"],
                members=rows, note=data["note"], consent=data["consent"])
            outcome = call_service(request, lambda: services.submit_hardship_application(
                account=account, data=application_in, photos=_photos(request)), form=form,
                success=_("Your application was sent to the street union."))
            if outcome.ok:
                return redirect("portal:application_detail", pk=outcome.value.pk)
            status = outcome.status
        else:
            status = 400
    return _page(request, "apply_hardship.html", {"form": form, "members": members, "consent_text": CONSENT_TEXT},
                 status)


@worker_required
def apply_legal(request: HttpRequest) -> HttpResponse:
    account = request.worker  # type: ignore[attr-defined]
    if (unbound := _require_bound(request)) is not None:
        return unbound
    form, status = LegalForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            application_in = services.LegalApplicationIn(
                street=data["street"], employer_name=data["employer_name"], dispute_type=data["dispute_type"],
                service_type=data["service_type"], summary=data["summary"], knew_on=data["knew_on"],
                claimed_fen=data["claimed"], migrant_worker=data["migrant_worker"],
                household_size=data["household_size"], declared_income_fen=data["declared_income"] or None,
                consent=data["consent"])
            outcome = call_service(request, lambda: services.submit_legal_application(
                account=account, data=application_in, photos=_photos(request)), form=form,
                success=_("Your application was sent to the street union."))
            if outcome.ok:
                return redirect("portal:application_detail", pk=outcome.value.pk)
            status = outcome.status
        else:
            status = 400
    return _page(request, "apply_legal.html", {"form": form, "consent_text": CONSENT_TEXT}, status)


def _apply_placement(request: HttpRequest, form: Any, titles: tuple[str, str], submit: Any) -> HttpResponse:
    """The training and job forms: the same steps, each kind's own form and service."""
    account = request.worker  # type: ignore[attr-defined]
    if (unbound := _require_bound(request)) is not None:
        return unbound
    status = 200
    if request.method == "POST":
        if form.is_valid():
            outcome = call_service(request, lambda: submit(account, form.cleaned_data), form=form,
                                   success=_("Your application was sent to the street union."))
            if outcome.ok:
                return redirect("portal:application_detail", pk=outcome.value.pk)
            status = outcome.status
        else:
            status = 400
    title, photos_label = titles
    return _page(request, "apply_placement.html", {"form": form, "consent_text": PLACEMENT_CONSENT_TEXT,
                                                   "title": title, "photos_label": photos_label}, status)


@worker_required
def apply_training(request: HttpRequest) -> HttpResponse:
    def submit(account: Any, data: dict[str, Any]) -> Any:
        return services.submit_training_application(account=account, data=services.TrainingApplicationIn(
            street=data["street"], address=data["address"], wish=data["wish"], free_time=data["free_time"],
            note=data["note"], consent=data["consent"]), photos=_photos(request))

    return _apply_placement(request, TrainingForm(request.POST or None), (
        _("Apply for skills training"), _("Photos (optional: certificates, a disability card)")), submit)


@worker_required
def apply_job(request: HttpRequest) -> HttpResponse:
    def submit(account: Any, data: dict[str, Any]) -> Any:
        return services.submit_job_application(account=account, data=services.JobApplicationIn(
            street=data["street"], address=data["address"], wish=data["wish"], wage_floor_fen=data["wage_floor"],
            free_time=data["free_time"], experience=data["experience"], note=data["note"],
            consent=data["consent"]), photos=_photos(request))

    return _apply_placement(request, JobForm(request.POST or None), (
        _("Ask for a job referral"), _("Photos (optional: certificates, a CV)")), submit)


@worker_required
def applications(request: HttpRequest) -> HttpResponse:
    account = request.worker  # type: ignore[attr-defined]
    rows = [(application, queries.progress(application)) for application in queries.my_applications(account)[:50]]
    return _page(request, "applications.html", {"rows": rows, "tickets": queries.my_tickets(account)[:20]})


@worker_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = request.worker  # type: ignore[attr-defined]
    application = queries.my_application(account, pk)
    progress = queries.progress(application)
    form, status = RatingForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(request, lambda: services.rate_application(
                account=account, application=application, rating=data["rating"], note=data["note"],
                closed=progress.closed), form=form, success=_("Thank you for your rating."))
            if outcome.ok:
                return redirect("portal:application_detail", pk=application.pk)
            status = outcome.status
        else:
            status = 400
    return _detail_page(request, application, form, ReplyForm(), status)


def _detail_page(request: HttpRequest, application: Any, form: Any, reply_form: Any, status: int) -> HttpResponse:
    unit, phone = queries.contact_of(application)
    return _page(request, "application_detail.html", {
        "application": application, "progress": queries.progress(application), "unit": unit, "phone": phone,
        "form": form, "reply_form": reply_form}, status)


@worker_required
@require_POST
def application_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker answers a 补充材料 request: words and photos, on the same application."""
    account = request.worker  # type: ignore[attr-defined]
    application = queries.my_application(account, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        outcome = call_service(request, lambda: services.reply_to_union(
            account=account, application=application, text=form.cleaned_data["text"], photos=_photos(request)),
            form=form, success=_("Your reply was sent to the union."))
        if outcome.ok:
            return redirect("portal:application_detail", pk=application.pk)
        status = outcome.status
    else:
        status = 400
    return _detail_page(request, application, RatingForm(), form, status)


@worker_required
def ticket_create(request: HttpRequest) -> HttpResponse:
    account = request.worker  # type: ignore[attr-defined]
    form, status = WebTicketForm(request.POST or None), 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            ticket_in = services.TicketIn(caller_name=account.name or _("Worker"), caller_phone=account.phone,
                                          region_code=data["street"].region_code, category=data["category"],
                                          summary=data["summary"])
            outcome = call_service(request, lambda: services.submit_web_ticket(account=account, data=ticket_in),
                                   form=form, success=_("Your request was sent to the union."))
            if outcome.ok:
                return redirect("portal:ticket_detail", pk=outcome.value.pk)
            status = outcome.status
        else:
            status = 400
    return _page(request, "ticket_form.html", {"form": form}, status)


@worker_required
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = queries.my_ticket(request.worker, pk)  # type: ignore[attr-defined]
    return _page(request, "ticket_detail.html", {"ticket": ticket})
