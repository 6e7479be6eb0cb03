"""Django admin (superusers only): matching runs and their plans, read-only."""

from django.contrib import admin

from bangfu.matching.models import MatchingRun, ProposedPair


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ("id", "org", "status", "seekers_count", "openings_count", "assigned_count", "created_at")
    list_filter = ("status",)
    readonly_fields = [field.name for field in MatchingRun._meta.fields]


@admin.register(ProposedPair)
class ProposedPairAdmin(admin.ModelAdmin):
    list_display = ("id", "run", "seeker", "opening", "score", "decision")
    list_filter = ("decision",)
    raw_id_fields = ("run", "seeker", "opening", "referral")
    readonly_fields = ("score", "parts", "reasons")
