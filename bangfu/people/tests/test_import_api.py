"""Import through the API and the pages (same service, as a background task), the export, the command."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.models import AuditEvent
from bangfu.people.models import HardshipFile, Person
from bangfu.people.tests.test_import_support import head, member, run, workbook
from bangfu.reports.models import ImportJob

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker(make_user: Any, org_tree: dict[str, OrgUnit]) -> User:
    return make_user("street_social_worker", org_tree["tianhe"])


def _upload(rows: list[dict[str, Any]], name: str = "天河区建档.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook(rows).getvalue(), content_type=XLSX)


def _error_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content))["错误明细"]
    return [row for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_api_upload_runs_the_import_as_a_task(login: Any, worker: User, org_tree: dict[str, OrgUnit],
                                               django_capture_on_commit_callbacks: Any) -> None:
    client = login(worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/households/import", {"org": "440106", "file": _upload(
            [head(), member(), head("2", id_number="110105")])})
    assert response.status_code == 202
    job_id = response.json()["id"]
    job = client.get(f"/api/v1/households/import/{job_id}").json()
    assert job["status"] == "done"
    assert (job["counts"]["households_created"], job["counts"]["rows_rejected"], job["error_count"]) == (1, 1, 1)
    assert job["error_report_url"] == f"/api/v1/households/import/{job_id}/error-report"
    report = client.get(job["error_report_url"])
    assert report.status_code == 200
    assert _error_rows(report.content) == [(4, "身份证号", "******", "身份证号应为 18 位，实际为 6 位")]
    assert HardshipFile.objects.count() == 1


def test_api_upload_into_a_unit_outside_the_scope_is_not_found(login: Any, worker: User,
                                                                org_tree: dict[str, OrgUnit]) -> None:
    response = login(worker).post("/api/v1/households/import", {"org": "440105", "file": _upload([head()])})
    assert response.status_code == 404
    assert ImportJob.objects.count() == 0


def test_api_upload_without_the_permission_is_forbidden(login: Any, make_user: Any,
                                                        org_tree: dict[str, OrgUnit]) -> None:
    officer = make_user("district_officer", org_tree["tianhe"])
    response = login(officer).post("/api/v1/households/import", {"org": "440106", "file": _upload([head()])})
    assert response.status_code == 403
    assert response.json()["detail"] == "您没有导入建档数据（申请建档）的权限。"


def test_api_refuses_a_file_that_is_not_xlsx_and_one_too_large(login: Any, worker: User, settings: Any,
                                                              org_tree: dict[str, OrgUnit]) -> None:
    client = login(worker)
    response = client.post("/api/v1/households/import", {"org": "440106", "file": SimpleUploadedFile(
        "名单.xls", b"\xd0\xcf\x11\xe0", content_type="application/vnd.ms-excel")})
    assert response.status_code == 400 and ".xlsx" in response.json()["detail"]
    settings.BANGFU_IMPORT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("大.xlsx", b"0" * (2 * 1024 * 1024), content_type=XLSX)
    response = client.post("/api/v1/households/import", {"org": "440106", "file": big})
    assert response.status_code == 413
    assert response.json()["detail"] == "文件过大：2.0 MB，单次导入不能超过 1 MB。请拆分后分批导入。"


def test_a_corrupt_upload_fails_the_job_with_a_chinese_message(login: Any, worker: User,
                                                               django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = login(worker).post("/api/v1/households/import", {"org": "440106", "file": SimpleUploadedFile(
            "坏文件.xlsx", b"not a zip", content_type=XLSX)})
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.status == "failed"
    assert job.message.startswith("文件无法读取")


def test_upload_page_summary_and_error_report(login: Any, worker: User,
                                              django_capture_on_commit_callbacks: Any) -> None:
    client = login(worker)
    page = client.get(reverse("people_imports:upload"))
    assert page.status_code == 200 and "下载导入模板" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people_imports:upload"), {
            "org": "440106", "file": _upload([head(), member(), member(id_number="123")]), "dry_run": "on"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people_imports:job_detail", args=[job.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "试导入：未写入任何数据" in detail
    assert 'data-testid="created">1<' in detail and 'data-testid="rejected">1<' in detail
    report = client.get(reverse("people_imports:error_report", args=[job.pk]))
    assert report["Content-Type"] == XLSX
    content = b"".join(report.streaming_content)
    assert _error_rows(content) == [(4, "身份证号", "***", "身份证号应为 18 位，实际为 3 位")]
    assert Person.objects.count() == 0  # a dry run
    listing = client.get(reverse("people_imports:upload")).content.decode()
    assert "天河区建档.xlsx" in listing


def test_template_download(login: Any, worker: User) -> None:
    response = login(worker).get(reverse("people_imports:template"))
    assert response["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["填写说明", "家庭成员", "代码表"]


def _exported(response: Any) -> list[tuple[Any, ...]]:
    return _exported_rows(response.content)


def _exported_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content))["家庭成员"]
    return [row for row in sheet.iter_rows(values_only=True)]


def test_export_is_masked_scoped_escaped_and_audited(login: Any, worker: User, make_user: Any,
                                                     org_tree: dict[str, OrgUnit]) -> None:
    row = head(phone="13800138000")
    run(worker, org_tree["tianhe"], [row, member()])
    Person.objects.filter(name="张三丰").update(name='=HYPERLINK("http://x")')  # typed into another system
    run(make_user("street_social_worker", org_tree["haizhu"]), org_tree["haizhu"], [head(name="海珠户主")])
    response = login(worker).get(reverse("people_imports:export"))
    rows = _exported(response)
    assert rows[0][:4] == ("户编号", "与户主关系", "姓名", "身份证号")
    assert len(rows) == 3  # header, head, child: nothing of Haizhu
    head_row = rows[1]
    number = row["id_number"]
    assert head_row[2] == "'=HYPERLINK(\"http://x\")"
    assert head_row[3] == f"{number[:6]}********{number[-4:]}"
    assert head_row[4] == "138****8000"
    assert head_row[-6] == "申请"
    event = AuditEvent.objects.get(action="people.households.export")
    assert event.changes == {"households": 1, "rows": 2, "unmasked": False, "status_filter": "all"}


def _approved_export_in_clear(login: Any, requester: User, approver: User, org: OrgUnit) -> bytes:
    """An export in clear as it must go now: requested with a purpose, approved by another, downloaded once."""
    from bangfu.reports import plain_export

    made = plain_export.request_plain_export(actor=requester, org=org, reason="核对困难职工家庭银行代发名单")
    plain_export.approve_plain_export(actor=approver, request=made)
    return bytes(login(requester).get(reverse("reports:plain_export_download", args=[made.pk])).content)


def test_export_in_clear_is_never_one_click(login: Any, worker: User, make_user: Any,
                                            org_tree: dict[str, OrgUnit]) -> None:
    row = head(phone="13800138000")
    run(worker, org_tree["tianhe"], [row])
    assert login(worker).get(reverse("people_imports:export") + "?unmasked=1").status_code == 403
    officer = make_user("district_officer", org_tree["tianhe"])
    one_click = login(officer).get(reverse("people_imports:export") + "?unmasked=1")
    assert one_click.status_code == 302 and one_click["Location"].startswith(reverse("reports:plain_export_new"))
    assert not AuditEvent.objects.filter(action="people.households.export").exists()
    content = _approved_export_in_clear(login, officer, make_user("district_officer", org_tree["tianhe"]),
                                        org_tree["tianhe"])
    rows = _exported_rows(content)
    assert rows[0][0].startswith("明文导出 #") and rows[1][:4] == ("户编号", "与户主关系", "姓名", "身份证号")
    assert rows[2][3:5] == (row["id_number"], "13800138000")
    event = AuditEvent.objects.get(action="people.households.export")
    assert event.changes["unmasked"] is True


def test_an_export_in_clear_imports_again_without_change(login: Any, worker: User, make_user: Any,
                                                         org_tree: dict[str, OrgUnit]) -> None:
    run(worker, org_tree["tianhe"], [head(secondary_cause_1="子女上学", address="五山路1号"), member()])
    officer = make_user("district_officer", org_tree["tianhe"])
    exported = _approved_export_in_clear(login, officer, make_user("city_officer", org_tree["guangzhou"]),
                                         org_tree["tianhe"])
    from bangfu.people.imports.service import import_households

    result = import_households(actor=worker, org=org_tree["tianhe"], source=io.BytesIO(exported))
    assert result.errors == []
    assert result.counts()["households_unchanged"] == 1


def test_export_of_a_unit_outside_the_scope_is_not_found(login: Any, worker: User) -> None:
    assert login(worker).get(reverse("people_imports:export") + "?org=440105").status_code == 404


def test_command_dry_run_atomic_and_error_report(tmp_path: Path, org_tree: dict[str, OrgUnit], worker: User) -> None:
    source = tmp_path / "名单.xlsx"
    source.write_bytes(workbook([head(), member(), head("2", primary_cause="欠债")]).getvalue())
    out = io.StringIO()
    call_command("import_households", str(source), "--org", "440106", "--dry-run", "--actor", worker.username,
                 stdout=out)
    text = out.getvalue()
    assert "试导入（未写入）完成" in text and "新建 1 户" in text and "第 4 行 主要致困原因" in text
    report = tmp_path / "名单-错误报告.xlsx"
    assert report.exists() and _error_rows(report.read_bytes())[0][:2] == (4, "主要致困原因")
    assert Person.objects.count() == 0
    call_command("import_households", str(source), "--org", "440106", "--atomic", stdout=io.StringIO())
    assert Person.objects.count() == 0
    call_command("import_households", str(source), "--org", "440106", stdout=io.StringIO())
    assert HardshipFile.objects.count() == 1




def test_the_uploaded_workbook_is_deleted_once_imported(login: Any, worker: User,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        login(worker).post("/api/v1/households/import", {"org": "440106", "file": _upload([head()])})
    job = ImportJob.objects.get()
    assert job.status == "done" and not job.upload
    assert list(Path(job.error_report.storage.location).rglob("*.xlsx")) == []


def test_a_job_whose_uploader_is_gone_does_not_run(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    from bangfu.people.imports.jobs import create_import_job, run_job

    job = create_import_job(actor=worker, org=org_tree["tianhe"], upload=_upload([head()]))
    ImportJob.objects.filter(pk=job.pk).update(created_by=None)
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "导入未执行：上传该文件的账号已不存在。")
    assert HardshipFile.objects.count() == 0
