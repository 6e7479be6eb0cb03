"""Assistance code lists an administrator maintains (字典管理, see sysadmin.dictionaries)."""

from __future__ import annotations

from collections.abc import Callable

from bangfu.assistance.models import FACT_DETAILS, FactKind, PersonFact
from bangfu.assistance.models.facts import fact_detail_dictionary
from bangfu.assistance.rules.compiler import JsonArrayHasAny
from bangfu.assistance.rules.fields import WORK_TAGS
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


DICTIONARIES = [
    # Open: a tag is its own code (环卫, 快递…), so an administrator adds the trades a campaign targets.
    DictionarySpec(WORK_TAG, "工作标签",
                   "职工的行业/岗位标签，送温暖对象规则“工作标签包含”从中选择；可新增，被使用的不能删除，只能停用。",
                   defaults=_work_tags, open=True, in_use=_people_tagged, used_by="送温暖对象规则：工作标签"),
    *_fact_detail_specs(),
]


def fact_detail_names(kinds: set[str]) -> dict[tuple[str, str], str]:
    """{(kind, code): name} as the administrators keep the lists, disabled details included (a recorded fact
    keeps showing its name): one read per kind shown."""
    return {(kind, code): name for kind in sorted(kinds) if kind in FactKind.values
            for code, name in labels(fact_detail_dictionary(kind)).items()}
