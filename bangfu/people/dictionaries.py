"""The register's code lists an administrator maintains (字典管理, see sysadmin.dictionaries)."""

from __future__ import annotations

from bangfu.people.models import HouseholdMember, Relation
from bangfu.sysadmin.dictionaries import DictionarySpec

RELATION = "people.relation"


def _relations() -> list[tuple[str, str]]:
    return [(str(code), str(name)) for code, name in Relation.choices]


DICTIONARIES = [
    DictionarySpec(RELATION, "家庭成员关系", "家庭成员与户主的关系；代码由系统规定，名称、顺序和启用状态可改。",
                   defaults=_relations,
                   in_use=lambda code: HouseholdMember.objects.filter(relation=code).count(),
                   used_by="困难职工建档：家庭成员"),
]
