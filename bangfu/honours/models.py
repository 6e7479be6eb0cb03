"""Model workers and skilled talent (劳模工匠与技能人才): the titles a union confers (data an administrator
edits), the honours people hold, model-worker services paid through the assistance ledger, talk teams
(宣讲团) and their talks, skills competitions and their results, and master workstations.

Honours are public record; what a model-worker service says about a person's health or hardship is
sensitive (encrypted, masked, revealed only with an audited permission). Money is integer fen and moves
only through `assistance.services.ledger`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core.models import OrgOwnedModel
from bangfu.core.sensitive import EncryptedTextField


class TitleLevel(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("honour level", "National")  # 全国
    PROVINCIAL = "provincial", pgettext_lazy("honour level", "Provincial or ministerial")  # 省部级
    CITY = "city", pgettext_lazy("honour level", "City")  # 地市级
    COUNTY = "county", pgettext_lazy("honour level", "County")  # 县级
    ENTERPRISE = "enterprise", pgettext_lazy("honour level", "Enterprise")  # 企业


class HonourTitle(models.Model):
    """A title as data (全国劳动模范 … 企业技术之星). Reference data, not personal: it has no owning unit."""

    code = models.SlugField(_("Code"), max_length=40, unique=True)
    name = models.CharField(_("Title"), max_length=100, unique=True)
    level = models.CharField(_("Level"), max_length=12, choices=TitleLevel.choices)
    awarding_body = models.CharField(_("Awarding body"), max_length=100)
    model_worker_treatment = models.BooleanField(_("Carries model-worker treatment"), default=False)
    is_active = models.BooleanField(_("In use"), default=True)
    version = models.PositiveIntegerField(_("Version"), default=1)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("Honour title")
        verbose_name_plural = _("Honour titles")

    def __str__(self) -> str:
        return self.name


class HonourSource(models.TextChoices):
    MANUAL = "manual", _("Recorded by hand")
    IMPORT = "import", _("Imported")
    COMPETITION = "competition", _("Competition result")
    LEGACY = "legacy", _("Carried over from the person record")


class Honour(OrgOwnedModel):
    """A title held from a year. A public figure may be recorded by name alone (no person record)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("Person"))
    holder_name = models.CharField(_("Holder"), max_length=50)
    title = models.ForeignKey(HonourTitle, on_delete=models.PROTECT, related_name="honours",
                              verbose_name=_("Title"))
    year = models.PositiveSmallIntegerField(_("Year"))
    certificate_number = models.CharField(_("Certificate number"), max_length=64, blank=True)
    awarding_document = models.CharField(_("Awarding document"), max_length=200, blank=True)
    source = models.CharField(_("Source"), max_length=12, choices=HonourSource.choices,
                              default=HonourSource.MANUAL)
    revoked_on = models.DateField(_("Revoked on"), null=True, blank=True)
    revoked_reason = models.CharField(_("Reason revoked"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "title__name", "pk"]
        verbose_name = _("Honour")
        verbose_name_plural = _("Honours")
        permissions = [("revoke_honour", "Can revoke an honour")]
        constraints = [
            models.UniqueConstraint(fields=["person", "title", "year"], condition=Q(person__isnull=False),
                                    name="honour_once_per_person_title_year"),
            models.UniqueConstraint(fields=["org", "holder_name", "title", "year"],
                                    condition=Q(person__isnull=True), name="honour_once_per_named_holder"),
            models.CheckConstraint(condition=Q(year__gte=1950) & Q(year__lte=2100), name="honour_year_in_range"),
        ]
        indexes = [models.Index(fields=["title", "year"]), models.Index(fields=["org", "year"])]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    @property
    def active(self) -> bool:
        return self.revoked_on is None


class CareKind(models.TextChoices):
    HEALTH_CHECK = "health_check", _("Yearly health check")  # 健康体检
    RECUPERATION = "recuperation", _("Recuperation trip")  # 疗休养
    HARDSHIP = "hardship", _("Hardship subsidy")  # 困难劳模帮扶


class CareStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")  # 待审批
    APPROVED = "approved", _("Approved and paid")  # 已审批发放
    REJECTED = "rejected", _("Rejected")  # 驳回


class ModelWorkerCare(OrgOwnedModel):
    """One model-worker service for one person and year, proposed by one officer, approved by another and
    paid from an assistance fund (`disbursement`)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Person"))
    honour = models.ForeignKey(Honour, on_delete=models.PROTECT, related_name="care",
                               verbose_name=_("Qualifying honour"))
    kind = models.CharField(_("Service"), max_length=14, choices=CareKind.choices)
    year = models.PositiveSmallIntegerField(_("Year"))
    amount_fen = models.BigIntegerField(_("Amount (fen)"))
    fund = models.ForeignKey("assistance.Fund", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Paying fund"))
    reasons = models.JSONField(_("Eligibility reasons"), default=list)
    note = EncryptedTextField(_("Health or hardship note"), blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=CareStatus.choices, default=CareStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decision_note = models.CharField(_("Decision note"), max_length=200, blank=True)
    disbursement = models.OneToOneField("assistance.Disbursement", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("Disbursement"))

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("Model-worker service")
        verbose_name_plural = _("Model-worker services")
        permissions = [("approve_modelworkercare", "Can approve a model-worker service")]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "year"], condition=~Q(status="rejected"),
                                    name="care_once_per_person_kind_year"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="care_amount_positive"),
        ]

    def __str__(self) -> str:
        # No name: str() lands in audit events.
        return f"#{self.pk} {self.kind} {self.year}"


class TalkTeam(OrgOwnedModel):
    """A 宣讲团: honoured people who give talks (劳动创造幸福) at enterprises, workshops, schools."""

    name = models.CharField(_("Team name"), max_length=100)
    theme = models.CharField(_("Theme"), max_length=100, blank=True)
    founded_on = models.DateField(_("Founded on"))

    class Meta:
        ordering = ["-founded_on", "pk"]
        verbose_name = _("Talk team")
        verbose_name_plural = _("Talk teams")

    def __str__(self) -> str:
        return self.name


class TeamMember(OrgOwnedModel):
    """A speaker: the load limit is theirs to set; `districts` lists the districts they can reach (empty:
    anywhere). Read in Python by the planner, never filtered on in the database."""

    team = models.ForeignKey(TalkTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("Team"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Person"))
    honour = models.ForeignKey(Honour, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("Honour"))
    max_talks = models.PositiveSmallIntegerField(_("Most talks a season"), default=6)
    districts = models.JSONField(_("Districts within reach"), default=list, blank=True)

    class Meta:
        ordering = ["team", "pk"]
        verbose_name = _("Team member")
        verbose_name_plural = _("Team members")
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="member_once_per_team")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class VenueKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")  # 进企业
    WORKSHOP = "workshop", _("Workshop")  # 进车间
    SCHOOL = "school", _("School")  # 进学校
    COMMUNITY = "community", _("Community")  # 进社区


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCHEDULED = "scheduled", _("Scheduled")
    UNFILLED = "unfilled", _("Not filled")


class TalkRequest(OrgOwnedModel):
    """A host asks for a talk in a window of dates; the planner books it or says why not."""

    team = models.ForeignKey(TalkTeam, on_delete=models.CASCADE, related_name="requests", verbose_name=_("Team"))
    host_unit = models.CharField(_("Host unit"), max_length=100)
    venue_kind = models.CharField(_("Venue kind"), max_length=12, choices=VenueKind.choices)
    district = models.CharField(_("District"), max_length=50)
    earliest = models.DateField(_("Earliest date"))
    latest = models.DateField(_("Latest date"))
    speakers_needed = models.PositiveSmallIntegerField(_("Speakers needed"), default=1)
    expected_audience = models.PositiveIntegerField(_("Expected audience"), default=0)
    status = models.CharField(_("Status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    reason = models.CharField(_("Why not filled"), max_length=200, blank=True)

    class Meta:
        ordering = ["earliest", "pk"]
        verbose_name = _("Talk request")
        verbose_name_plural = _("Talk requests")
        constraints = [
            models.CheckConstraint(condition=Q(latest__gte=models.F("earliest")), name="talk_request_window"),
            models.CheckConstraint(condition=Q(speakers_needed__gte=1) & Q(speakers_needed__lte=5),
                                   name="talk_request_speakers_range"),
        ]

    def __str__(self) -> str:
        return self.host_unit


class TalkStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Talk(OrgOwnedModel):
    team = models.ForeignKey(TalkTeam, on_delete=models.PROTECT, related_name="talks", verbose_name=_("Team"))
    request = models.OneToOneField(TalkRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="talk", verbose_name=_("Request"))
    held_on = models.DateField(_("Date"), db_index=True)
    venue_kind = models.CharField(_("Venue kind"), max_length=12, choices=VenueKind.choices)
    host_unit = models.CharField(_("Host unit"), max_length=100)
    district = models.CharField(_("District"), max_length=50, blank=True)
    audience = models.PositiveIntegerField(_("Audience"), default=0)
    report = models.TextField(_("Short report"), blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=TalkStatus.choices, default=TalkStatus.PLANNED)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("Talk")
        verbose_name_plural = _("Talks")

    def __str__(self) -> str:
        return f"{self.held_on} {self.host_unit}"


class TalkSpeaker(models.Model):
    """A speaker booked for a talk. The date is copied so that the database refuses a double booking."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("Talk"))
    member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="bookings",
                               verbose_name=_("Speaker"))
    held_on = models.DateField(_("Date"))

    SCOPE_ORG_LOOKUP = "talk__org"

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("Talk speaker")
        verbose_name_plural = _("Talk speakers")
        constraints = [models.UniqueConstraint(fields=["member", "held_on"], name="speaker_once_a_day")]

    def __str__(self) -> str:
        return f"#{self.pk}"


