"""A task worker killed in the middle of an import (SIGKILL: no `finally`, no clean-up) leaves no half-written
household, and the next worker to start on the machine closes the job: failed, with a message the uploader
reads, the task failed in the monitor (重试 offered), the interruption audited. Uploading the same file again
completes the register without a second record of anyone (issue 20, task workers).

Runs against a database of its own (a SQLite file, or a PostgreSQL database beside the test database), with the
platform's worker (`manage.py task_worker`, the database queue) in a real process of its own.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.test_backup_drill import BASE, Site, site  # noqa: F401 - the drill's fixture: a database of its own

pytestmark = pytest.mark.slow

HOUSEHOLDS = 12_000
PRELUDE = f"""
import json, random, sys, django; django.setup()
sys.path.insert(0, "bench")
from import_households import IdMaker, households, name_pool

def rows():
    rng = random.Random(7)
    return households({HOUSEHOLDS}, rng=rng, ids=IdMaker(["440106"]), names=name_pool(500, 7), streets=["440106001"])
"""

UPLOAD = PRELUDE + """
from pathlib import Path
from django.core.files.uploadedfile import SimpleUploadedFile
from bangfu.accounts.models import User
from bangfu.accounts.roles import ensure_roles
from import_households import org_tree, write_workbook
from bangfu.people.imports.jobs import create_import_job

city, _streets = org_tree()
actor = User.objects.filter(username="gz_importer").first()
if actor is None:
    actor = User.objects.create_user(username="gz_importer", org=city)
    actor.groups.set([ensure_roles()["city_officer"]])
path = Path(sys.argv[1])
if not path.exists():
    write_workbook(path, rows())
job = create_import_job(actor=actor, org=city, upload=SimpleUploadedFile("花名册.xlsx", path.read_bytes()))
print(json.dumps({"job": job.pk}))
"""

WAIT_FOR_WRITING = """
import json, sys, time, django; django.setup()
from bangfu.core.progress import progress_of
from bangfu.reports.models import ImportJob
deadline = time.monotonic() + 240
while time.monotonic() < deadline:
    job = ImportJob.objects.get(pk=int(sys.argv[1]))
    progress = progress_of(job.counts)
    if progress and progress.stage == "核对并写入" and 0 < progress.done < progress.total:
        print(json.dumps({"status": job.status, "done": progress.done, "total": progress.total}))
        break
    if job.status not in ("queued", "running"):
        print(json.dumps({"status": job.status, "done": None, "total": None}))
        break
    time.sleep(0.05)
"""

STATE = PRELUDE + """
from django_tasks_db.models import DBTaskResult
from bangfu.core.models import AuditEvent
from bangfu.people.models import HardshipFile, HouseholdMember, Person
from bangfu.reports.models import ImportJob

expected, head = {}, None
for row in rows():
    if row[1] == "户主":
        head = row[3]
        expected[head] = 0
    expected[head] += 1
whole = [expected.get(file.household.head.id_number) == file.household.members.count()
         for file in HardshipFile.objects.select_related("household__head")]
jobs = list(ImportJob.objects.order_by("pk").values("status", "message"))
tasks = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", "exception_class_path"))
print(json.dumps({
    "jobs": jobs, "tasks": tasks, "files": len(whole), "whole": sum(whole), "people": Person.objects.count(),
    "members": HouseholdMember.objects.count(), "rows": sum(expected.values()),
    "interrupted_audited": AuditEvent.objects.filter(action="people.households.import_interrupted").count(),
}, ensure_ascii=False))
"""


def _worker(*extra: str) -> list[str]:
    return [sys.executable, "manage.py", "task_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1",
            *extra]


def test_a_worker_killed_mid_import_leaves_whole_households_and_a_job_that_says_so(site: Site) -> None:  # noqa: F811
    env = site.env | {"BANGFU_TASK_BACKEND": "database"}
    site.run("manage.py", "migrate", "-v", "0", env=env)
    workbook = str(site.tmp / "roster.xlsx")
    job = json.loads(site.run("-c", UPLOAD, workbook, env=env).stdout.splitlines()[-1])["job"]

    worker = subprocess.Popen(_worker(), cwd=BASE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        seen = json.loads(site.run("-c", WAIT_FOR_WRITING, str(job), env=env).stdout.splitlines()[-1])
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    assert seen["status"] == "running" and 0 < seen["done"] < seen["total"] == HOUSEHOLDS, seen

    killed = json.loads(site.run("-c", STATE, env=env).stdout.splitlines()[-1])
    assert killed["jobs"][0]["status"] == "running" and killed["tasks"][0][0] == "RUNNING"  # as the kill left it
    assert 0 < killed["files"] < HOUSEHOLDS and killed["whole"] == killed["files"]  # no household half-written
    assert killed["people"] == killed["members"]  # no one filed outside a household

    # The next worker on this machine closes what the dead one left, then works the queue.
    site.run(*_worker("--batch")[1:], env=env)
    closed = json.loads(site.run("-c", STATE, env=env).stdout.splitlines()[-1])
    assert closed["jobs"][0]["status"] == "failed"
    assert closed["jobs"][0]["message"].startswith("导入中断：处理导入的后台进程意外中止。已写入的户均完整")
    assert closed["tasks"][0] == ["FAILED", "bangfu.core.interruptions.WorkerKilled"]
    assert closed["interrupted_audited"] == 1 and closed["files"] == killed["files"]

    # Uploading the same file again completes the register; nobody gets a second record.
    site.run("-c", UPLOAD, workbook, env=env)
    site.run(*_worker("--batch")[1:], env=env)
    done = json.loads(site.run("-c", STATE, env=env).stdout.splitlines()[-1])
    assert done["jobs"][1]["status"] == "done", done["jobs"]
    assert done["files"] == done["whole"] == HOUSEHOLDS and done["people"] == done["members"] == done["rows"]
