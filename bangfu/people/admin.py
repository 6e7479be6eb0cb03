"""Admin (superusers only): the register's rules as data — tier rules and local minimum standards.

Personal records are not registered here: they are read and changed only through the scoped pages,
API and services, so that scope, separation of duties and the audit trail always apply.
"""

from __future__ import annotations

from django.contrib import admin

from bangfu.people.models import LocalMinimum, TierRule


@admin.register(TierRule)
class TierRuleAdmin(admin.ModelAdmin):
    list_display = ("priority", "code", "tier", "description", "is_active")
    list_editable = ("is_active",)
    ordering = ("priority", "code")


@admin.register(LocalMinimum)
class LocalMinimumAdmin(admin.ModelAdmin):
    list_display = ("region_code", "region_name", "monthly_fen", "effective_from")
    ordering = ("region_code", "-effective_from")
