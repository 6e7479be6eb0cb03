"""Training (培训): courses, trainers, one-on-one home training plans and their sessions, class cohorts
(订单式 / 冠名班 / 新型学徒制) with their roll, outcomes, and the social workers' 1+N training.

Fields, constraints and single-row rules only; every write goes through `services`. Weekly times use
the matching engine's mask (`jobs.fields.WeeklySlotsField`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core.models import OrgOwnedModel
from bangfu.jobs.fields import WeeklySlotsField
from bangfu.matching.engine import ALL_WEEK


class CourseMode(models.TextChoices):
    HOME = "home", _("One-on-one at home")  # 上门一对一
    CLASS = "class", pgettext_lazy("training", "Class")  # 班级 (the bare "Class" is 类别 elsewhere)
    ONLINE = "online", _("Online")  # 线上


class Course(OrgOwnedModel):
    """培训课程: what it prepares for (occupation codes), the tags and certificate it gives."""

    title = models.CharField(_("Course title"), max_length=100)
    occupation_codes = models.JSONField(_("Occupation codes"), default=list, blank=True)
    skill_tags = models.JSONField(_("Skill tags"), default=list, blank=True)
    certificate = models.CharField(_("Certificate given"), max_length=100, blank=True)
    hours = models.PositiveSmallIntegerField(_("Hours"), default=8)
    mode = models.CharField(_("Mode"), max_length=8, choices=CourseMode.choices, default=CourseMode.HOME)
    description = models.TextField(_("Description"), blank=True)

    class Meta:
        verbose_name = _("Course")
        verbose_name_plural = _("Courses")
        constraints = [models.CheckConstraint(condition=Q(hours__gte=1), name="course_hours_positive")]

    def __str__(self) -> str:
        return self.title


class Trainer(OrgOwnedModel):
    """培训师: a user, their skills, home district, weekly availability and daily limit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainer",
                                verbose_name=_("Account"))
    skills = models.JSONField(_("Skills"), default=list, blank=True)
    home_district = models.CharField(_("Home district code"), max_length=12)
    available_slots = WeeklySlotsField(_("Availability"), default=ALL_WEEK, blank=True,
                                       help_text=_("For example 周一至周五 09–18 时; blank means any time."))
    max_sessions_per_day = models.PositiveSmallIntegerField(_("Most sessions a day"), default=3)
    active = models.BooleanField(_("Active"), default=True)

    # A trainer (仅本人) sees their own record.
    SCOPE_OWNER_FIELD = "user"

    class Meta:
        verbose_name = _("Trainer")
        verbose_name_plural = _("Trainers")
        constraints = [models.CheckConstraint(condition=Q(max_sessions_per_day__gte=1) & Q(max_sessions_per_day__lte=8),
                                              name="trainer_daily_limit_1_8")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In training")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", pgettext_lazy("training", "Cancelled")


class HomeTrainingPlan(OrgOwnedModel):
    """一对一上门培训计划 for one household member: goals, course, sessions wanted, free time and area."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="training_plans",
                               verbose_name=_("Person"))
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="training_plans", verbose_name=_("Household"))
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="plans", verbose_name=_("Course"))
    goals = models.TextField(_("Goals"), blank=True)
    sessions_wanted = models.PositiveSmallIntegerField(_("Sessions wanted"), default=4)
    sessions_per_week = models.PositiveSmallIntegerField(_("Sessions a week"), default=1)
    session_hours = models.PositiveSmallIntegerField(_("Hours a session"), default=2)
    district_code = models.CharField(_("District code"), max_length=12)
    address = models.CharField(_("Place of training"), max_length=200, blank=True)
    free_slots = WeeklySlotsField(_("Household's free time"), default=ALL_WEEK, blank=True,
                                  help_text=_("For example 周一至周五 09–15 时; blank means any time."))
    priority = models.PositiveSmallIntegerField(_("Priority"), default=0,
                                                help_text=_("3 deep hardship, 2 relative, 1 by accident, 0 other"))
    status = models.CharField(_("Status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE,
                              db_index=True)
    completed_on = models.DateField(_("Completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Home training plan")
        verbose_name_plural = _("Home training plans")
        indexes = [models.Index(fields=["org", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(session_hours__gte=1) & Q(session_hours__lte=4),
                                   name="plan_session_hours_1_4"),
            models.CheckConstraint(condition=Q(sessions_per_week__gte=1) & Q(sessions_per_week__lte=7),
                                   name="plan_sessions_per_week_1_7"),
            models.CheckConstraint(condition=Q(sessions_wanted__gte=1), name="plan_sessions_wanted_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", pgettext_lazy("training", "Cancelled")


def session_photo_path(instance: TrainingSession, filename: str) -> str:
    return f"training/sessions/{filename}"


class TrainingSession(OrgOwnedModel):
    """One home visit of a trainer: time, place, attendance, notes, a photo taken on a phone (sealed)."""

    plan = models.ForeignKey(HomeTrainingPlan, on_delete=models.CASCADE, related_name="sessions",
                             verbose_name=_("Plan"))
    trainer = models.ForeignKey(Trainer, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("Trainer"))
    starts_at = models.DateTimeField(_("Starts at"), db_index=True)
    ends_at = models.DateTimeField(_("Ends at"))
    place = models.CharField(pgettext_lazy("training", "Place"), max_length=200, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=SessionStatus.choices,
                              default=SessionStatus.SCHEDULED, db_index=True)
    attended = models.BooleanField(_("Attended"), default=False)
    notes = models.TextField(_("Notes"), blank=True)
    photo = models.FileField(_("Photo"), upload_to=session_photo_path, blank=True)
    run = models.ForeignKey("ScheduleRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions",
                            verbose_name=_("Schedule run"))

    # A trainer (仅本人) sees the sessions they hold.
    SCOPE_OWNER_FIELD = "trainer__user"

    class Meta:
        verbose_name = _("Training session")
        verbose_name_plural = _("Training sessions")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="session_ends_after_start")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class ScheduleRun(OrgOwnedModel):
    """One scheduling of a week for a unit: counts and the solver's status; its sessions and left-outs."""

    week_start = models.DateField(_("Week starting"))
    requested = models.PositiveIntegerField(_("Sessions requested"), default=0)
    scheduled = models.PositiveIntegerField(_("Sessions scheduled"), default=0)
    greedy_scheduled = models.PositiveIntegerField(_("Greedy baseline"), default=0)
    solver_status = models.CharField(_("Solver status"), max_length=20, blank=True)
    seconds = models.FloatField(_("Seconds"), default=0)

    class Meta:
        verbose_name = _("Schedule run")
        verbose_name_plural = _("Schedule runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.week_start:%Y-%m-%d}"


class UnscheduledRequest(OrgOwnedModel):
    """A session a plan asked for that the week's schedule could not hold, with the reason in Chinese."""

    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="unscheduled",
                            verbose_name=_("Schedule run"))
    plan = models.ForeignKey(HomeTrainingPlan, on_delete=models.CASCADE, related_name="unscheduled",
                             verbose_name=_("Plan"))
    reason = models.CharField(_("Reason"), max_length=200)

    class Meta:
        verbose_name = _("Unscheduled request")
        verbose_name_plural = _("Unscheduled requests")

    def __str__(self) -> str:
        return f"#{self.pk}"


class CohortKind(models.TextChoices):
    OPEN = "open", _("Open class")  # 普通班
    ORDER = "order", _("Employer-ordered (订单式)")
    NAMED = "named", _("Named class (冠名班)")
    APPRENTICE = "apprentice", _("New apprenticeship (新型学徒制)")


class Cohort(OrgOwnedModel):
    """班级: a class course run by a school or training body, optionally ordered by an employer."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("Course"))
    name = models.CharField(_("Class name"), max_length=100)
    provider = models.CharField(_("School or training body"), max_length=100)
    kind = models.CharField(_("Kind"), max_length=12, choices=CohortKind.choices, default=CohortKind.OPEN)
    employer = models.ForeignKey("jobs.Employer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="training_cohorts", verbose_name=_("Ordering employer"))
    openings = models.ManyToManyField("jobs.Opening", blank=True, related_name="training_cohorts",
                                      verbose_name=_("Linked openings"))
    starts_on = models.DateField(_("Starts on"))
    ends_on = models.DateField(_("Ends on"))

    class Meta:
        verbose_name = _("Cohort")
        verbose_name_plural = _("Cohorts")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"),
            models.CheckConstraint(condition=Q(kind="open") | Q(employer__isnull=False),
                                   name="cohort_ordered_has_employer"),
        ]

    def __str__(self) -> str:
        return self.name


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    GRADUATED = "graduated", _("Graduated")
    DROPPED = "dropped", _("Dropped out")


class Enrolment(OrgOwnedModel):
    """One person on a cohort's roll, with the hours attended and graduation."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("Cohort"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="training_enrolments",
                               verbose_name=_("Person"))
    status = models.CharField(_("Status"), max_length=10, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED, db_index=True)
    hours_attended = models.PositiveIntegerField(_("Hours attended"), default=0)
    graduated_on = models.DateField(_("Graduated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Enrolment")
        verbose_name_plural = _("Enrolments")
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="enrolment_once_per_cohort")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Attendance(models.Model):
    """One class day of one enrolment; the enrolment's hours are the sum (kept by the service)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance",
                                  verbose_name=_("Enrolment"))
    on = models.DateField(_("Date"))
    hours = models.PositiveSmallIntegerField(_("Hours"))

    class Meta:
        verbose_name = _("Attendance")
        verbose_name_plural = _("Attendance")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "on"], name="attendance_once_a_day"),
            models.CheckConstraint(condition=Q(hours__gte=1) & Q(hours__lte=12), name="attendance_hours_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d}"


class OutcomeKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate")
    TAGS = "tags", _("Skill tags added")
    EMPLOYED = "employed", _("Job found after training")


class TrainingOutcome(OrgOwnedModel):
    """What training led to: a certificate, tags added to the seeker profile, a job found within 6 months."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="training_outcomes",
                               verbose_name=_("Person"))
    kind = models.CharField(_("Kind"), max_length=12, choices=OutcomeKind.choices, db_index=True)
    plan = models.ForeignKey(HomeTrainingPlan, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="outcomes", verbose_name=_("Plan"))
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="outcomes", verbose_name=_("Enrolment"))
    referral = models.ForeignKey("jobs.Referral", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="training_outcomes", verbose_name=_("Referral"))
    detail = models.CharField(_("Detail"), max_length=200, blank=True)
    on = models.DateField(_("Date"))

    class Meta:
        verbose_name = _("Training outcome")
        verbose_name_plural = _("Training outcomes")
        constraints = [
            models.UniqueConstraint(fields=["referral", "plan"], condition=Q(plan__isnull=False),
                                    name="outcome_hire_once_per_plan"),
            models.UniqueConstraint(fields=["referral", "enrolment"], condition=Q(enrolment__isnull=False),
                                    name="outcome_hire_once_per_enrolment"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class WorkerTrainee(OrgOwnedModel):
    """A union social worker (工会社工) followed for the 1+N training: the initial one due after hiring."""

    name = models.CharField(pgettext_lazy("person", "Name"), max_length=50)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("Account"))
    post = models.CharField(_("Post"), max_length=50, blank=True)
    hired_on = models.DateField(_("Hired on"))
    initial_due_on = models.DateField(_("Initial training due on"), db_index=True)

    class Meta:
        verbose_name = _("Social worker (1+N)")
        verbose_name_plural = _("Social workers (1+N)")

    def __str__(self) -> str:
        return self.name


class WorkerTrainingKind(models.TextChoices):
    INITIAL = "initial", _("Initial training (1)")  # 初任培训
    JOB = "job", _("Job-specific training (N)")  # 岗位培训


class WorkerTraining(OrgOwnedModel):
    """One training a social worker completed: the initial one (at most one) or a job-specific one."""

    trainee = models.ForeignKey(WorkerTrainee, on_delete=models.CASCADE, related_name="trainings",
                                verbose_name=_("Social worker"))
    kind = models.CharField(_("Kind"), max_length=8, choices=WorkerTrainingKind.choices)
    title = models.CharField(_("Title"), max_length=100)
    completed_on = models.DateField(_("Completed on"))
    hours = models.PositiveSmallIntegerField(_("Hours"))

    class Meta:
        verbose_name = _("Social worker training")
        verbose_name_plural = _("Social worker trainings")
        constraints = [
            models.UniqueConstraint(fields=["trainee"], condition=Q(kind="initial"), name="worker_one_initial"),
            models.CheckConstraint(condition=Q(hours__gte=1), name="worker_training_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.title
