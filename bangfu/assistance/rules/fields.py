"""The whitelist: every field a rule may name, where it lives, its type, its values, its operators.

Relations: `person` (the person's own row), `file` (the hardship file of a household the person heads),
`family` (the other members of households the person heads), `self_member` (the person's own membership
rows) and `fact:<kind>` (PersonFact rows of one kind). Conditions on the same relation inside an `all`
node must hold on the same related row (one fact with that detail AND within 12 months).

Apps above assistance add fields over their own records through an `assistance_hooks` module (found by
`core.appmodules.app_modules`): `rule_fields()` returns their FieldSpecs and `rule_relations()` maps each
relation they name to a function giving that relation's rows of the outer person (`OuterRef("pk")`).
The honours register is read this way (assistance may not import honours: it sits above).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from bangfu.assistance.models.facts import FactKind, fact_detail_dictionary
from bangfu.core.appmodules import app_modules
from bangfu.people.models import Cause, EmploymentStatus, FileLevel, FileStatus, HukouType, Sex, Tier
from bangfu.sysadmin.dictionaries import choices as dictionary_choices
from bangfu.sysadmin.dictionaries import labels as dictionary_labels

# Operators: code → (allowed value shape). The Chinese wording is in render.py.
EQ, IN, CONTAINS, IS_TRUE, IS_FALSE, GTE, LTE, WITHIN_MONTHS = (
    "eq", "in", "contains", "is_true", "is_false", "gte", "lte", "within_months",
)
OPERATORS: dict[str, object] = {
    EQ: _("equals"),
    IN: _("is one of"),
    CONTAINS: _("contains any of"),
    IS_TRUE: _("is true"),
    IS_FALSE: _("is false"),
    GTE: _("at least"),
    LTE: _("at most"),
    WITHIN_MONTHS: _("within the last N months"),
}

# Field types and the operators each allows.
BOOL, CHOICE, TAGS, NUMBER, DATE, EXISTS, TEXT = "bool", "choice", "tags", "number", "date", "exists", "text"
TYPE_OPERATORS: dict[str, tuple[str, ...]] = {
    BOOL: (IS_TRUE, IS_FALSE),
    EXISTS: (IS_TRUE, IS_FALSE),
    CHOICE: (EQ, IN),
    TEXT: (EQ, IN),
    TAGS: (CONTAINS,),
    NUMBER: (GTE, LTE, EQ),
    DATE: (WITHIN_MONTHS,),
}

Choices = Callable[[], list[tuple[str, object]]]


def _choices(enum: type) -> Choices:
    return lambda: [(value, label) for value, label in enum.choices]  # type: ignore[attr-defined]


def _fact_details(kind: str) -> Choices:
    """The kind's details as the administrators keep them (字典管理): renamed, reordered, disabled."""
    return lambda: list(dictionary_choices(fact_detail_dictionary(kind)))


WORK_TAGS_DICTIONARY = "assistance.work_tags"  # declared in assistance/dictionaries.py
WORK_TAGS: list[tuple[str, object]] = [
    ("环卫", _("Sanitation")), ("快递", _("Courier")), ("外卖", _("Food delivery")), ("供电", _("Power supply")),
    ("供热", _("Heating supply")), ("供水", _("Water supply")), ("燃气", _("Gas supply")),
    ("交通运输", _("Transport")), ("公交", _("Bus")), ("地铁", _("Metro")), ("出租车", _("Taxi")),
    ("铁路", _("Railway")), ("医护", _("Medical care")), ("社区服务", _("Community service")),
    ("建筑", _("Construction")), ("窗口服务", _("Front-desk public service")),
]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: object  # a lazy translation
    type: str
    relation: str  # "person", "file", "family", "self_member", "fact:<kind>"
    column: str = ""  # the column on the relation's model ("" for EXISTS; special for derived fields)
    choices: Choices | None = None
    free_values: bool = False  # a TAGS/TEXT field that also takes values not in `choices`
    unit: object = ""
    special: str = ""  # derived fields compiled by name: age, migrant_worker, cause, current
    group: object = field(default="")

    @property
    def operators(self) -> tuple[str, ...]:
        return TYPE_OPERATORS[self.type]

    def choice_list(self) -> list[tuple[str, object]]:
        return self.choices() if self.choices else []

    def value_label(self, value: object) -> str:
        for code, label in self.choice_list():
            if code == value:
                return str(label)
        return str(value)


