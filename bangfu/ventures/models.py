"""Worker entrepreneurship support (职工创业扶持): projects, guaranteed loans and their instalments,
repayments, subsidy policies (versioned), subsidy runs and their lines, and the households employed.

Money is integer fen. Subsidy lines are paid only through the assistance ledger (`Disbursement`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core.models import OrgOwnedModel
from bangfu.core.sensitive import IdNumberField
from bangfu.ventures.interest import EQUAL_INSTALMENTS, INTEREST_ONLY


class Level(models.TextChoices):
    REGIMENT = "regiment", _("Regiment level")  # 团级
    DIVISION = "division", _("Division level")  # 师级
    CORPS = "corps", _("Corps level")  # 兵团级
    CITY = "city", _("City level")  # 市级
    PROVINCE = "province", _("Province level")  # 省级


class ProjectStatus(models.TextChoices):
    # A context of their own: the bare msgids ("Approved", "Closed") are other apps' words in the merged catalogue.
    SUBMITTED = "submitted", pgettext_lazy("venture project", "Submitted")  # 申报
    REVIEWED = "reviewed", pgettext_lazy("venture project", "Reviewed")  # 审核
    APPROVED = "approved", pgettext_lazy("venture project", "Approved")  # 立项
    OPERATING = "operating", pgettext_lazy("venture project", "Operating")  # 运营
    CLOSED = "closed", pgettext_lazy("venture project", "Closed")  # 结项
    DECLINED = "declined", pgettext_lazy("venture project", "Declined")  # 不予立项


APPROVED_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.OPERATING, ProjectStatus.CLOSED)


class VentureProject(OrgOwnedModel):
    """A worker-run business the union supports; approved (立项) by someone other than its maker."""

    name = models.CharField(_("Project name"), max_length=100)
    applicant = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("Applicant"))
    group_name = models.CharField(_("Group applicant"), max_length=100, blank=True)  # 合作社/合伙
    sector = models.CharField(_("Sector"), max_length=50)
    location = models.CharField(_("Location"), max_length=200, blank=True)
    description = models.TextField(_("Description"), blank=True)
    level = models.CharField(_("Level of recognition"), max_length=10, choices=Level.choices)
    status = models.CharField(_("Status"), max_length=10, choices=ProjectStatus.choices,
                              default=ProjectStatus.SUBMITTED)
    submitted_on = models.DateField(_("Submitted on"))
    approved_on = models.DateField(_("Approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Approved by"))
    decision_note = models.CharField(_("Decision note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("Venture project")
        verbose_name_plural = _("Venture projects")
        permissions = [("approve_ventureproject", "Can approve a venture project")]
        constraints = [models.CheckConstraint(condition=Q(applicant__isnull=False) | ~Q(group_name=""),
                                              name="venture_has_applicant")]
        indexes = [models.Index(fields=["status", "level"])]

    def __str__(self) -> str:
        return self.name


class RepaymentPlan(models.TextChoices):
    EQUAL = EQUAL_INSTALMENTS, _("Equal instalments")  # 等额本息
    BULLET = INTEREST_ONLY, _("Interest only, principal at the end")  # 先息后本


class Loan(OrgOwnedModel):
    """A bank's loan to an approved project; its instalments are written once, when it is registered."""

    project = models.ForeignKey(VentureProject, on_delete=models.PROTECT, related_name="loans",
                                verbose_name=_("Project"))
    bank = models.CharField(_("Bank"), max_length=100)
    contract_number = models.CharField(_("Contract number"), max_length=50)
    principal_fen = models.BigIntegerField(_("Principal (fen)"))
    annual_rate = models.DecimalField(_("Annual rate (%)"), max_digits=7, decimal_places=4)
    start_on = models.DateField(_("Start date"))
    term_months = models.PositiveSmallIntegerField(_("Term (months)"))
    plan = models.CharField(_("Repayment plan"), max_length=8, choices=RepaymentPlan.choices)

    class Meta:
        ordering = ["-start_on", "-pk"]
        verbose_name = _("Loan")
        verbose_name_plural = _("Loans")
        constraints = [
            models.UniqueConstraint(fields=["bank", "contract_number"], name="loan_contract_once_per_bank"),
            models.CheckConstraint(condition=Q(principal_fen__gt=0), name="loan_principal_positive"),
            models.CheckConstraint(condition=Q(term_months__gt=0), name="loan_term_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.contract_number}"


class LoanInstalment(models.Model):
    """One month of a loan's plan and what has been paid against it."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="instalments", verbose_name=_("Loan"))
    number = models.PositiveSmallIntegerField(_("Instalment"))
    due_on = models.DateField(_("Due on"), db_index=True)
    days = models.PositiveSmallIntegerField(_("Days"))
    opening_fen = models.BigIntegerField(_("Principal outstanding (fen)"))
    principal_fen = models.BigIntegerField(_("Principal due (fen)"))
    interest_fen = models.BigIntegerField(_("Interest due (fen)"))
    principal_paid_fen = models.BigIntegerField(_("Principal paid (fen)"), default=0)
    interest_paid_fen = models.BigIntegerField(_("Interest paid (fen)"), default=0)
    paid_in_full_on = models.DateField(_("Paid in full on"), null=True, blank=True)

    SCOPE_ORG_LOOKUP = "loan__org"

    class Meta:
        ordering = ["loan", "number"]
        verbose_name = _("Loan instalment")
        verbose_name_plural = _("Loan instalments")
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="instalment_once_per_loan"),
            models.CheckConstraint(condition=Q(principal_paid_fen__lte=models.F("principal_fen"))
                                   & Q(interest_paid_fen__lte=models.F("interest_fen")),
                                   name="instalment_not_overpaid"),
        ]

    def __str__(self) -> str:
        return f"{self.loan} #{self.number}"

    @property
    def total_fen(self) -> int:
        return self.principal_fen + self.interest_fen

    @property
    def paid_fen(self) -> int:
        return self.principal_paid_fen + self.interest_paid_fen


class Repayment(OrgOwnedModel):
    """One payment to the bank against one instalment, with the bank's reference (流水号)."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("Loan"))
    instalment = models.ForeignKey(LoanInstalment, on_delete=models.PROTECT, related_name="repayments",
                                   verbose_name=_("Instalment"))
    paid_on = models.DateField(_("Paid on"))
    principal_fen = models.BigIntegerField(_("Principal repaid (fen)"))
    interest_fen = models.BigIntegerField(_("Interest repaid (fen)"))
    reference = models.CharField(_("Bank reference"), max_length=64)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("Repayment")
        verbose_name_plural = _("Repayments")
        constraints = [
            models.UniqueConstraint(fields=["loan", "reference"], name="repayment_reference_once_per_loan"),
            models.CheckConstraint(condition=Q(principal_fen__gte=0) & Q(interest_fen__gte=0)
                                   & (Q(principal_fen__gt=0) | Q(interest_fen__gt=0)), name="repayment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.loan} {self.reference}"


class SubsidyPolicy(OrgOwnedModel):
    """The terms of the interest subsidy, paid from an assistance fund. Every edit is a new revision."""

    name = models.CharField(_("Name"), max_length=100)
    fund = models.ForeignKey("assistance.Fund", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Paying fund"))
    share_percent = models.DecimalField(_("Share subsidised (%)"), max_digits=5, decimal_places=2)
    cap_per_year_fen = models.BigIntegerField(_("Cap per project and year (fen)"), null=True, blank=True)
    cap_per_project_fen = models.BigIntegerField(_("Cap per project (fen)"), null=True, blank=True)
    grace_days = models.PositiveSmallIntegerField(_("Grace days for on-time repayment"), default=0)
    revision = models.PositiveIntegerField(_("Revision"), default=1)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Subsidy policy")
        verbose_name_plural = _("Subsidy policies")
        constraints = [
            models.CheckConstraint(condition=Q(share_percent__gt=0) & Q(share_percent__lte=100),
                                   name="policy_share_in_range"),
            models.CheckConstraint(condition=Q(cap_per_year_fen__isnull=True) | Q(cap_per_year_fen__gte=0),
                                   name="policy_year_cap_not_negative"),
            models.CheckConstraint(condition=Q(cap_per_project_fen__isnull=True) | Q(cap_per_project_fen__gte=0),
                                   name="policy_project_cap_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class SubsidyPolicyRevision(models.Model):
    """Append-only: the terms of each revision of a policy, who set them and why."""

    policy = models.ForeignKey(SubsidyPolicy, on_delete=models.CASCADE, related_name="revisions",
                               verbose_name=_("Policy"))
    revision = models.PositiveIntegerField(_("Revision"))
    terms = models.JSONField(_("Terms"))
    note = models.CharField(_("Reason for the change"), max_length=200, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Changed by"))
    changed_at = models.DateTimeField(_("Changed at"), auto_now_add=True)

    SCOPE_ORG_LOOKUP = "policy__org"

    class Meta:
        ordering = ["policy", "-revision"]
        verbose_name = _("Subsidy policy revision")
        verbose_name_plural = _("Subsidy policy revisions")
        constraints = [models.UniqueConstraint(fields=["policy", "revision"], name="policy_revision_once")]

    def __str__(self) -> str:
        return f"{self.policy} r{self.revision}"


class RunStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed")  # 已计算
    SUBMITTED = "submitted", _("Reviewed, awaiting approval")  # 已复核待审批
    APPROVED = "approved", _("Approved and paid")  # 已审批并发放
    REJECTED = "rejected", _("Rejected")  # 驳回


class SubsidyRun(OrgOwnedModel):
    """One period of one policy: computed, reviewed by its maker, approved by a second person, paid."""

    policy = models.ForeignKey(SubsidyPolicy, on_delete=models.PROTECT, related_name="runs",
                               verbose_name=_("Policy"))
    policy_revision = models.PositiveIntegerField(_("Policy revision"))
    terms = models.JSONField(_("Terms applied"))
    period_start = models.DateField(_("Period start"))
    period_end = models.DateField(_("Period end"))
    status = models.CharField(_("Status"), max_length=10, choices=RunStatus.choices, default=RunStatus.COMPUTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("Submitted by"))
    submitted_at = models.DateTimeField(_("Submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Decided by"))
    approved_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    rejection_note = models.CharField(_("Rejection note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("Subsidy run")
        verbose_name_plural = _("Subsidy runs")
        permissions = [("approve_subsidyrun", "Can approve a subsidy run")]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="run_period_ordered"),
            models.UniqueConstraint(fields=["policy", "period_start"], condition=~Q(status="rejected"),
                                    name="run_once_per_policy_period"),
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.period_start}–{self.period_end}"


class PaymentStatus(models.TextChoices):
    DUE = "due", _("To be paid")  # 待发放
    SUSPENDED = "suspended", _("Suspended: arrears")  # 逾期暂停
    NOTHING = "nothing", _("Nothing due")  # 无应贴息
    DISBURSED = "disbursed", _("Sent to the ledger")  # 已提交发放（见发放状态）
    REJECTED = "rejected", _("Rejected")  # 驳回


class SubsidyPayment(OrgOwnedModel):
    """One loan's line in a run. Paid through the assistance ledger: `disbursement` carries the status."""

    run = models.ForeignKey(SubsidyRun, on_delete=models.CASCADE, related_name="payments", verbose_name=_("Run"))
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="subsidy_payments",
                             verbose_name=_("Loan"))
    eligible_interest_fen = models.BigIntegerField(_("Interest paid on time (fen)"))
    computed_fen = models.BigIntegerField(_("Computed (fen)"))
    amount_fen = models.BigIntegerField(_("Amount after caps (fen)"))
    status = models.CharField(_("Status"), max_length=10, choices=PaymentStatus.choices)
    reasons = models.JSONField(_("Reasons"), default=list)
    disbursement = models.OneToOneField("assistance.Disbursement", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("Disbursement"))

    class Meta:
        ordering = ["run", "loan__project__name", "pk"]
        verbose_name = _("Subsidy payment")
        verbose_name_plural = _("Subsidy payments")
        constraints = [
            models.UniqueConstraint(fields=["run", "loan"], name="payment_once_per_run_loan"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0) & Q(amount_fen__lte=models.F("computed_fen")),
                                   name="payment_amount_within_computed"),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.loan}"


class EmployedHousehold(OrgOwnedModel):
    """A household the project employs (带动就业户), linked to the register when its worker is there."""

    project = models.ForeignKey(VentureProject, on_delete=models.PROTECT, related_name="employed",
                                verbose_name=_("Project"))
    worker_name = models.CharField(_("Worker employed"), max_length=50)
    id_number = IdNumberField(_("ID number"))
    id_index = models.CharField(max_length=64, editable=False, db_index=True)
    employed_on = models.DateField(_("Employed on"))
    post = models.CharField(_("Post"), max_length=50, blank=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("Person in the register"))
    hardship_file = models.ForeignKey("people.HardshipFile", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("Hardship file"))

    class Meta:
        ordering = ["project", "employed_on", "pk"]
        verbose_name = _("Employed household")
        verbose_name_plural = _("Employed households")
        constraints = [models.UniqueConstraint(fields=["project", "id_index"], name="employed_once_per_project")]

    def __str__(self) -> str:
        return f"{self.project} · {self.pk}"
