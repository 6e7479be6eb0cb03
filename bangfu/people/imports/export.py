"""Export of the register within the user's scope, in the import template's layout (one row per member).

Masked by default (ID 110105********002X, phone 138****1234); in clear only through an approved plaintext
export request (reports.plain_export: a reason, a second person's approval, the requester alone, once), which
passes its watermark row; every export is audited (counts and whether it was in clear). Cells go
through `core.spreadsheet.safe_cell` so a name typed as `=HYPERLINK(…)` stays text. An export in clear
can be edited and imported again: the extra columns at the right are ignored by the importer.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.core.masking import mask_id_number, mask_phone
from bangfu.core.sensitive import SensitiveDataError
from bangfu.core.spreadsheet import safe_row
from bangfu.people.imports.columns import (
    COLUMNS,
    DATA_SHEET,
    EMPLOYMENT_LABELS,
    HUKOU_LABELS,
    ID_NUMBER,
    LEVEL_LABELS,
    PHONE,
    RELATION_LABELS,
)
from bangfu.people.imports.xlsxwrite import SheetSpec, write_xlsx
from bangfu.people.models import IN_FILE_STATUSES, FileStatus, HardshipFile, HouseholdMember, Relation
from bangfu.people.vocab import CAUSE_NAMES_ZH, TIER_NAMES_ZH, status_name

EXTRA_HEADERS = ("档案状态", "困难程度", "家庭人口", "人均月收入（元）", "建档日期", "复核到期日")
CHUNK = 2_000
UNDECRYPTABLE = "部分敏感字段无法解密（密钥缺失或不匹配），导出已停止，请联系系统管理员。"
_LABEL_OF = {
    "relation": {v: k for k, v in RELATION_LABELS.items()},
    "employment_status": {v: k for k, v in EMPLOYMENT_LABELS.items()},
    "hukou_type": {v: k for k, v in HUKOU_LABELS.items()},
    "level": {v: k for k, v in LEVEL_LABELS.items()},
}
FILE_FIELDS = ("household_id", "org__code", "household__address", "level", "primary_cause", "secondary_causes",
               "incident_on", "contact__username", "status", "tier", "household_size", "income_per_capita_fen",
               "filed_on", "recheck_due")
MEMBER_FIELDS = ("household_id", "relation", "employment_status", "has_major_illness", "disability_or_mental_illness",
                 "monthly_income_fen", "person__name", "person__id_number", "person__phone", "person__hukou_type",
                 "person__disability_type", "person__disability_grade", "person__employer_name",
                 "person__is_union_member")
STATUS_FILTERS = {"in_file", *FileStatus.values}
PLAIN_EXPORT_PERMISSION = "reports.request_plainexport"


@dataclass(frozen=True)
class ExportResult:
    content: bytes
    households: int
    rows: int
    filename: str


def may_export_unmasked(user: Any) -> bool:
    return bool(user.has_perm(PLAIN_EXPORT_PERMISSION))


def exported_files(user: Any, org: OrgUnit, status: str = "") -> QuerySet[HardshipFile]:
    files = scoped(HardshipFile.objects.all(), user, "view").filter(org__path__startswith=org.path)
    if status == "in_file":
        files = files.filter(status__in=IN_FILE_STATUSES)
    elif status:
        files = files.filter(status=status)
    return files.order_by("org__path", "household_id")


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _yuan(fen: int) -> float | int:
    return fen // 100 if fen % 100 == 0 else fen / 100


def _member_cells(member: dict[str, Any], unmasked: bool) -> list[Any]:
    id_number = member["person__id_number"] or ""
    phone = member["person__phone"] or ""
    grade = member["person__disability_grade"]
    return [
        str(member["household_id"]), _LABEL_OF["relation"].get(member["relation"], member["relation"]),
        member["person__name"], id_number if unmasked else mask_id_number(id_number),
        phone if unmasked else mask_phone(phone), _LABEL_OF["hukou_type"].get(member["person__hukou_type"], ""),
        _LABEL_OF["employment_status"].get(member["employment_status"], member["employment_status"]),
        _yes_no(member["has_major_illness"]), _yes_no(member["disability_or_mental_illness"]),
        member["person__disability_type"], f"{'一二三四'[grade - 1]}级" if grade in (1, 2, 3, 4) else "",
        _yuan(member["monthly_income_fen"]), member["person__employer_name"],
        _yes_no(member["person__is_union_member"]),
    ]


def _file_cells(hardship_file: dict[str, Any]) -> list[Any]:
    secondaries = [CAUSE_NAMES_ZH.get(code, code) for code in hardship_file["secondary_causes"]][:3]
    secondaries += [""] * (3 - len(secondaries))
    return [
        hardship_file["org__code"], hardship_file["household__address"],
        _LABEL_OF["level"].get(hardship_file["level"], ""),
        CAUSE_NAMES_ZH.get(hardship_file["primary_cause"], hardship_file["primary_cause"]), *secondaries,
        hardship_file["incident_on"], hardship_file["contact__username"] or "", "",
        status_name(hardship_file["status"]), TIER_NAMES_ZH.get(hardship_file["tier"], "未评定"),
        hardship_file["household_size"], _yuan(hardship_file["income_per_capita_fen"]), hardship_file["filed_on"],
        hardship_file["recheck_due"],
    ]


def _rows(files: Sequence[dict[str, Any]], unmasked: bool, counter: list[int]) -> Iterator[list[Any]]:
    for start in range(0, len(files), CHUNK):
        chunk = files[start:start + CHUNK]
        members: dict[int, list[dict[str, Any]]] = {}
        for member in HouseholdMember.objects.filter(household_id__in=[f["household_id"] for f in chunk]).values(
                *MEMBER_FIELDS).order_by("household_id", "id"):
            members.setdefault(member["household_id"], []).append(member)
        for hardship_file in chunk:
            rows = sorted(members.get(hardship_file["household_id"], []), key=lambda m: m["relation"] != Relation.SELF)
            for position, member in enumerate(rows):
                cells = _member_cells(member, unmasked)
                cells += _file_cells(hardship_file) if position == 0 else []
                counter[0] += 1
                yield safe_row(cells)


def export_households(*, user: Any, org: OrgUnit, status: str = "", unmasked: bool = False,
                      watermark: str = "") -> ExportResult:
    """The .xlsx of the register under `org` that `user` may read; audited in the same transaction. In clear
    only with the watermark of an approved request (written as the sheet's first row, above the header)."""
    if unmasked and not (watermark and may_export_unmasked(user)):
        raise ServiceError("导出明文须先申请并经第二人审批：请在“导出明文”中说明用途提交申请。", status=403)
    if status and status not in STATUS_FILTERS:
        raise ServiceError("档案状态筛选条件无效。")
    files = list(exported_files(user, org, status).values(*FILE_FIELDS))
    counter = [0]
    header = [column.header for column in COLUMNS] + list(EXTRA_HEADERS)
    text_columns = frozenset(i for i, column in enumerate(COLUMNS) if column.kind in (ID_NUMBER, PHONE))
    widths = [column.width for column in COLUMNS] + [10, 10, 8, 14, 12, 12]
    buffer = io.BytesIO()
    try:
        rows: Iterator[list[Any]] = _rows(files, unmasked, counter)
        top: list[Any] = header
        if watermark:  # the first row names who exported it; the importer finds the header just below
            top, rows = safe_row([watermark]), itertools.chain([header], rows)
        write_xlsx(buffer, [SheetSpec(DATA_SHEET, top, rows, widths, text_columns)])
    except SensitiveDataError:
        raise ServiceError(UNDECRYPTABLE, status=500) from None
    with transaction.atomic():
        audit.record("people.households.export", actor=user, org=org,
                     changes={"households": len(files), "rows": counter[0], "unmasked": unmasked,
                              "status_filter": status or "all"})
    suffix = "（明文）" if unmasked else ""
    return ExportResult(buffer.getvalue(), len(files), counter[0], f"困难职工家庭-{org.code}{suffix}.xlsx")
