"""The titles the register starts with (data migration 0002; administrators add and edit the rest).

The first six are the values of the old `people.Person.honours` list, carried over by the same migration."""

# code, name, level, awarding body, carries model-worker treatment
STANDARD_TITLES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("national_model", "全国劳动模范", "national", "中共中央、国务院", True),
    ("national_advanced", "全国先进工作者", "national", "中共中央、国务院", True),
    ("provincial_model", "省部级劳动模范", "provincial", "省（部）级人民政府", True),
    ("provincial_advanced", "省部级先进工作者", "provincial", "省（部）级人民政府", True),
    ("craftsman", "工匠", "city", "市总工会", False),
    ("major_task_model", "重大任务中涌现的先进模范", "provincial", "省总工会", False),
    ("city_model", "市级劳动模范", "city", "市人民政府", True),
    ("qilu_chief_technician", "齐鲁首席技师", "provincial", "山东省人民政府", False),
    ("shandong_outstanding_technician", "山东省突出贡献技师", "provincial", "山东省人民政府", False),
    ("shandong_technical_expert", "山东省技术能手", "provincial", "山东省人力资源和社会保障厅", False),
    ("yucheng_craftsman", "禹城工匠", "county", "禹城市人民政府", False),
    ("shuangchuang_star", "双创之星", "county", "禹城市人民政府", False),
    ("enterprise_tech_star", "企业技术之星", "enterprise", "禹城市总工会", False),
    ("golden_blue_collar", "金蓝领技师", "county", "禹城市人力资源和社会保障局", False),
    ("competition_leader", "职业技能大赛领军人才", "county", "禹城市人民政府", False),
)
LEGACY_CODES = ("national_model", "provincial_model", "national_advanced", "provincial_advanced", "craftsman",
                "major_task_model")