def talk_photo_path(instance: TalkPhoto, filename: str) -> str:
    return f"honours/talks/{instance.talk_id}/{filename}"


class TalkPhoto(models.Model):
    """A photo of a talk, sealed (encrypted at rest), served only through the scoped, audited view."""

    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Talk"))
    image = models.FileField(_("Photo"), upload_to=talk_photo_path)
    uploaded_at = models.DateTimeField(_("Uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Uploaded by"))

    SCOPE_ORG_LOOKUP = "talk__org"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Talk photo")
        verbose_name_plural = _("Talk photos")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Competition(OrgOwnedModel):
    """One edition of a vocational skills competition (职业技能大赛) and its trades."""

    name = models.CharField(_("Competition"), max_length=100)
    edition = models.PositiveSmallIntegerField(_("Edition"))
    organiser = models.CharField(_("Organiser"), max_length=100)
    held_on = models.DateField(_("Held on"))

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("Competition")
        verbose_name_plural = _("Competitions")
        constraints = [models.UniqueConstraint(fields=["org", "name", "edition"], name="competition_edition_once")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.edition}届）"


class CompetitionTrade(models.Model):
    """A trade contested (电工、电焊工、数控车床、烹饪): its skill tag joins a winner's seeker profile."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="trades",
                                    verbose_name=_("Competition"))
    name = models.CharField(_("Trade"), max_length=50)
    skill_tag = models.CharField(_("Skill tag"), max_length=50)

    SCOPE_ORG_LOOKUP = "competition__org"

    class Meta:
        ordering = ["competition", "name"]
        verbose_name = _("Competition trade")
        verbose_name_plural = _("Competition trades")
        constraints = [models.UniqueConstraint(fields=["competition", "name"], name="trade_once_per_competition")]

    def __str__(self) -> str:
        return self.name


class CompetitionEntry(OrgOwnedModel):
    """An entrant in one trade, and the result once recorded (rank, score, title won → an honour)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries",
                                    verbose_name=_("Competition"))
    trade = models.ForeignKey(CompetitionTrade, on_delete=models.PROTECT, related_name="entries",
                              verbose_name=_("Trade"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Person"))
    rank = models.PositiveSmallIntegerField(_("Rank"), null=True, blank=True)
    score = models.DecimalField(_("Score"), max_digits=6, decimal_places=2, null=True, blank=True)
    title_won = models.ForeignKey(HonourTitle, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("Title won"))
    certificate = models.CharField(_("Certificate"), max_length=100, blank=True)
    honour = models.OneToOneField(Honour, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("Honour granted"))

    class Meta:
        ordering = ["competition", "trade", "rank", "pk"]
        verbose_name = _("Competition entry")
        verbose_name_plural = _("Competition entries")
        constraints = [
            models.UniqueConstraint(fields=["competition", "trade", "person"], name="entry_once_per_trade"),
            models.CheckConstraint(condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1000)),
                                   name="entry_score_range"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class WorkstationKind(models.TextChoices):
    MASTER = "master", _("Skills master workstation")  # 技能大师工作站
    TECHNICIAN = "technician", _("Technician workstation")  # 技师工作站
    INNOVATION = "innovation", _("Model-worker innovation studio")  # 劳模创新工作室


class Workstation(OrgOwnedModel):
    name = models.CharField(_("Workstation"), max_length=100)
    kind = models.CharField(_("Kind"), max_length=12, choices=WorkstationKind.choices)
    level = models.CharField(_("Level"), max_length=12, choices=TitleLevel.choices)
    host_employer = models.CharField(_("Host employer"), max_length=100)
    master = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Master"))
    founded_on = models.DateField(_("Founded on"))

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("Workstation")
        verbose_name_plural = _("Workstations")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="workstation_name_once_per_unit")]

    def __str__(self) -> str:
        return self.name


