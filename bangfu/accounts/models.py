"""Organisation tree, users, roles with data scopes, personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

ROOT_PATH = "/"  # the path of the national federation, the root of the tree
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 366


class OrgLevel(models.TextChoices):
    NATIONAL = "national", _("National federation")  # 全国总工会
    PROVINCE = "province", _("Provincial federation")  # 省总工会
    CITY = "city", _("City federation")  # 市总工会
    COUNTY = "county", _("District/county federation")  # 区县总工会
    STREET = "street", _("Street/township federation")  # 街道乡镇总工会
    GRASSROOTS = "grassroots", _("Grassroots union")  # 基层工会
    INDUSTRY = "industry", _("Industry union")  # 产业工会


class OrgUnit(models.Model):
    """One union in the tree. `path` is the materialised path of codes, with a trailing slash.

    The trailing slash is what makes `path__startswith` safe: `/44/4401/` is not a prefix of
    `/44/44011/`, whereas `/44/4401` would be.
    """

    code = models.CharField(_("Code"), max_length=32, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    level = models.CharField(_("Level"), max_length=16, choices=OrgLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("Parent")
    )
    path = models.CharField(_("Path"), max_length=255, unique=True, db_index=True)
    depth = models.PositiveSmallIntegerField(_("Depth"), default=0)
    region_code = models.CharField(_("Region code"), max_length=12, blank=True, db_index=True)
    is_development_zone = models.BooleanField(_("Development zone"), default=False)
    sort_order = models.PositiveIntegerField(_("Order"), default=0)

    class Meta:
        ordering = ["path"]
        verbose_name = _("Organisation unit")
        verbose_name_plural = _("Organisation units")
        constraints = [models.CheckConstraint(condition=models.Q(path__endswith="/"), name="orgunit_path_slash")]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)


class DataScope(models.TextChoices):
    ALL = "all", _("All")  # 全部
    SUBTREE = "subtree", _("Own unit and below")  # 本级及以下
    UNIT = "unit", _("Own unit")  # 本级
    SELF = "self", _("Own records only")  # 仅本人


# Breadth order: the union of several scopes is the broadest of them.
SCOPE_BREADTH = {DataScope.SELF: 0, DataScope.UNIT: 1, DataScope.SUBTREE: 2, DataScope.ALL: 3}


class RoleProfile(models.Model):
    """A role is a Django group (its permissions grant actions) plus the data scope it reads."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="role_profile")
    key = models.SlugField(_("Key"), max_length=40, unique=True)
    data_scope = models.CharField(_("Data scope"), max_length=10, choices=DataScope.choices)
    description = models.CharField(_("Description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Role")
        verbose_name_plural = _("Roles")

    def __str__(self) -> str:
        return self.group.name


class User(AbstractUser):
    """A person who signs in: belongs to one unit; roles (groups) say what and how far it reads.

    Each role is held through a `RoleAssignment` that carries the unit of THAT role: a worker of
    五山街道 who is also an auditor reads with the auditor's scope only what the auditor role grants.
    """

    # The same table Django made for the plain many-to-many (accounts_user_groups), now with a unit per row.
    groups = models.ManyToManyField(  # type: ignore[assignment,var-annotated]  # same manager, now through RoleAssignment
        Group,
        through="RoleAssignment",
        through_fields=("user", "group"),
        blank=True,
        related_name="user_set",
        related_query_name="user",
        verbose_name=_("Roles"),
    )
    org = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("Unit")
    )
    display_name = models.CharField(_("Display name"), max_length=50, blank=True)
    must_change_password = models.BooleanField(_("Must change password"), default=False)

    class Meta:
        verbose_name = _("User")
        verbose_name_plural = _("Users")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(models.Model):
    """One role held by one user, with the unit that role's data scope is measured from.

    `org` empty means the user's own unit (how every role was held before assignments had a unit).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="role_assignments")
    org = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("Unit of the role"),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Granted by")
    )
    approved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("Approved by")
    )
    granted_at = models.DateTimeField(_("Granted at"), null=True, blank=True)

    SCOPE_ORG_LOOKUP = "user__org"

    class Meta:
        db_table = "accounts_user_groups"
        unique_together = [("user", "group")]
        verbose_name = _("Role assignment")
        verbose_name_plural = _("Role assignments")

    def __str__(self) -> str:
        return f"{self.user} · {self.group.name}"


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RoleGrant(models.Model):
    """A request to grant a role that reads personal data: it takes effect only when a second person approves."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("User"))
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", verbose_name=_("Role"))
    org = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Unit of the role"))
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("Requested by")
    )
    requested_at = models.DateTimeField(_("Requested at"), auto_now_add=True)
    status = models.CharField(_("Status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Decided by")
    )
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)

    # Scope of a grant request: the unit the role would be held at.
    SCOPE_ORG_LOOKUP = "org"

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("Role grant request")
        verbose_name_plural = _("Role grant requests")
        permissions = [("approve_rolegrant", "Approve a grant of a role that reads personal data")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"], condition=models.Q(status="pending"), name="rolegrant_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.group.name} ({self.get_status_display()})"


class TokenRevokeReason(models.TextChoices):
    OWNER = "owner", _("Revoked by its owner")
    PASSWORD = "password", _("Password changed")
    ROLES = "roles", _("Roles changed")
    DEACTIVATED = "deactivated", _("Account deactivated")


class ApiToken(models.Model):
    """A personal access token for the API. Only its SHA-256 is stored; the token is shown once.

    A token expires (`expires_at`), may be read-only, and is bound to its owner's password: `auth_hash`
    is the owner's session hash when it was made, so any password change voids it, whatever path changed it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    expires_at = models.DateTimeField(_("Expires at"), null=True, blank=True)
    read_only = models.BooleanField(_("Read only"), default=False)
    auth_hash = models.CharField(max_length=128, blank=True)
    revoked_reason = models.CharField(
        _("Why revoked"), max_length=20, blank=True, choices=TokenRevokeReason.choices
    )

    SCOPE_ORG_LOOKUP = "user__org"
    SCOPE_OWNER_FIELD = "user"

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode("ascii")).hexdigest()

    @classmethod
    def issue(
        cls, user: User, name: str, *, days: int = DEFAULT_TOKEN_DAYS, read_only: bool = False
    ) -> tuple[ApiToken, str]:
        token = "bf_" + secrets.token_urlsafe(32)
        row = cls.objects.create(
            user=user,
            name=name,
            prefix=token[:8],
            digest=cls.digest_of(token),
            expires_at=timezone.now() + timedelta(days=days),
            read_only=read_only,
            auth_hash=user.get_session_auth_hash(),
        )
        return row, token

    def is_valid_for(self, user: User) -> bool:
        """Not revoked, not expired, the owner active and with the password the token was made under."""
        if self.revoked or not user.is_active:
            return False
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return False
        return constant_time_compare(self.auth_hash, user.get_session_auth_hash())

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
