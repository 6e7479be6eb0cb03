"""Person, Household, HouseholdMember and HardshipFile: the records every other app reads.

Other apps code against these names: fields and choices are only ever added, never renamed or removed — save
`Person.honours` and its `Honour` choices, which moved to the honours register (`bangfu.honours`, issue 18).
Derived fields (pinyin, match keys, flags, income per head, tier) are filled by `people.services`
(or, in bulk, by the helpers in `people.facts` and `people.duplicates`); nothing is computed in save().
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core.models import OrgOwnedModel
from bangfu.core.sensitive import EncryptedTextField


class HukouType(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Person(OrgOwnedModel):
    """One person, one record across the whole system: the ID number's blind index is unique."""

    BLIND_INDEXES = {"id_index": "id_number"}  # rebuilt by `manage.py reencrypt` when the index key rotates

    name = models.CharField(pgettext_lazy("person", "Name"), max_length=50)
    name_pinyin = models.CharField(_("Name (pinyin)"), max_length=200, blank=True, db_index=True)
    name_initials = models.CharField(_("Name initials"), max_length=50, blank=True, db_index=True)
    id_number = EncryptedTextField(_("ID number"))
    id_index = models.CharField(max_length=64, unique=True, editable=False)
    sex = models.CharField(_("Sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("Birth date"))
    phone = EncryptedTextField(_("Phone"), blank=True)
    hukou_type = models.CharField(_("Hukou"), max_length=10, choices=HukouType.choices, blank=True)
    employer_name = models.CharField(_("Employer"), max_length=100, blank=True)
    occupation_code = models.CharField(_("Occupation code"), max_length=20, blank=True)
    occupation_edition = models.CharField(_("Occupation code edition"), max_length=8, blank=True, default="2022")
    is_union_member = models.BooleanField(_("Union member"), default=True)
    work_injury_disabled = models.BooleanField(_("Disabled by work injury"), default=False)
    occupational_disease = models.BooleanField(_("Occupational disease"), default=False)
    died_on_duty = models.BooleanField(_("Died on duty"), default=False)
    disability_type = models.CharField(_("Disability type"), max_length=20, blank=True)
    disability_grade = models.PositiveSmallIntegerField(_("Disability grade"), null=True, blank=True)
    health_note = EncryptedTextField(_("Health"), blank=True)
    industry = models.CharField(_("Industry"), max_length=50, blank=True)
    job_tags = models.JSONField(_("Work tags"), default=list, blank=True)

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("People")
        indexes = [
            models.Index(fields=["org", "name"]),
            models.Index(fields=["name_pinyin", "birth_date"], name="person_pinyin_birth"),
        ]

    def __str__(self) -> str:
        return self.name


class Household(OrgOwnedModel):
    """A family (户): its members and where it lives (area decides who visits and trains it)."""

    head = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="headed_households",
                             verbose_name=_("Head of household"))
    address = models.CharField(_("Address"), max_length=200, blank=True)
    region_code = models.CharField(_("Region code"), max_length=12, blank=True, db_index=True)
    # Match keys for the fuzzy duplicate check (see people.duplicates.address_match_keys): the city's
    # division code bounds the comparison, the normalised address is compared, its road and house number
    # (`五山路100号`) block it. `duplicate_scan_key` is a digest of the keys the household was last compared
    # with; blank means due for comparing (new, or re-keyed: every write that changes the keys blanks it).
    city_code = models.CharField(_("City code"), max_length=6, blank=True, default="")
    address_key = models.CharField(_("Normalised address"), max_length=200, blank=True, default="")
    address_block = models.CharField(_("Address block"), max_length=64, blank=True, default="")
    duplicate_scan_key = models.CharField(_("Keys last compared"), max_length=16, blank=True, default="",
                                          editable=False)

    class Meta:
        verbose_name = _("Household")
        verbose_name_plural = _("Households")
        indexes = [models.Index(fields=["city_code", "address_block"], name="household_address_block"),
                   # the households due in a city, found without reading the others
                   models.Index(fields=["city_code"], condition=models.Q(duplicate_scan_key=""),
                                name="household_scan_due")]

    def __str__(self) -> str:
        return f"{self.head.name}户"


class Relation(models.TextChoices):
    SELF = "self", _("Self")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", pgettext_lazy("relation", "Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other")


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    UNEMPLOYED = "unemployed", _("Unemployed")  # 下岗失业
    STUDENT = "student", _("Student")
    RETIRED = "retired", _("Retired")
    UNABLE = "unable", _("Unable to work")  # 无劳动能力
    CHILD = "child", _("Pre-school child")


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("Relation to head"), max_length=12, choices=Relation.choices)
    employment_status = models.CharField(_("Employment"), max_length=12, choices=EmploymentStatus.choices,
                                         default=EmploymentStatus.EMPLOYED)
    has_major_illness = models.BooleanField(_("Major illness"), default=False)
    disability_or_mental_illness = models.BooleanField(_("Disability or mental illness"), default=False)
    monthly_income_fen = models.BigIntegerField(_("Monthly income (fen)"), default=0)

    class Meta:
        verbose_name = _("Household member")
        verbose_name_plural = _("Household members")
        constraints = [models.UniqueConstraint(fields=["household", "person"], name="member_once_per_household")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_relation_display()}）"


