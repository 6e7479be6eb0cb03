"""The one import service: `import_households(...)` — called by the command, the upload page's task and the API.

Steps: read and check every row (no database), group into households, plan each batch against the
register (reads only), then write — batch by batch, each in its own transaction, or (`atomic`) all in
one transaction and only when no row was refused; `dry_run` writes nothing. Re-importing the same
file changes nothing: people are found by their ID number's blind index, households by their head.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any, cast

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import org_in_scope
from bangfu.core import audit
from bangfu.core.bulkwork import no_cyclic_gc, sqlite_page_cache
from bangfu.core.errors import ServiceError
from bangfu.core.progress import ProgressReporter
from bangfu.people.imports.cells import is_blank
from bangfu.people.imports.columns import COLUMNS, INSTRUCTIONS_SHEET, LISTS_SHEET
from bangfu.people.imports.context import ImportContext
from bangfu.people.imports.plan import HouseholdPlan, Planner
from bangfu.people.imports.rows import (
    MISSING_HEADERS,
    HeaderMap,
    HouseholdRows,
    MemberRow,
    RowError,
    RowReader,
    SheetNote,
    find_header,
    group_households,
)
from bangfu.people.imports.write import PreparedBatch, StaleFile, WriteCounts, Writer
from bangfu.people.imports.xlsx import SheetRef, XlsxBook
from bangfu.people.models import FileCount

DEFAULT_MAX_ROWS = 300_000
DEFAULT_MAX_BYTES = 40 * 1024 * 1024
# SQLite may keep 128 MB of pages while importing: the indexes of 10⁵ new people (core.bulkwork).
IMPORT_PAGE_CACHE_MIB = 128
logger = logging.getLogger(__name__)

BATCH_HOUSEHOLDS = 1_000
PIPELINE_MIN_HOUSEHOLDS = 5_000
# The stages a running import shows (on its page and in the API), households done of households read.
STAGE_CHECK = "核对数据"
STAGE_CHECK_WRITE = "核对并写入"
STAGE_WRITE_ALL = "整体写入"
RACE = "导入期间该户数据被他人修改，本户未导入；重新导入即可（已导入的户不会重复）"


def max_rows() -> int:
    return int(getattr(settings, "BANGFU_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_bytes() -> int:
    return int(getattr(settings, "BANGFU_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def too_large_message(size: int) -> str:
    return (f"文件过大：{size / 1024 / 1024:.1f} MB，单次导入不能超过 {max_bytes() // 1024 // 1024} MB。"
            "请拆分后分批导入。")


@dataclass
class ImportResult:
    rows_read: int = 0
    households_read: int = 0
    households_created: int = 0
    households_updated: int = 0
    households_unchanged: int = 0
    members_applied: int = 0
    written: WriteCounts = field(default_factory=WriteCounts)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    atomic: bool = False
    applied: bool = False  # whether anything was written
    seconds: float = 0.0
    city_codes: set[str] = field(default_factory=set)  # where new files may have duplicates to look for
    sheets: list[str] = field(default_factory=list)  # the data sheets read, in workbook order
    notes: list[SheetNote] = field(default_factory=list)  # what was read and deliberately not imported

    @property
    def rows_rejected(self) -> int:
        return len({(error.sheet, error.row) for error in self.errors if error.row})

    @property
    def rows_skipped(self) -> int:
        return sum(1 for note in self.notes if note.row)

    @property
    def households_rejected(self) -> int:
        return self.households_read - self.households_created - self.households_updated - self.households_unchanged

    def counts(self) -> dict[str, Any]:
        """Counts only (for the audit log, the job record and the API): no personal data."""
        return {
            "rows_read": self.rows_read, "rows_rejected": self.rows_rejected, "households_read": self.households_read,
            "households_created": self.households_created, "households_updated": self.households_updated,
            "households_unchanged": self.households_unchanged, "households_rejected": self.households_rejected,
            "members_applied": self.members_applied, "rows_skipped": self.rows_skipped,
            "sheets_read": len(self.sheets), "sheets_skipped": sum(1 for note in self.notes if not note.row),
            "people_created": self.written.people_created,
            "people_updated": self.written.people_updated, "members_created": self.written.members_created,
            "members_updated": self.written.members_updated, "dry_run": self.dry_run, "atomic": self.atomic,
            "applied": self.applied, "errors": len(self.errors),
        }


def check_may_import(actor: Any, org: OrgUnit) -> None:
    """The importer files applications: it needs the permission to, and the unit within its scope (else 404)."""
    if actor is None:
        return
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm("people.add_hardshipfile"):
        raise ServiceError("您没有导入建档数据（申请建档）的权限。", status=403)
    if not org_in_scope(actor, org, permission="people.add_hardshipfile"):
        raise ServiceError("所选单位不存在，或不在您的数据范围内。", status=404)


# What a totals row starts with (合计：30 户, 总计, 小计, 共计): read, skipped and said so, never a family.
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
TEMPLATE_SHEETS = (INSTRUCTIONS_SHEET, LISTS_SHEET)  # the template's own help and drop-down lists: no data


def _is_total_row(values: list[Any], header: HeaderMap) -> bool:
    for key in ("household_key", "relation", "name"):
        position = header.positions[key]
        if position < len(values) and not is_blank(values[position]):
            text = "".join(str(values[position]).split())
            return text.startswith(TOTAL_WORDS)
    return False


def _data_sheets(book: XlsxBook, notes: list[SheetNote]) -> list[tuple[SheetRef, HeaderMap]]:
    """Every sheet carrying the template's header; every other sheet named in a note saying why it was skipped."""
    found: list[tuple[SheetRef, HeaderMap]] = []
    for sheet in book.sheets:
        if sheet.name in TEMPLATE_SHEETS:
            continue
        if sheet.hidden:
            notes.append(SheetNote(sheet.name, 0, "隐藏的工作表，未导入（如需导入，请取消隐藏后重新上传）"))
            continue
        rows = book.rows(sheet, fill_merged=False)
        try:
            found.append((sheet, find_header(iter(rows))))
        except ServiceError:
            empty = all(all(is_blank(value) for value in values)
                        for _number, values in book.rows(sheet, fill_merged=False))
            notes.append(SheetNote(sheet.name, 0, "空白工作表" if empty else
                                   "未找到导入模板的表头（户编号、与户主关系、姓名、身份证号），未导入"))
        finally:
            rows.close()  # stop reading the sheet after its first rows
    if not found:
        raise ServiceError(MISSING_HEADERS)
    return found


