"""Facts about a person that the register does not hold, kept here so target-group rules can use them.

Each fact has a kind, a detail code from that kind's list, an optional number (e.g. years on the front
line), a validity period and the evidence it rests on. Rules read them as `fact.<kind>…` fields.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import OrgOwnedModel
from bangfu.sysadmin.dictionaries import label as dictionary_label


class FactKind(models.TextChoices):
    TEMPORARY_DIFFICULTY = "temporary_difficulty", _("Temporary difficulty")  # 生活临时困难
    MAJOR_TASK_MODEL = "major_task_model", _("Model emerging from a major task")  # 重大任务中涌现的先进模范
    HARD_INDUSTRY = "hard_industry", _("Front line of a hard industry")  # 艰苦行业一线
    HOLIDAY_DUTY = "holiday_duty", _("On duty over the holidays")  # 节日期间坚守一线
    SECONDED = "seconded", _("Seconded cadre")  # 派驻挂职


FACT_DETAILS: dict[str, list[tuple[str, object]]] = {
    FactKind.TEMPORARY_DIFFICULTY: [
        ("unemployment", _("Laid off or unemployed")),
        ("own_illness", _("Own illness")),
        ("family_illness", _("Illness in the family")),
        ("child_schooling", _("Children's schooling")),
        ("covid", _("COVID-19")),
        ("accident", _("Sudden accident")),
    ],
    FactKind.MAJOR_TASK_MODEL: [
        ("covid", _("Fight against COVID-19")),
        ("winter_olympics", _("Winter Olympic venues")),
        ("sub_centre", _("Beijing city sub-centre")),
        ("other_task", _("Other major task")),
    ],
    FactKind.HARD_INDUSTRY: [
        ("mining", _("Mining")),
        ("geology", _("Geological exploration")),
        ("construction", _("Construction")),
        ("sanitation", _("Sanitation")),
        ("field_work", _("Field work")),
        ("high_cold", _("High altitude or cold regions")),
    ],
    FactKind.HOLIDAY_DUTY: [
        ("production", _("Production and construction front line")),
        ("sanitation", _("Sanitation")),
        ("courier", _("Courier")),
        ("power_heating", _("Power and heating supply")),
        ("transport", _("Transport")),
        ("public_service", _("Grassroots public service")),
    ],
    FactKind.SECONDED: [
        ("outside_city", _("Posted outside Beijing")),
        ("grassroots", _("Posted to the grassroots")),
        ("remote_long_term", _("Long-term work away from home")),
    ],
}


def fact_detail_dictionary(kind: str) -> str:
    """The key of the code list (字典) of one kind's details: the codes here are its defaults; an administrator
    renames, reorders or disables them (assistance/dictionaries.py)."""
    return f"assistance.fact_detail.{kind}"


class PersonFact(OrgOwnedModel):
    """A circumstance of one person, valid over a period, with its evidence (e.g. 挂职文件编号)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="assistance_facts",
                               verbose_name=_("Person"))
    kind = models.CharField(_("Kind"), max_length=24, choices=FactKind.choices)
    detail = models.CharField(_("Detail"), max_length=24)
    number = models.IntegerField(_("Number"), null=True, blank=True)
    valid_from = models.DateField(_("Valid from"))
    valid_to = models.DateField(_("Valid to"), null=True, blank=True)
    evidence = models.CharField(_("Evidence"), max_length=200, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("Person fact")
        verbose_name_plural = _("Person facts")
        indexes = [models.Index(fields=["person", "kind"]), models.Index(fields=["kind", "detail"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{dictionary_label(fact_detail_dictionary(self.kind), self.detail)}"
