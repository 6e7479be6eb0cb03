"""Pages of the importer: upload → summary of applied/refused rows → error report; template; export. Thin."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bangfu.accounts.queries import unit_for
from bangfu.core.errors import ServiceError
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.core.progress import job_progress, result_counts
from bangfu.people.imports.export import export_households, may_export_unmasked
from bangfu.people.imports.forms import ImportUploadForm
from bangfu.people.imports.jobs import create_import_job
from bangfu.people.imports.queries import job_or_404, visible_jobs
from bangfu.people.imports.template import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _partial(request: HttpRequest) -> bool:
    """An htmx request for the table alone (pagination), not a boosted page load."""
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


@login_required
@permission_required("reports.view_importjob", raise_exception=True)
def upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if not request.user.has_perm("people.add_hardshipfile"):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = create_import_job(actor=request.user, org=data["org"], upload=data["file"],
                                        dry_run=data["dry_run"], atomic=data["atomic"])
            except ServiceError as exc:
                form.add_error("file", str(exc))
            else:
                job.refresh_from_db(fields=["status"])
                if not job.is_finished:  # an import already run (the immediate queue) says so once, below
                    messages.success(request, _("The workbook was received and queued for import."))
                return redirect("people_imports:job_detail", pk=job.pk)
    page = paginate(request, visible_jobs(request.user))
    template = "reports/imports/_job_table.html" if _partial(request) else "reports/imports/upload.html"
    return render(request, template, {"form": form, "page": page, "query": querystring_without_page(request),
                                      "may_upload": request.user.has_perm("people.add_hardshipfile")})


@login_required
@permission_required("reports.view_importjob", raise_exception=True)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_or_404(request.user, pk)
    template = "reports/imports/_job_summary.html" if getattr(request, "htmx", False) \
        else "reports/imports/job_detail.html"
    progress = job_progress(job.counts, finished=job.is_finished, total_key="households_read")
    return render(request, template, {"job": job, "counts": result_counts(job.counts), "progress": progress})


@login_required
@permission_required("reports.view_importjob", raise_exception=True)
def error_report(request: HttpRequest, pk: int) -> FileResponse:
    job = job_or_404(request.user, pk)
    if not job.error_report:
        raise Http404
    name = f"{job.original_name.removesuffix('.xlsx')}-错误报告.xlsx"
    return FileResponse(job.error_report.open("rb"), as_attachment=True, filename=name, content_type=XLSX)


@login_required
def template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(build_template(), "困难职工家庭建档导入模板.xlsx")


@login_required
@permission_required("people.view_hardshipfile", raise_exception=True)
def export(request: HttpRequest) -> HttpResponse:
    org = unit_for(request.user, request.GET.get("org"), permission="people.view_hardshipfile")
    if request.GET.get("unmasked") == "1":  # never one click: a reason and a second person's approval first
        if not may_export_unmasked(request.user):
            raise PermissionDenied
        query = urlencode({"org": org.code, "status": request.GET.get("status", "")})
        return redirect(f"{reverse('reports:plain_export_new')}?{query}")
    try:
        result = export_households(user=request.user, org=org, status=request.GET.get("status", ""))
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("people_imports:upload")
    return xlsx_response(result.content, result.filename)
