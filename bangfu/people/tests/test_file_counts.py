"""The register's counts (FileCount, kept by triggers) against a count from the rows, after every write path:
services, an import, a merge, seed_scale's bulk moves, bulk inserts, raw SQL, deletes — before and after a fold."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from bangfu.accounts.models import OrgUnit
from bangfu.people import queries, services
from bangfu.people.models import (
    IN_FILE_STATUSES,
    Cause,
    DuplicateCandidate,
    FileCount,
    FileStatus,
    HardshipFile,
    counts,
)
from bangfu.people.models.counts import CAUSE_COLUMNS
from bangfu.people.scale import move_files
from bangfu.people.tests.helpers import apply_family, approve_fully, other_worker, same_birth_id, step
from bangfu.people.tests.test_import_support import head, run
from bangfu.reports.apps import drop_counts_of_no_file
from bangfu.reports.stats import SEED_CATEGORIES, hardship_statistics
from bangfu.reports.tests.factories import file_in

pytestmark = pytest.mark.django_db
SEED_CAUSES = {"laid_off", "child_schooling", "major_illness"}
BIRTH = dt.date(1978, 8, 8)


def from_rows(org: OrgUnit) -> dict[str, Any]:
    """The statistics' figures counted from every file row under `org` (the oracle)."""
    figures: Counter[str] = Counter()
    for f in HardshipFile.objects.filter(org__path__startswith=org.path).select_related("org"):
        figures[f"status:{f.status}"] += 1
        if f.status not in IN_FILE_STATUSES:
            continue
        causes = {f.primary_cause, *f.secondary_causes}
        seed = [*(causes & SEED_CAUSES), *(["disability"] if f.disability_or_mental_illness else []),
                *(["zero"] if f.zero_labour else [])]
        rest = f.org.path[len(org.path):]
        figures.update(["in_file", f"tier:{f.tier or 'unassessed'}", f"unit:{rest.split('/', 1)[0] or '_own'}",
                        *(f"cause:{cause}" for cause in causes), *(f"seed:{code}" for code in seed)])
        figures["multi_cause"] += len(causes) >= 2
        figures["multi_seed"] += len(seed) >= 2
    return {key: n for key, n in figures.items() if n}


def from_page(user: Any, org: OrgUnit) -> dict[str, Any]:
    stats = hardship_statistics(user, org)
    seed_names = {"disability_or_mental_illness": "disability", "zero_labour": "zero"}
    figures = {"in_file": stats.in_file, "multi_cause": stats.multi_cause, "multi_seed": stats.multi_seed_category}
    figures |= {f"status:{c.code}": c.households for c in stats.by_status}
    figures |= {f"tier:{c.code}": c.households for c in stats.by_tier}
    figures |= {f"unit:{c.code}": c.households for c in stats.by_district}
    figures |= {f"cause:{c.code}": c.households for c in stats.by_cause}
    figures |= {f"seed:{seed_names.get(c.code, c.code)}": c.households for c in stats.by_seed_category}
    assert stats.files == sum(c.households for c in stats.by_status)
    return {key: n for key, n in figures.items() if n}


def same_figures(user: Any, org: OrgUnit) -> None:
    """The page's figures equal the rows' count, both as the triggers left them and once folded."""
    expected = from_rows(org)
    assert from_page(user, org) == expected
    FileCount.fold()
    assert from_page(user, org) == expected
    assert not FileCount.objects.filter(folded=False).exists()


def test_every_write_path_is_counted(workers: dict[str, Any], org_tree: dict[str, OrgUnit]) -> None:
    city, guangzhou = workers["city"], org_tree["guangzhou"]
    applied = apply_family(workers["wushan"], org_tree["wushan"], primary="child_schooling",
                           secondary=("laid_off", "major_illness"))
    approve_fully(workers["wushan"], workers["district"], applied)  # services: five transitions
    kept = apply_family(workers["wushan"], org_tree["wushan"], head="张三丰", head_id=same_birth_id("440106", BIRTH),
                        address="五山路100号3栋201")
    apply_family(workers["chigang"], org_tree["chigang"], head="张三丰", head_id=same_birth_id("440105", BIRTH),
                 address="广州市五山路100号3栋201室")
    services.resolve_duplicate(actor=city, candidate=DuplicateCandidate.objects.get(), decision="merge",
                               keep_file_id=kept.pk)  # a merge: the other file leaves the register
    assert run(workers["wushan"], org_tree["wushan"], [head(secondary_cause_1="子女上学")]).errors == []  # import
    same_figures(city, guangzhou)

    before = max(HardshipFile.objects.values_list("id", flat=True))
    for n in range(20):
        file_in(org_tree["chigang"], causes=("accident", "accident", "other")[: 1 + n % 3], tier="",
                status=FileStatus.APPLIED, disability=n % 2 == 0, zero_labour=n % 3 == 0)
    move_files(before)  # seed_scale's bulk moves: one UPDATE per status over the batch
    HardshipFile.objects.filter(org=org_tree["chigang"], tier="").update(tier="deep", org=org_tree["wushan"])
    with connection.cursor() as cursor:  # a raw write in a shell is counted too
        cursor.execute("UPDATE people_hardshipfile SET zero_labour = NOT zero_labour, status = %s WHERE id = %s",
                       [FileStatus.RETURNED, before + 1])
    HardshipFile.objects.filter(pk=before + 2).delete()
    same_figures(city, guangzhou)
    same_figures(workers["district"], org_tree["tianhe"])


def test_a_file_saved_unchanged_adds_no_count(workers: dict[str, Any], org_tree: dict[str, OrgUnit]) -> None:
    hardship_file = apply_family(workers["wushan"], org_tree["wushan"])
    rows = FileCount.objects.count()
    hardship_file.save()  # every column written, none changed
    step(other_worker(workers["wushan"]), hardship_file, "review")  # status changed: one row out, one in
    assert FileCount.objects.count() == rows + 2


