from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from bangfu.accounts.models import ApiToken, OrgUnit, RoleProfile, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "region_code", "path")
    search_fields = ("name", "code")
    list_filter = ("level",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Bangfu", {"fields": ("org", "display_name", "must_change_password")}),
    )
    list_display = ("username", "display_name", "org", "is_active")


admin.site.register(RoleProfile)
admin.site.register(ApiToken)
