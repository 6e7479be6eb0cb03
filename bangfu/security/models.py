"""Signed-in sessions, kept so that an auditor sees who is online and can end a session (强退)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EndReason(models.TextChoices):
    LOGOUT = "logout", _("Signed out")
    IDLE = "idle", _("Idle timeout")
    ABSOLUTE = "absolute", _("Session too long")
    FORCED = "forced", _("Forced sign-out")
    PASSWORD = "password", _("Password changed")


class UserSession(models.Model):
    """One server session of a signed-in user, from sign-in to its end.

    `session_key` is the key of Django's session (the cookie's value) so that a forced sign-out can
    delete the server session at once; it is never shown on a page.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("User"))
    session_key = models.CharField(_("Session key"), max_length=64, unique=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("User agent"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("Signed in at"), db_index=True)
    last_seen_at = models.DateTimeField(_("Last seen at"))
    ended_at = models.DateTimeField(_("Ended at"), null=True, blank=True, db_index=True)
    end_reason = models.CharField(_("End reason"), max_length=12, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("User session")
        verbose_name_plural = _("User sessions")
        default_permissions = ("view",)
        permissions = [
            ("terminate_usersession", _("Can force a user's session to end")),
            ("unlock_account", _("Can unlock an account locked after failed sign-ins")),
            ("view_taskmonitor", _("Can see background tasks and the server")),
            ("retry_task", _("Can run a failed background task again")),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M}"
