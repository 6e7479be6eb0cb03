"""The file's lifecycle as a table: which action moves a file from which status to which, and who may.

    申请 →(初审, street)→ 初审通过 →(入户调查)→ 入户调查完成 →(公示)→ 公示中 →(审批, district)→ 正式建档
    初审通过 / 入户调查完成 →(临时建档, district)→ 临时档案 →(转正, district)→ 正式建档
    在档 →(脱困: reason, date)→ 脱困 →(返困: reason)→ 返困 (in file again)
    在档 / 脱困 →(注销: reason, date)→ 注销;  申请 … 公示中 →(不予建档: reason)→ 不予建档
    在档 →(年度复核)→ same status, re-check due a year later

Rows with `maker_checker` refuse an actor who entered the file (created_by): whoever builds a file
does not approve it. 初审 is not done by the applicant either, 入户调查 needs its record and 公示 must run its
course (services.filing). The service (`services.workflow.transition_hardship_file`) enforces all of this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from bangfu.people.models import FileStatus, HardshipFile

S = FileStatus


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str  # equal to source for a step that keeps the status (年度复核)
    permission: str
    label: Any  # lazy translation, for buttons
    name_zh: str  # for messages and the timeline, Chinese whatever the page language
    needs_reason: bool = False
    needs_date: bool = False
    maker_checker: bool = False
    button: str = "primary"


def _rows(action: str, sources: tuple[str, ...], target: str | None, permission: str, label: Any, name_zh: str,
          **options: Any) -> list[Transition]:
    return [Transition(action, source, target or source, f"people.{permission}", label, name_zh, **options)
            for source in sources]


IN_FILE = (S.FORMAL, S.TEMPORARY, S.RETURNED)

TRANSITIONS: tuple[Transition, ...] = tuple(
    _rows("review", (S.APPLIED,), S.STREET_REVIEWED, "review_hardshipfile", _("Pass initial review"), "初审通过")
    + _rows("investigate", (S.STREET_REVIEWED,), S.INVESTIGATED, "investigate_hardshipfile",
            _("Record home investigation"), "入户调查")
    + _rows("publicise", (S.INVESTIGATED,), S.PUBLICISED, "publicise_hardshipfile", _("Publicise"), "公示")
    + _rows("approve", (S.PUBLICISED,), S.FORMAL, "approve_hardshipfile", _("Approve and file"), "审批建档",
            maker_checker=True, button="success")
    + _rows("open_temporary", (S.STREET_REVIEWED, S.INVESTIGATED), S.TEMPORARY, "approve_hardshipfile",
            _("Open a temporary file"), "临时建档", needs_reason=True, maker_checker=True, button="warning")
    + _rows("confirm", (S.TEMPORARY,), S.FORMAL, "approve_hardshipfile", _("Make formal"), "转正",
            maker_checker=True, button="success")
    + _rows("reject", (S.APPLIED, S.STREET_REVIEWED, S.INVESTIGATED), S.REJECTED, "review_hardshipfile",
            _("Refuse"), "不予建档", needs_reason=True, button="danger")
    + _rows("reject", (S.PUBLICISED,), S.REJECTED, "approve_hardshipfile", _("Refuse"), "不予建档",
            needs_reason=True, maker_checker=True, button="danger")
    + _rows("recheck", IN_FILE, None, "review_hardshipfile", _("Record yearly re-check"), "年度复核",
            button="secondary")
    + _rows("relieve", IN_FILE, S.RELIEVED, "relieve_hardshipfile", _("Out of hardship"), "脱困",
            needs_reason=True, needs_date=True, button="secondary")
    + _rows("cancel", (*IN_FILE, S.RELIEVED), S.CANCELLED, "cancel_hardshipfile", _("Cancel file"), "注销",
            needs_reason=True, needs_date=True, button="danger")
    + _rows("reopen", (S.RELIEVED,), S.RETURNED, "reopen_hardshipfile", _("Back in hardship"), "返困",
            needs_reason=True, button="warning")
)

ACTIONS: frozenset[str] = frozenset(t.action for t in TRANSITIONS)
ACTION_NAMES_ZH: dict[str, str] = {t.action: t.name_zh for t in TRANSITIONS} | {
    "apply": "提交申请", "edit": "修改档案", "merge": "合并重复档案", "merged": "并入其他档案",
    "evidence": "上传证明材料", "objection": "登记公示异议", "objection_answer": "答复公示异议",
    "schedule_recheck": "安排复核",
}


def transition_for(status: str, action: str) -> Transition | None:
    for row in TRANSITIONS:
        if row.source == status and row.action == action:
            return row
    return None


def is_maker(user: Any, hardship_file: HardshipFile) -> bool:
    return hardship_file.created_by_id is not None and hardship_file.created_by_id == getattr(user, "pk", None)


def allowed_transitions(user: Any, hardship_file: HardshipFile) -> list[Transition]:
    """The steps this user's roles grant on this file now (for the buttons); the service checks again, and
    `services.filing.step_refusal` says why a granted step must still wait or go to someone else."""
    return [
        row for row in TRANSITIONS
        if row.source == hardship_file.status and user.has_perm(row.permission)
        and not (row.maker_checker and is_maker(user, hardship_file))
    ]
