"""The register of `manage.py seed_scale`: synthetic families filed through the import service.

Rows come from `people.synthetic` (Faker zh_CN names, valid unique ID numbers) in the template's column order and
go through `imports.service.import_rows` batch by batch — the reader's checks, the planner (blind indexes, tiers
and their reasons, address match keys), the writer (encrypted ID numbers and phones), one audit event a batch.
Each batch's files are then moved on as staff would have moved them: most approved (正式), some temporary (临时)
or relieved (脱困), the rest left at 申请 — one status update and one event per file. And, as after every import,
the batch's households are compared with their cities (`scan_duplicates` of the households due — what the import's
task runs): their blocking keys are stored as an import's would be, so that the duplicate check a benchmark runs
next is the one an installation runs, not a first comparison of every household no import ever leaves behind.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction
from django.db.models import F, Max, Model, Q
from django.db.models.functions import Mod
from django.utils import timezone

from bangfu.accounts.scale import real_counties
from bangfu.core.bulkinsert import BulkInserter
from bangfu.core.errors import ServiceError
from bangfu.core.seeding import ScaleContext
from bangfu.people.duplicates import scan_duplicates
from bangfu.people.imports.service import import_rows
from bangfu.people.models import (
    DuplicateKey,
    FileCount,
    FileEvent,
    FileStatus,
    HardshipFile,
    Household,
    HouseholdMember,
    Person,
)
from bangfu.people.services.workflow import next_recheck_due
from bangfu.people.synthetic import IdMaker, households, name_pool

ORIGIN = "manage.py seed_scale"
NAMES = 20_000
# Of every 20 files of a batch (by id): 16 approved, 1 temporary, 1 relieved, 2 left applied — each with the event
# of its last step (the steps before it are not written: synthetic files).
MOVES = ((range(0, 16), FileStatus.PUBLICISED, FileStatus.FORMAL, "approve"),
         (range(16, 17), FileStatus.INVESTIGATED, FileStatus.TEMPORARY, "open_temporary"),
         (range(17, 18), FileStatus.FORMAL, FileStatus.RELIEVED, "relieve"))


def seed(context: ScaleContext) -> None:
    province = context.made["province"]
    streets = [unit.code for unit in context.made["streets"]]
    counties = real_counties(context.made["districts"])
    rng = random.Random(context.seed)
    names = name_pool(NAMES, context.seed)
    ids = IdMaker(counties)
    done = 0
    while done < context.households:
        size = min(context.batch, context.households - done)
        before = HardshipFile.objects.aggregate(top=Max("id"))["top"] or 0
        rows = households(size, rng=rng, ids=ids, names=names, streets=streets, key_prefix=f"S{done}-")
        result = import_rows(actor=None, org=province, rows=rows, origin=ORIGIN)
        if result.errors or result.households_created != size:
            first = result.errors[0] if result.errors else None
            raise ServiceError(f"生成的数据未能全部导入（{result.households_created:,}/{size:,} 户）"
                               + (f"：第 {first.row} 行 {first.column} {first.reason}" if first else ""))
        move_files(before)
        _analyze(Person, Household, HouseholdMember, HardshipFile, FileEvent)
        # What the import's task does after each import (`imports.tasks.scan_imported_duplicates`), here for every
        # city of the batch at once: both cores compare the cities while this process stores their keys.
        compared = time.perf_counter()
        pairs = len(scan_duplicates())
        compared = time.perf_counter() - compared
        # The count triggers appended ~3 rows a file (filed, then moved): folded a batch at a time, the table stays
        # one row per key; left for the first read, 10⁶ households left 2.8 million rows, and PostgreSQL's planner,
        # analysed before that read, then scanned the folded table's dead rows on every statistics page.
        FileCount.fold()
        _reclaim_counts()
        _analyze(DuplicateKey)
        done += size
        context.say(f"    建档：{done:,} / {context.households:,} 户（{result.rows_read:,} 名成员，本批 "
                    f"{result.seconds:.1f} 秒；查重 {compared:.1f} 秒，{pairs:,} 对疑似重复）")
    context.made["households"] = done


def _analyze(*models: type[Model]) -> None:
    """On PostgreSQL, the planner statistics of the tables a batch grew, as autovacuum would gather them after a bulk
    load — CI's PostgreSQL runs without autovacuum. Without them the pool lookups of the next batch's duplicate scan
    (500 keys an IN list) were planned for 3.2 million rows of 3.5 million, read the key table whole each time (0.94 s
    a lookup where the index takes milliseconds), and the seeding slowed to a crawl."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(model._meta.db_table for model in models)}")


def _reclaim_counts() -> None:
    """On PostgreSQL, make the count rows a fold deleted reusable before the next batch: each batch's fold replaces
    most of the province's 25,000 count rows, and faster than autovacuum came by the table grew to 60,678 pages
    for 25,283 rows (every province statistics page read them all). A vacuum of that table takes milliseconds."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {FileCount._meta.db_table}")


def move_files(after_id: int) -> None:
    """The files above `after_id` (one batch) approved, made temporary or relieved, each with its event."""
    today = timezone.localdate()
    approved = today - dt.timedelta(days=90)
    now = timezone.now()
    events = BulkInserter(FileEvent)
    batch = HardshipFile.objects.filter(id__gt=after_id).alias(slot=Mod(F("id"), 20))
    with transaction.atomic():
        for slots, source, status, action in MOVES:
            chosen = batch.filter(Q(slot__gte=slots.start) & Q(slot__lt=slots.stop))
            moved = list(chosen.values_list("id", "version"))
            fields = {"status": status, "version": F("version") + 1, "updated_at": now}
            if status == FileStatus.RELIEVED:
                fields |= {"relieved_on": today, "relief_reason": "收入超过标准", "filed_on": approved,
                           "recheck_due": None}
            else:
                fields |= {"approved_on": approved, "filed_on": approved, "recheck_due": next_recheck_due(approved)}
            chosen.update(**fields)
            events.execute(events.prepare([
                {"file_id": file_id, "action": action, "from_status": source, "to_status": status,
                 "actor_id": None, "actor_name": ORIGIN, "occurred_at": now, "version": version + 1,
                 "changes": {"source": "seed_scale"}} for file_id, version in moved]))
