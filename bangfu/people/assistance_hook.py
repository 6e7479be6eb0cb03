"""Where the register learns that a family was assisted, without importing the assistance app.

The assistance app records visits and disbursements; the register needs three answers from them: when
each file's household was last assisted (`last_assisted_on`), which files never were (`never_assisted`,
a quality list) and the household's assistance for its timeline (`assistance_entries`).

A source is a model with a foreign key to `people.Household`, `people.HardshipFile` or `people.Person`
(reached through the person's household membership) and a date. The assistance app may register its
own in `AppConfig.ready()`:

    register_assistance_source(AssistanceSource("assistance.Visit", household_path="person__memberships__household",
                                                date_field="visited_at", label="走访慰问"))

Until it does, the sources below are discovered by name when those models exist with such fields
(visits; paid disbursements).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Max, QuerySet
from django.utils import timezone

from bangfu.people.models import HardshipFile, Household, Person

DATE_FIELD_NAMES = ("visited_at", "visited_on", "paid_on", "disbursed_on", "decided_at", "occurred_on", "date",
                    "created_at")
# (model, label, filters that make a row count as assistance given)
DISCOVERED_MODELS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("assistance.Visit", "走访慰问", {}),
    ("assistance.Disbursement", "帮扶资金发放", {"status": "paid"}),
)


@dataclass(frozen=True)
class AssistanceSource:
    model_label: str  # "app_label.ModelName"
    household_path: str  # lookup from the model to the household id, e.g. "household" or "hardship_file__household"
    date_field: str
    label: str
    filters: tuple[tuple[str, Any], ...] = ()

    def model(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model_label)
        except (LookupError, ValueError):
            return None

    def rows(self) -> QuerySet[Any]:
        model = self.model()
        assert model is not None
        return model._default_manager.filter(**dict(self.filters))


_REGISTERED: dict[str, AssistanceSource] = {}


def register_assistance_source(source: AssistanceSource) -> None:
    _REGISTERED[source.model_label] = source


def unregister_assistance_source(model_label: str) -> None:
    _REGISTERED.pop(model_label, None)


def _household_path(model: type[models.Model]) -> str:
    """How the model reaches a household: directly, through a file, or through a person's membership."""
    paths = {Household: "{}", HardshipFile: "{}__household", Person: "{}__memberships__household"}
    for target in (Household, HardshipFile, Person):
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is target:
                return paths[target].format(field.name)
    return ""


def _discover(model_label: str, label: str, filters: dict[str, Any]) -> AssistanceSource | None:
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return None
    names = {field.name for field in model._meta.get_fields()}
    path = _household_path(model)
    date_field = next((name for name in DATE_FIELD_NAMES if name in names), "")
    if not path or not date_field or not set(filters) <= names:
        return None
    return AssistanceSource(model_label, path, date_field, label, tuple(sorted(filters.items())))


def assistance_sources() -> list[AssistanceSource]:
    sources = dict(_REGISTERED)
    for model_label, label, filters in DISCOVERED_MODELS:
        if model_label not in sources:
            found = _discover(model_label, label, filters)
            if found is not None:
                sources[model_label] = found
    return [source for source in sources.values() if source.model() is not None]


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value  # type: ignore[no-any-return]


def last_assisted_on(file_ids: Iterable[int]) -> dict[int, dt.date]:
    """{file id: last date its household was assisted}; files never assisted are absent."""
    households = dict(HardshipFile.objects.filter(pk__in=list(file_ids)).values_list("household_id", "pk"))
    latest: dict[int, dt.date] = {}
    for source in assistance_sources():
        rows = (source.rows().filter(**{f"{source.household_path}__in": list(households)})
                .values(source.household_path).annotate(last=Max(source.date_field)).order_by())
        for row in rows:
            file_id = households[row[source.household_path]]
            day = _as_date(row["last"])
            if day is not None and (file_id not in latest or day > latest[file_id]):
                latest[file_id] = day
    return latest


def never_assisted(files: QuerySet[HardshipFile]) -> QuerySet[HardshipFile]:
    """The files among `files` whose household appears in no assistance source (a subquery per source)."""
    for source in assistance_sources():
        assisted = source.rows().filter(**{f"{source.household_path}__isnull": False}).values(source.household_path)
        files = files.exclude(household_id__in=assisted)
    return files


def assistance_entries(household_id: int) -> list[tuple[dt.datetime, str]]:
    """(when, what) for the household page's timeline."""
    entries: list[tuple[dt.datetime, str]] = []
    for source in assistance_sources():
        for row in source.rows().filter(**{source.household_path: household_id}).values(source.date_field):
            value = row[source.date_field]
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                value = timezone.make_aware(dt.datetime.combine(value, dt.time(12)))
            entries.append((value, source.label))
    return entries
