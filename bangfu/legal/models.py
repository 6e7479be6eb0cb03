"""Legal aid for workers (职工法律援助): stations, law firms, lawyers, cases with their claimants, documents.

Fields, constraints and the state machine only; every write goes through `services`. A case's totals
(claimants, claimed, recovered) are kept by the services in the same transaction as the claimants they
sum, so the report reads one table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core.models import OrgOwnedModel
from bangfu.core.sensitive import EncryptedTextField, IdNumberMixin


class StationKind(models.TextChoices):
    CENTRE = "centre", _("District legal aid centre")  # 区职工法律援助中心
    SUBCENTRE = "subcentre", _("Sub-centre at the labour arbitration court")  # 劳动仲裁院工作分中心
    STATION = "station", _("Legal aid station")  # 街镇、经开区工作站


class LegalAidStation(OrgOwnedModel):
    """A place where workers ask for legal aid; owned by its union. `served_units` are further units whose
    workers it serves (a development zone's station serves every zone the division data lists under it)."""

    name = models.CharField(_("Station name"), max_length=100)
    kind = models.CharField(_("Kind"), max_length=10, choices=StationKind.choices, default=StationKind.STATION)
    address = models.CharField(_("Address"), max_length=200, blank=True)
    phone = models.CharField(_("Phone"), max_length=20, blank=True)
    partner_department = models.CharField(_("Partner department"), max_length=100, blank=True)
    served_units = models.ManyToManyField("accounts.OrgUnit", blank=True, related_name="+",
                                          verbose_name=_("Further units served"))

    class Meta:
        verbose_name = _("Legal aid station")
        verbose_name_plural = _("Legal aid stations")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="legal_station_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class LawFirm(OrgOwnedModel):
    """A law firm under contract with the union for the period given."""

    name = models.CharField(_("Law firm name"), max_length=100)
    uscc = models.CharField(_("Unified social credit code"), max_length=18, blank=True)
    contract_start = models.DateField(_("Contract start"))
    contract_end = models.DateField(_("Contract end"))
    phone = models.CharField(_("Phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("Law firm")
        verbose_name_plural = _("Law firms")
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="legal_firm_name_per_unit"),
            models.CheckConstraint(condition=Q(contract_end__gte=F("contract_start")), name="legal_firm_contract"),
        ]

    def __str__(self) -> str:
        return self.name


class LawyerKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer lawyer")  # 志愿律师
    STAFF = "staff", _("Union staff lawyer")  # 工会专职律师


class DisputeType(models.TextChoices):
    WAGES = "wages", _("Unpaid wages")  # 欠薪
    INJURY = "injury", _("Work injury")  # 工伤
    CONTRACT = "contract", _("Labour contract")  # 劳动合同
    INSURANCE = "insurance", _("Social insurance")  # 社保
    OTHER = "other", _("Other")  # 其他


class Lawyer(OrgOwnedModel):
    """A lawyer who takes the union's cases. `user` is the lawyer's own account (志愿律师 see only their cases)."""

    SCOPE_OWNER_FIELD = "user"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="legal_lawyer", verbose_name=_("Account"))
    firm = models.ForeignKey(LawFirm, on_delete=models.PROTECT, null=True, blank=True, related_name="lawyers",
                             verbose_name=_("Law firm"))
    name = models.CharField(_("Lawyer name"), max_length=50)
    kind = models.CharField(_("Kind"), max_length=10, choices=LawyerKind.choices, default=LawyerKind.VOLUNTEER)
    licence_no = models.CharField(_("Licence number"), max_length=30, blank=True)
    specialities = models.JSONField(_("Specialities"), default=list, blank=True)
    phone = models.CharField(_("Phone"), max_length=20, blank=True)
    active = models.BooleanField(_("Takes new cases"), default=True)

    class Meta:
        verbose_name = _("Lawyer")
        verbose_name_plural = _("Lawyers")
        indexes = [models.Index(fields=["org", "active"])]

    def __str__(self) -> str:
        return self.name

    def speciality_labels(self) -> list[str]:
        labels = dict(DisputeType.choices)
        return [str(labels.get(code, code)) for code in self.specialities]


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("At the desk")  # 来访
    PHONE = "phone", _("Phone or hotline")  # 来电（12351）
    ONLINE = "online", _("Online")  # 网上申请
    ARBITRATION = "arbitration", _("At the arbitration court")  # 仲裁院窗口
    REFERRAL = "referral", _("Referred by another body")  # 转介


