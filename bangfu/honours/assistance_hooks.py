"""What the assistance rules read from the honours register (found by `app_modules("assistance_hooks")`).

A rule names `honour.title`, `honour.level` or `honour.treatment`; each is read from the person's honours that
are not revoked, and the conditions of one `all` group must hold on the same honour (a national title that
carries model-worker treatment, not a national title and another one that does)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from bangfu.assistance.rules.fields import BOOL, CHOICE, FieldSpec
from bangfu.honours.models import Honour, HonourTitle, TitleLevel

RELATION = "honour"
GROUP = _("Honours")


def _held_honours() -> QuerySet[Honour]:
    return Honour.objects.filter(person=OuterRef("pk"), revoked_on__isnull=True)


def _title_choices() -> list[tuple[str, object]]:
    return list(HonourTitle.objects.order_by("level", "name").values_list("code", "name"))


def rule_relations() -> dict[str, Any]:
    return {RELATION: _held_honours}


def rule_fields() -> list[FieldSpec]:
    return [
        FieldSpec("honour.title", _("Honour title held"), CHOICE, RELATION, "title__code", _title_choices,
                  group=GROUP),
        FieldSpec("honour.level", _("Level of an honour held"), CHOICE, RELATION, "title__level",
                  lambda: list(TitleLevel.choices), group=GROUP),
        FieldSpec("honour.treatment", _("Holds a title with model-worker treatment"), BOOL, RELATION,
                  "title__model_worker_treatment", group=GROUP),
    ]
