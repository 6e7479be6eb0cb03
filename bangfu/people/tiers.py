"""The hardship tier (深度困难 / 相对困难 / 意外致困) from explicit rules kept as data, with Chinese reasons.

Rules live in the `TierRule` table (editable in the admin); while it is empty, the bundled defaults in
`people/fixtures/tier_rules.json` apply (the same file `manage.py loaddata tier_rules` installs).
A rule is a tree of conditions over a household's facts:

    {"all": [{"fact": "income_ratio", "op": "<=", "value": 1.0},
             {"any": [{"fact": "zero_labour", "op": "is", "value": true}, ...]}]}

`compute_tier(facts, rules)` is pure: load the rules once (`load_tier_rules()`), then call it for
every household — the Excel importer does so in bulk without a query per row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bangfu.core.money import format_yuan
from bangfu.people.models import Cause, Tier, TierRule
from bangfu.people.vocab import TIER_NAMES_ZH, cause_name

DEFAULT_RULES_FILE = Path(__file__).resolve().parent / "fixtures" / "tier_rules.json"


class TierRuleError(ValueError):
    """A rule that cannot be evaluated (unknown fact or operator, wrong value); the message is Chinese."""


@dataclass(frozen=True)
class TierFacts:
    """What the rules look at, for one household on one day."""

    income_per_capita_fen: int
    local_minimum_fen: int
    zero_labour: bool = False
    major_illness: bool = False
    disability_or_mental_illness: bool = False
    causes: frozenset[str] = frozenset()
    incident_on: dt.date | None = None
    household_size: int = 1
    as_of: dt.date = field(default_factory=dt.date.today)

    @property
    def income_ratio(self) -> float | None:
        if self.local_minimum_fen <= 0:
            return None
        return self.income_per_capita_fen / self.local_minimum_fen

    @property
    def days_since_incident(self) -> int | None:
        if self.incident_on is None or self.incident_on > self.as_of:
            return None
        return (self.as_of - self.incident_on).days


@dataclass(frozen=True)
class TierRuleSpec:
    code: str
    tier: str
    priority: int
    conditions: dict[str, Any]
    description: str


@dataclass(frozen=True)
class TierResult:
    tier: str  # a Tier value, or "" when no rule holds
    reasons: tuple[str, ...]
    rule_code: str = ""

    @property
    def tier_name(self) -> str:
        return TIER_NAMES_ZH.get(self.tier, "未达到认定标准")


# --- facts and operators ------------------------------------------------------------------------------

_COMPARISONS: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "<=": ("不高于", lambda a, b: a <= b),
    "<": ("低于", lambda a, b: a < b),
    ">=": ("不低于", lambda a, b: a >= b),
    ">": ("高于", lambda a, b: a > b),
    "==": ("等于", lambda a, b: a == b),
}
_NUMERIC_FACTS = ("income_ratio", "days_since_incident", "household_size")
_FLAG_FACTS: dict[str, str] = {
    "zero_labour": "零劳动力家庭",
    "major_illness": "家庭成员患重特大疾病",
    "disability_or_mental_illness": "家庭成员残疾或患有精神疾病",
}


def _describe_number(fact: str, facts: TierFacts, op: str, value: float) -> str:
    op_words = _COMPARISONS[op][0]
    if fact == "income_ratio":
        ratio = facts.income_ratio or 0.0
        return (f"人均月收入 {format_yuan(facts.income_per_capita_fen)}，为当地低保标准 "
                f"{format_yuan(facts.local_minimum_fen)}的 {ratio:.2f} 倍（{op_words} {value:g} 倍）")
    if fact == "days_since_incident":
        return (f"{facts.incident_on:%Y-%m-%d} 遭受意外事故或自然灾害，距评定日 {facts.days_since_incident} 天"
                f"（{op_words} {value:g} 天）")
    return f"家庭人口 {facts.household_size} 人（{op_words} {value:g} 人）"


def _check_leaf(node: dict[str, Any]) -> None:
    fact, op, value = node.get("fact"), node.get("op"), node.get("value")
    if fact in _NUMERIC_FACTS:
        if op not in _COMPARISONS:
            raise TierRuleError(f"条件“{fact}”的比较符“{op}”无效，应为 <=、<、>=、> 或 ==")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TierRuleError(f"条件“{fact}”的取值应为数字")
    elif fact in _FLAG_FACTS:
        if op != "is" or not isinstance(value, bool):
            raise TierRuleError(f"条件“{fact}”应写作 op=\"is\"，取值 true 或 false")
    elif fact == "cause":
        if op != "has" or value not in Cause.values:
            raise TierRuleError(f"条件“cause”应写作 op=\"has\"，取值为十类致困原因代码之一（收到“{value}”）")
    else:
        raise TierRuleError(f"未知的条件项“{fact}”")


def validate_conditions(node: Any) -> None:
    """Raise TierRuleError unless `node` is a well-formed condition tree."""
    if not isinstance(node, dict):
        raise TierRuleError("条件应为 JSON 对象")
    if "all" in node or "any" in node:
        children = node.get("all", node.get("any"))
        if len(node) != 1 or not isinstance(children, list) or not children:
            raise TierRuleError("“all”/“any”应单独出现，且为非空列表")
        for child in children:
            validate_conditions(child)
        return
    _check_leaf(node)


def _evaluate(node: dict[str, Any], facts: TierFacts) -> tuple[bool, list[str]]:
    """Whether the condition holds, and the Chinese reasons of the parts that made it hold."""
    if "all" in node:
        reasons: list[str] = []
        for child in node["all"]:
            holds, child_reasons = _evaluate(child, facts)
            if not holds:
                return False, []
            reasons += child_reasons
        return True, reasons
    if "any" in node:
        reasons = []
        for child in node["any"]:
            holds, child_reasons = _evaluate(child, facts)
            if holds:
                reasons += child_reasons
        return bool(reasons), reasons
    fact, op, value = node["fact"], node["op"], node["value"]
    if fact in _NUMERIC_FACTS:
        actual = getattr(facts, fact)
        if actual is None or not _COMPARISONS[op][1](actual, value):
            return False, []
        return True, [_describe_number(fact, facts, op, value)]
    if fact in _FLAG_FACTS:
        if bool(getattr(facts, fact)) is not value:
            return False, []
        return True, [_FLAG_FACTS[fact] if value else f"非{_FLAG_FACTS[fact]}"]
    if value in facts.causes:
        return True, [f"致困原因含“{cause_name(value)}”"]
    return False, []


def compute_tier(facts: TierFacts, rules: Sequence[TierRuleSpec]) -> TierResult:
    """The first rule (by priority) that holds decides the tier; its reasons say why, in Chinese."""
    for rule in sorted(rules, key=lambda r: (r.priority, r.code)):
        holds, reasons = _evaluate(rule.conditions, facts)
        if holds:
            return TierResult(rule.tier, (*reasons, f"符合规则：{rule.description}"), rule.code)
    ratio = facts.income_ratio
    if ratio is None:
        return TierResult("", ("未设置当地低保标准，无法评定困难程度",))
    return TierResult("", (f"人均月收入 {format_yuan(facts.income_per_capita_fen)}，为当地低保标准 "
                           f"{format_yuan(facts.local_minimum_fen)}的 {ratio:.2f} 倍，未达到任何困难程度认定标准",))


# --- loading --------------------------------------------------------------------------------------------

def rule_from_row(code: str, tier: str, priority: int, conditions: Any, description: str) -> TierRuleSpec:
    if tier not in Tier.values:
        raise TierRuleError(f"规则“{code}”的困难程度“{tier}”无效")
    validate_conditions(conditions)
    return TierRuleSpec(code=code, tier=tier, priority=int(priority), conditions=conditions, description=description)


def default_tier_rules() -> list[TierRuleSpec]:
    """The bundled rules (fixture format), used while the TierRule table is empty."""
    rows = json.loads(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))
    return [
        rule_from_row(f["code"], f["tier"], f["priority"], f["conditions"], f["description"])
        for f in (row["fields"] for row in rows)
        if f.get("is_active", True)
    ]


def load_tier_rules() -> list[TierRuleSpec]:
    """One query: the active rules of the table, or the bundled defaults when the table holds no rule."""
    rows = list(TierRule.objects.order_by("priority", "code"))
    if not rows:
        return default_tier_rules()
    return [rule_from_row(r.code, r.tier, r.priority, r.conditions, r.description) for r in rows if r.is_active]
