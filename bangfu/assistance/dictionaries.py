"""Assistance code lists an administrator maintains (字典管理, see sysadmin.dictionaries)."""

from __future__ import annotations

from collections.abc import Callable

from bangfu.assistance.models import FACT_DETAILS, FactKind, PersonFact, TargetGroup
from bangfu.assistance.models.facts import fact_detail_dictionary
from bangfu.assistance.rules.compiler import JsonArrayHasAny
from bangfu.assistance.rules.fields import RULE_FIELDS_DICTIONARY, WORK_TAGS, all_fields
from bangfu.people.models import Person
from bangfu.sysadmin.dictionaries import DictionarySpec, labels

WORK_TAG = "assistance.work_tags"


def _work_tags() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in WORK_TAGS]


def _people_tagged(code: str) -> int:
    return Person.objects.filter(JsonArrayHasAny("job_tags", [code])).count()


def _fact_details(kind: str) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(code, str(name)) for code, name in FACT_DETAILS[kind]]


def _facts_with(kind: str) -> Callable[[str], int]:
    return lambda code: PersonFact.objects.filter(kind=kind, detail=code).count()


def _fact_detail_specs() -> list[DictionarySpec]:
    # Closed: the rules name these codes (fact.<kind>.detail), so only names, order and state change.
    return [DictionarySpec(fact_detail_dictionary(kind), f"人员情况细项：{label}",
                           f"“{label}”的具体情况，登记人员情况和送温暖对象规则从中选择；代码由系统规定，名称、顺序和"
                           "启用状态可改，停用后不再供选择，已登记的情况仍显示其名称。",
                           defaults=_fact_details(kind), in_use=_facts_with(kind),
                           used_by="人员情况登记；送温暖对象规则")
            for kind, label in FactKind.choices]


def _rule_fields() -> list[tuple[str, str]]:
    return [(spec.key, str(spec.label)) for spec in all_fields().values()]


def _groups_naming(field_key: str) -> int:
    # A rule names its field as {"field": "<key>"}: the quoted key, never a longer key that starts with it.
    return TargetGroup.objects.filter(rule__icontains=f'"{field_key}"').count()


DICTIONARIES = [
    # Open: a tag is its own code (环卫, 快递…), so an administrator adds the trades a campaign targets.
    DictionarySpec(WORK_TAG, "工作标签",
                   "职工的行业/岗位标签，送温暖对象规则“工作标签包含”从中选择；可新增，被使用的不能删除，只能停用。",
                   defaults=_work_tags, open=True, in_use=_people_tagged, used_by="送温暖对象规则：工作标签"),
    *_fact_detail_specs(),
    # Closed: stored rules name the fields by code; staff rename them in their own words, reorder and disable
    # what their campaigns never use (a rule that names a disabled field keeps it and keeps working).
    DictionarySpec(RULE_FIELDS_DICTIONARY, "送温暖对象规则字段",
                   "送温暖对象规则可引用的字段（白名单）；代码由系统规定，名称、顺序和启用状态可改：规则的文字说明和"
                   "规则编辑器使用这里的名称和顺序，停用的字段不再供新规则选择，已引用它的规则照常生效。",
                   defaults=_rule_fields, in_use=_groups_naming, used_by="送温暖对象规则；规则编辑器"),
]


def fact_detail_names(kinds: set[str]) -> dict[tuple[str, str], str]:
    """{(kind, code): name} as the administrators keep the lists, disabled details included (a recorded fact
    keeps showing its name): one read per kind shown."""
    return {(kind, code): name for kind in sorted(kinds) if kind in FactKind.values
            for code, name in labels(fact_detail_dictionary(kind)).items()}