PERSON_GROUP, FILE_GROUP, FAMILY_GROUP, FACT_GROUP = _("Person"), _("Hardship file"), _("Family"), _("Facts")


def _person_fields() -> list[FieldSpec]:
    p = "person"
    return [
        FieldSpec("person.sex", _("Sex"), CHOICE, p, "sex", _choices(Sex), group=PERSON_GROUP),
        FieldSpec("person.age", _("Age"), NUMBER, p, "birth_date", unit=_("years"), special="age",
                  group=PERSON_GROUP),
        FieldSpec("person.hukou_type", _("Hukou"), CHOICE, p, "hukou_type", _choices(HukouType), group=PERSON_GROUP),
        FieldSpec("person.migrant_worker", _("Migrant worker (rural hukou, employed)"), BOOL, p, "hukou_type",
                  special="migrant_worker", group=PERSON_GROUP),
        FieldSpec("person.is_union_member", _("Union member"), BOOL, p, "is_union_member", group=PERSON_GROUP),
        FieldSpec("person.work_injury_disabled", _("Disabled by work injury"), BOOL, p, "work_injury_disabled",
                  group=PERSON_GROUP),
        FieldSpec("person.occupational_disease", _("Occupational disease"), BOOL, p, "occupational_disease",
                  group=PERSON_GROUP),
        FieldSpec("person.disability_grade", _("Disability grade"), NUMBER, p, "disability_grade",
                  group=PERSON_GROUP),
        FieldSpec("person.industry", _("Industry"), TEXT, p, "industry", free_values=True, group=PERSON_GROUP),
        # the administrator's list (字典管理 “工作标签”, defaults WORK_TAGS): tags added there are offered here
        FieldSpec("person.job_tags", _("Work tags"), TAGS, p, "job_tags",
                  lambda: list(dictionary_choices(WORK_TAGS_DICTIONARY)),
                  free_values=True, group=PERSON_GROUP),
    ]


def _file_fields() -> list[FieldSpec]:
    f = "file"
    return [
        FieldSpec("file.exists", _("Has a hardship file"), EXISTS, f, group=FILE_GROUP),
        FieldSpec("file.status", _("Hardship file status"), CHOICE, f, "status", _choices(FileStatus),
                  group=FILE_GROUP),
        FieldSpec("file.cause", _("Cause of hardship (primary or secondary)"), TAGS, f, "primary_cause",
                  _choices(Cause), special="cause", group=FILE_GROUP),
        FieldSpec("file.tier", _("Hardship tier"), CHOICE, f, "tier", _choices(Tier), group=FILE_GROUP),
        FieldSpec("file.level", _("File level"), CHOICE, f, "level", _choices(FileLevel), group=FILE_GROUP),
        FieldSpec("file.zero_labour", _("Zero-labour household"), BOOL, f, "zero_labour", group=FILE_GROUP),
        FieldSpec("file.disability_or_mental_illness", _("Disability or mental illness in family"), BOOL, f,
                  "disability_or_mental_illness", group=FILE_GROUP),
        FieldSpec("file.filed_on", _("Date filed"), DATE, f, "filed_on", group=FILE_GROUP),
    ]


def _family_fields() -> list[FieldSpec]:
    m = "family"
    return [
        FieldSpec("family.died_on_duty", _("A family member died on duty"), BOOL, m, "person__died_on_duty",
                  group=FAMILY_GROUP),
        FieldSpec("family.major_illness", _("A family member has a major illness"), BOOL, m, "has_major_illness",
                  group=FAMILY_GROUP),
        FieldSpec("family.employment_status", _("Employment of a family member"), CHOICE, m, "employment_status",
                  _choices(EmploymentStatus), group=FAMILY_GROUP),
        FieldSpec("self.employment_status", _("Own employment"), CHOICE, "self_member", "employment_status",
                  _choices(EmploymentStatus), group=FAMILY_GROUP),
        FieldSpec("self.major_illness", _("Has a major illness"), BOOL, "self_member", "has_major_illness",
                  group=FAMILY_GROUP),
    ]


