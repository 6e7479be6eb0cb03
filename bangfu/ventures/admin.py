"""Admin: read-only lists for superusers; every write goes through the services."""

from django.contrib import admin

from bangfu.ventures.models import Loan, SubsidyPolicy, SubsidyRun, VentureProject


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


for model in (VentureProject, Loan, SubsidyPolicy, SubsidyRun):
    admin.site.register(model, ReadOnlyAdmin)
