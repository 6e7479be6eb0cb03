"""The generated statistical bulletin (统计简报) of a unit's register, worded the way the seed page is.

Every figure passes suppression (see suppression.py) before it is printed; shares are worded by the
table in wording.py. The bulletin is plain Chinese paragraphs plus the published tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bangfu.reports.stats import HardshipStatistics
from bangfu.reports.suppression import (
    HIDDEN,
    Published,
    is_small,
    publish_count,
    publish_partition,
    small_text,
    threshold,
)
from bangfu.reports.wording import is_percent_like, share_phrase

# For each of the seed's categories: what follows a 成-type share, and what follows a percent-type one.
# The seed's own sentences: "近4成家庭的家庭成员下岗失业", "15%的家庭成员无劳动能力属“零劳动力家庭”".
CLAUSES: dict[str, tuple[str, str]] = {
    "laid_off": ("家庭的家庭成员下岗失业", "的家庭有成员下岗失业"),
    "disability_or_mental_illness": ("家庭的家庭成员残疾或患有精神疾病", "的家庭有成员残疾或患有精神疾病"),
    "child_schooling": ("家庭子女上学费用支出大", "的家庭子女上学费用支出大"),
    "major_illness": ("职工自身罹患重大疾病医疗费用支出大", "的职工自身罹患重大疾病医疗费用支出大"),
    "zero_labour": ("家庭的家庭成员无劳动能力属“零劳动力家庭”", "的家庭成员无劳动能力属“零劳动力家庭”"),
    "multi": ("困难职工家庭兼有两项或多项上述致困原因", "的困难职工家庭兼有两项或多项上述致困原因"),
}
NONE_CLAUSES: dict[str, str] = {
    "laid_off": "没有家庭成员下岗失业的家庭", "disability_or_mental_illness": "没有家庭成员残疾或患有精神疾病的家庭",
    "child_schooling": "没有子女上学费用支出大的家庭", "major_illness": "没有职工自身罹患重大疾病的家庭",
    "zero_labour": "没有“零劳动力家庭”", "multi": "没有兼有两项或多项上述致困原因的家庭",
}
def note(limit: int) -> str:
    return (f"说明：统计对象为在档（正式建档、临时档案、返困）困难职工家庭，一户有多项致困原因的在各项中分别计数。"
            f"为保护个人信息，少于{limit}户的数据以“{small_text(limit)}”表示，为防止推算而隐去的数据以“{HIDDEN}”表示。")


@dataclass(frozen=True)
class PublishedRow:
    name: str
    cell: Published


@dataclass
class Bulletin:
    title: str
    date_line: str
    paragraphs: list[str]
    tables: dict[str, list[PublishedRow]] = field(default_factory=dict)
    cause_phrases: dict[str, str] = field(default_factory=dict)  # category code → share phrase, as printed

    @property
    def text(self) -> str:
        lines = [self.title, self.date_line, "", *self.paragraphs]
        for name, rows in self.tables.items():
            lines += ["", name]
            lines += [f"  {row.name}：{row.cell.text}" for row in rows]
        return "\n".join(lines) + "\n"


def clause(code: str, households: int, whole: int, limit: int) -> tuple[str, str]:
    """(the sentence part, the share phrase) for `households` of `whole` in one of the seed's categories."""
    if households == 0:
        return NONE_CLAUSES[code], "无"
    if is_small(households, limit):
        return f"少于{limit}户{CLAUSES[code][1]}", small_text(limit)
    phrase = share_phrase(households, whole)
    cheng, percent = CLAUSES[code]
    return f"{phrase}{percent if is_percent_like(phrase) else cheng}", phrase


def _date(stats: HardshipStatistics) -> str:
    day = stats.as_of
    return f"{day.year}年{day.month}月{day.day}日"


def build_bulletin(stats: HardshipStatistics) -> Bulletin:
    org = stats.org.name
    total = stats.in_file
    bulletin = Bulletin(title=f"{org}困难职工家庭统计简报", date_line=f"（截至{_date(stats)}）", paragraphs=[])
    limit = threshold()  # one value for the whole bulletin
    if total < limit:
        shown = "无" if total == 0 else small_text(limit)
        bulletin.paragraphs = [f"截至{_date(stats)}，{org}在档困难职工家庭{shown}户。"
                               f"在档家庭少于{limit}户，为保护个人信息，不公布分项统计。", note(limit)]
        return bulletin
    statuses = {cell.code: cell.households for cell in stats.by_status}
    in_file_parts = publish_partition([statuses.get("formal", 0), statuses.get("temporary", 0),
                                       statuses.get("returned", 0)], limit)
    bulletin.paragraphs.append(
        f"一、总体情况。截至{_date(stats)}，{org}在档困难职工家庭{total}户，其中正式建档{in_file_parts[0].text}户、"
        f"临时档案{in_file_parts[1].text}户、返困{in_file_parts[2].text}户。")
    parts = []
    for cell in stats.by_seed_category:
        text, phrase = clause(cell.code, cell.households, total, limit)
        parts.append(text)
        bulletin.cause_phrases[cell.code] = phrase
    multi_text, multi_phrase = clause("multi", stats.multi_seed_category, total, limit)
    bulletin.cause_phrases["multi"] = multi_phrase
    bulletin.paragraphs.append(
        f"二、致困原因。{org}在档困难职工家庭存在多重致困原因。统计数据显示，{'，'.join(parts[:4])}，{parts[4]}。"
        f"此外，{multi_text}。")
    cause_cells = [PublishedRow(c.name, publish_count(c.households, limit)) for c in stats.by_cause]
    bulletin.paragraphs.append(
        "三、按全总十类致困原因统计（一户可有多项原因）："
        + "、".join(f"{row.name}{row.cell.text}户" for row in cause_cells if row.cell.text != "0") + "。")
    tiers = _partition_rows([(c.name, c.households) for c in stats.by_tier], limit)
    bulletin.paragraphs.append(
        "四、困难程度：" + "、".join(f"{row.name}{row.cell.text}户" for row in tiers) + "。")
    districts = _partition_rows([(c.name, c.households) for c in stats.by_district], limit)
    if districts:
        bulletin.paragraphs.append(
            "五、分布：" + "、".join(f"{row.name}{row.cell.text}户" for row in districts) + "。")
    bulletin.paragraphs.append(note(limit))
    bulletin.tables = {
        "致困原因（全总十类）": cause_cells,
        "致困原因（分类）": [PublishedRow(c.name, publish_count(c.households, limit)) for c in stats.by_seed_category]
        + [PublishedRow("兼有两项或多项", publish_count(stats.multi_seed_category, limit))],
        "困难程度": tiers,
        "下级单位分布": districts,
    }
    return bulletin


def _partition_rows(named: list[tuple[str, int]], limit: int) -> list[PublishedRow]:
    cells = publish_partition([n for _name, n in named], limit)
    return [PublishedRow(name, cell) for (name, _n), cell in zip(named, cells, strict=True)]