FACT_LABELS: dict[str, tuple[object, object, object | None, object, object]] = {
    # kind: (exists, detail, number (None: the kind has no number), valid_from, current)
    FactKind.TEMPORARY_DIFFICULTY: (_("In temporary difficulty"), _("Reason of temporary difficulty"), None,
                                    _("Temporary difficulty since"), _("Temporary difficulty is current")),
    FactKind.MAJOR_TASK_MODEL: (_("Model from a major task"), _("Major task"), None,
                                _("Recognised as a model on"), _("Model recognition is current")),
    FactKind.HARD_INDUSTRY: (_("Front line of a hard industry"), _("Hard industry"),
                             _("Years on the front line of a hard industry"), _("Front-line work since"),
                             _("Front-line work is current")),
    FactKind.HOLIDAY_DUTY: (_("On duty over the holidays"), _("Holiday duty post"), _("Holiday duty: days"),
                            _("Holiday duty from"), _("Holiday duty is current")),
    FactKind.SECONDED: (_("Seconded cadre"), _("Secondment"), _("Years seconded"), _("Seconded since"),
                        _("Secondment is current")),
}


def _fact_fields() -> list[FieldSpec]:
    specs = []
    for kind, (exists, detail, number, since, current) in FACT_LABELS.items():
        rel = f"fact:{kind}"
        specs += [
            FieldSpec(f"fact.{kind}", exists, EXISTS, rel, group=FACT_GROUP),
            FieldSpec(f"fact.{kind}.detail", detail, CHOICE, rel, "detail", _fact_details(kind), group=FACT_GROUP),
        ]
        if number is not None:
            specs.append(FieldSpec(f"fact.{kind}.number", number, NUMBER, rel, "number", group=FACT_GROUP))
        specs += [
            FieldSpec(f"fact.{kind}.valid_from", since, DATE, rel, "valid_from", group=FACT_GROUP),
            FieldSpec(f"fact.{kind}.current", current, BOOL, rel, "valid_from", special="current", group=FACT_GROUP),
        ]
    return specs


OWN_FIELDS: dict[str, FieldSpec] = {
    spec.key: spec for spec in _person_fields() + _file_fields() + _family_fields() + _fact_fields()
}

RelationRows = Callable[[], Any]  # () -> QuerySet of the relation's rows filtered on OuterRef("pk")


@cache
def _extensions() -> tuple[dict[str, FieldSpec], dict[str, RelationRows]]:
    """The fields and relations contributed by the apps above (read once the app registry is ready)."""
    fields: dict[str, FieldSpec] = {}
    relations: dict[str, RelationRows] = {}
    for _app, hooks in app_modules("assistance_hooks"):
        relations.update(hooks.rule_relations())
        fields.update((spec.key, spec) for spec in hooks.rule_fields())
    return fields, relations


def all_fields() -> dict[str, FieldSpec]:
    """Every field a rule may name: assistance's own and those of the apps above, in that order."""
    return OWN_FIELDS | _extensions()[0]


def extension_relation(relation: str) -> RelationRows | None:
    return _extensions()[1].get(relation)


def field_spec(key: str) -> FieldSpec | None:
    return OWN_FIELDS.get(key) or _extensions()[0].get(key)


RULE_FIELDS_DICTIONARY = "assistance.rule_fields"  # declared in assistance/dictionaries.py


def field_name(spec: FieldSpec) -> str:
    """The field's name as the administrators keep it (字典管理 “送温暖对象规则字段”), else the code's."""
    return dictionary_labels(RULE_FIELDS_DICTIONARY).get(spec.key) or str(spec.label)


def offered_fields(keep: str = "") -> list[tuple[FieldSpec, str]]:
    """(field, name) a rule editor offers, in the administrators' order: the enabled fields, plus `keep` (the
    field a rule being edited already names, so that editing it does not change it silently)."""
    specs = all_fields()
    named = dictionary_choices(RULE_FIELDS_DICTIONARY, keep=[keep] if keep else [])
    return [(specs[code], name) for code, name in named if code in specs]
