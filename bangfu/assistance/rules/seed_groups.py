"""Beijing's eight target groups of the 2021 元旦春节送温暖 campaign (Workers' Daily, 2020-12-18), as data.

Loaded into TargetGroup rows by the demo and by tests; an officer can change or add groups in the UI.
Names are the seed's own words (they are data, not UI text). Honours are read from the honours register
(`honour.*` fields, contributed by `bangfu.honours.assistance_hooks`), by the titles' codes.
"""

from __future__ import annotations

from typing import Any

IN_FILE = ["formal", "temporary", "returned"]
MODEL_HONOURS = ["national_model", "provincial_model", "national_advanced", "provincial_advanced"]
HOLIDAY_TAGS = ["环卫", "快递", "供电", "供热", "交通运输", "公交", "地铁", "铁路", "窗口服务", "社区服务"]

BEIJING_GROUPS: list[dict[str, Any]] = [
    {
        "name": "建档困难职工",
        "description": "在档困难职工（正式建档、临时档案或返困）。",
        "rule": {"all": [{"field": "file.status", "op": "in", "value": IN_FILE}]},
        "standard_fen": 100_000,
    },
    {
        "name": "生活临时困难职工",
        "description": "因下岗失业、本人或家属生病、子女上学、新冠疫情、突发意外等原因导致生活临时困难的职工。",
        "rule": {"all": [
            {"field": "fact.temporary_difficulty.detail", "op": "in",
             "value": ["unemployment", "own_illness", "family_illness", "child_schooling", "covid", "accident"]},
            {"field": "fact.temporary_difficulty.valid_from", "op": "within_months", "value": 12},
        ]},
        "standard_fen": 80_000,
    },
    {
        "name": "工伤职业病致残职工和因公牺牲职工家属",
        "description": "因工伤与职业病致残的职工和因公牺牲职工的家属。",
        "rule": {"any": [
            {"field": "person.work_injury_disabled", "op": "is_true"},
            {"field": "person.occupational_disease", "op": "is_true"},
            {"field": "family.died_on_duty", "op": "is_true"},
        ]},
        "standard_fen": 80_000,
    },
    {
        "name": "全国或省部级劳动模范、先进工作者",
        "description": "全国或省部级劳动模范、先进工作者。",
        "rule": {"all": [{"field": "honour.title", "op": "in", "value": MODEL_HONOURS}]},
        "standard_fen": 60_000,
    },
    {
        "name": "重大任务中涌现的先进模范人物",
        "description": "在抗击新冠肺炎疫情和冬奥场馆、北京城市副中心建设等重大任务、重点工作中涌现出来的先进模范人物。",
        "rule": {"any": [
            {"field": "fact.major_task_model.detail", "op": "in",
             "value": ["covid", "winter_olympics", "sub_centre", "other_task"]},
            {"field": "honour.title", "op": "in", "value": ["major_task_model"]},
        ]},
        "standard_fen": 60_000,
    },
    {
        "name": "长期在艰苦行业岗位工作的一线职工",
        "description": "长期（十年以上）在艰苦行业岗位上工作的一线职工。",
        "rule": {"all": [
            {"field": "fact.hard_industry.number", "op": "gte", "value": 10},
            {"field": "fact.hard_industry.current", "op": "is_true"},
        ]},
        "standard_fen": 50_000,
    },
    {
        "name": "节日坚守一线和基层服务岗位职工、农民工",
        "description": ("节日期间坚守生产建设一线和环卫、快递、供电供热、交通运输"
                        "以及直接面向群众服务的基层岗位干部职工、农民工。"),
        "rule": {"any": [
            {"field": "fact.holiday_duty.current", "op": "is_true"},
            {"field": "person.job_tags", "op": "contains", "value": HOLIDAY_TAGS},
            {"field": "person.migrant_worker", "op": "is_true"},
        ]},
        "standard_fen": 30_000,
    },
    {
        "name": "派驻挂职干部职工",
        "description": "因组织需要长期异地工作或服从组织需要赴京外、基层工作的派驻挂职干部职工。",
        "rule": {"all": [{"field": "fact.seconded.current", "op": "is_true"}]},
        "standard_fen": 50_000,
    },
]
