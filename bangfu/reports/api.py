"""`GET /api/v1/reports/hardship?org=CODE`: the register's statistics for a unit in the caller's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from bangfu.accounts.queries import unit_for
from bangfu.core.pagination import api_window
from bangfu.reports import plain_export
from bangfu.reports.bulletin import build_bulletin
from bangfu.reports.exports import audit_bulletin_export
from bangfu.reports.plain_views import XLSX
from bangfu.reports.queries import VIEW_FILES, plain_export_for, report_unit, visible_plain_exports
from bangfu.reports.stats import Cell, HardshipStatistics, hardship_statistics
from bangfu.reports.suppression import publish_count, publish_partition, threshold
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
    limit = threshold()
    shown = publish_partition(counts, limit) if partition else [publish_count(n, limit) for n in counts]
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
                        "少于小数抑制阈值（系统参数，默认 5 户）的格子隐去（\"<5\"，为防推算而隐去的为 \"—\"），"
                        "并附统计简报正文。"
                        "单位不在数据范围内时返回 404。")
def reports_hardship(request: HttpRequest, query: Query[HardshipQuery]) -> HardshipOut:
    if not request.user.has_perm(VIEW_FILES):
        raise PermissionDenied
    org = report_unit(request.user, query.org, VIEW_FILES)
    out = _out(hardship_statistics(request.user, org), query.published)
    if query.published:  # the bulletin's text goes out, as with the page's .txt/.xlsx download: recorded alike
        audit_bulletin_export(request.user, org, "json")
    return out


# --- Exports in clear (issue 9 §4): request with a purpose, a second person approves, the requester downloads once.

class PlainExportIn(Schema):
    org: str = Field(..., max_length=32, description="导出单位代码（须在本人数据范围内）")
    status: str = Field("", max_length=16, description="档案状态筛选：in_file、申请等状态代码；空为全部")
    reason: str = Field(..., max_length=300, description="导出明文的用途（必填）")


class PlainExportDecisionIn(Schema):
    note: str = Field("", max_length=300)


class PlainExportOut(Schema):
    id: int
    org: str
    status_filter: str
    reason: str
    status: str
    requested_by: str
    decided_by: str | None
    expires_at: dt.datetime | None
    downloaded_at: dt.datetime | None
    rows: int


def _plain_out(r: Any) -> PlainExportOut:
    return PlainExportOut(id=r.pk, org=r.org.code, status_filter=r.status_filter, reason=r.reason, status=r.status,
                          requested_by=r.created_by.username if r.created_by else "",
                          decided_by=r.decided_by.username if r.decided_by else None, expires_at=r.expires_at,
                          downloaded_at=r.downloaded_at, rows=r.rows)


@router.post("/reports/plain-exports", response={201: PlainExportOut}, summary="申请导出明文",
             description="明文（完整身份证号、电话）导出须说明用途，经申请人以外的第二人审批后，由申请人本人在 "
                         "BANGFU_PLAIN_EXPORT_HOURS 小时内下载一次。脱敏导出无需申请。")
def request_plain_export(request: HttpRequest, payload: PlainExportIn) -> Status:
    org = unit_for(request.user, payload.org, permission=plain_export.REQUEST_PERMISSION)
    made = plain_export.request_plain_export(actor=request.user, org=org, reason=payload.reason,
                                             status_filter=payload.status)
    return Status(201, _plain_out(plain_export_for(request.user, made.pk)))


@router.get("/reports/plain-exports", response=list[PlainExportOut], summary="明文导出申请")
def list_plain_exports(request: HttpRequest, status: str = "", limit: int = 100,
                       offset: int = 0) -> list[PlainExportOut]:
    if not request.user.has_perm("reports.view_plainexportrequest"):
        raise PermissionDenied
    items = visible_plain_exports(request.user)
    if status:
        items = items.filter(status=status)
    return [_plain_out(r) for r in items[api_window(limit, offset)]]


@router.get("/reports/plain-exports/{export_id}", response=PlainExportOut, summary="明文导出申请详情")
def get_plain_export(request: HttpRequest, export_id: int) -> PlainExportOut:
    return _plain_out(plain_export_for(request.user, export_id))


@router.post("/reports/plain-exports/{export_id}/approve", response=PlainExportOut, summary="批准明文导出",
             description="申请人本人不能审批（403）；已处理的申请返回 409。")
def approve_plain_export(request: HttpRequest, export_id: int, payload: PlainExportDecisionIn) -> PlainExportOut:
    done = plain_export.approve_plain_export(actor=request.user, request=plain_export_for(request.user, export_id),
                                             note=payload.note)
    return _plain_out(plain_export_for(request.user, done.pk))


@router.post("/reports/plain-exports/{export_id}/reject", response=PlainExportOut, summary="退回明文导出",
             description="须填写退回原因。")
def reject_plain_export(request: HttpRequest, export_id: int, payload: PlainExportDecisionIn) -> PlainExportOut:
    done = plain_export.reject_plain_export(actor=request.user, request=plain_export_for(request.user, export_id),
                                            note=payload.note)
    return _plain_out(plain_export_for(request.user, done.pk))


@router.get("/reports/plain-exports/{export_id}/download", summary="下载明文导出（仅一次）",
            description="仅申请人本人、批准后限时、只能下载一次；表首行为水印（申请人、批准人、时间、用途）。")
def download_plain_export(request: HttpRequest, export_id: int) -> HttpResponse:
    result = plain_export.download_plain_export(actor=request.user, request=plain_export_for(request.user, export_id))
    response = HttpResponse(result.content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(result.filename)}"
    response["Cache-Control"] = "no-store"
    return response
