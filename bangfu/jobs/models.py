"""Employers, openings, seeker profiles, referrals and retention checks (人岗匹配 records).

Fields, constraints and single-row rules only; every write goes through `services`.
Times of work and free time use the matching engine's weekly mask (see `jobs.fields`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from bangfu.core.models import OrgOwnedModel
from bangfu.core.sensitive import EncryptedTextField
from bangfu.jobs.fields import WeeklySlotsField
from bangfu.matching.engine import ALL_WEEK
from bangfu.matching.occupations import DEFAULT_EDITION, normalise_code, occupation_name


def validate_uscc(value: str) -> None:
    """统一社会信用代码: 18 characters with the GB 32100-2015 check character."""
    try:
        uscc.validate(value)
    except StdnumError:
        raise ValidationError(
            "“%(value)s”无效：应为 18 位数字或大写字母，且校验位正确", params={"value": value},
            code="invalid_uscc",
        ) from None


def validate_occupation_code(value: str) -> None:
    """A code of 职业分类大典 2022 (any level), e.g. 4-01-02-01."""
    try:
        code = normalise_code(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid_occupation") from None
    if occupation_name(code, DEFAULT_EDITION) is None:
        raise ValidationError(f"职业编码“{value}”不在职业分类大典（2022 年版）中", code="unknown_occupation")


class Accommodation(models.TextChoices):
    """Workplace accommodations; the codes are the matching engine's (`explain.ACCOMMODATION_LABELS`)."""

    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")
    FLEXIBLE_HOURS = "flexible_hours", _("Flexible hours")
    PART_TIME = "part_time", _("Part-time possible")
    REMOTE = "remote", _("Work from home")
    SIGN_LANGUAGE = "sign_language", _("Sign language")
    SCREEN_READER = "screen_reader", _("Screen reader support")
    SEATED_WORK = "seated_work", _("Seated work")
    LIGHT_DUTY = "light_duty", _("Light duty")
    QUIET = "quiet", _("Quiet workplace")
    CHILDCARE = "childcare", _("Compatible with caring duties")


