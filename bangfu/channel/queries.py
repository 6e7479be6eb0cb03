"""Reads of the worker channel.

Two kinds of reader. Staff read through `scoped()` like everywhere else (one access function per model).
A worker reads only through their own account: every worker query starts from `account=` and an id that
is not theirs is a 404, whatever the id. The worker's status page reads the register's file or the legal
aid case the application was accepted into — through the application the worker owns, never by id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scoped
from bangfu.channel import clocks
from bangfu.channel.models import (
    ApplicationKind,
    ApplicationPhoto,
    ApplicationStatus,
    Ticket,
    TicketStatus,
    WorkerAccount,
    WorkerApplication,
    WorkerSession,
)
from bangfu.core.normalize import search_text
from bangfu.core.sensitive import blind_indexes
from bangfu.jobs.models import Opening, Referral, ReferralStatus
from bangfu.legal.models import CaseStatus, LegalAidStation, LegalCase
from bangfu.people.models import FileEvent, FileStatus
from bangfu.training.models import Course, CourseMode, PlanStatus

# --- the worker's own ---------------------------------------------------------------------------------


def session_for_token(token_hash: str, now: dt.datetime | None = None) -> WorkerSession | None:
    """The live session a cookie's token names, with its account; None when unknown, ended or expired."""
    now = now or timezone.now()
    return (WorkerSession.objects.select_related("account")
            .filter(token_hash=token_hash, ended_at__isnull=True, expires_at__gt=now).first())


def my_applications(account: WorkerAccount) -> QuerySet[WorkerApplication]:
    return (WorkerApplication.objects.filter(account=account)
            .select_related("org", "hardship_file", "legal_case__station", "training_plan__course",
                            "referral__opening").order_by("-created_at"))


