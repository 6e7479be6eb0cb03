"""Medical aid: claims per family and the yearly totals they accumulate into (thresholds, tiers, caps)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class MedicalClaim(OrgOwnedModel):
    """One bill of a family member; approval computes the aid from the family's yearly accumulation."""

    program = models.ForeignKey("assistance.Program", on_delete=models.PROTECT, related_name="medical_claims",
                                verbose_name=_("Program"))
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Household"))
    patient = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("Patient"))
    year = models.PositiveSmallIntegerField(_("Year"))
    incurred_on = models.DateField(_("Incurred on"))
    hospital = models.CharField(_("Hospital"), max_length=100, blank=True)
    total_cost_fen = models.BigIntegerField(_("Total cost (fen)"))
    insurance_fen = models.BigIntegerField(_("Insurance reimbursement (fen)"), default=0)
    other_aid_fen = models.BigIntegerField(_("Other aid (fen)"), default=0)
    out_of_pocket_fen = models.BigIntegerField(_("Out of pocket (fen)"), default=0)
    aid_fen = models.BigIntegerField(_("Aid (fen)"), default=0)
    lines = models.JSONField(_("Calculation"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    idempotency_key = models.CharField(_("Idempotency key"), max_length=100, unique=True)
    disbursement = models.OneToOneField("assistance.Disbursement", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="medical_claim", verbose_name=_("Disbursement"))

    class Meta:
        ordering = ["-incurred_on", "-id"]
        verbose_name = _("Medical aid claim")
        verbose_name_plural = _("Medical aid claims")
        permissions = [("approve_medicalclaim", "Can approve a medical aid claim")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_cost_fen__gte=0) & Q(insurance_fen__gte=0) & Q(other_aid_fen__gte=0),
                name="medical_claim_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.incurred_on}"


class MedicalYearTotal(OrgOwnedModel):
    """A family's accumulation in one program year: out-of-pocket and aid so far (updated under lock)."""

    program = models.ForeignKey("assistance.Program", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("Program"))
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Household"))
    year = models.PositiveSmallIntegerField(_("Year"))
    out_of_pocket_fen = models.BigIntegerField(_("Out of pocket this year (fen)"), default=0)
    aid_fen = models.BigIntegerField(_("Aid this year (fen)"), default=0)

    class Meta:
        verbose_name = _("Medical aid yearly total")
        verbose_name_plural = _("Medical aid yearly totals")
        constraints = [
            models.UniqueConstraint(fields=["program", "household", "year"], name="medical_total_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.year}"
