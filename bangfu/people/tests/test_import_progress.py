# ruff: noqa: F811  (the pytest fixtures imported from test_import_api are parameters here)
"""A running import shows real progress, written by the task itself (households done of households read, and
the stage), on its page and in the API; a finished one shows 100 % and says "queued" no more."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.progress import Progress, ProgressReporter, job_progress, progress_of
from bangfu.people.imports import service

# The media folder and the street worker of the import tests (fixtures shared by import).
from bangfu.people.tests.test_import_api import XLSX, _media, worker  # noqa: F401
from bangfu.people.tests.test_import_support import head, member, run, workbook
from bangfu.reports.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db


def _running_job(worker: User, org: OrgUnit) -> ImportJob:
    return ImportJob.objects.create(org=org, created_by=worker, original_name="进度.xlsx",
                                    status=ImportStatus.RUNNING)


def test_the_task_writes_households_done_of_households_read(worker: User, org_tree: dict[str, OrgUnit],
                                                           monkeypatch: Any) -> None:
    monkeypatch.setattr(service, "BATCH_HOUSEHOLDS", 2)  # five households: three batches, three reports
    job = _running_job(worker, org_tree["tianhe"])
    seen: list[Progress] = []
    original = ProgressReporter._write

    def watch(reporter: ProgressReporter, *, force: bool) -> None:
        original(reporter, force=True)
        stored = progress_of(ImportJob.objects.get(pk=job.pk).counts)  # what a polling page reads
        assert stored is not None
        seen.append(stored)

    monkeypatch.setattr(ProgressReporter, "_write", watch)
    rows = [head(str(n)) for n in range(1, 6)] + [member("1")]
    result = run(worker, org_tree["tianhe"], rows, job=job)
    assert result.counts()["households_created"] == 5
    writes = [(p.stage, p.done, p.total) for p in seen]
    assert writes[-4:] == [("核对并写入", 0, 5), ("核对并写入", 2, 5), ("核对并写入", 4, 5), ("核对并写入", 5, 5)]
    assert seen[-1].percent == 100


def test_all_or_nothing_checks_first_then_writes(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    job = _running_job(worker, org_tree["tianhe"])
    run(worker, org_tree["tianhe"], [head("1"), head("2")], job=job, atomic=True)
    job.refresh_from_db()
    assert progress_of(job.counts) == Progress("整体写入", 0, 2)  # the last write before the one transaction


def test_the_page_and_api_show_the_progress_of_a_running_job(login: Any, worker: User,
                                                              org_tree: dict[str, OrgUnit]) -> None:
    client = login(worker)
    running = _running_job(worker, org_tree["tianhe"])
    ImportJob.objects.filter(pk=running.pk).update(counts={"progress": {"stage": "核对并写入", "done": 3,
                                                                        "total": 12}})
    page = client.get(f"/people/import/jobs/{running.pk}/").content.decode()
    assert "核对并写入" in page and "3 / 12 户" in page and "25%" in page
    api = client.get(f"/api/v1/households/import/{running.pk}").json()
    assert api["counts"] == {} and api["progress"] == {"stage": "核对并写入", "done": 3, "total": 12, "percent": 25}


@pytest.mark.django_db(transaction=True)
def test_an_import_already_run_says_done_once_not_queued(login: Any, worker: User,
                                                        org_tree: dict[str, OrgUnit]) -> None:
    """With the immediate queue the task runs at commit, before the page answers: no "queued" above 已完成."""
    client = login(worker)
    upload = SimpleUploadedFile("天河.xlsx", workbook([head(), member()]).getvalue(), content_type=XLSX)
    response = client.post("/people/import/", {"org": "440106", "file": upload}, follow=True)
    body = response.content.decode()
    assert "已完成" in body and "正在排队导入" not in body and "2 / 2 户" not in body and "1 / 1 户" in body
    assert 'data-testid="progress-percent">100%' in body
    done = ImportJob.objects.get()
    assert client.get(f"/api/v1/households/import/{done.pk}").json()["progress"]["percent"] == 100


def test_a_finished_job_without_counts_is_complete_not_zero() -> None:
    assert job_progress({}, finished=True, total_key="households_read") == Progress("已完成", 0, 0)
    assert Progress("已完成", 0, 0).percent == 100 and Progress("核对", 0, 0).percent == 0
    assert progress_of({"progress": {"stage": "x"}}) is None and progress_of(None) is None
