"""Every Chinese sentence the matching engine says: reasons for a score, an exclusion, a non-assignment.

Functions here take plain values (names, numbers, masks) so that the wording can change without
touching the scoring, and so that this module imports nothing else of the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

LEVEL_NAMES = ("大类", "中类", "小类", "细类")
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
HOURS_PER_DAY = 24
LIST_SEPARATOR = "、"
MAX_LISTED = 5

# Labels of the accommodation codes the platform uses; an unknown code is shown as it is.
ACCOMMODATION_LABELS = {
    "wheelchair": "无障碍通行",
    "accessible_toilet": "无障碍卫生间",
    "flexible_hours": "弹性工时",
    "part_time": "可兼职",
    "remote": "可居家办公",
    "sign_language": "手语沟通",
    "screen_reader": "读屏辅助",
    "seated_work": "可坐姿作业",
    "light_duty": "轻体力劳动",
    "quiet": "安静环境",
    "childcare": "可兼顾照护",
}

FILTER_LABELS = {
    "validity": "岗位已过有效期",
    "capacity": "岗位已招满",
    "district": "不在可接受区域",
    "commute": "超出通勤距离",
    "schedule": "班次不在空闲时间内",
    "wage": "工资低于期望",
    "accommodation": "缺少所需便利",
}

PART_LABELS = {
    "occupation": "职业",
    "tags": "标签",
    "text": "描述",
    "intention": "意向",
    "district": "区域",
    "wage": "工资",
    "priority": "优先",
}


# --- numbers, money, time -------------------------------------------------------------------------


def format_yuan(fen: int) -> str:
    """Integer fen as 元 with thousands separators: 400000 → "4,000 元", 400050 → "4,000.50 元"."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    body = f"{yuan:,}" if cents == 0 else f"{yuan:,}.{cents:02d}"
    return f"{sign}{body} 元"


def format_yuan_range(low_fen: int, high_fen: int) -> str:
    """A wage range: "4,500–6,000 元", or one figure when both ends are equal."""
    if low_fen == high_fen:
        return format_yuan(low_fen)
    return f"{format_yuan(low_fen)[:-2]}–{format_yuan(high_fen)}"


def format_km(km: float) -> str:
    return f"{km:.1f}"


def format_limit_km(km: float) -> str:
    return f"{km:g}"


def _hour_ranges(day_bits: int) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    hour = 0
    while hour < HOURS_PER_DAY:
        if day_bits >> hour & 1:
            start = hour
            while hour < HOURS_PER_DAY and day_bits >> hour & 1:
                hour += 1
            ranges.append((start, hour))
        else:
            hour += 1
    return ranges


def describe_slots(mask: int) -> str:
    """A weekly slot mask in words: "周一至周五 09–18 时、周六 09–12 时".

    Bit ``weekday*24 + hour`` is the hour [hour, hour+1) of that weekday (0 = 周一). Consecutive
    days with the same hours are joined with 至.
    """
    day_texts: list[str] = []
    for weekday in range(len(WEEKDAY_NAMES)):
        ranges = _hour_ranges(mask >> (weekday * HOURS_PER_DAY) & ((1 << HOURS_PER_DAY) - 1))
        day_texts.append(",".join(f"{start:02d}–{end:02d}" for start, end in ranges))
    parts: list[str] = []
    weekday = 0
    while weekday < len(WEEKDAY_NAMES):
        last = weekday
        while last + 1 < len(WEEKDAY_NAMES) and day_texts[last + 1] == day_texts[weekday]:
            last += 1
        if day_texts[weekday]:
            days = WEEKDAY_NAMES[weekday]
            if last > weekday:
                days = f"{days}至{WEEKDAY_NAMES[last]}"
            parts.append(f"{days} {day_texts[weekday]} 时")
        weekday = last + 1
    return LIST_SEPARATOR.join(parts)


def accommodation_label(code: str) -> str:
    return ACCOMMODATION_LABELS.get(code, code)


def outermost_terms(terms: Sequence[str]) -> list[str]:
    """Drop terms contained in another listed term: search-mode tokens "收银", "收银员" → "收银员"."""
    return [term for term in terms if not any(term != other and term in other for other in terms)]


def join_list(items: Iterable[str], limit: int = MAX_LISTED) -> str:
    """Items joined with 、 (甲、乙、丙): at most ``limit`` of them, then "等 N 项"."""
    listed = list(items)
    shown = LIST_SEPARATOR.join(listed[:limit])
    if len(listed) > limit:
        shown += f"等 {len(listed)} 项"
    return shown


