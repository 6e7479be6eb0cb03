"""Rules as data: the local minimum per region (低保标准) and the tier rules (困难程度认定规则)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.people.models.records import Tier


class LocalMinimum(models.Model):
    """The monthly minimum living standard per head (城乡居民最低生活保障标准) of a region from a date.

    `region_code` is a division code (`440100` Guangzhou, `110000` Beijing); the most specific code that
    is a prefix of a household's region applies. An empty code is the fallback for every other region.
    """

    region_code = models.CharField(_("Region code"), max_length=12, blank=True)
    region_name = models.CharField(_("Region"), max_length=50, blank=True)
    monthly_fen = models.BigIntegerField(_("Monthly minimum per head (fen)"))
    effective_from = models.DateField(_("Effective from"))

    class Meta:
        verbose_name = _("Local minimum living standard")
        verbose_name_plural = _("Local minimum living standards")
        ordering = ["region_code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "effective_from"], name="local_minimum_once_per_date"),
            models.CheckConstraint(condition=models.Q(monthly_fen__gt=0), name="local_minimum_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region_name or self.region_code or '-'} {self.effective_from:%Y-%m-%d}"


class TierRule(models.Model):
    """One rule of the tier assessment. Rules are tried by priority; the first that holds decides.

    `conditions` is a tree of `{"all": [...]}`, `{"any": [...]}` and leaves
    `{"fact": "income_ratio", "op": "<=", "value": 1.0}` (see people.tiers for the facts and operators).
    """

    code = models.SlugField(_("Code"), max_length=40, unique=True)
    tier = models.CharField(_("Tier"), max_length=12, choices=Tier.choices)
    priority = models.PositiveSmallIntegerField(_("Priority"), default=100)
    conditions = models.JSONField(_("Conditions"))
    description = models.CharField(_("Description"), max_length=200)
    is_active = models.BooleanField(_("Active"), default=True)

    class Meta:
        verbose_name = _("Tier rule")
        verbose_name_plural = _("Tier rules")
        ordering = ["priority", "code"]

    def __str__(self) -> str:
        return f"{self.priority} {self.code}"

    def clean(self) -> None:
        from bangfu.people.tiers import TierRuleError, rule_from_row

        try:
            rule_from_row(self.code, self.tier, self.priority, self.conditions, self.description)
        except TierRuleError as exc:
            raise ValidationError({"conditions": str(exc)}) from None