class Cause(models.TextChoices):
    """The national ten causes of hardship (全总困难职工致困原因)."""

    NO_WORK_CAPACITY = "no_work_capacity", _("No capacity to work")  # 无劳动能力
    ABLE_NOT_EMPLOYED = "able_not_employed", _("Able to work but not employed")  # 有劳动能力而未就业
    LAID_OFF = "laid_off", _("Laid off or unemployed")  # 下岗失业
    NO_SOCIAL_INSURANCE = "no_social_insurance", _("Not in social insurance")  # 未参加社会保险
    INSURANCE_NOT_PAID = "insurance_not_paid", _("Social insurance benefits not delivered")  # 社会保险待遇落实不到位
    MAJOR_ILLNESS = "major_illness", _("Major or critical illness")  # 患重特大疾病
    NATURAL_DISASTER = "natural_disaster", _("Natural disaster")  # 遭受自然灾害
    ACCIDENT = "accident", _("Accident")  # 遭受意外事故
    CHILD_SCHOOLING = "child_schooling", _("Children's schooling")  # 子女上学
    OTHER = "other", _("Other")  # 其他


class FileLevel(models.TextChoices):
    NATIONAL = "national", _("National")  # 全国级
    PROVINCIAL = "provincial", _("Provincial")  # 省级
    CITY = "city", _("City")  # 市级
    COUNTY = "county", _("County")  # 区县级
    GRASSROOTS = "grassroots", _("Grassroots")  # 基层


class Tier(models.TextChoices):
    DEEP = "deep", _("Deep hardship")  # 深度困难
    RELATIVE = "relative", _("Relative hardship")  # 相对困难
    ACCIDENTAL = "accidental", _("Hardship by accident")  # 意外致困


class FileStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")  # 申请
    STREET_REVIEWED = "street_reviewed", _("Reviewed by street")  # 初审
    INVESTIGATED = "investigated", _("Home investigation done")  # 入户调查
    PUBLICISED = "publicised", _("Publicly notified")  # 公示
    TEMPORARY = "temporary", _("Temporary file")  # 临时档案
    FORMAL = "formal", _("Formal file")  # 正式建档
    RELIEVED = "relieved", _("Out of hardship")  # 脱困
    CANCELLED = "cancelled", _("Cancelled")  # 注销
    RETURNED = "returned", _("Back in hardship")  # 返困
    REJECTED = "rejected", _("Not admitted")  # 不予建档
    MERGED = "merged", _("Merged into another file")  # 已合并（重复档案）


# Files in these states count as "in file" (在档) for statistics and target groups.
IN_FILE_STATUSES = (FileStatus.FORMAL, FileStatus.TEMPORARY, FileStatus.RETURNED)
# Files the main register list shows: in file, or on their way through the approval steps.
OPEN_STATUSES = (
    FileStatus.APPLIED, FileStatus.STREET_REVIEWED, FileStatus.INVESTIGATED, FileStatus.PUBLICISED,
    *IN_FILE_STATUSES,
)


