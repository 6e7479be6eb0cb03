"""Checking a rule before it is stored: shape, fields, operators and values, with Chinese messages.

Conditions are numbered in reading order ("第 2 个条件"), which is also the row number in the form.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from bangfu.assistance.rules.fields import (
    BOOL,
    CHOICE,
    CONTAINS,
    DATE,
    EQ,
    EXISTS,
    GTE,
    IN,
    IS_FALSE,
    IS_TRUE,
    LTE,
    NUMBER,
    TAGS,
    TEXT,
    WITHIN_MONTHS,
    field_name,
    field_spec,
    offered_fields,
)
from bangfu.core.errors import ServiceError

MAX_DEPTH = 4
MAX_CONDITIONS = 40
MAX_VALUES = 50


class RuleError(ServiceError):
    """A rule that cannot be stored; the message names the condition."""


def _fail(position: int, message: str) -> RuleError:
    return RuleError(f"第 {position} 个条件：{message}")


def _normalize_values(spec: Any, op: str, value: Any, position: int) -> Any:
    if spec.type in (BOOL, EXISTS):
        return None
    if op == WITHIN_MONTHS or spec.type == NUMBER:
        try:
            number = int(value[0] if isinstance(value, list) and len(value) == 1 else value)
        except (TypeError, ValueError):
            raise _fail(position, f"“{field_name(spec)}”的值应为整数") from None
        if number < 0 or number > 1200:
            raise _fail(position, f"“{field_name(spec)}”的值 {number} 超出范围（0–1200）")
        return number
    values = value if isinstance(value, list) else [value]
    values = [str(item).strip() for item in values if str(item).strip()]
    if not values:
        raise _fail(position, f"请为“{field_name(spec)}”选择或填写至少一个值")
    if len(values) > MAX_VALUES:
        raise _fail(position, f"“{field_name(spec)}”的值最多 {MAX_VALUES} 个")
    if not spec.free_values:
        allowed = {code for code, _label in spec.choice_list()}
        unknown = [item for item in values if item not in allowed]
        if unknown:
            raise _fail(position, f"“{field_name(spec)}”没有可选值“{unknown[0]}”")
    if op == EQ:
        if len(values) != 1:
            raise _fail(position, f"“等于”只能有一个值，实际为 {len(values)} 个")
        return values[0]
    return list(dict.fromkeys(values))


_OP_TYPES = {EQ: (CHOICE, TEXT, NUMBER), IN: (CHOICE, TEXT), CONTAINS: (TAGS,), IS_TRUE: (BOOL, EXISTS),
             IS_FALSE: (BOOL, EXISTS), GTE: (NUMBER,), LTE: (NUMBER,), WITHIN_MONTHS: (DATE,)}


def validate_rule(rule: Any) -> dict[str, Any]:
    """Return the rule normalised (values typed, duplicates removed); raise RuleError otherwise."""
    counter = {"n": 0}

    def walk(node: Any, depth: int) -> dict[str, Any]:
        if not isinstance(node, dict):
            raise RuleError("规则格式不正确：每一项应为条件或条件组")
        if depth > MAX_DEPTH:
            raise RuleError(f"规则嵌套最多 {MAX_DEPTH} 层")
        combinators = [key for key in ("all", "any") if key in node]
        if combinators:
            if len(node) != 1:
                raise RuleError("条件组只能包含“all”（全部满足）或“any”（任一满足）之一")
            children = node[combinators[0]]
            if not isinstance(children, list) or not children:
                raise RuleError("条件组至少要有一个条件")
            return {combinators[0]: [walk(child, depth + 1) for child in children]}
        counter["n"] += 1
        position = counter["n"]
        if counter["n"] > MAX_CONDITIONS:
            raise RuleError(f"一条规则最多 {MAX_CONDITIONS} 个条件")
        unknown_keys = set(node) - {"field", "op", "value"}
        if unknown_keys:
            raise _fail(position, f"不认识的键“{sorted(unknown_keys)[0]}”")
        spec = field_spec(str(node.get("field", "")))
        if spec is None:
            raise _fail(position, f"字段“{node.get('field', '')}”不在可用字段之列")
        op = str(node.get("op", ""))
        if op not in spec.operators or spec.type not in _OP_TYPES.get(op, ()):
            raise _fail(position, f"字段“{field_name(spec)}”不支持运算“{op}”")
        value = _normalize_values(spec, op, node.get("value"), position)
        leaf: dict[str, Any] = {"field": spec.key, "op": op}
        if value is not None:
            leaf["value"] = value
        return leaf

    normalized = walk(rule, 1)
    if "field" in normalized:
        normalized = {"all": [normalized]}
    return normalized


def conditions_of(rule: dict[str, Any]) -> list[dict[str, Any]]:
    """The leaf conditions in reading order."""
    if "field" in rule:
        return [rule]
    key = "all" if "all" in rule else "any"
    return [leaf for child in rule[key] for leaf in conditions_of(child)]


def refuse_disabled_fields(rule: dict[str, Any], kept: dict[str, Any] | None = None) -> None:
    """Refuse a condition on a field the administrators disabled (字典管理 “送温暖对象规则字段”) unless the rule
    being replaced (``kept``) held that very condition (field, operator and values): a disabled field keeps
    working where it was — the rule may be renamed, regrouped or have other conditions changed — and is never
    given a new condition."""
    offered = {spec.key for spec, _name in offered_fields()}
    held = Counter(_condition_key(leaf) for leaf in conditions_of(kept)) if kept else Counter()
    for position, leaf in enumerate(conditions_of(rule), start=1):
        if leaf["field"] in offered:
            continue
        key = _condition_key(leaf)
        if held[key] > 0:
            held[key] -= 1
            continue
        spec = field_spec(leaf["field"])
        name = field_name(spec) if spec is not None else leaf["field"]
        raise _fail(position, f"字段“{name}”已在字典管理中停用，不能用于新的条件")


def _condition_key(leaf: dict[str, Any]) -> str:
    """A normalised condition as one comparable value (values in a stable order)."""
    return json.dumps(leaf, sort_keys=True, ensure_ascii=False, default=str)
