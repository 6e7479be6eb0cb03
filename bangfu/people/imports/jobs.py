"""Import jobs: the upload page and the API store the workbook, enqueue a task, and read the outcome here.

The task (`tasks.run_import_job`) calls the same `import_households` service as the command.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.core.files import read_sealed, seal_file
from bangfu.core.progress import progress_of
from bangfu.people.imports.report import build_error_report
from bangfu.people.imports.service import check_may_import, import_households, max_bytes, too_large_message
from bangfu.reports.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)
NOT_XLSX = "请上传 Excel 工作簿（.xlsx）：可先下载导入模板，填写后上传。旧版 .xls 请用 Excel 或 WPS 另存为 .xlsx。"
FAILED = "导入失败：系统内部错误，已记录。请稍后重试或联系系统管理员。"
NO_UPLOADER = "导入未执行：上传该文件的账号已不存在。"
INTERRUPTED_ATOMIC = ("导入中断：处理导入的后台进程意外中止。整批导入在一个事务中，本次没有写入任何数据；"
                      "请重新上传同一文件。")
INTERRUPTED = ("导入中断：处理导入的后台进程意外中止。已写入的户均完整（每批一个事务），其余未导入；"
               "请重新上传同一文件补齐，已导入的户不会重复建立。")


def create_import_job(*, actor: Any, org: OrgUnit, upload: UploadedFile, dry_run: bool = False,
                      atomic: bool = False) -> ImportJob:
    """Check who uploads what, keep the file, and enqueue the import (after the job row is committed)."""
    check_may_import(actor, org)
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    if not name.lower().endswith(".xlsx"):
        raise ServiceError(NOT_XLSX)
    size = upload.size or 0
    if size > max_bytes():
        raise ServiceError(too_large_message(size), status=413)
    with transaction.atomic():
        job = ImportJob(org=org, created_by=actor, original_name=name, size_bytes=size, dry_run=dry_run,
                        atomic=atomic)
        seal_file(job.upload, "upload.xlsx", upload)  # ID numbers in clear inside: encrypted at rest
        job.save()
        audit.record("people.households.import_upload", actor=actor, obj=job, org=org,
                     changes={"size_bytes": size, "dry_run": dry_run, "atomic": atomic})
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from bangfu.people.imports.tasks import run_import_job

    result = run_import_job.enqueue(job_id)
    ImportJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


def run_job(job_id: int) -> None:
    """Run one queued job (idempotent: a finished or running job is left alone)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now())
    if not claimed:
        return
    job = ImportJob.objects.select_related("org", "created_by").get(pk=job_id)
    if job.created_by is None:  # the uploader's account is gone: never run as the server's operator
        _finish(job, ImportStatus.FAILED, message=NO_UPLOADER)
        return
    try:
        with io.BytesIO(read_sealed(job.upload)) as stream:
            result = import_households(actor=job.created_by, org=job.org, source=stream, dry_run=job.dry_run,
                                       atomic=job.atomic, job=job)
    except ServiceError as exc:
        _finish(job, ImportStatus.FAILED, message=str(exc)[:500])
        return
    except Exception:
        logger.exception("import job %s failed", job_id)
        _finish(job, ImportStatus.FAILED, message=FAILED)
        return
    counts = result.counts()
    if result.errors or result.notes:
        report = build_error_report(result.errors, counts, title=f"{job.original_name} 导入错误报告",
                                    notes=result.notes)
        job.error_report.save("errors.xlsx", ContentFile(report), save=False)
    job.counts = counts
    job.error_count = len(result.errors)
    _finish(job, ImportStatus.DONE)
    if result.applied and result.city_codes:
        from bangfu.people.imports.tasks import enqueue_duplicate_scan

        enqueue_duplicate_scan(sorted(result.city_codes))


def close_interrupted_job(job_id: int) -> None:
    """The worker running this job was killed (core.interruptions): the job fails with a message saying what
    was kept, and the import is recorded, since the import's own audit event is written only at its end."""
    job = ImportJob.objects.select_related("org", "created_by").filter(pk=job_id, status=ImportStatus.RUNNING).first()
    if job is None:
        return
    message = INTERRUPTED_ATOMIC if job.atomic or job.dry_run else INTERRUPTED
    progress = progress_of(job.counts)
    _finish(job, ImportStatus.FAILED, message=message)
    audit.record("people.households.import_interrupted", actor=job.created_by, obj=job, org=job.org,
                 outcome=audit.FAILURE, changes={"stage": progress.stage if progress else "",
                                                 "done": progress.done if progress else 0,
                                                 "total": progress.total if progress else 0})


def _finish(job: ImportJob, status: str, message: str = "") -> None:
    """Record the outcome and delete the uploaded workbook: it holds ID numbers (sealed) and is not needed
    once imported (the error report keeps the refused rows, masked)."""
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    if job.upload:
        job.upload.delete(save=False)
    job.save(update_fields=["status", "message", "finished_at", "counts", "error_count", "error_report",
                            "upload", "updated_at"])
