"""Statistics page (ECharts) and the bulletin (page, .txt, .xlsx). Thin: read via queries, publish via bulletin."""

from __future__ import annotations

from fractions import Fraction
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bangfu.accounts.scoping import org_in_scope
from bangfu.reports.bulletin import build_bulletin
from bangfu.reports.exports import audit_bulletin_export, bulletin_text, bulletin_xlsx
from bangfu.reports.queries import VIEW_FILES, child_units, report_unit
from bangfu.reports.stats import HardshipStatistics, hardship_statistics
from bangfu.reports.wording import share_phrase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _percent(part: int, whole: int) -> str:
    return f"{float(Fraction(part * 100, whole)):.1f}%" if whole else "-"


def chart_data(stats: HardshipStatistics) -> dict[str, Any]:
    """What the page's charts draw (passed with json_script; no inline script)."""
    def pairs(cells: Any) -> dict[str, list[Any]]:
        return {"names": [c.name for c in cells], "values": [c.households for c in cells]}

    return {"causes": pairs(stats.by_cause), "categories": pairs(stats.by_seed_category), "tiers": pairs(stats.by_tier),
            "districts": pairs(stats.by_district), "statuses": pairs([c for c in stats.by_status if c.households])}


def _rows(cells: Any, whole: int) -> list[dict[str, Any]]:
    return [{"name": c.name, "households": c.households, "percent": _percent(c.households, whole),
             "phrase": share_phrase(c.households, whole) if whole else "-"} for c in cells]


@login_required
@permission_required(VIEW_FILES, raise_exception=True)
def hardship(request: HttpRequest) -> HttpResponse:
    org = report_unit(request.user, request.GET.get("org"), VIEW_FILES)
    stats = hardship_statistics(request.user, org)
    total = stats.in_file
    context = {
        "org": org, "stats": stats, "children": child_units(request.user, org), "chart": chart_data(stats),
        "causes": _rows(stats.by_cause, total), "categories": _rows(stats.by_seed_category, total),
        "tiers": _rows(stats.by_tier, total), "districts": _rows(stats.by_district, total),
        "statuses": _rows(stats.by_status, stats.files),
        "multi_seed": _percent(stats.multi_seed_category, total), "multi_cause": _percent(stats.multi_cause, total),
        "parent": org.parent if org.parent and org_in_scope(request.user, org.parent) else None,
    }
    return render(request, "reports/hardship.html", context)


@login_required
@permission_required(VIEW_FILES, raise_exception=True)
def bulletin(request: HttpRequest) -> HttpResponse:
    org = report_unit(request.user, request.GET.get("org"), VIEW_FILES)
    published = build_bulletin(hardship_statistics(request.user, org))
    return render(request, "reports/bulletin.html", {"org": org, "bulletin": published})


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@permission_required(VIEW_FILES, raise_exception=True)
def bulletin_txt(request: HttpRequest) -> HttpResponse:
    org = report_unit(request.user, request.GET.get("org"), VIEW_FILES)
    published = build_bulletin(hardship_statistics(request.user, org))
    audit_bulletin_export(request.user, org, "txt")
    return _attachment(bulletin_text(published), "text/plain; charset=utf-8", f"{published.title}.txt")


@login_required
@permission_required(VIEW_FILES, raise_exception=True)
def bulletin_download_xlsx(request: HttpRequest) -> HttpResponse:
    org = report_unit(request.user, request.GET.get("org"), VIEW_FILES)
    published = build_bulletin(hardship_statistics(request.user, org))
    audit_bulletin_export(request.user, org, "xlsx")
    return _attachment(bulletin_xlsx(published), XLSX, f"{published.title}.xlsx")
