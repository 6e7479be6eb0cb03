"""What happens to a file: its timeline (FileEvent), its evidence, and the duplicate review queue."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangfu.core.sensitive import EncryptedTextField
from bangfu.people.models.records import HardshipFile


class FileEvent(models.Model):
    """One row per change of a file (every transition, edit, merge): the household page's timeline.

    `changes` holds field names and masked or coded values only, never personal data in clear.
    """

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="events",
                             verbose_name=_("Hardship file"))
    action = models.CharField(_("Action"), max_length=24)
    from_status = models.CharField(_("From status"), max_length=16, blank=True)
    to_status = models.CharField(_("To status"), max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("By"))
    actor_name = models.CharField(_("By (name)"), max_length=150, blank=True)
    occurred_at = models.DateTimeField(_("Time"), default=timezone.now)
    effective_on = models.DateField(_("Effective on"), null=True, blank=True)
    reason = EncryptedTextField(_("Reason"), max_length=200, blank=True)
    note = EncryptedTextField(_("Note"), max_length=500, blank=True)
    changes = models.JSONField(_("Changes"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("Version after"), default=1)

    SCOPE_ORG_LOOKUP = "file__org"
    SCOPE_OWNER_FIELD = "actor"

    class Meta:
        verbose_name = _("File event")
        verbose_name_plural = _("File events")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["file", "occurred_at"], name="fileevent_file_time")]

    def __str__(self) -> str:
        return f"{self.file_id} {self.action} {self.occurred_at:%Y-%m-%d}"


class EvidenceKind(models.TextChoices):
    INCOME = "income", _("Income statement")  # 收入证明
    ILLNESS = "illness", _("Diagnosis of illness")  # 疾病诊断证明
    DISABILITY = "disability", _("Disability certificate")  # 残疾证
    UNEMPLOYMENT = "unemployment", _("Proof of unemployment")  # 失业证明
    SCHOOLING = "schooling", _("School enrolment or fees")  # 学籍或学费证明
    HUKOU = "hukou", _("Household register")  # 户口簿
    INCIDENT = "incident", _("Accident or disaster report")  # 事故或灾害证明
    OTHER = "other", _("Other")  # 其他


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """A random name under evidence/<year>/: the original name (personal data) never reaches the disk path."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"evidence/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A supporting document of a file (scan or photo). Served only through the scoped download view."""

    hardship_file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="evidence",
                                      verbose_name=_("Hardship file"))
    kind = models.CharField(_("Kind"), max_length=16, choices=EvidenceKind.choices)
    upload = models.FileField(_("File"), upload_to=evidence_upload_to, max_length=200)
    original_name = EncryptedTextField(_("Original file name"), max_length=200, blank=True)
    content_type = models.CharField(_("Content type"), max_length=60, blank=True)
    size_bytes = models.PositiveIntegerField(_("Size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Uploaded by"))
    uploaded_at = models.DateTimeField(_("Uploaded at"), default=timezone.now)

    SCOPE_ORG_LOOKUP = "hardship_file__org"
    SCOPE_OWNER_FIELD = "uploaded_by"

    class Meta:
        verbose_name = _("Evidence")
        verbose_name_plural = _("Evidence")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")  # 待核实
    MERGED = "merged", _("Merged")  # 已合并
    DISTINCT = "distinct", _("Not a duplicate")  # 非重复
    SUPERSEDED = "superseded", _("Closed by another merge")  # 因另一合并而关闭


class DuplicateCandidate(models.Model):
    """Two files that may be one family (same name pinyin and birth date, or near-identical address).

    A city officer resolves it: merge (one file kept, the other marked merged) or not a duplicate.
    The pair is stored once, lower file id first.
    """

    file_a = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="+", verbose_name=_("File A"))
    file_b = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="+", verbose_name=_("File B"))
    name_birth_match = models.BooleanField(_("Same name pinyin and birth date"), default=False)
    address_similarity = models.FloatField(_("Address similarity"), default=0.0)
    # The pair's evidence (people.duplicates.Match): members, phone and address weighed; queued from 6 on.
    score = models.FloatField(_("Score"), default=0.0)
    reasons = models.JSONField(_("Reasons"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=12, choices=DuplicateStatus.choices,
                              default=DuplicateStatus.OPEN, db_index=True)
    detected_at = models.DateTimeField(_("Detected at"), default=timezone.now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Resolved by"))
    resolved_at = models.DateTimeField(_("Resolved at"), null=True, blank=True)
    kept = models.ForeignKey(HardshipFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("File kept"))
    note = models.CharField(_("Note"), max_length=300, blank=True)

    SCOPE_ORG_LOOKUP = "file_a__org"
    SCOPE_OWNER_FIELD = None  # no 仅本人 reading: the queue belongs to the city

    class Meta:
        verbose_name = _("Possible duplicate")
        verbose_name_plural = _("Possible duplicates")
        ordering = ["-detected_at", "-id"]
        permissions = [("resolve_duplicatecandidate", _("Can resolve possible duplicates"))]
        constraints = [
            models.UniqueConstraint(fields=["file_a", "file_b"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=models.Q(file_a__lt=models.F("file_b")), name="duplicate_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.file_a_id}~{self.file_b_id}"


class DuplicateKey(models.Model):
    """One blocking key of a household as it was last compared (`people.duplicates.blocking`): a 64-bit digest
    of a signal the score uses, with the city — the same person, a name one character apart on the same birth
    date, the same pinyin at the same road and number, the same flat. Looking a household's keys up here finds
    every file worth scoring with it, without reading the city. Derived data, rewritten when the household is
    compared with changed keys; no personal value is stored in clear."""

    household = models.ForeignKey("people.Household", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("Household"))
    key = models.BigIntegerField(_("Key"))

    class Meta:
        verbose_name = _("Duplicate check key")
        verbose_name_plural = _("Duplicate check keys")
        # (key, household): the lookup reads the index alone.
        indexes = [models.Index(fields=["key", "household"], name="duplicate_key_lookup")]

    def __str__(self) -> str:
        return f"{self.household_id}:{self.key}"