def read_rows(source: str | IO[bytes], result: ImportResult) -> tuple[list[MemberRow], RowReader]:
    """Every non-empty row of every data sheet, checked on its own; refused rows are in reader.errors.

    Totals rows (合计, 小计 …) are skipped with a note; so is every sheet that is not imported."""
    limit = max_rows()
    members: list[MemberRow] = []
    reader: RowReader | None = None
    with XlsxBook(source) as book:
        sheets = _data_sheets(book, result.notes)
        several = len(sheets) > 1
        for sheet, header in sheets:
            result.sheets.append(sheet.name)
            reader = RowReader(header, sheet.name if several else "", shared=reader)
            for number, values in book.rows(sheet):
                if number <= header.row or all(is_blank(value) for value in values):
                    continue
                if _is_total_row(values, header):
                    result.notes.append(SheetNote(sheet.name, number, "合计行，已跳过（不作为家庭成员导入）"))
                    continue
                result.rows_read += 1
                if result.rows_read > limit:
                    raise ServiceError(f"文件行数超过上限：单次最多导入 {limit:,} 行成员数据，请拆分后分批导入。")
                member = reader.read(number, values)
                if member is not None:
                    members.append(member)
        order = {sheet.name: index for index, sheet in enumerate(book.sheets)}
        result.notes.sort(key=lambda note: (order.get(note.sheet, 0), note.row))
    assert reader is not None  # _data_sheets returns at least one sheet
    return members, reader


def _batches(households: list[HouseholdRows]) -> Iterator[list[HouseholdRows]]:
    for start in range(0, len(households), BATCH_HOUSEHOLDS):
        yield households[start:start + BATCH_HOUSEHOLDS]


def _tally(plans: list[HouseholdPlan], result: ImportResult) -> None:
    for plan in plans:
        if plan.action == "create":
            result.households_created += 1
            result.city_codes.add(plan.household_values.get("city_code", ""))
        elif plan.action == "update":
            result.households_updated += 1
            if "duplicate_scan_key" in plan.household_values:  # re-keyed: due for the duplicate scan of its city
                result.city_codes.add(plan.household_values["city_code"])
        else:
            result.households_unchanged += 1
        result.members_applied += plan.members_applied