class HardshipFile(OrgOwnedModel):
    """One file per household (困难职工档案), with causes, tier (and why) and status."""

    household = models.OneToOneField(Household, on_delete=models.PROTECT, related_name="hardship_file")
    level = models.CharField(_("File level"), max_length=12, choices=FileLevel.choices, default=FileLevel.GRASSROOTS)
    primary_cause = models.CharField(_("Primary cause"), max_length=24, choices=Cause.choices)
    secondary_causes = models.JSONField(_("Secondary causes"), default=list, blank=True)
    disability_or_mental_illness = models.BooleanField(_("Disability or mental illness in family"), default=False)
    zero_labour = models.BooleanField(_("Zero-labour household"), default=False)
    household_size = models.PositiveSmallIntegerField(_("Household size"), default=1)
    income_per_capita_fen = models.BigIntegerField(_("Monthly income per capita (fen)"), default=0)
    tier = models.CharField(_("Tier"), max_length=12, choices=Tier.choices, blank=True)
    tier_reasons = models.JSONField(_("Tier reasons"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=16, choices=FileStatus.choices, default=FileStatus.APPLIED,
                              db_index=True)
    filed_on = models.DateField(_("Filed on"), null=True, blank=True)
    recheck_due = models.DateField(_("Re-check due"), null=True, blank=True, db_index=True)
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("Assistance contact"))
    # The local minimum (低保 line) per head the tier was assessed against, in fen, and when.
    local_minimum_fen = models.BigIntegerField(_("Local minimum (fen)"), default=0)
    assessed_on = models.DateField(_("Assessed on"), null=True, blank=True)
    incident_on = models.DateField(_("Accident or disaster on"), null=True, blank=True)
    approved_on = models.DateField(_("Approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Approved by"))
    last_rechecked_on = models.DateField(_("Last re-checked on"), null=True, blank=True)
    relieved_on = models.DateField(_("Out of hardship on"), null=True, blank=True)
    relief_reason = EncryptedTextField(_("Reason out of hardship"), max_length=200, blank=True, default="")
    cancelled_on = models.DateField(_("Cancelled on"), null=True, blank=True)
    cancel_reason = EncryptedTextField(_("Reason for cancelling"), max_length=200, blank=True, default="")
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("Merged into"))

    class Meta:
        verbose_name = _("Hardship file")
        verbose_name_plural = _("Hardship files")
        indexes = [
            # scope (unit) and store (status), with the household and the file's own key: a name search reads the
            # households of the user's files from this index alone, and a page of the list the keys of the scope's
            # files, never the file rows. Without the key PostgreSQL walked the primary key backwards testing each
            # file's unit: a district's page 50 read 200,000 rows (331 → 2 ms at 10⁶ files; SQLite's indexes carry
            # the key anyway: bench/province.py)
            models.Index(fields=["org", "status", "household", "id"], name="file_scope"),
            models.Index(fields=["status", "tier"], name="file_status_tier"),
            models.Index(fields=["status", "primary_cause"], name="file_status_cause"),
            models.Index(fields=["status", "updated_at"], name="file_status_updated"),
            # Everything the hardship statistics count, per unit and status: their grouped queries read this index
            # alone, never the rows (reports.stats; bench/province.py at 10⁶ files).
            models.Index(fields=["org", "status", "tier", "primary_cause", "zero_labour",
                                 "disability_or_mental_illness", "secondary_causes"], name="file_statistics"),
        ]
        permissions = [
            ("review_hardshipfile", _("Can review a hardship file (street)")),  # 初审
            ("investigate_hardshipfile", _("Can record the home investigation")),  # 入户调查
            ("publicise_hardshipfile", _("Can publicise a hardship file")),  # 公示
            ("approve_hardshipfile", _("Can approve a hardship file")),  # 审批（区县）
            ("relieve_hardshipfile", _("Can record a family out of hardship")),  # 脱困
            ("cancel_hardshipfile", _("Can cancel a hardship file")),  # 注销
            ("reopen_hardshipfile", _("Can reopen a file back in hardship")),  # 返困
        ]

    def __str__(self) -> str:
        return f"{self.household}档案"

    @property
    def causes(self) -> list[str]:
        """Primary first, then secondaries: a household counts under each of its causes."""
        return [self.primary_cause, *[c for c in self.secondary_causes if c != self.primary_cause]]
