"""Subsidy policies: the share, the caps and the grace, editable by an authorised officer; every edit is
a new revision (append-only history with who and why), and each run keeps the terms it was computed with."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from bangfu.accounts.models import OrgUnit
from bangfu.assistance.models import Fund
from bangfu.assistance.services.ledger import nearest_allocation
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ServiceError
from bangfu.ventures.interest import Terms
from bangfu.ventures.models import SubsidyPolicy, SubsidyPolicyRevision
from bangfu.ventures.services.common import require_perm, require_unit

MAX_GRACE_DAYS = 90


def _share(value: Any) -> Decimal:
    try:
        share = Decimal(str(value).strip().removesuffix("%"))
    except InvalidOperation:
        raise ServiceError(f"贴息比例：“{value}”不是数字") from None
    if not share.is_finite() or not 0 < share <= 100 or share != share.quantize(Decimal("0.01")):
        raise ServiceError(f"贴息比例：“{value}”应大于 0、不超过 100，最多两位小数")
    return share.quantize(Decimal("0.01"))


def _cap(value: int | None, label: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ServiceError(f"{label}：不能为负数")
    return value


def clean_terms(*, share_percent: Any, cap_per_year_fen: int | None, cap_per_project_fen: int | None,
                grace_days: int) -> dict[str, Any]:
    if not isinstance(grace_days, int) or not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise ServiceError(f"宽限天数：应为 0 到 {MAX_GRACE_DAYS} 天")
    return {"share_percent": _share(share_percent),
            "cap_per_year_fen": _cap(cap_per_year_fen, "每年贴息上限"),
            "cap_per_project_fen": _cap(cap_per_project_fen, "项目累计贴息上限"), "grace_days": grace_days}


def terms_json(terms: dict[str, Any]) -> dict[str, Any]:
    return {**terms, "share_percent": str(terms["share_percent"])}


def terms_of(snapshot: dict[str, Any]) -> Terms:
    return Terms(share_percent=Decimal(snapshot["share_percent"]), grace_days=int(snapshot["grace_days"]),
                 cap_per_year_fen=snapshot["cap_per_year_fen"], cap_per_project_fen=snapshot["cap_per_project_fen"])


def policy_terms(policy: SubsidyPolicy) -> dict[str, Any]:
    return {"share_percent": str(policy.share_percent), "cap_per_year_fen": policy.cap_per_year_fen,
            "cap_per_project_fen": policy.cap_per_project_fen, "grace_days": policy.grace_days}


def create_policy(*, actor: Any, org: OrgUnit, name: str, fund: Fund, share_percent: Any,
                  cap_per_year_fen: int | None, cap_per_project_fen: int | None, grace_days: int) -> SubsidyPolicy:
    require_unit(actor, org, "ventures.add_subsidypolicy")
    if not name.strip():
        raise ServiceError("名称：必须填写")
    if nearest_allocation(fund, org) is None:
        raise ServiceError(f"付款资金：“{fund.name}”在{org.name}及其上级单位都没有账户，不能用于贴息")
    terms = clean_terms(share_percent=share_percent, cap_per_year_fen=cap_per_year_fen,
                        cap_per_project_fen=cap_per_project_fen, grace_days=grace_days)
    with transaction.atomic():
        policy = SubsidyPolicy.objects.create(org=org, name=name.strip()[:100], fund=fund, created_by=actor, **terms)
        SubsidyPolicyRevision.objects.create(policy=policy, revision=1, terms=terms_json(terms), note="新建",
                                             changed_by=actor)
        audit.record("ventures.policy_create", actor=actor, obj=policy, changes=terms_json(terms))
    return policy


def update_policy(*, actor: Any, policy: SubsidyPolicy, version: int, note: str, share_percent: Any,
                  cap_per_year_fen: int | None, cap_per_project_fen: int | None, grace_days: int) -> SubsidyPolicy:
    """A new revision of the terms; runs already computed keep theirs. Stale version: 409."""
    require_perm(actor, "ventures.change_subsidypolicy", "修改贴息政策")
    if not note.strip():
        raise ServiceError("修改原因：必须填写")
    terms = clean_terms(share_percent=share_percent, cap_per_year_fen=cap_per_year_fen,
                        cap_per_project_fen=cap_per_project_fen, grace_days=grace_days)
    with transaction.atomic():
        update_versioned(policy, version, revision=policy.revision + 1, **terms)
        SubsidyPolicyRevision.objects.create(policy=policy, revision=policy.revision, terms=terms_json(terms),
                                             note=note.strip()[:200], changed_by=actor)
        audit.record("ventures.policy_update", actor=actor, obj=policy,
                     changes={**terms_json(terms), "revision": policy.revision})
    return policy
