"""The holiday campaign: target groups (rules as data), quotas, beneficiary lists with revisions, visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel


class TargetGroup(OrgOwnedModel):
    """A group of people defined by a rule over whitelisted fields (see rules/fields.py), stored as JSON."""

    name = models.CharField(_("Name"), max_length=60)
    rule = models.JSONField(_("Rule"))
    description = models.CharField(_("Description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("Active"), default=True)

    class Meta:
        ordering = ["org__path", "name"]
        verbose_name = _("Target group")
        verbose_name_plural = _("Target groups")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="target_group_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class CampaignGroup(models.Model):
    """A target group in one campaign: its priority (1 is highest) and its standard of cash per person."""

    program = models.ForeignKey("assistance.Program", on_delete=models.CASCADE, related_name="groups",
                                verbose_name=_("Program"))
    target_group = models.ForeignKey(TargetGroup, on_delete=models.PROTECT, related_name="campaigns",
                                     verbose_name=_("Target group"))
    priority = models.PositiveSmallIntegerField(_("Priority"))
    standard_fen = models.BigIntegerField(_("Standard per person (fen)"), default=0)
    goods_note = models.CharField(_("Goods"), max_length=100, blank=True)

    SCOPE_ORG_LOOKUP = "program__org"

    class Meta:
        ordering = ["program", "priority"]
        verbose_name = _("Campaign group")
        verbose_name_plural = _("Campaign groups")
        constraints = [
            models.UniqueConstraint(fields=["program", "target_group"], name="campaign_group_once"),
            models.UniqueConstraint(fields=["program", "priority"], name="campaign_group_priority_unique"),
            models.CheckConstraint(condition=Q(standard_fen__gte=0), name="campaign_group_standard_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.priority}. {self.target_group.name}"


class Quota(OrgOwnedModel):
    """At most `max_people` of one group in the list of one unit (`org`)."""

    program = models.ForeignKey("assistance.Program", on_delete=models.CASCADE, related_name="quotas",
                                verbose_name=_("Program"))
    campaign_group = models.ForeignKey(CampaignGroup, on_delete=models.CASCADE, related_name="quotas",
                                       verbose_name=_("Group"))
    max_people = models.PositiveIntegerField(_("Quota (people)"))

    class Meta:
        ordering = ["org__path", "campaign_group__priority"]
        verbose_name = _("Quota")
        verbose_name_plural = _("Quotas")
        constraints = [
            models.UniqueConstraint(fields=["program", "campaign_group", "org"], name="quota_once_per_unit_group"),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.campaign_group} · {self.max_people}"


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved (frozen)")
    SUPERSEDED = "superseded", _("Superseded")


LIVE_LIST_STATUSES = (ListStatus.DRAFT, ListStatus.SUBMITTED, ListStatus.APPROVED)


class BeneficiaryList(OrgOwnedModel):
    """One unit's list for one campaign. Approved = frozen; a change is a new revision (with a diff)."""

    program = models.ForeignKey("assistance.Program", on_delete=models.PROTECT, related_name="lists",
                                verbose_name=_("Program"))
    revision = models.PositiveIntegerField(_("Revision"), default=1)
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="next_revision", verbose_name=_("Previous revision"))
    status = models.CharField(_("Status"), max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT)
    built_at = models.DateTimeField(_("Built at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("Submitted by"))
    submitted_at = models.DateTimeField(_("Submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Approved by"))
    approved_at = models.DateTimeField(_("Approved at"), null=True, blank=True)
    rejection_note = models.CharField(_("Rejection note"), max_length=300, blank=True)
    rules_snapshot = models.JSONField(_("Rules at build time"), default=list, blank=True)

    class Meta:
        ordering = ["program", "org__path", "-revision"]
        verbose_name = _("Beneficiary list")
        verbose_name_plural = _("Beneficiary lists")
        permissions = [("approve_beneficiarylist", "Can approve a beneficiary list")]
        constraints = [
            models.UniqueConstraint(fields=["program", "org", "revision"], name="list_revision_unique"),
            models.UniqueConstraint(fields=["program", "org"], condition=Q(status="approved"),
                                    name="list_one_approved_per_unit"),
            models.UniqueConstraint(fields=["program", "org"], condition=Q(status__in=["draft", "submitted"]),
                                    name="list_one_open_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.org} · v{self.revision}"

    @property
    def is_frozen(self) -> bool:
        return self.status in (ListStatus.APPROVED, ListStatus.SUPERSEDED)


class Beneficiary(OrgOwnedModel):
    """One person on one list revision: the group kept (highest priority), the others, why, how much.

    `org` is the person's unit, so a street worker sees the entries of their street in a district list.
    Entries not `included` stay visible with the reason (over quota, already on another list).
    """

    blist = models.ForeignKey(BeneficiaryList, on_delete=models.CASCADE, related_name="entries",
                              verbose_name=_("List"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("Person"))
    campaign_group = models.ForeignKey(CampaignGroup, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("Group"))
    other_groups = models.JSONField(_("Also eligible under"), default=list, blank=True)
    reasons = models.JSONField(_("Reasons"), default=list, blank=True)
    amount_fen = models.BigIntegerField(_("Amount (fen)"), default=0)
    included = models.BooleanField(_("Included"), default=True)
    exclusion_reason = models.CharField(_("Why not included"), max_length=200, blank=True)
    manual = models.BooleanField(_("Added by hand"), default=False)

    class Meta:
        ordering = ["campaign_group__priority", "id"]
        verbose_name = _("Beneficiary")
        verbose_name_plural = _("Beneficiaries")
        constraints = [
            models.UniqueConstraint(fields=["blist", "person"], name="beneficiary_once_per_list"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="beneficiary_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["blist", "included"]), models.Index(fields=["person"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.campaign_group}"


class Visit(OrgOwnedModel):
    """A home visit: who, when, where, what was given, proof. One per person per campaign."""

    program = models.ForeignKey("assistance.Program", on_delete=models.PROTECT, related_name="visits",
                                verbose_name=_("Program"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("Person"))
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="visits",
                                    verbose_name=_("Beneficiary"))
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Visited by"))
    visited_at = models.DateTimeField(_("Visited at"))
    place = models.CharField(_("Place"), max_length=200)
    cash_fen = models.BigIntegerField(_("Cash (fen)"), default=0)
    fubao_count = models.PositiveSmallIntegerField(_("Gift bags (福包)"), default=0)
    goods_description = models.CharField(_("Goods"), max_length=200, blank=True)
    goods_value_fen = models.BigIntegerField(_("Value of goods (fen)"), default=0)
    photo = models.FileField(_("Photo"), upload_to="assistance/visits/", blank=True)
    signature = models.FileField(_("Signature"), upload_to="assistance/signatures/", blank=True)
    note = models.CharField(_("Note"), max_length=300, blank=True)
    idempotency_key = models.CharField(_("Idempotency key"), max_length=100, unique=True)
    disbursement = models.OneToOneField("assistance.Disbursement", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="visit", verbose_name=_("Disbursement"))

    class Meta:
        ordering = ["-visited_at"]
        verbose_name = _("Visit")
        verbose_name_plural = _("Visits")
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="visit_once_per_person_per_campaign"),
            models.CheckConstraint(condition=Q(cash_fen__gte=0) & Q(goods_value_fen__gte=0),
                                   name="visit_amounts_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.visited_at:%Y-%m-%d}"