def my_application(account: WorkerAccount, pk: Any) -> WorkerApplication:
    """One of the worker's own applications, or 404 (another worker's id is simply not found)."""
    try:
        return my_applications(account).get(pk=int(pk))
    except (WorkerApplication.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_tickets(account: WorkerAccount) -> QuerySet[Ticket]:
    return Ticket.objects.filter(account=account).select_related("org").order_by("-received_at")


def my_ticket(account: WorkerAccount, pk: Any) -> Ticket:
    try:
        return my_tickets(account).get(pk=int(pk))
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def streets() -> QuerySet[OrgUnit]:
    """The street/township unions a worker may choose for the household's address (public facts)."""
    return (OrgUnit.objects.filter(level=OrgLevel.STREET).exclude(region_code="")
            .select_related("parent").order_by("path"))


def street(pk: Any) -> OrgUnit:
    try:
        return streets().get(pk=int(pk))
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # done / current / todo / failed


@dataclass(frozen=True)
class Progress:
    steps: tuple[Step, ...]
    summary: str  # one sentence in plain words
    closed: bool  # nothing further will happen: the worker may rate the service
    reason: str = ""  # why not (未通过 / 不予受理)


HARDSHIP_STEPS = ("已提交", "已受理", "入户调查", "公示", "已建档")
LEGAL_STEPS = ("已提交", "已受理", "审查", "指派律师", "办理", "结案")
TRAINING_STEPS = ("已提交", "已受理", "上门培训", "结业")
JOB_STEPS = ("已提交", "已受理", "推荐岗位", "面试", "录用")
STEPS_OF = {ApplicationKind.HARDSHIP: HARDSHIP_STEPS, ApplicationKind.LEGAL: LEGAL_STEPS,
            ApplicationKind.TRAINING: TRAINING_STEPS, ApplicationKind.JOB: JOB_STEPS}
# Where each register status stands among HARDSHIP_STEPS (the index of the step under way).
HARDSHIP_POSITION: dict[str, int] = {
    FileStatus.APPLIED: 2, FileStatus.STREET_REVIEWED: 2, FileStatus.INVESTIGATED: 3, FileStatus.PUBLICISED: 4,
}
LEGAL_POSITION: dict[str, int] = {
    CaseStatus.RECEIVED: 2, CaseStatus.REVIEWING: 3, CaseStatus.ASSIGNED: 4, CaseStatus.HANDLING: 5,
}


def _steps(labels: tuple[str, ...], current: int, *, failed: bool = False) -> tuple[Step, ...]:
    def state(index: int) -> str:
        if index < current:
            return "done"
        if index == current:
            return "failed" if failed else "current"
        return "todo"

    return tuple(Step(label, state(index)) for index, label in enumerate(labels))


def _rejection(file_id: int) -> tuple[int, str]:
    """(the step at which the file was refused, the reason the register recorded)."""
    event = FileEvent.objects.filter(file_id=file_id, to_status=FileStatus.REJECTED).order_by("-pk").first()
    if event is None:
        return len(HARDSHIP_STEPS) - 1, "请联系承办的工会了解原因。"
    return HARDSHIP_POSITION.get(event.from_status, 4), event.reason or event.note or "请联系承办的工会了解原因。"


def _training_progress(application: WorkerApplication) -> Progress:
    plan, labels = application.training_plan, TRAINING_STEPS
    if plan is None:
        return Progress(_steps(labels, 1), "已受理。", closed=False)
    if plan.status == PlanStatus.COMPLETED:
        return Progress(_steps(labels, len(labels)), f"已结业：{plan.course.title}。", closed=True)
    if plan.status == PlanStatus.CANCELLED:
        return Progress(_steps(labels, 2, failed=True), "培训已取消。", closed=True,
                        reason="请联系承办的工会了解原因。")
    return Progress(_steps(labels, 2), f"已安排上门培训：{plan.course.title}，培训老师会与您约定时间。", closed=False)


def _latest_referral(application: WorkerApplication) -> Referral | None:
    """The newest referral of the worker's seeker profile (staff may refer again after a refusal)."""
    if application.seeker_profile_id is None:
        return application.referral
    return (Referral.objects.filter(seeker_id=application.seeker_profile_id).select_related("opening")
            .order_by("-recommended_on", "-pk").first())


def _job_progress(application: WorkerApplication) -> Progress:
    labels, referral = JOB_STEPS, _latest_referral(application)
    if referral is None or referral.status in (ReferralStatus.NOT_HIRED, ReferralStatus.REFUSED):
        return Progress(_steps(labels, 2), "已登记求职，工会正在为您寻找合适的岗位。", closed=False)
    title = referral.opening.title
    if referral.status == ReferralStatus.HIRED:
        return Progress(_steps(labels, len(labels)), f"已录用：{title}。", closed=True)
    if referral.status == ReferralStatus.INTERVIEW:
        return Progress(_steps(labels, 3), f"已安排面试：{title}。", closed=False)
    return Progress(_steps(labels, 3), f"已推荐岗位：{title}，等待面试通知。", closed=False)


def progress(application: WorkerApplication) -> Progress:
    """The application's steps in plain words, read from the record it became."""
    labels = STEPS_OF[ApplicationKind(application.kind)]
    if application.status == ApplicationStatus.SUBMITTED:
        return Progress(_steps(labels, 1), f"已提交，等待{application.org.name}受理。", closed=False)
    if application.status == ApplicationStatus.DECLINED:
        return Progress(_steps(labels, 1, failed=True), "未受理。", closed=True, reason=application.decline_reason)
    if application.kind == ApplicationKind.TRAINING:
        return _training_progress(application)
    if application.kind == ApplicationKind.JOB:
        return _job_progress(application)
    if application.hardship_file is not None:
        status = application.hardship_file.status
        if status == FileStatus.REJECTED:
            position, reason = _rejection(application.hardship_file.pk)
            return Progress(_steps(labels, position, failed=True), "未通过。", closed=True, reason=reason)
        if status in HARDSHIP_POSITION:
            position = HARDSHIP_POSITION[status]
            return Progress(_steps(labels, position), f"{labels[position]}中。", closed=False)
        return Progress(_steps(labels, len(labels)), "已建档，工会将按困难程度为您家庭提供帮扶。", closed=True)
    case = application.legal_case
    if case is None:
        return Progress(_steps(labels, 1), "已受理。", closed=False)
    if case.status == CaseStatus.CLOSED:
        return Progress(_steps(labels, len(labels)), f"已结案：{case.get_outcome_display()}。", closed=True)
    position = LEGAL_POSITION[case.status]
    return Progress(_steps(labels, position), f"{labels[position]}中。", closed=False)


def contact_of(application: WorkerApplication) -> tuple[str, str]:
    """(unit, phone) the worker may call about the application."""
    case = application.legal_case
    if case is not None:
        return case.station.name, application.staff_phone or case.station.phone
    return application.org.name, application.staff_phone


# --- staff ---------------------------------------------------------------------------------------------


def application_for(user: Any, pk: int, action: str = "view") -> WorkerApplication:
    return get_scoped_or_404(WorkerApplication.objects.select_related(
        "org", "account", "hardship_file", "legal_case", "training_plan__course", "referral__opening"),
        user, action, pk=pk)


@dataclass(frozen=True)
class Placement:
    """What staff chose, read in their scope, when accepting: the legal aid station or the collective case a
    worker joins, the home training course, the opening to refer to."""

    station: LegalAidStation | None = None
    case: LegalCase | None = None
    course: Course | None = None
    opening: Opening | None = None


def placement(user: Any, *, station: Any = None, case: Any = None, course: Any = None,
              opening: Any = None) -> Placement:
    """The chosen records by id, each through its scoped lookup (404 outside the user's reach)."""
    return Placement(
        station=get_scoped_or_404(LegalAidStation.objects.all(), user, pk=station) if station else None,
        case=get_scoped_or_404(LegalCase.objects.select_related("org"), user, "change", pk=case) if case else None,
        course=(get_scoped_or_404(Course.objects.filter(mode=CourseMode.HOME), user, "view", pk=course)
                if course else None),
        opening=get_scoped_or_404(Opening.objects.all(), user, "view", pk=opening) if opening else None)


def collective_cases_in_reach(user: Any, application: WorkerApplication) -> QuerySet[LegalCase]:
    """Collective cases the applicant may join, of stations of the application's unit or above it, in scope:
    the open ones, and any (closed too) that already counts the applicant among its claimants."""
    own = Q(claimants__id_index__in=blind_indexes(application.account.id_number)) if application.account.id_number \
        else Q(pk__in=[])
    return (scoped(LegalCase.objects.select_related("station"), user, "change")
            .filter(collective=True, org__code__in=_ancestor_codes(application.org))
            .filter(~Q(status=CaseStatus.CLOSED) | own).distinct().order_by("-intake_date")[:50])


def home_courses(user: Any) -> QuerySet[Course]:
    """Courses taught one-on-one at home that the user reaches (to plan a worker's training)."""
    return scoped(Course.objects.filter(mode=CourseMode.HOME), user, "view").order_by("title")[:100]


def open_openings(user: Any, today: dt.date | None = None, district: str = "") -> QuerySet[Opening]:
    """Openings in the user's reach with places left and not expired (to refer a worker), of a district."""
    today = today or timezone.localdate()
    found = (scoped(Opening.objects.select_related("employer"), user, "view")
             .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
             .filter(positions_filled__lt=F("positions")))
    if district:
        found = found.filter(district_code=district)
    return found.order_by("title")[:100]



def photo_for(user: Any, pk: int, action: str = "view") -> ApplicationPhoto:
    return get_scoped_or_404(ApplicationPhoto.objects.select_related("application"), user, action, pk=pk)


def applications(user: Any, *, waiting_only: bool = False, kind: str = "") -> QuerySet[WorkerApplication]:
    queryset = scoped(WorkerApplication.objects.select_related("org", "account"), user, "view")
    if waiting_only:
        queryset = queryset.filter(status=ApplicationStatus.SUBMITTED)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-created_at")


def stations_for_application(user: Any, application: WorkerApplication) -> QuerySet[LegalAidStation]:
    """Stations the accepting staff may choose: in their scope, of the application's unit or above it."""
    return stations_in_reach(user, application.org)


def ticket_for(user: Any, pk: int, action: str = "view") -> Ticket:
    return get_scoped_or_404(Ticket.objects.select_related("org", "escalated_to", "legal_case", "hardship_file",
                                                           "referral__opening"), user, action, pk=pk)


def overdue_q(today: dt.date) -> Q:
    """Open tickets past a due date: not contacted by the contact date, or not answered by the answer date."""
    return (Q(status=TicketStatus.OPEN, contact_due_on__lt=today)
            | Q(status__in=(TicketStatus.OPEN, TicketStatus.CONTACTED), answer_due_on__lt=today))


def tickets(user: Any, *, status: str = "", category: str = "", text: str = "", overdue: bool = False,
            today: dt.date | None = None) -> QuerySet[Ticket]:
    """Tickets of the units the user reaches (so a unit above sees the overdue tickets of all below it)."""
    queryset = scoped(Ticket.objects.select_related("org", "escalated_to"), user, "view")
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category=category)
    if text := search_text(text):
        queryset = queryset.filter(Q(number__icontains=text) | Q(summary__icontains=text)
                                   | Q(caller_name__icontains=text))
    if overdue:
        queryset = queryset.filter(overdue_q(today or timezone.localdate()))
    return queryset.order_by("answer_due_on", "-received_at")