class WorkstationMember(models.Model):
    workstation = models.ForeignKey(Workstation, on_delete=models.CASCADE, related_name="members",
                                    verbose_name=_("Workstation"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Person"))
    joined_on = models.DateField(_("Joined on"))

    SCOPE_ORG_LOOKUP = "workstation__org"

    class Meta:
        ordering = ["workstation", "joined_on", "pk"]
        verbose_name = _("Workstation member")
        verbose_name_plural = _("Workstation members")
        constraints = [models.UniqueConstraint(fields=["workstation", "person"], name="ws_member_once")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class WorkstationYear(models.Model):
    """A workstation's achievements in one year: patents, apprentices trained."""

    workstation = models.ForeignKey(Workstation, on_delete=models.CASCADE, related_name="years",
                                    verbose_name=_("Workstation"))
    year = models.PositiveSmallIntegerField(_("Year"))
    patents = models.PositiveSmallIntegerField(_("Patents"), default=0)
    apprentices = models.PositiveSmallIntegerField(_("Apprentices trained"), default=0)
    note = models.CharField(_("Other achievements"), max_length=200, blank=True)

    SCOPE_ORG_LOOKUP = "workstation__org"

    class Meta:
        ordering = ["workstation", "-year"]
        verbose_name = _("Workstation year")
        verbose_name_plural = _("Workstation years")
        constraints = [models.UniqueConstraint(fields=["workstation", "year"], name="ws_year_once")]

    def __str__(self) -> str:
        return f"{self.workstation_id} {self.year}"
