"""System parameters (参数设置) and announcements (通知公告) with read receipts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel


class SystemParameter(models.Model):
    """The value an administrator set for one parameter of `sysadmin.parameters.PARAMETERS`; a parameter
    without a row has its default (from settings). `version` guards concurrent edits (409)."""

    key = models.CharField(_("Parameter key"), max_length=64, unique=True)
    value = models.CharField(_("Parameter value"), max_length=64)
    version = models.PositiveIntegerField(_("Version"), default=1)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Updated by"))

    class Meta:
        verbose_name = _("System parameter")
        verbose_name_plural = _("System parameters")

    def __str__(self) -> str:
        return self.key


class Announcement(OrgOwnedModel):
    """A notice from a union (`org`) to every account of its unit and the units below it."""

    title = models.CharField(_("Announcement title"), max_length=100)
    body = models.TextField(_("Body"), max_length=5000)
    published_at = models.DateTimeField(_("Published at"), db_index=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("Announcement")
        verbose_name_plural = _("Announcements")

    def __str__(self) -> str:
        return self.title


class AnnouncementRead(models.Model):
    """A read receipt: `user` opened `announcement` (once; the first time is kept)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads",
                                     verbose_name=_("Announcement"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="announcement_reads",
                             verbose_name=_("User"))
    read_at = models.DateTimeField(_("Read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Read receipt")
        verbose_name_plural = _("Read receipts")
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_once")]

    def __str__(self) -> str:
        return f"{self.announcement_id}:{self.user_id}"


class DictEntry(models.Model):
    """An administrator's entry in a code list (字典管理): a new code of an open list, or the changed name,
    order or state of a code the code defines. The list in code stays the default; a row overrides it."""

    dictionary = models.CharField(_("Dictionary"), max_length=64, db_index=True)
    code = models.CharField(_("Entry code"), max_length=40)
    label = models.CharField(_("Entry name"), max_length=50)
    sort_order = models.PositiveIntegerField(_("Order"), default=0)
    enabled = models.BooleanField(_("Enabled"), default=True)
    version = models.PositiveIntegerField(_("Version"), default=1)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Updated by"))

    class Meta:
        verbose_name = _("Dictionary entry")
        verbose_name_plural = _("Dictionary entries")
        constraints = [models.UniqueConstraint(fields=["dictionary", "code"], name="dictentry_one_code")]

    def __str__(self) -> str:
        return f"{self.dictionary}:{self.code}"
