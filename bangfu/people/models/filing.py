"""The records the filing steps need (issue 9 §3): the home investigation (入户调查) with its visit, the
public notice period (公示) and the objections raised during it, each answered before approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangfu.core.sensitive import EncryptedTextField
from bangfu.people.models.records import HardshipFile


class HomeInvestigation(models.Model):
    """The home visit behind 入户调查: when, who went, what they found; evidence or why there is none."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="investigations",
                             verbose_name=_("Hardship file"))
    visited_on = models.DateField(_("Visited on"))
    visitors = models.CharField(_("Who visited"), max_length=200)
    notes = EncryptedTextField(_("Findings"), max_length=2000)
    no_evidence_reason = EncryptedTextField(_("Why no evidence"), max_length=300, blank=True)
    evidence_count = models.PositiveSmallIntegerField(_("Evidence on file"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Recorded by"))
    recorded_at = models.DateTimeField(_("Recorded at"), default=timezone.now)

    SCOPE_ORG_LOOKUP = "file__org"
    SCOPE_OWNER_FIELD = "recorded_by"

    class Meta:
        verbose_name = _("Home investigation")
        verbose_name_plural = _("Home investigations")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.file_id} {self.visited_on}"


class Publicity(models.Model):
    """One public notice period of a file: approval is possible from `ends_on` on."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="publicities",
                             verbose_name=_("Hardship file"))
    starts_on = models.DateField(_("Notice from"))
    ends_on = models.DateField(_("Notice until"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("Started by"))

    SCOPE_ORG_LOOKUP = "file__org"
    SCOPE_OWNER_FIELD = "started_by"

    class Meta:
        verbose_name = _("Public notice period")
        verbose_name_plural = _("Public notice periods")
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="publicity_period_ordered")]

    def __str__(self) -> str:
        return f"{self.file_id} {self.starts_on}–{self.ends_on}"


class PublicityObjection(models.Model):
    """An objection raised during the notice period (异议); the file cannot be approved until it is answered."""

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="objections",
                             verbose_name=_("Hardship file"))
    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="objections",
                                  verbose_name=_("Public notice period"))
    raised_on = models.DateField(_("Raised on"))
    raised_by = EncryptedTextField(_("Raised by"), max_length=100, blank=True)  # may stay anonymous
    content = EncryptedTextField(_("Objection"), max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Recorded by"))
    answer = EncryptedTextField(_("Answer"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("Answered by"))
    answered_at = models.DateTimeField(_("Answered at"), null=True, blank=True)

    SCOPE_ORG_LOOKUP = "file__org"
    SCOPE_OWNER_FIELD = "recorded_by"

    class Meta:
        verbose_name = _("Objection")
        verbose_name_plural = _("Objections")
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.file_id} {self.raised_on}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