def import_households(*, actor: Any, org: OrgUnit, source: str | IO[bytes], dry_run: bool = False,
                      atomic: bool = False, job: Any = None) -> ImportResult:
    """Import an .xlsx of household members into `org` (and the units below it named in the file)."""
    check_may_import(actor, org)
    with no_cyclic_gc(), sqlite_page_cache(IMPORT_PAGE_CACHE_MIB):
        return _import(actor=actor, org=org, read=lambda result: read_rows(source, result), dry_run=dry_run,
                       atomic=atomic, job=job)


def import_rows(*, actor: Any, org: OrgUnit, rows: Iterable[list[Any]], origin: str) -> ImportResult:
    """Import rows already in the template's column order (`columns.COLUMNS`) — generated, not uploaded — into
    `org`, through the same checks, plan and writer as a workbook (`manage.py seed_scale` builds its province
    this way). `origin` names the command in the audit log when there is no actor."""
    check_may_import(actor, org)
    with no_cyclic_gc(), sqlite_page_cache(IMPORT_PAGE_CACHE_MIB):
        return _import(actor=actor, org=org, read=lambda result: read_values(rows, result), dry_run=False,
                       atomic=False, job=None, origin=origin)


def read_values(rows: Iterable[list[Any]], result: ImportResult) -> tuple[list[MemberRow], RowReader]:
    """`read_rows` for rows in the template's column order, numbered from 2 as under the template's header."""
    reader = RowReader(HeaderMap({column.key: position for position, column in enumerate(COLUMNS)}, 1))
    members = []
    for number, values in enumerate(rows, start=2):
        result.rows_read += 1
        member = reader.read(number, values)
        if member is not None:
            members.append(member)
    return members, reader


def _import(*, actor: Any, org: OrgUnit, read: Callable[[ImportResult], tuple[list[MemberRow], RowReader]],
            dry_run: bool, atomic: bool, job: Any, origin: str = "manage.py import_households") -> ImportResult:
    started = time.perf_counter()
    result = ImportResult(dry_run=dry_run, atomic=atomic)
    members, reader = read(result)
    errors = result.errors
    errors += reader.errors
    households = group_households(members, errors, reader.rejected_head_keys)
    result.households_read = len(reader.keys)
    progress = ProgressReporter(job, field="counts", stage=STAGE_CHECK, total=len(households))
    context = ImportContext.load(actor=actor, org=org)
    planner = Planner(context, errors)
    writer = Writer(context)
    batches = list(_batches(households))
    if dry_run or atomic:
        planned = []
        for batch in batches:
            planned.append(planner.plan_batch(batch))
            progress.advance(len(batch))
        if atomic and not dry_run and not errors:
            progress.stage(STAGE_WRITE_ALL, total=len(households))
            with transaction.atomic():
                for plans in planned:
                    result.written.add(writer.write(plans))
            result.applied = True
        for plans in planned:
            _tally(plans, result)
    else:
        progress.stage(STAGE_CHECK_WRITE, total=len(households))
        try:
            if _may_pipeline(len(households)):
                _write_pipelined(batches, planner, writer, result, on_batch=progress.advance)
            else:
                for batch in batches:
                    _plan_and_write(batch, planner, writer, result)
                    progress.advance(len(batch))
        except BaseException:  # Ctrl-C on the command too
            # The batches written so far are committed: audit them now, the end below is never reached.
            result.seconds = time.perf_counter() - started
            _audit_stopped(actor, org, job, result, origin)
            raise
    result.city_codes.discard("")
    if not dry_run:
        # The count triggers appended rows for every file written (people.FileCount): folded here when due, in the
        # import (a task in production), not by the next officer's page — 10⁵ files leave ~10⁵ rows to sum.
        FileCount.fold_when_due()
    order = {name: index for index, name in enumerate(result.sheets)}
    errors.sort(key=lambda error: (order.get(error.sheet, 0), error.row, error.column))
    result.seconds = time.perf_counter() - started
    _audit(actor, org, job, result, origin)
    return result


def _may_pipeline(households: int) -> bool:
    """Write on a second thread only for large imports, never inside a caller's transaction, and never on an
    in-memory SQLite database: its connections share one cache with table-level locks, so the planner's read
    fails with "database table is locked" while the writer thread holds the table (a file database in WAL
    mode, like PostgreSQL, lets the reader go on)."""
    threshold = int(getattr(settings, "BANGFU_IMPORT_PIPELINE_MIN", PIPELINE_MIN_HOUSEHOLDS))
    return households >= threshold and not connection.in_atomic_block and not in_memory_sqlite()