class ServiceType(models.TextChoices):
    """The seed's four kinds of service."""

    MEDIATION = "mediation", _("Negotiation and mediation")  # 协商调解
    REPRESENTATION = "representation", _("Representation in litigation or arbitration")  # 律师代理诉讼仲裁
    CONSULTATION = "consultation", _("Consultation")  # 咨询
    DOCUMENTS = "documents", _("Drafting legal documents")  # 代写法律文书


class CaseStatus(models.TextChoices):
    # In a context of their own: the bare "Received"/"Closed" are other apps' words (下拨收入, 已结束) in the
    # merged catalogue.
    RECEIVED = "received", pgettext_lazy("legal case", "Received")  # 受理
    REVIEWING = "reviewing", _("Under review")  # 审查
    ASSIGNED = "assigned", pgettext_lazy("legal case", "Assigned")  # 指派
    HANDLING = "handling", _("In hand")  # 办理
    CLOSED = "closed", pgettext_lazy("legal case", "Closed")  # 结案


OPEN_STATUSES = (CaseStatus.RECEIVED, CaseStatus.REVIEWING, CaseStatus.ASSIGNED, CaseStatus.HANDLING)

# The one step allowed from each state (the checks live in services).
CASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.RECEIVED: (CaseStatus.REVIEWING,),
    CaseStatus.REVIEWING: (CaseStatus.ASSIGNED,),
    CaseStatus.ASSIGNED: (CaseStatus.HANDLING,),
    CaseStatus.HANDLING: (CaseStatus.CLOSED,),
    CaseStatus.CLOSED: (),
}


class Outcome(models.TextChoices):
    SETTLED = "settled", _("Settlement")  # 和解
    MEDIATED = "mediated", _("Mediation")  # 调解
    AWARD = "award", _("Arbitration award")  # 仲裁裁决
    JUDGMENT = "judgment", _("Judgment")  # 判决
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 撤回
    TERMINATED = "terminated", _("Terminated")  # 终止
    SERVED = "served", _("Service given")  # 已解答/文书已出具（咨询、代写法律文书）


