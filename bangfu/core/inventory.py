"""The data inventory (PIPL Art. 51): every model field of every Bangfu app, classified in one place.

Each app declares its fields in `bangfu/<app>/privacy.py`:

    FIELD_CLASSIFICATION = {"Person": {"name": "personal", "id_number": "sensitive", ...}}

Classes: `public` (no person behind it), `personal` (identifies or describes a person), `sensitive`
(PIPL Art. 28: ID numbers, health, disability, income, bank accounts, credentials) and `minor` (about a
child under 14, handled as sensitive). This module collects them; a test fails on any concrete field
left unclassified, and masking, audit payloads and the "show in clear" control all read from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from bangfu.core.appmodules import app_modules, bangfu_app_configs

CLASSES = ("public", "personal", "sensitive", "minor")
# What a page shows masked unless a permitted user asks for it in clear.
REVEALABLE_CLASSES = ("sensitive", "minor")


@lru_cache(maxsize=1)
def classification() -> dict[str, dict[str, str]]:
    """{"app_label.Model": {"field": "class"}} from every app's privacy.py."""
    collected: dict[str, dict[str, str]] = {}
    for config, module in app_modules("privacy"):
        for model_name, fields in getattr(module, "FIELD_CLASSIFICATION", {}).items():
            collected[f"{config.label}.{model_name}"] = dict(fields)
    return collected


def inventory_models() -> list[type[models.Model]]:
    """Every concrete model of the Bangfu apps (proxies share their concrete model's fields)."""
    return [
        model
        for config in bangfu_app_configs()
        for model in config.get_models()
        if not model._meta.abstract and not model._meta.proxy
    ]


def model_field_names(model: type[models.Model]) -> list[str]:
    """Stored fields: concrete columns and forward many-to-many relations."""
    return [field.name for field in model._meta.concrete_fields] + [
        field.name for field in model._meta.local_many_to_many
    ]


def field_class(model: type[models.Model] | models.Model, field_name: str) -> str | None:
    label = model._meta.label
    return classification().get(label, {}).get(field_name)


def fields_of_class(model: type[models.Model] | models.Model, *classes: str) -> list[str]:
    label = model._meta.label
    return [name for name, cls in classification().get(label, {}).items() if cls in classes]


# Credentials and lookup digests are sensitive but never shown, not even to a permitted user.
NEVER_REVEALED_MARKERS = ("password", "digest", "token", "secret", "session_key", "_index")


def is_revealable(model: type[models.Model] | models.Model, field_name: str) -> bool:
    """Whether a permitted user may ask to see the field in clear: a stored, non-relation field
    classified sensitive or minor, and not a credential or a blind index."""
    if field_class(model, field_name) not in REVEALABLE_CLASSES:
        return False
    if any(marker in field_name for marker in NEVER_REVEALED_MARKERS):
        return False
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return False
    return bool(getattr(field, "concrete", False)) and not field.is_relation


def unclassified_fields() -> list[str]:
    return [
        f"{model._meta.label}.{name}"
        for model in inventory_models()
        for name in model_field_names(model)
        if field_class(model, name) is None
    ]


def stale_entries() -> list[str]:
    """Classified names that are no longer a model or a stored field (the inventory must stay true)."""
    known = {model._meta.label: set(model_field_names(model)) for model in inventory_models()}
    stale = []
    for label, fields in classification().items():
        if label not in known:
            stale.append(label)
            continue
        stale.extend(f"{label}.{name}" for name in fields if name not in known[label])
    return stale


def invalid_classes() -> list[str]:
    return [
        f"{label}.{name}={cls}"
        for label, fields in classification().items()
        for name, cls in fields.items()
        if cls not in CLASSES
    ]


def inventory_rows() -> list[tuple[str, str, str, str]]:
    """(model label, model verbose name, field name, class) for the inventory page and exports."""
    rows = []
    for model in inventory_models():
        for name in model_field_names(model):
            rows.append((model._meta.label, str(model._meta.verbose_name), name, field_class(model, name) or ""))
    return rows


def class_labels() -> dict[str, str]:
    """The classes in the words of PIPL and of the office."""
    return {"public": _("Public"), "personal": _("Personal information"),
            "sensitive": _("Sensitive personal information"), "minor": _("Information about a minor")}


@dataclass(frozen=True)
class InventoryField:
    name: str
    verbose_name: str
    data_class: str


@dataclass(frozen=True)
class InventoryModel:
    label: str
    verbose_name: str
    fields: list[InventoryField]


@dataclass(frozen=True)
class InventoryApp:
    label: str
    verbose_name: str
    models: list[InventoryModel]

    @property
    def field_count(self) -> int:
        return sum(len(model.fields) for model in self.models)


def _field_verbose_name(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def inventory_by_app(data_class: str = "", app_label: str = "") -> list[InventoryApp]:
    """The inventory in Chinese names, grouped by app then model; only fields of `data_class` when given
    ("unclassified" picks the fields left without a class), only the app `app_label` when given."""
    grouped: dict[str, list[InventoryModel]] = {}
    for model in inventory_models():
        if app_label and model._meta.app_label != app_label:
            continue
        fields = [
            InventoryField(name, _field_verbose_name(model, name), field_class(model, name) or "")
            for name in model_field_names(model)
        ]
        wanted = "" if data_class == "unclassified" else data_class
        fields = [field for field in fields if not data_class or field.data_class == wanted]
        if fields:
            grouped.setdefault(model._meta.app_label, []).append(
                InventoryModel(model._meta.label, str(model._meta.verbose_name), fields))
    configs = {config.label: config for config in bangfu_app_configs()}
    return [InventoryApp(label, str(configs[label].verbose_name), models_) for label, models_ in grouped.items()]
