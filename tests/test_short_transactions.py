"""Short transactions (issue 11 §4): a matching run over a few thousand seekers holds no transaction while
it loads, scores and runs OR-Tools, so a social worker filing a household meanwhile is not held up.

Runs in a subprocess against a database of its own (a SQLite file in WAL mode — the embedded default, one
write lock for everyone — or a PostgreSQL database beside the test database), like the backup drill: two
threads, one executing the run, the other filing households one after another while the run is going.
Before the fix the run's single `atomic()` held SQLite's write lock for the whole run, and each filing
waited until the run ended.
"""

from __future__ import annotations

import json

import pytest

from tests.test_backup_drill import Site, site  # noqa: F401 - the drill's fixture: a database of its own

pytestmark = pytest.mark.slow

SCRIPT = """
import json, statistics, threading, time, django; django.setup()
from django.contrib.auth.models import Group
from django.db import connection
from bench.matching_api import seed
from bangfu.accounts.models import OrgUnit, User
from bangfu.matching.models import MatchingRun, RunStatus
from bangfu.matching import services as matching
from bangfu.people import services as people
from bangfu.people.idgen import make_id_number

officer, _seekers = seed(300, 3000, 11)
unit = OrgUnit.objects.get(code="440106")
worker = User.objects.create_user(username="filer", org=unit)
worker.groups.set([Group.objects.get(role_profile__key="street_social_worker")])
worker = User.objects.get(pk=worker.pk)
serial = iter(range(1, 10_000))

def file_one():
    n = next(serial)
    number = make_id_number("440106", __import__("datetime").date(1960, 1, 1 + n % 28), 500 + n, "M")
    data = people.HouseholdInput(
        members=(people.MemberInput(person=people.PersonInput(name=f"并发户主{n}", id_number=number),
                                    relation="self", employment_status="unemployed"),),
        file=people.FileInput(primary_cause="laid_off"))
    start = time.perf_counter()
    people.create_household(actor=worker, org=unit, data=data)
    return time.perf_counter() - start

alone = sorted(file_one() for _ in range(5))[2]
run = MatchingRun.objects.create(org=officer.org, created_by=officer,
                                 parameters={"top_k": 20, "as_of": "2026-03-02", "method": "min_cost_flow"})
during, errors = [], []

def execute():
    try:
        matching.execute_run(run.pk)
    except BaseException as error:
        errors.append(repr(error))
    finally:
        connection.close()

thread = threading.Thread(target=execute)
started = time.perf_counter()
thread.start()
while MatchingRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).exists():
    time.sleep(0.005)
while thread.is_alive():
    during.append(file_one())
thread.join()
run.refresh_from_db()
print(json.dumps({"alone": alone, "during": during, "run_seconds": time.perf_counter() - started,
                  "status": run.status, "seekers": run.seekers_count, "assigned": run.assigned_count,
                  "errors": errors}))
"""


def test_filing_is_not_held_up_by_a_matching_run(site: Site) -> None:  # noqa: F811
    site.run("manage.py", "migrate", "-v", "0")
    figures = json.loads(site.run("-c", SCRIPT).stdout.strip().splitlines()[-1])
    print(f"filing alone {figures['alone'] * 1000:.0f} ms; during a {figures['run_seconds']:.1f} s run of "
          f"{figures['seekers']} seekers: {len(figures['during'])} filings, slowest "
          f"{max(figures['during'], default=0) * 1000:.0f} ms")
    assert figures["errors"] == [] and figures["status"] == "done" and figures["seekers"] == 3000
    # The run was long enough to matter, and filings went on during it …
    assert figures["run_seconds"] > 1.0 and len(figures["during"]) >= 3
    # … none waiting for more than the run's short final write (bound: 1 s, or a fifth of the run).
    assert max(figures["during"]) < max(1.0, figures["run_seconds"] / 5)