class Employer(OrgOwnedModel):
    """用人单位, identified by its unified social credit code (unique across the system)."""

    name = models.CharField(_("Employer name"), max_length=100)
    uscc = models.CharField(_("Unified social credit code"), max_length=18, unique=True, validators=[validate_uscc])
    contact_name = models.CharField(_("Contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("Contact phone"), max_length=20, blank=True)
    district_code = models.CharField(_("District code"), max_length=12, blank=True, db_index=True)
    address = models.CharField(_("Address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Employer")
        verbose_name_plural = _("Employers")
        indexes = [models.Index(fields=["org", "name"])]

    def __str__(self) -> str:
        return self.name


class Opening(OrgOwnedModel):
    """招聘岗位. ``positions_filled`` only moves through a conditional UPDATE on 录用."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="openings",
                                 verbose_name=_("Employer"))
    title = models.CharField(_("Job title"), max_length=100)
    occupation_code = models.CharField(_("Occupation code"), max_length=20, blank=True,
                                       validators=[validate_occupation_code])
    occupation_edition = models.CharField(_("Occupation code edition"), max_length=8, default=DEFAULT_EDITION)
    tags = models.JSONField(_("Tags"), default=list, blank=True)
    description = models.TextField(_("Description"), blank=True)
    district_code = models.CharField(_("District code"), max_length=12, db_index=True)
    street_code = models.CharField(_("Street code"), max_length=12, blank=True)
    wage_min_fen = models.BigIntegerField(_("Minimum monthly wage (fen)"), default=0)
    wage_max_fen = models.BigIntegerField(_("Maximum monthly wage (fen)"), default=0)
    shift_slots = WeeklySlotsField(
        _("Shifts"), default=0, blank=True,
        help_text=_("For example 周一至周五 09–18 时、周六 09–12 时; blank means no fixed hours."),
    )
    positions = models.PositiveIntegerField(_("Number of openings"), default=1)
    positions_filled = models.PositiveIntegerField(_("Openings filled"), default=0)
    requirements = models.TextField(_("Requirements"), blank=True)
    accommodations = models.JSONField(_("Accommodations"), default=list, blank=True)
    valid_until = models.DateField(_("Valid until"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("Job opening")
        verbose_name_plural = _("Job openings")
        indexes = [models.Index(fields=["org", "district_code"])]
        constraints = [
            models.CheckConstraint(condition=Q(positions_filled__lte=F("positions")),
                                   name="opening_filled_le_positions"),
            models.CheckConstraint(condition=Q(wage_min_fen__gte=0) & Q(wage_max_fen__gte=F("wage_min_fen")),
                                   name="opening_wage_range"),
            models.CheckConstraint(condition=Q(positions__gte=1), name="opening_positions_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def positions_left(self) -> int:
        return max(0, self.positions - self.positions_filled)


class SeekerStatus(models.TextChoices):
    SEEKING = "seeking", _("Seeking work")
    EMPLOYED = "employed", _("Employed")
    PAUSED = "paused", _("Not seeking for now")


class SeekerProfile(OrgOwnedModel):
    """A person's job search. Caring duties and disability may relax constraints or raise priority;
    the engine never reads them to lower a score."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="seeker_profile",
                                  verbose_name=_("Person"))
    status = models.CharField(_("Status"), max_length=10, choices=SeekerStatus.choices, default=SeekerStatus.SEEKING,
                              db_index=True)
    tags = models.JSONField(_("Skills and tags"), default=list, blank=True)
    certificates = models.JSONField(_("Certificates"), default=list, blank=True)
    intended_occupations = models.JSONField(_("Intended occupations"), default=list, blank=True)
    occupation_edition = models.CharField(_("Occupation code edition"), max_length=8, default=DEFAULT_EDITION)
    intention = models.CharField(_("Job intention"), max_length=200, blank=True)
    experience = models.TextField(_("Experience and skills"), blank=True)
    home_district = models.CharField(_("Home district code"), max_length=12, blank=True, db_index=True)
    acceptable_districts = models.JSONField(_("Acceptable districts"), default=list, blank=True)
    commute_limit_km = models.FloatField(_("Commute limit (km)"), null=True, blank=True)
    free_slots = WeeklySlotsField(_("Free time"), default=ALL_WEEK, blank=True,
                                  help_text=_("For example 周一至周五 09–15 时; blank means any time."))
    wage_floor_fen = models.BigIntegerField(_("Lowest acceptable monthly wage (fen)"), default=0)
    needs = models.JSONField(_("Accommodations needed"), default=list, blank=True)
    caring_duties = models.BooleanField(_("Caring duties"), default=False)
    has_disability = models.BooleanField(_("Disability"), default=False)
    constraints_note = EncryptedTextField(_("Constraints (notes)"), blank=True)
    employment_difficulty = models.BooleanField(_("Person with employment difficulty"), default=False)
    refusal_count = models.PositiveSmallIntegerField(_("Refusals"), default=0)
    needs_follow_up = models.BooleanField(_("Flagged for follow-up"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Seeker profile")
        verbose_name_plural = _("Seeker profiles")
        indexes = [models.Index(fields=["org", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(wage_floor_fen__gte=0), name="seeker_wage_floor_non_negative"),
            models.CheckConstraint(condition=Q(commute_limit_km__isnull=True) | Q(commute_limit_km__gte=0),
                                   name="seeker_commute_non_negative"),
        ]

    def __str__(self) -> str:
        # No name here: str() lands in audit events, which hold no personal data in clear.
        return f"#{self.pk}"


# How many refusals flag a profile for a social worker's follow-up (public employment services' rule).
REFUSALS_BEFORE_FOLLOW_UP = 3


class ReferralStatus(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")  # 推荐
    INTERVIEW = "interview", _("Interview")  # 面试
    HIRED = "hired", _("Hired")  # 录用
    NOT_HIRED = "not_hired", _("Not hired")  # 未录用
    REFUSED = "refused", _("Refused by the seeker")  # 拒绝


class ReferralSource(models.TextChoices):
    MANUAL = "manual", _("Referred by staff")
    MATCHING = "matching", _("Confirmed from a matching run")


# The single allowed step from each state (the state machine lives here, the checks in services).
REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.RECOMMENDED: (ReferralStatus.INTERVIEW, ReferralStatus.NOT_HIRED, ReferralStatus.REFUSED),
    ReferralStatus.INTERVIEW: (ReferralStatus.HIRED, ReferralStatus.NOT_HIRED, ReferralStatus.REFUSED),
    ReferralStatus.HIRED: (),
    ReferralStatus.NOT_HIRED: (),
    ReferralStatus.REFUSED: (),
}


class Referral(OrgOwnedModel):
    """推荐 → 面试 → 录用 / 未录用 / 拒绝. Owned by the seeker's unit; uses one opening place on 录用."""

    seeker = models.ForeignKey(SeekerProfile, on_delete=models.PROTECT, related_name="referrals",
                               verbose_name=_("Seeker"))
    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="referrals",
                                verbose_name=_("Job opening"))
    status = models.CharField(_("Status"), max_length=12, choices=ReferralStatus.choices,
                              default=ReferralStatus.RECOMMENDED, db_index=True)
    source = models.CharField(_("Source"), max_length=10, choices=ReferralSource.choices,
                              default=ReferralSource.MANUAL)
    recommended_on = models.DateField(_("Recommended on"))
    interview_on = models.DateField(_("Interview on"), null=True, blank=True)
    decided_on = models.DateField(_("Decided on"), null=True, blank=True)
    reason = models.TextField(_("Reason"), blank=True)
    match_score = models.FloatField(_("Match score"), null=True, blank=True)
    match_reasons = models.JSONField(_("Match reasons"), default=list, blank=True)
    hardship_review = models.BooleanField(_("Hardship file to review"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Referral")
        verbose_name_plural = _("Referrals")
        indexes = [models.Index(fields=["org", "status"])]
        constraints = [models.UniqueConstraint(fields=["seeker", "opening"], name="referral_once_per_pair")]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def next_statuses(self) -> tuple[str, ...]:
        return REFERRAL_TRANSITIONS[self.status]


class RetentionOutcome(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    EMPLOYED = "employed", _("Still employed")  # 在岗
    LEFT = "left", _("Left the job")  # 离职


RETENTION_MONTHS = (3, 6)


class RetentionCheck(OrgOwnedModel):
    """The follow-up 3 and 6 months after 录用 (稳岗回访)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="retention_checks",
                                 verbose_name=_("Referral"))
    months = models.PositiveSmallIntegerField(_("Months after hire"))
    due_on = models.DateField(_("Due on"), db_index=True)
    checked_on = models.DateField(_("Checked on"), null=True, blank=True)
    outcome = models.CharField(_("Outcome"), max_length=10, choices=RetentionOutcome.choices,
                               default=RetentionOutcome.PENDING, db_index=True)
    notes = models.TextField(_("Notes"), blank=True)

    class Meta:
        verbose_name = _("Retention check")
        verbose_name_plural = _("Retention checks")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "months"], name="retention_once_per_milestone"),
            models.CheckConstraint(condition=Q(months__in=RETENTION_MONTHS), name="retention_months_3_or_6"),
        ]

    def __str__(self) -> str:
        return f"#{self.referral_id}·{self.months}"


class DataVersion(models.Model):
    """A counter per kind of data ("openings"), bumped in the same transaction as every change.

    Every process compares it with the version of its in-memory matching matrices, so a change made
    by any server invalidates every server's cache without a message bus.
    """

    name = models.CharField(max_length=32, unique=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Data version")
        verbose_name_plural = _("Data versions")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
