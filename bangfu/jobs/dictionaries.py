"""Job code lists an administrator maintains (字典管理, see sysadmin.dictionaries)."""

from __future__ import annotations

from bangfu.jobs.models import Accommodation
from bangfu.sysadmin.dictionaries import DictionarySpec

ACCOMMODATION = "jobs.accommodation"


def _accommodations() -> list[tuple[str, str]]:
    return [(str(code), str(name)) for code, name in Accommodation.choices]


DICTIONARIES = [
    # Closed: the matching engine reads these codes; an entry the code defines is never deleted.
    DictionarySpec(ACCOMMODATION, "岗位便利条件",
                   "岗位提供、求职者需要的便利条件；代码供人岗匹配使用，名称、顺序和启用状态可改。",
                   defaults=_accommodations, used_by="就业：岗位与求职者"),
]