# --- why a pair was excluded ---------------------------------------------------------------------


def reason_expired(valid_until: date) -> str:
    return f"岗位已过有效期（有效期至 {valid_until.isoformat()}）"


def reason_full() -> str:
    return "岗位已招满（剩余名额 0）"


def reason_outside_districts(district_name: str) -> str:
    return f"不在可接受区域：{district_name}"


def reason_commute_too_far(district_name: str, km: float, limit_km: float) -> str:
    return f"超出通勤距离：{district_name}约 {format_km(km)} 公里，上限 {format_limit_km(limit_km)} 公里"


def reason_commute_unknown(district_name: str) -> str:
    return f"无法计算通勤距离：缺少{district_name}的坐标"


def reason_schedule(outside_mask: int) -> str:
    return f"班次不在空闲时间内：{describe_slots(outside_mask)}"


def reason_wage(wage_max_fen: int, wage_floor_fen: int) -> str:
    return f"工资低于期望：岗位最高 {format_yuan(wage_max_fen)}，期望不低于 {format_yuan(wage_floor_fen)}"


def reason_accommodation(missing: Iterable[str]) -> str:
    labels = [accommodation_label(code) for code in sorted(missing)]
    return f"缺少所需便利：{join_list(labels)}"


# --- why a pair scores what it scores ------------------------------------------------------------


def reason_occupation(
    *,
    covered: bool,
    shared: int,
    seeker_code: str,
    opening_code: str,
    node_name: str | None,
) -> str:
    """E.g. 职业相同（细类 4-01-02-01 营销员）, 职业符合意向（小类 4-01-02 销售人员）,
    职业相近（同小类 4-01-02 销售人员）."""
    if covered:
        level = LEVEL_NAMES[shared - 1]
        node = _node_text(seeker_code, node_name)
        if seeker_code == opening_code:
            return f"职业相同（{level} {node}）"
        return f"职业符合意向（{level} {node}）"
    node_code = "-".join(opening_code.split("-")[:shared])
    return f"职业相近（同{LEVEL_NAMES[shared - 1]} {_node_text(node_code, node_name)}）"


def _node_text(code: str, name: str | None) -> str:
    return f"{code} {name}" if name else code


def reason_editions_differ(seeker_edition: str, opening_edition: str) -> str:
    return f"职业分类版本不同（{seeker_edition} 与 {opening_edition}），未比较职业"


def reason_tags(shared: Sequence[str], opening_tag_count: int) -> str:
    """E.g. 标签重合 3 项：电商、客服、Excel（岗位共 4 项）."""
    text = f"标签重合 {len(shared)} 项：{join_list(shared)}"
    if opening_tag_count > len(shared):
        text += f"（岗位共 {opening_tag_count} 项）"
    return text


def reason_text(shared_terms: Sequence[str]) -> str:
    return f"经历与岗位描述相关：{join_list(outermost_terms(shared_terms), limit=3)}"


def reason_intention(shared_terms: Sequence[str]) -> str:
    return f"求职意向提到：{join_list(outermost_terms(shared_terms), limit=3)}"


def reason_wage_fit(wage_floor_fen: int, wage_min_fen: int, wage_max_fen: int) -> str:
    offered = format_yuan_range(wage_min_fen, wage_max_fen)
    if wage_floor_fen <= 0:
        return f"未填期望月薪，岗位 {offered}"
    return f"期望月薪 {format_yuan(wage_floor_fen)}，岗位 {offered}"


def reason_same_district(district_name: str) -> str:
    return f"同区（{district_name}）"


def reason_distance(district_name: str, km: float) -> str:
    return f"距离约 {format_km(km)} 公里（{district_name}）"


def reason_priority() -> str:
    return "就业困难人员，优先推荐"


# --- why a seeker was left without a job in the assignment ---------------------------------------


def reason_no_openings() -> str:
    return "没有在招岗位"


def reason_no_candidate(filter_name: str, excluded: int, total: int) -> str:
    """No opening passed the filters; name the filter that excluded the most openings."""
    return f"没有岗位通过筛选：排除最多的是「{FILTER_LABELS[filter_name]}」（{excluded}/{total} 个岗位）"


def reason_outbid(count: int, best_ids: Sequence[str]) -> str:
    """Every feasible opening (``count`` of them, the best named) is full with pairs of higher total."""
    listed = join_list(best_ids, limit=3) + ("等" if count > len(best_ids) else "")
    return f"候选岗位 {count} 个（{listed}）均已分配给总分更高的组合"


def reason_below_zero() -> str:
    return "候选岗位得分为 0，不作分配"
