"""The union's social workers (社会化工会工作者): roster, posts, pay, assessments, career decisions, candidates.

Fields, constraints and single-row rules only; every write goes through `services`. A social worker is a
Person of the register (one person, one record) with an account, and their 1+N training lives in the
training app (`trainee`). Indicators of an assessment are computed from the platform's casework records
(`casework.py`); each `AssessmentLine` keeps the records it counted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel


class EmploymentType(models.TextChoices):
    SOCIAL = "social", _("Recruited from society")  # 社会招聘
    PUBLIC_WELFARE = "public_welfare", _("Union recruitment on a public-welfare post")  # 工会招聘纳入公益性岗位
    RETIREE = "retiree", _("Retiree re-hired")  # 退休返聘


class CertificateLevel(models.TextChoices):
    NONE = "none", _("No certificate")
    ASSISTANT = "assistant", _("Assistant social worker")  # 助理社会工作师
    SOCIAL = "social", _("Social worker")  # 社会工作师
    SENIOR = "senior", _("Senior social worker")  # 高级社会工作师


# Order of the certificate levels, for "at least" rules.
CERTIFICATE_RANK = {CertificateLevel.NONE: 0, CertificateLevel.ASSISTANT: 1, CertificateLevel.SOCIAL: 2,
                    CertificateLevel.SENIOR: 3}


class PostLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial union")  # 省级
    CITY = "city", _("City union")  # 市级
    COUNTY = "county", _("District/county union")  # 区县
    STREET = "street", _("Township/street union")  # 乡镇（街道）
    COMMUNITY = "community", _("Community union")  # 社区


# Posts "in township and community unions" (定岗在乡镇及所辖社区工会), the seed's 44.8 %.
GRASSROOTS_POST_LEVELS = (PostLevel.STREET, PostLevel.COMMUNITY)
MAX_GRADE = 10


class Post(OrgOwnedModel):
    """岗位: a post in a unit, its level and grade (岗位等级 1–10). Vacant when nobody holds it."""

    title = models.CharField(_("Post title"), max_length=60)
    level = models.CharField(_("Post level"), max_length=10, choices=PostLevel.choices, db_index=True)
    grade = models.PositiveSmallIntegerField(_("Grade"), default=1)
    active = models.BooleanField(_("Active"), default=True)

    class Meta:
        verbose_name = _("Post")
        verbose_name_plural = _("Posts")
        constraints = [models.CheckConstraint(condition=Q(grade__gte=1) & Q(grade__lte=MAX_GRADE),
                                              name="workforce_post_grade_1_10")]

    def __str__(self) -> str:
        return self.title


class WorkerStatus(models.TextChoices):
    ACTIVE = "active", _("In post")  # 在岗
    EXITED = "exited", _("Left")  # 离岗


class SocialWorker(OrgOwnedModel):
    """A social worker: the person, the account, how hired, certificate, current post and grade, contract.

    `org` is the unit of the current post (scope follows the post)."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="social_worker",
                                  verbose_name=_("Person"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="social_worker",
                                verbose_name=_("Account"))
    trainee = models.OneToOneField("training.WorkerTrainee", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="social_worker", verbose_name=_("1+N training record"))
    employment_type = models.CharField(_("Employment type"), max_length=16, choices=EmploymentType.choices)
    certificate_level = models.CharField(_("Professional certificate"), max_length=10,
                                         choices=CertificateLevel.choices, default=CertificateLevel.NONE)
    hired_on = models.DateField(_("Hired on"), db_index=True)
    contract_ends_on = models.DateField(_("Contract ends on"), null=True, blank=True)
    post = models.ForeignKey(Post, on_delete=models.PROTECT, null=True, blank=True, related_name="holders",
                             verbose_name=_("Current post"))
    grade = models.PositiveSmallIntegerField(_("Grade"), default=1)
    status = models.CharField(_("Status"), max_length=8, choices=WorkerStatus.choices, default=WorkerStatus.ACTIVE,
                              db_index=True)
    exited_on = models.DateField(_("Left on"), null=True, blank=True)

    SCOPE_OWNER_FIELD = "user"

    class Meta:
        verbose_name = _("Social worker")
        verbose_name_plural = _("Social workers")
        indexes = [models.Index(fields=["org", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(grade__gte=1) & Q(grade__lte=MAX_GRADE),
                                   name="workforce_worker_grade_1_10"),
            models.UniqueConstraint(fields=["post"], condition=Q(status="active") & Q(post__isnull=False),
                                    name="workforce_one_holder_per_post"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class PostHolding(OrgOwnedModel):
    """One stretch of a worker on a post (the history of posts)."""

    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="holdings",
                               verbose_name=_("Social worker"))
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="holdings", verbose_name=_("Post"))
    grade = models.PositiveSmallIntegerField(_("Grade"))
    starts_on = models.DateField(_("Starts on"))
    ends_on = models.DateField(_("Ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Post held")
        verbose_name_plural = _("Posts held")
        ordering = ["-starts_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                              name="workforce_holding_ends_after_start")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class PayRecord(OrgOwnedModel):
    """The take-home pay (月实得) of one month, in fen."""

    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="pay",
                               verbose_name=_("Social worker"))
    month = models.DateField(_("Month"), help_text=_("The first day of the month."))
    take_home_fen = models.BigIntegerField(_("Take-home pay (fen)"))

    class Meta:
        verbose_name = _("Pay record")
        verbose_name_plural = _("Pay records")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "month"], name="workforce_pay_once_a_month"),
            models.CheckConstraint(condition=Q(take_home_fen__gte=0), name="workforce_pay_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class SecondmentKind(models.TextChoices):
    UPPER = "upper", _("Secondment upward (上挂锻炼)")
    ROTATION = "rotation", _("Rotation (轮岗交流)")


class Secondment(OrgOwnedModel):
    """上挂锻炼 / 轮岗交流: a stretch at another unit, made by an approved decision."""

    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="secondments",
                               verbose_name=_("Social worker"))
    kind = models.CharField(_("Kind"), max_length=10, choices=SecondmentKind.choices)
    host = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Host unit"))
    starts_on = models.DateField(_("Starts on"))
    ends_on = models.DateField(_("Ends on"))

    class Meta:
        verbose_name = _("Secondment or rotation")
        verbose_name_plural = _("Secondments and rotations")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="workforce_secondment_ends_after_start")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    PARTLY = "partly", _("Fairly satisfied")  # 基本满意
    UNSATISFIED = "unsatisfied", _("Not satisfied")  # 不满意


