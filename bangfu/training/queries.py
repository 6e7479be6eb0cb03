"""Reads of the training app, always through `scoped()`: one access function per model, lists, the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scoped, scoped_for
from bangfu.core.normalize import search_text
from bangfu.jobs.models import RetentionOutcome
from bangfu.people.models import Person
from bangfu.training.models import (
    Cohort,
    Course,
    Enrolment,
    EnrolmentStatus,
    HomeTrainingPlan,
    OutcomeKind,
    ScheduleRun,
    SessionStatus,
    Trainer,
    TrainingOutcome,
    TrainingSession,
    UnscheduledRequest,
    WorkerTrainee,
    WorkerTrainingKind,
)

# --- one access function per model (pages and API alike) -------------------------------------------------


def course_for(user: Any, pk: int, action: str = "view") -> Course:
    return get_scoped_or_404(Course.objects.select_related("org"), user, action, pk=pk)


def trainer_for(user: Any, pk: int, action: str = "view") -> Trainer:
    return get_scoped_or_404(Trainer.objects.select_related("org", "user"), user, action, pk=pk)


ADD_PLAN = "training.add_hometrainingplan"


def people_for_plans(user: Any, text: str) -> QuerySet[Person]:
    """People whose name holds `text`, reached by a role that may make them a home training plan; nobody for an
    empty (or invisible) text."""
    if not (text := search_text(text)):
        return Person.objects.none()
    return scoped_for(user, Person.objects.select_related("org"), ADD_PLAN).filter(
        name__contains=text).order_by("name", "pk")


def person_for_plan(user: Any, pk: int) -> Person:
    """One person a role of the user that may make a home training plan reaches; else 404."""
    return get_scoped_or_404(Person.objects.select_related("org"), user, permission=ADD_PLAN, pk=pk)


def people_to_enrol(user: Any, text: str) -> QuerySet[Person]:
    """The first people in scope whose name holds `text`: the candidates a cohort's page offers; nobody for an empty
    (or invisible) text, whoever calls it — not everyone in scope."""
    if not (text := search_text(text)):
        return Person.objects.none()
    return scoped(Person.objects.all(), user).filter(name__contains=text).order_by("name", "pk")[:20]


def employed_enrolments(roll: list[Enrolment]) -> set[int]:
    """Ids of the enrolments in `roll` (read in scope by `enrolments`) with an employment outcome."""
    return set(TrainingOutcome.objects.filter(enrolment__in=roll, kind=OutcomeKind.EMPLOYED)
               .values_list("enrolment_id", flat=True))


def plan_for(user: Any, pk: int, action: str = "view") -> HomeTrainingPlan:
    return get_scoped_or_404(HomeTrainingPlan.objects.select_related("org", "person", "course", "household"),
                             user, action, pk=pk)


def session_for(user: Any, pk: int, action: str = "view") -> TrainingSession:
    return get_scoped_or_404(TrainingSession.objects.select_related("plan__person", "plan__course", "trainer__user"),
                             user, action, pk=pk)


def cohort_for(user: Any, pk: int, action: str = "view") -> Cohort:
    return get_scoped_or_404(Cohort.objects.select_related("org", "course", "employer"), user, action, pk=pk)


def enrolment_for(user: Any, pk: int, action: str = "view") -> Enrolment:
    return get_scoped_or_404(Enrolment.objects.select_related("cohort__course", "person"), user, action, pk=pk)


def worker_for(user: Any, pk: int, action: str = "view") -> WorkerTrainee:
    return get_scoped_or_404(WorkerTrainee.objects.select_related("org"), user, action, pk=pk)


def run_for(user: Any, pk: int, action: str = "view") -> ScheduleRun:
    return get_scoped_or_404(ScheduleRun.objects.select_related("org"), user, action, pk=pk)


# --- lists -------------------------------------------------------------------------------------------------
# The text of a search box is searched as `search_text` gives it: one of nothing but zero-width or no-break spaces
# is the empty box, on the page and in the API alike.


def courses(user: Any, *, text: str = "") -> QuerySet[Course]:
    queryset = scoped(Course.objects.select_related("org"), user)
    if text := search_text(text):
        queryset = queryset.filter(title__icontains=text)
    return queryset.order_by("title", "pk")


def trainers(user: Any, *, text: str = "") -> QuerySet[Trainer]:
    queryset = scoped(Trainer.objects.select_related("org", "user"), user)
    if text := search_text(text):
        queryset = queryset.filter(Q(user__display_name__icontains=text) | Q(user__username__icontains=text))
    return queryset.order_by("user__username", "pk")


def plans(user: Any, *, text: str = "", status: str = "") -> QuerySet[HomeTrainingPlan]:
    queryset = scoped(HomeTrainingPlan.objects.select_related("person", "course", "org"), user)
    if text := search_text(text):
        queryset = queryset.filter(Q(person__name__icontains=text) | Q(course__title__icontains=text))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-priority", "-created_at", "-pk")


def sessions(user: Any, *, since: dt.datetime | None = None, until: dt.datetime | None = None,
             plan: HomeTrainingPlan | None = None) -> QuerySet[TrainingSession]:
    queryset = scoped(TrainingSession.objects.select_related("plan__person", "plan__course", "trainer__user"), user)
    if since is not None:
        queryset = queryset.filter(starts_at__gte=since)
    if until is not None:
        queryset = queryset.filter(starts_at__lt=until)
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return queryset.order_by("starts_at", "pk")


def unscheduled(user: Any) -> QuerySet[UnscheduledRequest]:
    """The left-outs of each unit's latest run (the coordinator's board)."""
    first_of_org: dict[int, int] = {}
    for org_id, run_id in scoped(ScheduleRun.objects.all(), user).order_by("org", "-created_at", "-pk").values_list(
            "org", "pk"):
        first_of_org.setdefault(org_id, run_id)
    return (scoped(UnscheduledRequest.objects.select_related("plan__person", "plan__course", "run"), user)
            .filter(run_id__in=first_of_org.values()).order_by("-plan__priority", "pk"))


def runs(user: Any) -> QuerySet[ScheduleRun]:
    return scoped(ScheduleRun.objects.select_related("org"), user).order_by("-created_at", "-pk")


def cohorts(user: Any, *, text: str = "") -> QuerySet[Cohort]:
    queryset = scoped(Cohort.objects.select_related("course", "employer", "org"), user)
    if text := search_text(text):
        queryset = queryset.filter(Q(name__icontains=text) | Q(provider__icontains=text))
    return queryset.order_by("-starts_on", "-pk")


def enrolments(user: Any, cohort: Cohort) -> QuerySet[Enrolment]:
    return scoped(Enrolment.objects.select_related("person"), user).filter(cohort=cohort).order_by("pk")


def workers(user: Any, *, overdue_only: bool = False, text: str = "") -> QuerySet[WorkerTrainee]:
    """Social workers with their 1+N figures; overdue = no initial training and its due date passed."""
    queryset = scoped(WorkerTrainee.objects.select_related("org"), user).annotate(
        initial_done=Count("trainings", filter=Q(trainings__kind=WorkerTrainingKind.INITIAL)),
        job_trainings=Count("trainings", filter=Q(trainings__kind=WorkerTrainingKind.JOB)),
        hours=Sum("trainings__hours"),
    )
    if text := search_text(text):
        queryset = queryset.filter(name__icontains=text)
    if overdue_only:
        queryset = queryset.filter(initial_done=0, initial_due_on__lt=timezone.localdate())
    return queryset.order_by("initial_due_on", "pk")


def is_overdue(worker: Any, today: dt.date | None = None) -> bool:
    return not getattr(worker, "initial_done", 0) and worker.initial_due_on < (today or timezone.localdate())


# --- the report --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortRow:
    id: int
    name: str
    kind: str
    employer: str
    enrolled: int
    graduated: int
    employed: int

    @property
    def employment_rate(self) -> float | None:
        return round(self.employed / self.graduated, 4) if self.graduated else None


@dataclass(frozen=True)
class TrainingReport:
    org_code: str
    sessions_held: int
    people_trained: int
    certificates: int
    employed_after_training: int
    cohorts: list[CohortRow]


def training_report(user: Any, org: OrgUnit) -> TrainingReport:
    """Figures of the unit's subtree, each read through scoped(): what the user may not see is not counted."""
    under = {"org__path__startswith": org.path}
    held = scoped(TrainingSession.objects.filter(**under, status=SessionStatus.HELD), user)
    outcomes = scoped(TrainingOutcome.objects.filter(**under), user)
    graduated = scoped(Enrolment.objects.filter(**under, status=EnrolmentStatus.GRADUATED), user)
    people = set(held.values_list("plan__person_id", flat=True)) | set(graduated.values_list("person_id", flat=True))
    rows = (
        scoped(Cohort.objects.filter(**under), user).select_related("employer")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            graduated=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.GRADUATED), distinct=True),
            employed=Count("enrolments__outcomes__person", distinct=True,
                           filter=Q(enrolments__outcomes__kind=OutcomeKind.EMPLOYED)),
        ).order_by("-starts_on", "pk")
    )
    return TrainingReport(
        org_code=org.code,
        sessions_held=held.count(),
        people_trained=len(people),
        certificates=outcomes.filter(kind=OutcomeKind.CERTIFICATE).count(),
        # kept: no retention check found the person had left the job
        employed_after_training=outcomes.filter(kind=OutcomeKind.EMPLOYED)
        .exclude(referral__retention_checks__outcome=RetentionOutcome.LEFT).values("person").distinct().count(),
        cohorts=[CohortRow(id=c.pk, name=c.name, kind=c.get_kind_display(), employer=c.employer.name if c.employer
                           else "", enrolled=c.enrolled, graduated=c.graduated, employed=c.employed)  # type: ignore[attr-defined]
                 for c in rows],
    )
