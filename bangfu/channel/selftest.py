"""困难自测: a household's income after essential costs, per head, against the local minimum ×1 and ×2.

Pure arithmetic over values the worker types (nothing is stored): the local minimum is the register's own
`LocalMinimum` table (through `people.facts.MinimumTable`, the one tiers use), and the exclusion rules are
the common ones of the unions' filing rules (a car, a business, a second home, large savings). The answer
says in plain Chinese what the figures mean and what to do next; staff decide, the test only guides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bangfu.core.errors import ServiceError
from bangfu.core.money import format_yuan
from bangfu.people.facts import MinimumTable

MAX_HOUSEHOLD = 20

# Exclusion rules (any one excludes a household from filing on income grounds), with the worker's wording.
EXCLUSIONS: dict[str, str] = {
    "car": "家庭成员名下有机动车辆（残疾人功能性补偿代步车除外）",
    "business": "家庭成员开办企业或从事个体经营且有雇工",
    "second_home": "家庭拥有两套及以上住房",
    "savings": "家庭存款、有价证券等金融资产人均超过当地低保标准 24 倍",
}


class Verdict:
    EXCLUDED = "excluded"
    DEEP = "deep"  # ≤ 1× minimum
    RELATIVE = "relative"  # ≤ 2× minimum
    ABOVE = "above"


@dataclass(frozen=True)
class SelfTestInput:
    household_size: int
    monthly_income_fen: int  # the whole household's income a month
    essential_costs_fen: int = 0  # a month: out-of-pocket medical costs, children's schooling
    region_code: str = ""
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SelfTestResult:
    verdict: str
    per_capita_fen: int
    minimum_fen: int
    headline: str
    explanation: tuple[str, ...]
    next_steps: tuple[str, ...]

    @property
    def may_apply(self) -> bool:
        return self.verdict in (Verdict.DEEP, Verdict.RELATIVE)


def _check(data: SelfTestInput) -> None:
    if not 1 <= data.household_size <= MAX_HOUSEHOLD:
        raise ServiceError(f"家庭人口：应在 1 至 {MAX_HOUSEHOLD} 人之间。")
    if data.monthly_income_fen < 0:
        raise ServiceError("家庭月收入：不能为负数。")
    if data.essential_costs_fen < 0:
        raise ServiceError("每月必需支出：不能为负数。")
    unknown = [code for code in data.exclusions if code not in EXCLUSIONS]
    if unknown:
        raise ServiceError(f"家庭情况：无效的选项 {'、'.join(unknown)}。")


def run_self_test(data: SelfTestInput, *, on: dt.date, table: MinimumTable | None = None) -> SelfTestResult:
    """The verdict and its reasons; `table` defaults to the register's local minimums."""
    _check(data)
    minimum = (table or MinimumTable.load()).monthly_fen(data.region_code, on)
    if minimum <= 0:
        raise ServiceError("所在地区：尚未设置当地最低生活保障标准，请拨打 12351 咨询。")
    per_capita = max(0, data.monthly_income_fen - data.essential_costs_fen) // data.household_size
    figures = (
        f"家庭月收入 {format_yuan(data.monthly_income_fen)}，扣除每月必需支出 {format_yuan(data.essential_costs_fen)}，"
        f"{data.household_size} 口人，人均每月 {format_yuan(per_capita)}。",
        f"当地最低生活保障标准为每人每月 {format_yuan(minimum)}，2 倍为 {format_yuan(2 * minimum)}。",
    )
    if data.exclusions:
        reasons = tuple(f"不符合建档条件的情形：{EXCLUSIONS[code]}。" for code in data.exclusions)
        return SelfTestResult(
            Verdict.EXCLUDED, per_capita, minimum, "按您填写的情况，暂不符合困难职工建档条件。", figures + reasons,
            ("如因重大疾病、意外事故等突然致困，或对结果有疑问，请拨打 12351 职工服务热线或到所在街道工会咨询。",
             "您仍可申请法律援助等其他服务。"))
    if per_capita <= minimum:
        return SelfTestResult(
            Verdict.DEEP, per_capita, minimum, "您的家庭可能符合深度困难职工的条件。",
            (*figures, "人均收入不高于当地低保标准。"),
            ("可以在线申请困难帮扶：填写家庭成员和收入，拍照上传收入证明、病历等材料。",
             "提交后由所在街道工会受理，工作人员会入户调查并公示，结果在“我的申请”中查看。"))
    if per_capita <= 2 * minimum:
        return SelfTestResult(
            Verdict.RELATIVE, per_capita, minimum, "您的家庭可能符合相对困难职工的条件。",
            (*figures, "人均收入高于当地低保标准、但不高于 2 倍。"),
            ("可以在线申请困难帮扶；因病、因学、失业等原因致困的，请一并说明并上传证明材料。",
             "提交后由所在街道工会受理，结果在“我的申请”中查看。"))
    return SelfTestResult(
        Verdict.ABOVE, per_capita, minimum, "按收入计算，您的家庭暂不符合困难职工建档条件。",
        (*figures, "人均收入高于当地低保标准的 2 倍。"),
        ("如遭受意外事故、自然灾害或重大疾病，刚性支出远超收入的，可按“意外致困”申请，请先拨打 12351 咨询。",
         "就业、培训、法律援助等服务不受收入限制，可以直接申请或咨询。"))
