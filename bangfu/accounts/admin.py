from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from bangfu.accounts.models import ApiToken, OrgUnit, RoleAssignment, RoleGrant, RoleProfile, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "region_code", "path")
    search_fields = ("name", "code")
    list_filter = ("level",)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    fields = ("group", "org", "granted_by", "approved_by", "granted_at")
    readonly_fields = ("granted_by", "approved_by", "granted_at")
    extra = 0


def _without_groups(fieldsets: Any) -> tuple[Any, ...]:
    """Roles are held through RoleAssignment (a unit per role): edited in the inline, not as a plain list."""
    return tuple(
        (name, {**options, "fields": tuple(f for f in options["fields"] if f != "groups")})
        for name, options in fieldsets
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *_without_groups(BaseUserAdmin.fieldsets or ()),
        ("Bangfu", {"fields": ("org", "display_name", "must_change_password")}),
    )
    filter_horizontal = ("user_permissions",)
    inlines = [RoleAssignmentInline]
    list_display = ("username", "display_name", "org", "is_active")


admin.site.register(RoleProfile)
admin.site.register(ApiToken)
admin.site.register(RoleGrant)
