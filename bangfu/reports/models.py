"""Records of the reports app: import jobs of the register (the upload page's queue and their results).

Statistics and bulletins are computed from the register on request (through `scoped()`); they keep no
copy of personal data. An import job keeps the uploaded workbook until the import has run, and the
error report (masked ID numbers and phones) until the job is deleted.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel


def import_upload_to(instance: ImportJob, filename: str) -> str:
    """A random name: the original file name (often a person's or a street's) never reaches the disk path."""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


def error_report_upload_to(instance: ImportJob, filename: str) -> str:
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}-errors.xlsx"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")  # 排队中
    RUNNING = "running", _("Running")  # 导入中
    DONE = "done", _("Finished")  # 已完成
    FAILED = "failed", _("Failed")  # 失败


class ImportJob(OrgOwnedModel):
    """One upload of the household import template: options, state, counts and the error report.

    `org` is the unit imported into; `created_by` the officer who uploaded (仅本人 scope reads own jobs).
    """

    original_name = models.CharField(_("File name"), max_length=200)
    # Deleted once the job has run (it holds ID numbers in clear); the error report stays.
    upload = models.FileField(_("File"), upload_to=import_upload_to, max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("Size (bytes)"), default=0)
    dry_run = models.BooleanField(_("Dry run"), default=False)
    atomic = models.BooleanField(_("All or nothing"), default=False)
    status = models.CharField(_("Status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED,
                              db_index=True)
    counts = models.JSONField(_("Counts"), default=dict, blank=True)
    error_count = models.PositiveIntegerField(_("Errors"), default=0)
    error_report = models.FileField(_("Error report"), upload_to=error_report_upload_to, max_length=200, blank=True)
    message = models.CharField(_("Message"), max_length=500, blank=True)
    task_id = models.CharField(_("Task id"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("Started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Import job")
        verbose_name_plural = _("Import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class PlainExportStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting second approval")  # 待审批
    APPROVED = "approved", _("Approved, ready to download")  # 已批准，待下载
    REJECTED = "rejected", _("Rejected")  # 已退回
    DOWNLOADED = "downloaded", _("Downloaded")  # 已下载


class PlainExportRequest(OrgOwnedModel):
    """A request to export the register with ID numbers and phones in clear (issue 9 §4).

    `org` is the unit exported; `created_by` the requester, the only one who may download. A second person
    approves; the file is then fetched once, within BANGFU_PLAIN_EXPORT_HOURS, and built at that moment
    (nothing in clear is stored).
    """

    status_filter = models.CharField(_("Files"), max_length=16, blank=True)
    reason = models.CharField(_("Purpose"), max_length=300)
    status = models.CharField(_("Status"), max_length=12, choices=PlainExportStatus.choices,
                              default=PlainExportStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Decided by"))
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decision_note = models.CharField(_("Decision note"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("Download until"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("Downloaded at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("Rows exported"), default=0)
    households = models.PositiveIntegerField(_("Households exported"), default=0)

    class Meta:
        verbose_name = _("Plaintext export request")
        verbose_name_plural = _("Plaintext export requests")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("request_plainexport", _("Can request an export with ID numbers and phones in clear")),
            ("approve_plainexport", _("Can approve another person's export in clear")),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