def in_memory_sqlite() -> bool:
    """True on the test suite's in-memory SQLite database (its connections share one locked cache)."""
    return connection.vendor == "sqlite" and bool(cast(Any, connection).is_in_memory_db())


def _commit(prepared: PreparedBatch) -> WriteCounts:
    with transaction.atomic():
        return prepared.execute()


def _close_thread_connections() -> None:
    connections.close_all()


def _write_pipelined(batches: list[list[HouseholdRows]], planner: Planner, writer: Writer,
                     result: ImportResult, on_batch: Callable[[int], None] | None = None) -> None:
    """Batch n is written on a second thread (the database releases the GIL) while batch n + 1 is planned and
    prepared here. If a batch fails (someone wrote the same records meanwhile), the pipeline stops: that
    batch and the next are planned again and written here, one by one, like a small import."""
    pending: tuple[Future[WriteCounts], list[HouseholdPlan], int] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer") as pool:
        try:
            for index, batch in enumerate(batches):
                marker = len(planner.errors)
                plans = planner.plan_batch(batch)
                prepared = writer.prepare(plans)
                if pending is not None and not _settle(pending, result):
                    del planner.errors[pending[2]:]
                    writer.keys.resync()
                    for retry in batches[index - 1:]:
                        _plan_and_write(retry, planner, writer, result)
                    return
                pending = (pool.submit(_commit, prepared), plans, marker)
                if on_batch is not None:
                    on_batch(len(batch))
            if pending is not None and not _settle(pending, result):
                del planner.errors[pending[2]:]
                writer.keys.resync()
                _plan_and_write(batches[-1], planner, writer, result)
        except BaseException:
            # Stopped by an unexpected error: the batch on the writer thread still counts if it committed.
            if pending is not None:
                _settle_quietly(pending, result)
            raise
        finally:
            pool.submit(_close_thread_connections).result()


def _settle(pending: tuple[Future[WriteCounts], list[HouseholdPlan], int], result: ImportResult) -> bool:
    future, plans, _marker = pending
    try:
        counts = future.result()
    except (IntegrityError, StaleFile):
        return False
    result.written.add(counts)
    result.applied = result.applied or any(plan.action != "unchanged" for plan in plans)
    _tally(plans, result)
    return True


def _settle_quietly(pending: tuple[Future[WriteCounts], list[HouseholdPlan], int], result: ImportResult) -> None:
    """Count the writer thread's last batch if it committed, when the import stops on another error."""
    try:
        _settle(pending, result)
    except Exception:  # its own failure is not the error being reported
        logger.exception("the last batch of a stopped import failed too")


def _plan_and_write(batch: list[HouseholdRows], planner: Planner, writer: Writer, result: ImportResult) -> None:
    """One batch in one transaction; if someone wrote the same records meanwhile, plan it once more."""
    for attempt in (1, 2):
        marker = len(planner.errors)
        plans = planner.plan_batch(batch)
        try:
            with transaction.atomic():
                counts = writer.write(plans)
        except (IntegrityError, StaleFile):
            del planner.errors[marker:]
            writer.keys.resync()
            if attempt == 2:
                planner.errors += [RowError(m.row, "", "", RACE, m.sheet) for h in batch for m in h.members]
            continue
        result.written.add(counts)
        result.applied = result.applied or any(plan.action != "unchanged" for plan in plans)
        _tally(plans, result)
        return


def _audit_stopped(actor: Any, org: OrgUnit, job: Any, result: ImportResult, origin: str) -> None:
    """An import that stopped on an unexpected error after committing some batches: its audit event, marked a
    failure and saying what was written. Never hides the error itself (logged if the audit cannot be written)."""
    try:
        _audit(actor, org, job, result, origin, stopped=True)
    except Exception:
        logger.exception("could not audit the stopped import")


def _audit(actor: Any, org: OrgUnit, job: Any, result: ImportResult, origin: str, *, stopped: bool = False) -> None:
    failed = stopped or (result.errors and not result.applied)
    changes = {**result.counts(), "stopped": True} if stopped else result.counts()
    with transaction.atomic():
        audit.record("people.households.import", actor=actor, obj=job, org=org, changes=changes,
                     outcome=audit.FAILURE if failed else audit.SUCCESS, actor_name="" if actor else origin)
