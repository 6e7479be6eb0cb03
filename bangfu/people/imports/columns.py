"""The import template's columns: one definition read by the template, the reader, the docs and the export.

One row per household member; the head's row comes first and carries the household's own columns
(unit, address, level, causes …). Rows with the same 户编号 (household key) are one household.
Coded columns take the Chinese labels offered by the drop-downs; codes (e.g. `laid_off`) are accepted too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bangfu.people.models import EmploymentStatus, FileLevel, HukouType, Relation
from bangfu.people.vocab import CAUSE_NAMES_ZH

# Kinds of cell: how a value is read and checked.
TEXT, ID_NUMBER, PHONE, CHOICE, YES_NO, DATE, MONEY, GRADE, UNIT, USERNAME = (
    "text", "id_number", "phone", "choice", "yes_no", "date", "money", "grade", "unit", "username",
)

# Required on every row, on the head's row only, or never.
EVERY_ROW, HEAD_ROW, OPTIONAL = "every_row", "head_row", "optional"

RELATION_LABELS: dict[str, str] = {
    "户主": Relation.SELF, "配偶": Relation.SPOUSE, "子女": Relation.CHILD, "父母": Relation.PARENT,
    "兄弟姐妹": Relation.SIBLING, "孙子女": Relation.GRANDCHILD, "其他": Relation.OTHER,
}
RELATION_ALIASES: dict[str, str] = {"本人": Relation.SELF, "户主本人": Relation.SELF, "儿子": Relation.CHILD,
                                    "女儿": Relation.CHILD, "父亲": Relation.PARENT, "母亲": Relation.PARENT,
                                    "丈夫": Relation.SPOUSE, "妻子": Relation.SPOUSE}
EMPLOYMENT_LABELS: dict[str, str] = {
    "在岗": EmploymentStatus.EMPLOYED, "下岗失业": EmploymentStatus.UNEMPLOYED, "在校学生": EmploymentStatus.STUDENT,
    "离退休": EmploymentStatus.RETIRED, "无劳动能力": EmploymentStatus.UNABLE,
    "学龄前儿童": EmploymentStatus.CHILD,
}
EMPLOYMENT_ALIASES: dict[str, str] = {"就业": EmploymentStatus.EMPLOYED, "在职": EmploymentStatus.EMPLOYED,
                                      "失业": EmploymentStatus.UNEMPLOYED, "下岗": EmploymentStatus.UNEMPLOYED,
                                      "学生": EmploymentStatus.STUDENT, "退休": EmploymentStatus.RETIRED}
HUKOU_LABELS: dict[str, str] = {"城镇": HukouType.URBAN, "农村": HukouType.RURAL}
HUKOU_ALIASES: dict[str, str] = {"非农业": HukouType.URBAN, "城市": HukouType.URBAN, "农业": HukouType.RURAL}
LEVEL_LABELS: dict[str, str] = {
    "全国级": FileLevel.NATIONAL, "省级": FileLevel.PROVINCIAL, "市级": FileLevel.CITY, "区县级": FileLevel.COUNTY,
    "基层": FileLevel.GRASSROOTS,
}
CAUSE_LABELS: dict[str, str] = {name: code for code, name in CAUSE_NAMES_ZH.items()}
# The seven categories of the disability certificate (残疾人证); stored as the label itself.
DISABILITY_TYPES: dict[str, str] = {label: label for label in (
    "视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾")}
DISABILITY_GRADES: dict[str, int] = {"一级": 1, "二级": 2, "三级": 3, "四级": 4}
YES_NO_LABELS: dict[str, bool] = {"是": True, "否": False}
YES_NO_ALIASES: dict[str, bool] = {"有": True, "无": False, "y": True, "n": False, "yes": True, "no": False,
                                   "1": True, "0": False, "true": True, "false": False, "√": True, "×": False}


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # exactly as in the template (without the required mark)
    kind: str
    required: str = OPTIONAL
    labels: Mapping[str, Any] = field(default_factory=dict)  # drop-down label → stored value
    aliases: Mapping[str, Any] = field(default_factory=dict)  # also accepted, not offered
    household_level: bool = False  # read from the head's row only
    width: int = 12
    help: str = ""
    header_aliases: tuple[str, ...] = ()
    past_event: bool = False  # a date that cannot be after today

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required != OPTIONAL else self.header


COLUMNS: tuple[Column, ...] = (
    Column("household_key", "户编号", TEXT, EVERY_ROW, width=10, header_aliases=("户号", "家庭编号"),
           help="同一户的成员填写相同的编号（如 1、2、3 或 GZ-001），户主一行写在最前面。编号只用于本表分组。"),
    Column("relation", "与户主关系", CHOICE, EVERY_ROW, RELATION_LABELS, RELATION_ALIASES, width=12,
           help="每户有且只有一行为“户主”。配偶最多一人。"),
    Column("name", "姓名", TEXT, EVERY_ROW, width=10, help="与身份证一致，最多 50 个字。"),
    Column("id_number", "身份证号", ID_NUMBER, EVERY_ROW, width=22, header_aliases=("身份证号码", "公民身份号码"),
           help="18 位居民身份证号，末位可为 X。本列已设为文本格式；若 Excel 把号码变成了 1.10105E+17，"
                "请把单元格设为文本后重新输入。同一人在系统中只能登记一次。"),
    Column("phone", "联系电话", PHONE, width=15, header_aliases=("手机号", "手机号码", "电话"),
           help="7 至 15 位数字（手机或固定电话），可不填。"),
    Column("hukou_type", "户口性质", CHOICE, OPTIONAL, HUKOU_LABELS, HUKOU_ALIASES, width=10,
           help="城镇或农村，可不填。"),
    Column("employment_status", "就业状况", CHOICE, EVERY_ROW, EMPLOYMENT_LABELS, EMPLOYMENT_ALIASES, width=12,
           help="决定是否属于零劳动力家庭：全家没有“在岗”或“下岗失业”的成员即为零劳动力家庭。"),
    Column("has_major_illness", "患重大疾病", YES_NO, OPTIONAL, YES_NO_LABELS, YES_NO_ALIASES, width=11,
           help="是或否，不填视为否。"),
    Column("disability_or_mental_illness", "残疾或精神疾病", YES_NO, OPTIONAL, YES_NO_LABELS, YES_NO_ALIASES,
           width=14, help="是或否，不填视为否。"),
    Column("disability_type", "残疾类别", CHOICE, OPTIONAL, DISABILITY_TYPES, width=11,
           help="按残疾人证填写，可不填。"),
    Column("disability_grade", "残疾等级", GRADE, OPTIONAL, DISABILITY_GRADES, width=10,
           help="一级至四级（也可填 1 至 4），可不填。"),
    Column("monthly_income_fen", "月收入（元）", MONEY, width=12, header_aliases=("月收入", "月收入(元)"),
           help="本人每月收入，单位元，可保留两位小数，不填视为 0。"),
    Column("employer_name", "工作单位", TEXT, width=20, help="可不填。"),
    Column("is_union_member", "是否工会会员", YES_NO, OPTIONAL, YES_NO_LABELS, YES_NO_ALIASES, width=12,
           help="是或否，不填视为是（新登记人员）。"),
    Column("unit_code", "所属单位代码", UNIT, household_level=True, width=14, header_aliases=("单位代码",),
           help="户主行填写：档案所属的街道（乡镇）或基层工会代码；不填则为导入时选择的单位。"
                "必须是导入单位本身或其下级，且在您的数据范围内。"),
    Column("address", "家庭住址", TEXT, household_level=True, width=30, help="户主行填写，可不填。"),
    Column("level", "档案级别", CHOICE, OPTIONAL, LEVEL_LABELS, household_level=True, width=10,
           help="户主行填写：全国级、省级、市级、区县级或基层；不填为基层。"),
    Column("primary_cause", "主要致困原因", CHOICE, HEAD_ROW, CAUSE_LABELS, household_level=True, width=18,
           help="户主行必填，从十类致困原因中选择一项。"),
    Column("secondary_cause_1", "次要致困原因1", CHOICE, OPTIONAL, CAUSE_LABELS, household_level=True, width=18,
           help="户主行填写，最多三项，不能与主要致困原因重复，可不填。"),
    Column("secondary_cause_2", "次要致困原因2", CHOICE, OPTIONAL, CAUSE_LABELS, household_level=True, width=18),
    Column("secondary_cause_3", "次要致困原因3", CHOICE, OPTIONAL, CAUSE_LABELS, household_level=True, width=18),
    Column("incident_on", "意外或灾害发生日期", DATE, household_level=True, width=16, past_event=True,
           help="户主行填写：遭受意外事故或自然灾害的日期（用于“意外致困”认定），如 2024-03-05、2024/3/5 或"
                " 2024年3月5日，不能晚于今天，可不填。"),
    Column("contact", "帮扶联系人账号", USERNAME, household_level=True, width=14,
           help="户主行填写：帮扶联系人（社工）的登录账号，须为本单位、上级或下级单位在职人员，可不填。"),
    Column("note", "备注", TEXT, household_level=True, width=20, help="户主行填写，记入档案时间线，可不填。"),
)

COLUMNS_BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS}
SECONDARY_CAUSE_KEYS = ("secondary_cause_1", "secondary_cause_2", "secondary_cause_3")
DATA_SHEET = "家庭成员"
INSTRUCTIONS_SHEET = "填写说明"
LISTS_SHEET = "代码表"


_HEADER_SPACES = re.compile(r"\s+")
_HEADER_NOTE = re.compile(r"（[^（）]*）$")


def normalise_header(text: object) -> str:
    """`姓名*`, ` 姓 名 `, `月收入(元)`, a header on two lines → the bare header used to find the column."""
    value = _HEADER_SPACES.sub("", unicodedata.normalize("NFKC", str(text or ""))).rstrip("*＊")
    return value.replace("(", "（").replace(")", "）")


def header_lookup() -> dict[str, Column]:
    lookup: dict[str, Column] = {}
    for column in COLUMNS:
        for name in (column.header, *column.header_aliases):
            lookup[normalise_header(name)] = column
    return lookup


def column_for_header(lookup: dict[str, Column], text: object) -> Column | None:
    """The column a header cell names, also when the office added a note in brackets (`身份证号码（18位）`,
    `联系电话(手机)`): the template's own bracketed headers (`月收入（元）`) are matched whole first."""
    header = normalise_header(text)
    return lookup.get(header) or lookup.get(_HEADER_NOTE.sub("", header))
