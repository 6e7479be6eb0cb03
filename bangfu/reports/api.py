"""`GET /api/v1/reports/hardship?org=CODE`: the register's statistics for a unit in the caller's scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema

from bangfu.reports.bulletin import build_bulletin
from bangfu.reports.exports import audit_bulletin_export
from bangfu.reports.queries import report_unit
from bangfu.reports.stats import Cell, HardshipStatistics, hardship_statistics
from bangfu.reports.suppression import publish_count, publish_partition
from bangfu.reports.wording import share_phrase

router = Router(tags=["统计报表"])


class HardshipQuery(Schema):
    org: str | None = None
    published: bool = False


class CellOut(Schema):
    code: str
    name: str
    households: int | None  # None when suppressed (published=true and fewer than 5)
    display: str  # the number, or "<5" / "—" when suppressed
    share: float | None  # of households in file, 0–1; None when suppressed or nothing in file
    phrase: str | None  # the bulletin's wording of the share (近4成, 15% …)


class HardshipOut(Schema):
    org_code: str
    org_name: str
    as_of: str
    published: bool
    households_in_file: int | None
    files_all_statuses: int | None
    by_cause: list[CellOut]
    by_seed_category: list[CellOut]
    multi_cause: CellOut
    multi_seed_category: CellOut
    by_tier: list[CellOut]
    by_district: list[CellOut]
    by_status: list[CellOut]
    bulletin: list[str]


def _cells(cells: list[Cell], whole: int, published: bool, partition: bool) -> list[CellOut]:
    counts = [c.households for c in cells]
    shown = publish_partition(counts) if partition else [publish_count(n) for n in counts]
    out = []
    for cell, published_cell in zip(cells, shown, strict=True):
        households: int | None = cell.households
        display = str(cell.households)
        if published and not published_cell.shown:
            households, display = None, published_cell.text
        share = cell.households / whole if whole and households is not None else None
        phrase = share_phrase(cell.households, whole) if whole and households is not None else None
        out.append(CellOut(code=cell.code, name=cell.name, households=households, display=display, share=share,
                           phrase=phrase))
    return out


def _out(stats: HardshipStatistics, published: bool) -> HardshipOut:
    whole = stats.in_file
    small_total = published and 0 < whole < 5
    return HardshipOut(
        org_code=stats.org.code, org_name=stats.org.name, as_of=stats.as_of.isoformat(), published=published,
        households_in_file=None if small_total else whole, files_all_statuses=None if small_total else stats.files,
        by_cause=_cells(stats.by_cause, whole, published, False),
        by_seed_category=_cells(stats.by_seed_category, whole, published, False),
        multi_cause=_cells([Cell("multi_cause", "兼有两项或多项（十类）", stats.multi_cause)],
                           whole, published, False)[0],
        multi_seed_category=_cells([Cell("multi_seed_category", "兼有两项或多项（分类）", stats.multi_seed_category)],
                                   whole, published, False)[0],
        by_tier=_cells(stats.by_tier, whole, published, True),
        by_district=_cells(stats.by_district, whole, published, True),
        by_status=_cells(stats.by_status, stats.files, published, True),
        bulletin=build_bulletin(stats).paragraphs if published else [],
    )


@router.get("/reports/hardship", response=HardshipOut, summary="困难职工家庭统计",
            description="某单位（org，默认本人单位）及其下级的在档困难职工家庭：按致困原因（一户多因分别计数）、"
                        "兼有两项及以上原因的比例、困难程度、下级单位和档案状态统计。published=true 时按公开口径："
                        "少于 5 户的格子隐去（\"<5\"，为防推算而隐去的为 \"—\"），并附统计简报正文。"
                        "单位不在数据范围内时返回 404。")
def reports_hardship(request: HttpRequest, query: Query[HardshipQuery]) -> HardshipOut:
    if not request.user.has_perm("people.view_hardshipfile"):
        raise PermissionDenied
    org = report_unit(request.user, query.org)
    out = _out(hardship_statistics(request.user, org), query.published)
    if query.published:  # the bulletin's text goes out, as with the page's .txt/.xlsx download: recorded alike
        audit_bulletin_export(request.user, org, "json")
    return out