# What each answer is worth in the satisfaction indicator.
SATISFACTION_POINTS = {Satisfaction.SATISFIED: 100, Satisfaction.PARTLY: 60, Satisfaction.UNSATISFIED: 0}


class FollowUpCall(OrgOwnedModel):
    """回访: a supervisor calls a family a worker serves and records how satisfied they are."""

    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="follow_ups",
                               verbose_name=_("Social worker"))
    hardship_file = models.ForeignKey("people.HardshipFile", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("Hardship file"))
    called_on = models.DateField(_("Called on"), db_index=True)
    satisfaction = models.CharField(_("Satisfaction"), max_length=12, choices=Satisfaction.choices)
    note = models.CharField(_("Note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Follow-up call")
        verbose_name_plural = _("Follow-up calls")
        ordering = ["-called_on", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Indicator(models.TextChoices):
    FAMILIES = "families", _("Families in their care")  # 联系帮扶家庭数
    VISITS_ON_TIME = "visits_on_time", _("Visits done on time")  # 按时走访率
    RECHECKS_ON_TIME = "rechecks_on_time", _("Files re-checked on time")  # 按时复核率
    JOBS_KEPT = "jobs_kept", _("Referrals that kept the job 3 months")  # 推荐就业稳岗3个月
    LEGAL_TRAINING = "legal_training", _("Legal and training work")  # 法律援助与培训工作
    SATISFACTION = "satisfaction", _("Follow-up satisfaction")  # 回访满意度
    SUPERVISOR = "supervisor", _("Supervisor's review")  # 上级评价


class AssessmentResult(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")  # 优秀
    QUALIFIED = "qualified", _("Qualified")  # 合格
    BASIC = "basic", _("Basically qualified")  # 基本合格
    UNQUALIFIED = "unqualified", _("Unqualified")  # 不合格


class ScoringScheme(OrgOwnedModel):
    """The scoring scheme as data: a weight per indicator (summing to 100), the count that earns full marks
    for each counted indicator, and the lowest total of each result."""

    name = models.CharField(_("Scheme name"), max_length=60)
    weights = models.JSONField(_("Weights"), default=dict)
    targets = models.JSONField(_("Full-mark counts"), default=dict)
    thresholds = models.JSONField(_("Lowest total of each result"), default=dict)
    active = models.BooleanField(_("Active"), default=True)

    class Meta:
        verbose_name = _("Scoring scheme")
        verbose_name_plural = _("Scoring schemes")

    def __str__(self) -> str:
        return self.name


class AssessmentRun(OrgOwnedModel):
    """An assessment of every worker in post under a unit for one period (履职考核)."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.PROTECT, related_name="runs",
                               verbose_name=_("Scoring scheme"))
    period_start = models.DateField(_("Period starts"))
    period_end = models.DateField(_("Period ends"))

    class Meta:
        verbose_name = _("Assessment run")
        verbose_name_plural = _("Assessment runs")
        ordering = ["-period_end", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                              name="workforce_run_period_order")]

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"


class AssessmentStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed, awaiting review")
    REVIEWED = "reviewed", _("Reviewed")


class Assessment(OrgOwnedModel):
    """One worker's assessment in a run: the casework lines, the supervisor's review, total and result."""

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="assessments",
                            verbose_name=_("Assessment run"))
    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="assessments",
                               verbose_name=_("Social worker"))
    status = models.CharField(_("Status"), max_length=10, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.COMPUTED, db_index=True)
    supervisor_score = models.PositiveSmallIntegerField(_("Supervisor's score"), null=True, blank=True)
    supervisor_comment = models.CharField(_("Supervisor's comment"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Reviewed by"))
    total = models.DecimalField(_("Total score"), max_digits=5, decimal_places=1, null=True, blank=True)
    result = models.CharField(_("Result"), max_length=12, choices=AssessmentResult.choices, blank=True,
                              db_index=True)

    class Meta:
        verbose_name = _("Assessment")
        verbose_name_plural = _("Assessments")
        constraints = [
            models.UniqueConstraint(fields=["run", "worker"], name="workforce_assessment_once_per_run"),
            models.CheckConstraint(condition=Q(supervisor_score__isnull=True) | Q(supervisor_score__lte=100),
                                   name="workforce_supervisor_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.get_result_display()}"


class AssessmentLine(models.Model):
    """One indicator of one assessment: the value, how it scored, its weight, and the records counted."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="lines",
                                   verbose_name=_("Assessment"))
    indicator = models.CharField(_("Indicator"), max_length=20, choices=Indicator.choices)
    counted = models.PositiveIntegerField(_("Records counted"), default=0)
    achieved = models.PositiveIntegerField(_("Records that met the rule"), default=0)
    score = models.DecimalField(_("Score"), max_digits=5, decimal_places=1, null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("Weight"))
    explanation = models.CharField(_("Explanation"), max_length=300)
    evidence = models.JSONField(_("Records"), default=list, blank=True)

    SCOPE_ORG_LOOKUP = "assessment__org"

    class Meta:
        verbose_name = _("Assessment line")
        verbose_name_plural = _("Assessment lines")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="workforce_line_once")]

    def __str__(self) -> str:
        return self.indicator


