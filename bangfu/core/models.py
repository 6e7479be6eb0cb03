"""The base every record of personal data stands on, and the one append-only audit table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgOwnedModel(models.Model):
    """A record owned by an organisation unit; `accounts.scoped()` filters on `org`.

    `version` is bumped by every service write with an F() expression; an edit that carries a stale
    version is refused with 409 (see `core.concurrency.update_versioned`), never silently overwritten.
    """

    org = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("Unit"))
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Created by"),
    )
    version = models.PositiveIntegerField(_("Version"), default=1)

    # Which field identifies "the user's own" records for the 仅本人 data scope.
    SCOPE_OWNER_FIELD = "created_by"

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Append-only: who did what, when, where, with what outcome. Written in the same transaction.

    No foreign keys: an event must outlive what it speaks of, and never block a deletion.
    Payloads hold field names and masked values only — never personal data in clear.
    """

    occurred_at = models.DateTimeField(_("Time"), db_index=True)
    actor_id = models.BigIntegerField(_("Actor id"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("Actor"), max_length=150, blank=True)
    org_id = models.BigIntegerField(_("Unit id"), null=True, blank=True)
    org_path = models.CharField(_("Unit path"), max_length=255, blank=True, db_index=True)
    action = models.CharField(_("Action"), max_length=64, db_index=True)
    object_type = models.CharField(_("Object type"), max_length=100, blank=True)
    object_id = models.CharField(_("Object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("Object"), max_length=200, blank=True)
    changes = models.JSONField(_("Changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("User agent"), max_length=300, blank=True)
    outcome = models.CharField(_("Outcome"), max_length=20, default="success")
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("Audit event")
        verbose_name_plural = _("Audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"
