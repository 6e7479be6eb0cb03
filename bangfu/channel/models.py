"""The worker's own channel (职工端) and the 12351 hotline: tables and constraints only.

A worker is not a staff `User`: a `WorkerAccount` is a mobile number that proved itself with a one-time
code, and its `WorkerSession`s live in their own table behind their own cookie, so nothing a worker holds
can pass a staff check. What a worker applies for is a `WorkerApplication` queued to the street union of
the household's address; staff accept it through the register's (or legal aid's) own services, and the
application then follows the record those services made. A `Ticket` is a hotline call or web request,
routed to a unit of the union tree, with its clocks.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel
from bangfu.core.sensitive import EncryptedTextField


class WorkerAccount(models.Model):
    """A worker who signed in with their mobile number; real name bound once (ID number encrypted)."""

    phone = EncryptedTextField(_("Mobile number"))
    phone_index = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("Real name"), max_length=50, blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    bound_at = models.DateTimeField(_("Real name bound at"), null=True, blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    last_signed_in_at = models.DateTimeField(_("Last signed in at"), null=True, blank=True)
    # Failed real-name tries in the current window: a worker may not probe ID numbers without limit.
    bind_failures = models.PositiveSmallIntegerField(_("Failed real-name tries"), default=0)
    bind_failed_at = models.DateTimeField(_("Last failed real-name try"), null=True, blank=True)

    class Meta:
        verbose_name = _("Worker account")
        verbose_name_plural = _("Worker accounts")
        constraints = [
            models.UniqueConstraint(fields=["id_index"], condition=~Q(id_index=""), name="worker_one_account_per_id")
        ]

    def __str__(self) -> str:
        return f"{_('Worker account')} #{self.pk}"

    @property
    def is_bound(self) -> bool:
        return bool(self.id_index)


class SignInCode(models.Model):
    """A one-time code sent to a number: only its keyed hash is kept; 5 minutes, 5 tries, used once."""

    phone_index = models.CharField(max_length=64, db_index=True)
    address_index = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Sign-in code")
        verbose_name_plural = _("Sign-in codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{_('Sign-in code')} #{self.pk}"


class WorkerSession(models.Model):
    """A signed-in worker: the cookie holds a random token, the table only its SHA-256."""

    account = models.ForeignKey(WorkerAccount, on_delete=models.CASCADE, related_name="sessions")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Worker session")
        verbose_name_plural = _("Worker sessions")

    def __str__(self) -> str:
        return f"{_('Worker session')} #{self.pk}"


class ApplicationKind(models.TextChoices):
    HARDSHIP = "hardship", _("Hardship assistance")  # 困难帮扶
    LEGAL = "legal", _("Legal aid")  # 法律援助
    TRAINING = "training", _("Training")  # 技能培训
    JOB = "job", _("Job referral")  # 推荐就业


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, waiting for the union")  # 已提交，待受理
    ACCEPTED = "accepted", _("Accepted")  # 已受理（登记簿或法律援助已立）
    DECLINED = "declined", _("Not accepted")  # 不予受理


class WorkerApplication(OrgOwnedModel):
    """What a worker asked for on the phone, queued to the street union (`org`) of the household's address.

    `details` is the application's own content as JSON text, encrypted at rest (members' ID numbers and
    incomes). When staff accept it, the register's `create_household` or legal aid's `intake_case` makes
    the record, linked here; from then on the worker's status page follows that record.
    """

    account = models.ForeignKey(WorkerAccount, on_delete=models.PROTECT, related_name="applications",
                                verbose_name=_("Worker account"))
    kind = models.CharField(_("Kind"), max_length=10, choices=ApplicationKind.choices)
    status = models.CharField(_("Status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED, db_index=True)
    details = EncryptedTextField(_("Details"))
    consent_signed_at = models.DateTimeField(_("Consent to income checks signed at"))
    consent_text = models.TextField(_("Consent text"))
    hardship_file = models.ForeignKey("people.HardshipFile", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("Hardship file"))
    legal_case = models.ForeignKey("legal.LegalCase", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("Legal aid case"))
    training_plan = models.ForeignKey("training.HomeTrainingPlan", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("Home training plan"))
    seeker_profile = models.ForeignKey("jobs.SeekerProfile", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("Seeker profile"))
    referral = models.ForeignKey("jobs.Referral", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("Referral"))
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decline_reason = models.CharField(_("Reason not accepted"), max_length=200, blank=True)
    needed_from_worker = models.CharField(_("Needed from the worker"), max_length=200, blank=True)
    asked_at = models.DateTimeField(_("Asked the worker at"), null=True, blank=True)
    worker_reply = models.CharField(_("The worker's reply"), max_length=500, blank=True)
    worker_replied_at = models.DateTimeField(_("The worker replied at"), null=True, blank=True)
    staff_phone = models.CharField(_("Staff contact phone"), max_length=20, blank=True)
    rating = models.PositiveSmallIntegerField(_("Rating"), null=True, blank=True)
    rating_note = models.CharField(_("Rating note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Worker application")
        verbose_name_plural = _("Worker applications")
        indexes = [models.Index(fields=["account", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="application_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{_('Worker application')} #{self.pk}"

    @property
    def awaits_reply(self) -> bool:
        """Staff asked for something (补充材料) and the worker has not answered since."""
        return bool(self.needed_from_worker) and self.status == ApplicationStatus.SUBMITTED and (
            self.worker_replied_at is None or (self.asked_at is not None and self.worker_replied_at < self.asked_at))


class ApplicationPhoto(OrgOwnedModel):
    """A photo of proof taken with the phone's camera: sealed (encrypted at rest) like all evidence."""

    application = models.ForeignKey(WorkerApplication, on_delete=models.CASCADE, related_name="photos",
                                    verbose_name=_("Worker application"))
    upload = models.FileField(_("File"), upload_to="channel/%Y/%m/")
    original_name = models.CharField(_("Original name"), max_length=200)
    content_type = models.CharField(_("Content type"), max_length=100)
    size = models.PositiveIntegerField(_("Size (bytes)"))

    class Meta:
        verbose_name = _("Photo of proof")
        verbose_name_plural = _("Photos of proof")