class DecisionKind(models.TextChoices):
    PROMOTE = "promote", _("Promotion of grade")  # 晋升
    DEMOTE = "demote", _("Demotion of grade")  # 降级
    PAY = "pay", _("Pay change")  # 薪酬调整
    RENEW = "renew", _("Contract renewal")  # 续聘
    EXIT = "exit", _("Exit")  # 解聘/退出
    RECRUIT = "recruit", _("Priority recruitment to a vacant post")  # 择优招录
    UPPER = "upper", _("Secondment upward (上挂锻炼)")
    ROTATION = "rotation", _("Rotation (轮岗交流)")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CareerDecision(OrgOwnedModel):
    """A decision linked to an assessment: proposed by one person (`created_by`), approved by another."""

    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="decisions",
                               verbose_name=_("Social worker"))
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="decisions", verbose_name=_("Assessment"))
    kind = models.CharField(_("Decision"), max_length=10, choices=DecisionKind.choices, db_index=True)
    new_grade = models.PositiveSmallIntegerField(_("New grade"), null=True, blank=True)
    new_pay_fen = models.BigIntegerField(_("New monthly take-home pay (fen)"), null=True, blank=True)
    new_contract_ends_on = models.DateField(_("Contract renewed until"), null=True, blank=True)
    post = models.ForeignKey(Post, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("Vacant post"))
    host = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("Host unit"))
    effective_on = models.DateField(_("Effective on"))
    ends_on = models.DateField(_("Ends on"), null=True, blank=True)
    reason = models.CharField(_("Reason"), max_length=300)
    status = models.CharField(_("Status"), max_length=10, choices=DecisionStatus.choices,
                              default=DecisionStatus.PROPOSED, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decision_note = models.CharField(_("Decision note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Career decision")
        verbose_name_plural = _("Career decisions")
        ordering = ["-created_at", "-pk"]
        permissions = [("approve_careerdecision", _("Can approve a career decision"))]

    def __str__(self) -> str:
        return f"#{self.pk}"


class CandidatePosition(models.TextChoices):
    VICE_CHAIR = "vice_chair", _("Full-time vice-chair")  # 专职副主席
    CHAIR = "chair", _("Chair")  # 主席


class Candidate(OrgOwnedModel):
    """A worker in the pool of candidates for a township/street federation's chair or vice-chair, and why."""

    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="candidacies",
                               verbose_name=_("Social worker"))
    position = models.CharField(_("Position"), max_length=10, choices=CandidatePosition.choices)
    target = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Township/street federation"))
    rule = models.CharField(_("Rule"), max_length=200)
    reasons = models.JSONField(_("Reasons"), default=list)
    as_of = models.DateField(_("As of"))

    class Meta:
        verbose_name = _("Candidate")
        verbose_name_plural = _("Candidates")
        ordering = ["position", "-as_of", "pk"]
        constraints = [models.UniqueConstraint(fields=["worker", "position"], name="workforce_candidate_once")]

    def __str__(self) -> str:
        return f"#{self.pk}"
