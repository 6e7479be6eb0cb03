"""Cash beyond a beneficiary's approved amount: a top-up asked for with a reason and paid only once a
second person (never the one who asked) approves it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel
from bangfu.core.sensitive import EncryptedTextField


class TopUpStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting second approval")
    APPROVED = "approved", _("Approved and paid")
    REJECTED = "rejected", _("Rejected")


class CashTopUp(OrgOwnedModel):
    """Extra cash for one person on an approved list (e.g. found in worse need at the visit)."""

    beneficiary = models.ForeignKey("assistance.Beneficiary", on_delete=models.PROTECT, related_name="top_ups",
                                    verbose_name=_("Beneficiary"))
    program = models.ForeignKey("assistance.Program", on_delete=models.PROTECT, related_name="top_ups",
                                verbose_name=_("Program"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("Person"))
    amount_fen = models.BigIntegerField(_("Amount (fen)"))
    reason = EncryptedTextField(_("Reason"), max_length=300)  # often about illness or hardship: sensitive
    status = models.CharField(_("Status"), max_length=10, choices=TopUpStatus.choices, default=TopUpStatus.PENDING)
    idempotency_key = models.CharField(_("Idempotency key"), max_length=100, unique=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decision_note = EncryptedTextField(_("Decision note"), max_length=300, blank=True)
    disbursement = models.OneToOneField("assistance.Disbursement", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="top_up", verbose_name=_("Disbursement"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("Cash top-up")
        verbose_name_plural = _("Cash top-ups")
        permissions = [("approve_cashtopup", "Can approve a cash top-up")]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="top_up_amount_positive")]

    def __str__(self) -> str:
        return f"{self.beneficiary_id} +{self.amount_fen}"