class LegalCase(OrgOwnedModel):
    """One request for legal aid, individual or collective (many claimants). Owned by its station's unit."""

    SCOPE_OWNER_FIELD = "lawyer__user"

    station = models.ForeignKey(LegalAidStation, on_delete=models.PROTECT, related_name="cases",
                                verbose_name=_("Station"))
    intake_date = models.DateField(_("Intake date"), db_index=True)
    channel = models.CharField(_("Channel"), max_length=12, choices=Channel.choices, default=Channel.WALK_IN)
    collective = models.BooleanField(_("Collective case"), default=False)
    employer_name = models.CharField(_("Employer"), max_length=100)
    employer_uscc = models.CharField(_("Employer credit code"), max_length=18, blank=True)
    dispute_type = models.CharField(_("Dispute type"), max_length=10, choices=DisputeType.choices)
    service_type = models.CharField(_("Service type"), max_length=16, choices=ServiceType.choices)
    summary = EncryptedTextField(_("Facts of the case"), blank=True)
    knew_on = models.DateField(_("Worker knew of the infringement on"), null=True, blank=True)
    review_due_on = models.DateField(_("Review due on"))
    limit_on = models.DateField(_("Arbitration time limit ends on"), null=True, blank=True, db_index=True)
    status = models.CharField(_("Status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.RECEIVED,
                              db_index=True)
    lawyer = models.ForeignKey(Lawyer, on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
                               verbose_name=_("Lawyer"))
    reviewed_on = models.DateField(_("Reviewed on"), null=True, blank=True)
    assigned_on = models.DateField(_("Assigned on"), null=True, blank=True)
    started_on = models.DateField(_("Handling started on"), null=True, blank=True)
    closed_on = models.DateField(_("Closed on"), null=True, blank=True, db_index=True)
    days_to_close = models.PositiveIntegerField(_("Days from intake to closing"), null=True, blank=True)
    outcome = models.CharField(_("Outcome"), max_length=12, choices=Outcome.choices, blank=True)
    closing_report = EncryptedTextField(_("Closing report"), blank=True)
    # Kept by the services with the claimants they sum (the report reads this table alone).
    claimant_count = models.PositiveIntegerField(_("Claimants"), default=0)
    claimed_fen = models.BigIntegerField(_("Amount claimed (fen)"), default=0)
    recovered_fen = models.BigIntegerField(_("Amount recovered (fen)"), default=0)

    class Meta:
        verbose_name = _("Legal aid case")
        verbose_name_plural = _("Legal aid cases")
        permissions = [("review_legalcase", _("Can review a legal aid case and assign its lawyer"))]
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["station", "intake_date"]),
            models.Index(fields=["lawyer", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(claimed_fen__gte=0) & Q(recovered_fen__gte=0),
                                   name="legal_case_amounts_non_negative"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("intake_date")),
                                   name="legal_case_closed_after_intake"),
            models.CheckConstraint(condition=~Q(status="closed") | ~Q(outcome=""), name="legal_case_closed_outcome"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The case number staff quote: 2020法援000123 (year of intake, then the record id)."""
        return f"{self.intake_date:%Y}法援{self.pk or 0:06d}"

    def next_statuses(self) -> tuple[str, ...]:
        return CASE_TRANSITIONS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MeansResult(models.TextChoices):
    EXEMPT = "exempt", _("Exempt from the means test")  # 免予经济困难审查
    ELIGIBLE = "eligible", _("In financial hardship")  # 经济困难
    NOT_ELIGIBLE = "not_eligible", _("Not in financial hardship")  # 不符合经济困难标准
    PENDING = "pending", _("To be checked")  # 待核查


class Claimant(IdNumberMixin, OrgOwnedModel):
    """One worker of a case: their own claim, plan and result. ID number encrypted, looked up by blind index."""

    SCOPE_OWNER_FIELD = "case__lawyer__user"

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="claimants", verbose_name=_("Case"))
    row = models.PositiveIntegerField(_("Row"), default=1)
    name = models.CharField(_("Claimant name"), max_length=50)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = EncryptedTextField(_("Phone"), blank=True)
    person = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("Person in the register"))
    migrant_worker = models.BooleanField(_("Migrant worker"), default=False)
    household_size = models.PositiveSmallIntegerField(_("Household size"), null=True, blank=True)
    declared_income_fen = models.BigIntegerField(_("Declared monthly household income (fen)"), null=True, blank=True)
    means_result = models.CharField(_("Means test"), max_length=12, choices=MeansResult.choices,
                                    default=MeansResult.PENDING)
    means_reasons = models.JSONField(_("Means test reasons"), default=list, blank=True)
    claimed_fen = models.BigIntegerField(_("Amount claimed (fen)"), default=0)
    recovered_fen = models.BigIntegerField(_("Amount recovered (fen)"), default=0)
    plan = EncryptedTextField(_("Aid plan"), blank=True)
    result = models.CharField(_("Result"), max_length=12, choices=Outcome.choices, blank=True)
    settled_on = models.DateField(_("Settled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Claimant")
        verbose_name_plural = _("Claimants")
        ordering = ["case_id", "row"]
        constraints = [
            models.UniqueConstraint(fields=["case", "row"], name="legal_claimant_row"),
            models.CheckConstraint(condition=Q(claimed_fen__gte=0) & Q(recovered_fen__gte=0),
                                   name="legal_claimant_amounts_non_negative"),
        ]

    def __str__(self) -> str:
        return f"#{self.case_id}·{self.row}"


class CaseDocument(OrgOwnedModel):
    """A document of a case (application, evidence, agreement, award); sealed at rest like every upload."""

    SCOPE_OWNER_FIELD = "case__lawyer__user"

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Case"))
    title = models.CharField(_("Title"), max_length=100)
    upload = models.FileField(_("File"), upload_to="legal/%Y/%m/")
    content_type = models.CharField(_("Content type"), max_length=100)
    size = models.PositiveIntegerField(_("Size (bytes)"))

    class Meta:
        verbose_name = _("Case document")
        verbose_name_plural = _("Case documents")

    def __str__(self) -> str:
        return f"#{self.pk}"
