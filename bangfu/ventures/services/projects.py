"""Projects: 申报 → 审核 → 立项 (or 不予立项) → 运营 → 结项. The maker never approves (403); every step names
the version it started from (409 when stale)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.decisions import refuse_own_decision
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.people.models import Person
from bangfu.ventures.models import Level, ProjectStatus, VentureProject
from bangfu.ventures.services.common import require_perm, require_unit, validated

# step → (statuses it starts from, status it leads to, permission, Chinese name)
STEPS: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "review": ((ProjectStatus.SUBMITTED,), ProjectStatus.REVIEWED, "ventures.change_ventureproject", "审核"),
    "approve": ((ProjectStatus.REVIEWED,), ProjectStatus.APPROVED, "ventures.approve_ventureproject", "立项"),
    "decline": ((ProjectStatus.SUBMITTED, ProjectStatus.REVIEWED), ProjectStatus.DECLINED,
                "ventures.approve_ventureproject", "不予立项"),
    "operate": ((ProjectStatus.APPROVED,), ProjectStatus.OPERATING, "ventures.change_ventureproject", "转入运营"),
    "close": ((ProjectStatus.OPERATING, ProjectStatus.APPROVED), ProjectStatus.CLOSED,
              "ventures.change_ventureproject", "结项"),
}


def register_project(*, actor: Any, org: OrgUnit, name: str, sector: str, level: str,
                     applicant: Person | None = None, group_name: str = "", location: str = "",
                     description: str = "", submitted_on: dt.date | None = None) -> VentureProject:
    require_unit(actor, org, "ventures.add_ventureproject")
    if applicant is None and not group_name.strip():
        raise ServiceError("申报人：请选择申报职工，或填写合作社/合伙名称")
    if applicant is not None and not applicant.org.path.startswith(org.path) and not org.path.startswith(
            applicant.org.path):
        raise ServiceError("申报人：该职工不属于本单位或其上下级单位")
    if level not in Level.values:
        raise ServiceError(f"认定级别：无效的选项“{level}”")
    project = VentureProject(org=org, name=name.strip(), sector=sector.strip(), level=level, applicant=applicant,
                             group_name=group_name.strip(), location=location.strip(),
                             description=description.strip(), created_by=actor,
                             submitted_on=submitted_on or timezone.localdate())
    validated(project)
    with transaction.atomic():
        project.save()
        audit.record("ventures.project_register", actor=actor, obj=project, changes={"level": level})
    return project


def advance_project(*, actor: Any, project: VentureProject, step: str, version: int, note: str = "",
                    on: dt.date | None = None) -> VentureProject:
    """Move the project one step; approval and refusal by someone other than the maker."""
    if step not in STEPS:
        raise ServiceError(f"未知的操作“{step}”")
    sources, target, permission, label = STEPS[step]
    require_perm(actor, permission, f"对该项目执行“{label}”")
    if step in ("approve", "decline"):
        refuse_own_decision(actor, project.created_by_id, message="立项审批须由申报经办人以外的人员进行")
    if project.status not in sources:
        raise ConflictError(f"项目当前状态为“{project.get_status_display()}”，不能{label}")
    fields: dict[str, Any] = {"status": target}
    if step == "approve":
        fields.update(approved_on=on or timezone.localdate(), approved_by=actor)
    if step in ("approve", "decline"):
        fields["decision_note"] = note.strip()[:200]
    with transaction.atomic():
        update_versioned(project, version, **fields)
        audit.record(f"ventures.project_{step}", actor=actor, obj=project, changes={"status": target})
    return project