class TicketCategory(models.TextChoices):
    ASSISTANCE = "assistance", _("Hardship assistance")  # 帮扶救助
    LEGAL = "legal", _("Legal aid")  # 法律援助
    EMPLOYMENT = "employment", _("Employment")  # 就业
    TRAINING = "training", _("Training")  # 培训
    CONSULTATION = "consultation", _("Consultation")  # 咨询
    COMPLAINT = "complaint", _("Complaint or suggestion")  # 投诉建议


class TicketSource(models.TextChoices):
    PHONE = "phone", _("Hotline call")  # 来电
    WEB = "web", _("Web request")  # 网上


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")  # 一般
    URGENT = "urgent", _("Urgent")  # 紧急


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("Simple")  # 简单
    COMPLEX = "complex", _("Complex")  # 复杂


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Waiting for contact")  # 待联系
    CONTACTED = "contacted", _("Contacted")  # 已联系
    ANSWERED = "answered", _("Answered")  # 已答复
    CLOSED = "closed", _("Closed")  # 已办结


OPEN_TICKET_STATUSES = (TicketStatus.OPEN, TicketStatus.CONTACTED, TicketStatus.ANSWERED)


class Ticket(OrgOwnedModel):
    """One 12351 request; `org` is the unit it is routed to (the assignee). Clocks are dates (working days)."""

    number = models.CharField(_("Ticket number"), max_length=24, unique=True)
    source = models.CharField(_("Source"), max_length=8, choices=TicketSource.choices, default=TicketSource.PHONE)
    category = models.CharField(_("Category"), max_length=16, choices=TicketCategory.choices)
    urgency = models.CharField(_("Urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    complexity = models.CharField(_("Complexity"), max_length=8, choices=Complexity.choices,
                                  default=Complexity.SIMPLE)
    caller_name = models.CharField(_("Caller"), max_length=50)
    caller_phone = EncryptedTextField(_("Caller's phone"))
    region_code = models.CharField(_("Caller's region code"), max_length=12)
    address = EncryptedTextField(_("Caller's address"), blank=True)
    summary = models.TextField(_("Summary"))
    status = models.CharField(_("Status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.OPEN,
                              db_index=True)
    received_at = models.DateTimeField(_("Received at"), db_index=True)
    contact_due_on = models.DateField(_("Contact due on"))
    answer_due_on = models.DateField(_("Answer due on"), db_index=True)
    contacted_at = models.DateTimeField(_("Contacted at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("Answered at"), null=True, blank=True)
    answer = models.TextField(_("Answer"), blank=True)
    closed_at = models.DateTimeField(_("Closed at"), null=True, blank=True)
    callback_note = models.CharField(_("Call-back note"), max_length=200, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("Satisfaction"), null=True, blank=True)
    escalated_to = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("Escalated to"))
    account = models.ForeignKey(WorkerAccount, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="tickets", verbose_name=_("Worker account"))
    application = models.ForeignKey(WorkerApplication, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="tickets", verbose_name=_("Worker application"))
    legal_case = models.ForeignKey("legal.LegalCase", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("Legal aid case"))
    hardship_file = models.ForeignKey("people.HardshipFile", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("Hardship file"))
    referral = models.ForeignKey("jobs.Referral", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("Referral"))

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("12351 ticket")
        verbose_name_plural = _("12351 tickets")
        indexes = [models.Index(fields=["org", "status", "answer_due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                                   name="ticket_satisfaction_1_to_5"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TICKET_STATUSES


# The steps' names as staff read them (the stored codes are the services' words).
TICKET_STEP_NAMES = {"route": "派单", "pass": "转办", "contact": "首次联系", "answer": "答复", "close": "回访办结",
                     "escalate": "逾期督办", "convert": "转法律援助", "to_hardship": "转困难帮扶申请",
                     "to_referral": "转推荐就业"}


class TicketEvent(OrgOwnedModel):
    """One step of a ticket: routed, passed on (with a note), contacted, answered, escalated, converted, closed."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("Ticket"))
    action = models.CharField(_("Action"), max_length=16)
    from_org = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("From unit"))
    note = models.CharField(_("Note"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Ticket event")
        verbose_name_plural = _("Ticket events")

    @property
    def step_name(self) -> str:
        return TICKET_STEP_NAMES.get(self.action, self.action)
