"""Reopening a closed campaign: a campaign closes at its end date and its lists freeze; it runs again only on
an approved decision — asked for with the decision's reference and a new end date, approved by a second person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel

REQUEST_REOPENING = "assistance.add_campaignreopening"
APPROVE_REOPENING = "assistance.approve_campaignreopening"


class ReopeningStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CampaignReopening(OrgOwnedModel):
    """A request to reopen a closed campaign until a new end date, on a union decision (文号)."""

    program = models.ForeignKey("assistance.Program", on_delete=models.PROTECT, related_name="reopenings",
                                verbose_name=_("Program"))
    new_ends_on = models.DateField(_("New end date"))
    decision_ref = models.CharField(_("Decision reference"), max_length=100)
    reason = models.TextField(_("Reason"), max_length=300)
    status = models.CharField(_("Status"), max_length=10, choices=ReopeningStatus.choices,
                              default=ReopeningStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decision_note = models.CharField(_("Decision note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("Campaign reopening")
        verbose_name_plural = _("Campaign reopenings")
        permissions = [("approve_campaignreopening", "Can approve reopening a closed campaign")]
        constraints = [
            # One open request per campaign: a second one would race the first to the same program.
            models.UniqueConstraint(fields=["program"], condition=Q(status="pending"),
                                    name="one_pending_reopening_per_program"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} → {self.new_ends_on}"
