"""Programs, funds, allocations down the org tree, and the ledger every movement of money is written to.

Money is integer fen. An allocation's `balance_fen` is a cache of the ledger that is only ever changed by
a conditional `UPDATE … SET balance_fen = balance_fen ± amount WHERE id = … AND balance_fen >= amount`
(see services/ledger.py); `reconcile_fund()` checks it against the ledger rows.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel

# A disbursement strictly above this many fen needs a second approver, unless the program sets its own.
DEFAULT_LARGE_AMOUNT_FEN = 500_000  # 5,000.00 元
# Stored keys carry their key space in front of the caller's key (at most 100 characters).
KEY_COLUMN_LENGTH = 160


def caller_key(stored: str) -> str:
    """The key as the caller sent it: the stored key without its key space."""
    return stored.split(":", 1)[1] if ":" in stored else stored


class ProgramKind(models.TextChoices):
    CAMPAIGN = "campaign", _("Holiday campaign")  # 节日慰问（送温暖）
    MEDICAL = "medical", _("Medical aid")  # 医疗救助
    EDUCATION = "education", _("Education aid")  # 助学（金秋助学）
    LIVING = "living", _("Living aid")  # 生活救助
    OTHER = "other", _("Other")  # 其他


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Program(OrgOwnedModel):
    """An assistance program run by a union (the owner `org`) over a period."""

    name = models.CharField(_("Name"), max_length=100)
    kind = models.CharField(_("Kind"), max_length=12, choices=ProgramKind.choices)
    status = models.CharField(_("Status"), max_length=8, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE)
    starts_on = models.DateField(_("Starts on"))
    ends_on = models.DateField(_("Ends on"))
    visit_deadline = models.DateField(_("Visit deadline"), null=True, blank=True)
    festival = models.CharField(_("Festival"), max_length=40, blank=True)
    description = models.TextField(_("Description"), blank=True)
    large_amount_fen = models.BigIntegerField(_("Large amount threshold (fen)"), null=True, blank=True)
    medical_settings = models.JSONField(_("Medical aid settings"), default=dict, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("Assistance program")
        verbose_name_plural = _("Assistance programs")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="program_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def deadline(self) -> dt.date:
        """Visits are due by the deadline; the campaign runs to the end of the festival by default."""
        return self.visit_deadline or self.ends_on

    def large_amount_threshold(self) -> int:
        if self.large_amount_fen is not None:
            return self.large_amount_fen
        return int(getattr(settings, "BANGFU_LARGE_DISBURSEMENT_FEN", DEFAULT_LARGE_AMOUNT_FEN))


class Fund(OrgOwnedModel):
    """The money of a program. `budget_fen` follows top-ups (and their reversals) in the ledger."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="funds", verbose_name=_("Program"))
    name = models.CharField(_("Name"), max_length=100)
    budget_fen = models.BigIntegerField(_("Budget (fen)"), default=0)

    class Meta:
        verbose_name = _("Fund")
        verbose_name_plural = _("Funds")
        constraints = [models.CheckConstraint(condition=Q(budget_fen__gte=0), name="fund_budget_not_negative")]

    def __str__(self) -> str:
        return self.name


class Allocation(OrgOwnedModel):
    """A fund's account at one unit (`org`): the root at the owner, children split down the tree."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("Fund"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("Allocated from"))
    balance_fen = models.BigIntegerField(_("Balance (fen)"), default=0)

    class Meta:
        ordering = ["org__path"]
        verbose_name = _("Allocation")
        verbose_name_plural = _("Allocations")
        constraints = [
            models.UniqueConstraint(fields=["fund", "org"], name="allocation_once_per_unit"),
            models.CheckConstraint(condition=Q(balance_fen__gte=0), name="allocation_balance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} · {self.org}"


class LedgerKind(models.TextChoices):
    TOP_UP = "top_up", _("Top-up")  # 追加资金
    ALLOCATION = "allocation", _("Allocation")  # 下拨
    DISBURSEMENT = "disbursement", _("Disbursement")  # 发放
    REVERSAL = "reversal", _("Reversal")  # 冲正


class LedgerEntry(OrgOwnedModel):
    """One movement of money: from `source` to `destination` (None is outside the fund). Append-only.

    A top-up comes from outside; an allocation moves between two accounts; a disbursement leaves the
    fund; a reversal mirrors an earlier entry (at most one reversal per entry).
    """

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="ledger", verbose_name=_("Fund"))
    kind = models.CharField(_("Kind"), max_length=12, choices=LedgerKind.choices)
    amount_fen = models.BigIntegerField(_("Amount (fen)"))
    source = models.ForeignKey(Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="debits",
                               verbose_name=_("From"))
    destination = models.ForeignKey(Allocation, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="credits", verbose_name=_("To"))
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="reversed_by", verbose_name=_("Reverses"))
    # `<kind>:<caller's key>`: each kind of movement has its own key space (services/ledger.py).
    idempotency_key = models.CharField(_("Idempotency key"), max_length=KEY_COLUMN_LENGTH, unique=True)
    memo = models.CharField(_("Memo"), max_length=200, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("Ledger entry")
        verbose_name_plural = _("Ledger entries")
        permissions = [("reverse_ledgerentry", "Can reverse a ledger entry")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="ledger_amount_positive"),
            models.CheckConstraint(condition=Q(source__isnull=False) | Q(destination__isnull=False),
                                   name="ledger_has_an_account"),
        ]
        indexes = [models.Index(fields=["fund", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_fen}"

    @property
    def client_key(self) -> str:
        return caller_key(self.idempotency_key)


class DisbursementStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting second approval")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")
    REVERSED = "reversed", _("Reversed")


class Disbursement(OrgOwnedModel):
    """A payment out of an allocation to a person; large ones wait for a second approver (not the maker)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("Fund"))
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="disbursements",
                                   verbose_name=_("Allocation"))
    amount_fen = models.BigIntegerField(_("Amount (fen)"))
    purpose = models.CharField(_("Purpose"), max_length=200, blank=True)
    payee = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("Payee"))
    status = models.CharField(_("Status"), max_length=10, choices=DisbursementStatus.choices)
    # `<space>:<caller's key>` (plain, visit, medical, top_up): a plain payment's key never meets a visit's.
    idempotency_key = models.CharField(_("Idempotency key"), max_length=KEY_COLUMN_LENGTH, unique=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Approved by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    ledger_entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="disbursement", verbose_name=_("Ledger entry"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("Disbursement")
        verbose_name_plural = _("Disbursements")
        permissions = [("approve_disbursement", "Can approve a large disbursement")]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="disbursement_amount_positive")]

    def __str__(self) -> str:
        return f"{self.fund} · {self.amount_fen}"

    @property
    def client_key(self) -> str:
        return caller_key(self.idempotency_key)
