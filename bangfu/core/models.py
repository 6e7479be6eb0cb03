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
    `seq` numbers the events without gaps and `hash` = HMAC-SHA256(audit key `key_id`, prev_hash ‖ event),
    so a changed, forged, deleted or reordered row breaks the chain (`manage.py audit_verify`). Database
    triggers refuse UPDATE and DELETE on this table (migration 0003, re-created after every migrate).
    """

    seq = models.BigIntegerField(_("Sequence"), unique=True)
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
    outcome = models.CharField(_("Outcome"), max_length=20, default="success", db_index=True)
    prev_hash = models.CharField(_("Previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("Hash"), max_length=64, blank=True)
    key_id = models.CharField(_("Audit key id"), max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("Audit event")
        verbose_name_plural = _("Audit events")
        # Nobody adds, changes or deletes events through the application: only view.
        default_permissions = ("view",)
        permissions = [("reveal_sensitive", _("Can show sensitive values in clear"))]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["action", "seq"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"


class FieldKeyCheck(models.Model):
    """Proof, per field-encryption key, that the configured keys are the ones this database was written
    with: a known text encrypted under the key, and its blind index. See `sensitive.check_keys_against_database`.
    """

    key_id = models.CharField(_("Key id"), max_length=16, unique=True)
    token = models.TextField(_("Check token"))
    index_check = models.CharField(_("Index check"), max_length=64)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Field key check")
        verbose_name_plural = _("Field key checks")

    def __str__(self) -> str:
        return self.key_id
