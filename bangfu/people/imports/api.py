"""`POST /api/v1/households/import` (multipart) and the job it starts; the same service as the pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from bangfu.accounts.queries import unit_for
from bangfu.core.errors import ServiceError
from bangfu.core.progress import job_progress, result_counts
from bangfu.people.imports.jobs import create_import_job
from bangfu.people.imports.queries import job_or_404
from bangfu.people.imports.template import build_template
from bangfu.people.imports.views import XLSX, xlsx_response
from bangfu.reports.models import ImportJob

router = Router(tags=["建档导入导出"])


class ImportOptions(Schema):
    org: str
    dry_run: bool = False
    atomic: bool = False


class ProgressOut(Schema):
    stage: str
    done: int
    total: int
    percent: int


class ImportJobOut(Schema):
    id: int
    org_code: str
    status: str
    dry_run: bool
    atomic: bool
    original_name: str
    counts: dict[str, int | bool]
    error_count: int
    message: str
    error_report_url: str | None
    created_at: str
    finished_at: str | None
    progress: ProgressOut | None = None


def _job_out(job: ImportJob) -> ImportJobOut:
    report = reverse("api:households_import_error_report", kwargs={"job_id": job.pk}) if job.error_report else None
    return ImportJobOut(
        id=job.pk, org_code=job.org.code, status=job.status, dry_run=job.dry_run, atomic=job.atomic,
        original_name=job.original_name, counts=result_counts(job.counts), error_count=job.error_count,
        message=job.message,
        error_report_url=report, created_at=job.created_at.isoformat(),
        finished_at=job.finished_at.isoformat() if job.finished_at else None,
        progress=_progress_out(job),
    )


def _progress_out(job: ImportJob) -> ProgressOut | None:
    """Households done of households read, from the task while it runs (see `core.progress`)."""
    progress = job_progress(job.counts, finished=job.is_finished, total_key="households_read")
    if progress is None:
        return None
    return ProgressOut(stage=progress.stage, done=progress.done, total=progress.total, percent=progress.percent)


@router.post("/households/import", response={202: ImportJobOut}, summary="导入困难职工家庭（Excel）",
             description="上传按导入模板填写的 .xlsx（multipart 字段 file），并指定导入单位代码 org；"
                         "可选 dry_run（仅检查）、atomic（全部正确才导入）。导入在后台任务中进行："
                         "返回导入任务，用 GET 查询其状态、计数和错误报告。")
def households_import(request: HttpRequest, options: Form[ImportOptions],
                      file: File[UploadedFile]) -> Status:
    # Any unit the user sees; the service refuses (with its own words) a unit no importing role reaches.
    org = unit_for(request.user, options.org)
    job = create_import_job(actor=request.user, org=org, upload=file, dry_run=options.dry_run,
                            atomic=options.atomic)
    job.refresh_from_db()
    return Status(202, _job_out(job))


@router.get("/households/import/template", summary="下载导入模板", description="困难职工家庭建档导入模板（.xlsx）。",
            response={200: None})
def households_import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(build_template(), "困难职工家庭建档导入模板.xlsx")


@router.get("/households/import/{job_id}", response=ImportJobOut, summary="导入任务状态",
            description="一个导入任务的状态（queued/running/done/failed）、计数和错误报告地址；"
                        "不在数据范围内时返回 404。")
def households_import_job(request: HttpRequest, job_id: int) -> ImportJobOut:
    return _job_out(job_or_404(request.user, job_id))


@router.get("/households/import/{job_id}/error-report", summary="下载导入错误报告",
            description="导入任务的错误报告（.xlsx）：每个未导入的行的行号、列名和原因。", response={200: None})
def households_import_error_report(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_or_404(request.user, job_id)
    if not job.error_report:
        raise ServiceError("该导入任务没有错误报告。", status=404)
    with job.error_report.open("rb") as stream:
        response = HttpResponse(stream.read(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename=errors.xlsx"
    return response
