"""Assistance code lists an administrator maintains (字典管理, see sysadmin.dictionaries)."""

from __future__ import annotations

from bangfu.assistance.rules.compiler import JsonArrayHasAny
from bangfu.assistance.rules.fields import WORK_TAGS
from bangfu.people.models import Person
from bangfu.sysadmin.dictionaries import DictionarySpec

WORK_TAG = "assistance.work_tags"


def _work_tags() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in WORK_TAGS]


def _people_tagged(code: str) -> int:
    return Person.objects.filter(JsonArrayHasAny("job_tags", [code])).count()


DICTIONARIES = [
    # Open: a tag is its own code (环卫, 快递…), so an administrator adds the trades a campaign targets.
    DictionarySpec(WORK_TAG, "工作标签",
                   "职工的行业/岗位标签，送温暖对象规则“工作标签包含”从中选择；可新增，被使用的不能删除，只能停用。",
                   defaults=_work_tags, open=True, in_use=_people_tagged, used_by="送温暖对象规则：工作标签"),
]