def test_a_fold_keeps_one_row_per_key_and_drops_empty_keys(org_tree: dict[str, OrgUnit]) -> None:
    first = file_in(org_tree["wushan"], status=FileStatus.FORMAL, tier="deep")
    file_in(org_tree["wushan"], status=FileStatus.FORMAL, tier="deep")
    first.delete()
    file_in(org_tree["chigang"], status=FileStatus.TEMPORARY, tier="")
    HardshipFile.objects.filter(org=org_tree["chigang"]).delete()
    FileCount.fold()
    assert list(FileCount.objects.values_list("org__code", "status", "tier", "files", "laid_off", "folded")) == [
        ("440106011", FileStatus.FORMAL, "deep", 1, 1, True)]


def test_the_counts_keep_the_scope_of_files(make_user: Any, org_tree: dict[str, OrgUnit]) -> None:
    file_in(org_tree["wushan"])
    file_in(org_tree["beijing"])
    officer = make_user("district_officer", org_tree["tianhe"])
    assert sum(queries.file_counts(officer).values_list("files", flat=True)) == 1
    assert not queries.file_counts(make_user("system_admin", org_tree["guangzhou"])).exists()


def test_the_triggers_count_the_national_ten_and_the_seed_categories() -> None:
    migration = importlib.import_module("bangfu.people.migrations.0010_file_counts")
    assert CAUSE_COLUMNS == migration.CAUSES == tuple(Cause.values)
    assert {c.code for c in SEED_CATEGORIES} == {*migration.SEED_CAUSES, "disability_or_mental_illness",
                                                  "zero_labour"}


def test_the_list_count_from_the_counts_is_the_rows_count(workers: dict[str, Any],
                                                          org_tree: dict[str, OrgUnit]) -> None:
    for n, status in enumerate((FileStatus.APPLIED, FileStatus.FORMAL, FileStatus.TEMPORARY, FileStatus.RELIEVED,
                                FileStatus.CANCELLED, FileStatus.FORMAL)):
        file_in(org_tree["wushan" if n % 2 else "chigang"], status=status, tier=("deep", "")[n % 2],
                causes=("laid_off", "major_illness", "child_schooling")[: 1 + n % 3])
    city = workers["city"]
    for filters in (queries.FileFilters(), queries.FileFilters(store="relieved"), queries.FileFilters(store="nope"),
                    queries.FileFilters(status=FileStatus.FORMAL), queries.FileFilters(tier="deep"),
                    queries.FileFilters(cause="major_illness"), queries.FileFilters(district="440106"),
                    queries.FileFilters(district="none", tier="deep"),
                    queries.FileFilters(cause="child_schooling", tier="deep", store="cancelled")):
        assert queries.file_list_count(city, filters) == queries.file_list(city, filters).count(), filters
    for uncounted in (queries.FileFilters(text="测试"), queries.FileFilters(cause="no such cause")):
        assert queries.file_list_count(city, uncounted) is None
    in_file = queries.visible_files(city).filter(status__in=IN_FILE_STATUSES).count()
    assert queries.in_file_count(city) == in_file == 3  # the home page's figure: two formal, one temporary


def test_counts_a_flush_left_behind_are_dropped(org_tree: dict[str, OrgUnit]) -> None:
    """SQLite's flush deletes the files row by row after it may have emptied the counts: their −1 rows remain."""
    file_in(org_tree["wushan"])
    drop_counts_of_no_file()
    assert FileCount.objects.exists()  # a register with files keeps its counts
    HardshipFile.objects.all().delete()
    FileCount.objects.filter(files=1).delete()  # as if the counts' table had been flushed first
    drop_counts_of_no_file()
    assert not FileCount.objects.exists()


def test_an_import_folds_the_rows_it_leaves_due(workers: dict[str, Any], org_tree: dict[str, OrgUnit],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An import (a task in production) folds the count rows its files appended once they are due, so the next
    officer's page does not; a small one leaves them, like any other write."""
    monkeypatch.setattr(counts, "FOLD_AFTER", 2)  # due past two rows
    assert run(workers["wushan"], org_tree["wushan"], [head("1")]).errors == []
    assert FileCount.objects.filter(folded=False).count() == 1  # not due: left as the trigger wrote it
    assert run(workers["wushan"], org_tree["wushan"], [head("2"), head("3"), head("4")]).errors == []
    assert not FileCount.objects.filter(folded=False).exists()
    assert FileCount.objects.get().files == 4
    assert run(workers["wushan"], org_tree["wushan"], [head("5"), head("6"), head("7")], dry_run=True).errors == []
    assert FileCount.objects.get().files == 4  # a dry run writes and folds nothing


def test_a_fold_leaves_the_keys_that_did_not_change(org_tree: dict[str, OrgUnit]) -> None:
    """Only the keys with a trigger's row are summed again: a day's edits do not rewrite a province's counts."""
    file_in(org_tree["wushan"], status=FileStatus.FORMAL, tier="deep")
    file_in(org_tree["chigang"], status=FileStatus.FORMAL, tier="deep")
    FileCount.fold()
    untouched = FileCount.objects.get(org=org_tree["chigang"])
    file_in(org_tree["wushan"], status=FileStatus.FORMAL, tier="deep")
    FileCount.fold()
    assert FileCount.objects.get(org=org_tree["chigang"]) == untouched  # the same row, never deleted
    assert FileCount.objects.get(org=org_tree["chigang"]).files == 1
    assert FileCount.objects.get(org=org_tree["wushan"]).files == 2
    assert not FileCount.objects.filter(folded=False).exists()
