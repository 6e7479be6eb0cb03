"""Django admin (superusers only): read-mostly views of the jobs records for support."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from bangfu.jobs.models import Employer, Opening, Referral, RetentionCheck, SeekerProfile
from bangfu.jobs.services import OPENINGS, bump_version


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "district_code", "org")
    search_fields = ("name", "uscc")


@admin.register(Opening)
class OpeningAdmin(admin.ModelAdmin):
    list_display = ("title", "employer", "district_code", "positions", "positions_filled", "valid_until")
    search_fields = ("title", "employer__name")
    readonly_fields = ("positions_filled",)

    # An edit here must reach the recommendation caches too, as every service write does.
    def save_model(self, request: HttpRequest, obj: Opening, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            bump_version(OPENINGS)

    def delete_model(self, request: HttpRequest, obj: Opening) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            bump_version(OPENINGS)


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
