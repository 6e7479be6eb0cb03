"""Django admin (superusers only): read-mostly views of the jobs records for support."""

from django.contrib import admin

from bangfu.jobs.models import Employer, Opening, Referral, RetentionCheck, SeekerProfile


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "district_code", "org")
    search_fields = ("name", "uscc")


@admin.register(Opening)
class OpeningAdmin(admin.ModelAdmin):
    list_display = ("title", "employer", "district_code", "positions", "positions_filled", "valid_until")
    search_fields = ("title", "employer__name")
    readonly_fields = ("positions_filled",)


@admin.register(SeekerProfile)
class SeekerProfileAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "home_district", "refusal_count", "needs_follow_up", "org")
    list_filter = ("status", "needs_follow_up")
    raw_id_fields = ("person",)
    exclude = ("constraints_note",)


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ("id", "seeker", "opening", "status", "recommended_on", "decided_on")
    list_filter = ("status", "source")
    raw_id_fields = ("seeker", "opening")
    readonly_fields = ("status",)


@admin.register(RetentionCheck)
class RetentionCheckAdmin(admin.ModelAdmin):
    list_display = ("id", "referral", "months", "due_on", "outcome")
    list_filter = ("outcome", "months")
    raw_id_fields = ("referral",)