def due_soon(user: Any, today: dt.date | None = None) -> QuerySet[Ticket]:
    """The assignee's warnings: open tickets of the user's own unit due within the warning window."""
    today = today or timezone.localdate()
    until = clocks.warn_until(today)
    org = getattr(user, "org", None)
    if org is None:
        return Ticket.objects.none()
    return (tickets(user).filter(org=org).exclude(overdue_q(today))
            .filter(Q(status=TicketStatus.OPEN, contact_due_on__lte=until)
                    | Q(status__in=(TicketStatus.OPEN, TicketStatus.CONTACTED), answer_due_on__lte=until)))


@dataclass(frozen=True)
class TicketReportRow:
    unit: str
    month: str
    category: str
    total: int
    answered: int
    answered_in_time: int
    closed: int
    satisfaction: float | None


def ticket_report(user: Any, org: OrgUnit, *, since: dt.date | None = None,
                  until: dt.date | None = None) -> list[TicketReportRow]:
    """Tickets of `org` and below by unit, month and category: answered within the limit, satisfaction."""
    queryset = tickets(user).filter(org__path__startswith=org.path)
    if since:
        queryset = queryset.filter(received_at__date__gte=since)
    if until:
        queryset = queryset.filter(received_at__date__lte=until)
    rows = (queryset.annotate(month=TruncMonth("received_at")).values("org__name", "org__path", "month", "category")
            .annotate(total=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)),
                      in_time=Count("pk", filter=Q(answered_at__date__lte=F("answer_due_on"))),
                      closed=Count("pk", filter=Q(status=TicketStatus.CLOSED)),
                      satisfaction=Avg("satisfaction"))
            .order_by("org__path", "month", "category"))
    labels = dict(Ticket._meta.get_field("category").choices or [])
    return [TicketReportRow(unit=row["org__name"], month=f"{row['month']:%Y-%m}",
                            category=str(labels.get(row["category"], row["category"])), total=row["total"],
                            answered=row["answered"], answered_in_time=row["in_time"], closed=row["closed"],
                            satisfaction=round(row["satisfaction"], 2) if row["satisfaction"] is not None else None)
            for row in rows]


def stations_in_reach(user: Any, org: OrgUnit) -> QuerySet[LegalAidStation]:
    """Stations in the user's scope of `org` or the units above it (to turn a ticket into a case)."""
    return scoped(LegalAidStation.objects.select_related("org"), user, "view").filter(
        org__code__in=_ancestor_codes(org))


def _ancestor_codes(org: OrgUnit) -> list[str]:
    return [part for part in org.path.strip("/").split("/") if part]
