"""Matching runs and the one-to-one plan they propose. Staff confirm pairs into referrals (PIPL Art. 24)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MatchingRun(OrgOwnedModel):
    """One assignment over the seekers and openings of a unit's subtree (``org`` is the scope).

    Counts and timings are filled by the task that runs it; ``parameters`` holds what shaped it
    (top-k edges per seeker, the date openings were checked against, the method).
    """

    status = models.CharField(
        _("Status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    parameters = models.JSONField(_("Parameters"), default=dict, blank=True)
    seekers_count = models.PositiveIntegerField(_("Seekers"), default=0)
    openings_count = models.PositiveIntegerField(_("Openings"), default=0)
    places_count = models.PositiveIntegerField(_("Places"), default=0)
    candidate_pairs = models.PositiveIntegerField(_("Candidate pairs"), default=0)
    assigned_count = models.PositiveIntegerField(_("Assigned"), default=0)
    unassigned_count = models.PositiveIntegerField(_("Unassigned"), default=0)
    total_score = models.FloatField(_("Total score"), default=0.0)
    timings = models.JSONField(_("Timings (ms)"), default=dict, blank=True)
    started_at = models.DateTimeField(_("Started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Finished at"), null=True, blank=True)
    error = models.TextField(_("Error"), blank=True)
    # Set when a later run of the same unit finishes: this plan is history, its pairs can't be confirmed.
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Superseded by"),
    )

    class Meta:
        verbose_name = _("Matching run")
        verbose_name_plural = _("Matching runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class PairDecision(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class ProposedPair(models.Model):
    """A seeker–opening pair of a run's plan, with its score, score parts and Chinese reasons."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("Run"))
    seeker = models.ForeignKey(
        "jobs.SeekerProfile", on_delete=models.CASCADE, related_name="+", verbose_name=_("Seeker")
    )
    opening = models.ForeignKey(
        "jobs.Opening", on_delete=models.CASCADE, related_name="+", verbose_name=_("Job opening")
    )
    score = models.FloatField(_("Score"))
    parts = models.JSONField(_("Score parts"), default=dict)
    reasons = models.JSONField(_("Reasons"), default=list)
    decision = models.CharField(
        _("Decision"), max_length=10, choices=PairDecision.choices, default=PairDecision.PROPOSED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Decided by"),
    )
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    referral = models.OneToOneField(
        "jobs.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_pair",
        verbose_name=_("Referral"),
    )

    # Reached through the run: a pair belongs to the unit the run was made for.
    SCOPE_ORG_LOOKUP = "run__org"
    SCOPE_OWNER_FIELD = "run__created_by"

    class Meta:
        verbose_name = _("Proposed pair")
        verbose_name_plural = _("Proposed pairs")
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "seeker"], name="pair_one_opening_per_seeker")]
        permissions = [("confirm_proposedpair", "Can confirm or reject a proposed pair")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class UnassignedSeeker(models.Model):
    """A seeker the run left without a job, and why (in Chinese, from the engine)."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="unassigned", verbose_name=_("Run"))
    seeker = models.ForeignKey(
        "jobs.SeekerProfile", on_delete=models.CASCADE, related_name="+", verbose_name=_("Seeker")
    )
    reason = models.CharField(_("Reason"), max_length=300)

    SCOPE_ORG_LOOKUP = "run__org"
    SCOPE_OWNER_FIELD = "run__created_by"

    class Meta:
        verbose_name = _("Unassigned seeker")
        verbose_name_plural = _("Unassigned seekers")
        constraints = [models.UniqueConstraint(fields=["run", "seeker"], name="unassigned_once_per_run")]

    def __str__(self) -> str:
        return f"#{self.pk}"
