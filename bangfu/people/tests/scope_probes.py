"""Scope probes for every page and API route of the register (see tests/scope_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from bangfu.accounts.models import OrgUnit
from bangfu.core.files import seal_file
from bangfu.people.models import DuplicateCandidate, Evidence, FileStatus, HardshipFile, Publicity, Relation
from bangfu.people.services import raise_objection
from bangfu.people.tests.helpers import apply_family, member, same_birth_id
from tests.scope_matrix import Probe

LISTED = "探针列表"  # initials tzlb: the query string never holds the marker itself
BIRTH = dt.date(1966, 6, 6)


def _household(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    hardship_file = apply_family(user, org, head="探针户主")
    return {"pk": hardship_file.household_id}, "探针户主"


def _api_household(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    kwargs, marker = _household(org, user)
    return {"household_id": kwargs["pk"]}, marker


def _member(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    hardship_file = apply_family(user, org, head="探针户主", extra=(member("探针成员", relation=Relation.CHILD),))
    child = hardship_file.household.members.get(relation=Relation.CHILD)
    return {"pk": hardship_file.household_id, "member_id": child.pk}, "探针成员"


def _api_member(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    kwargs, marker = _member(org, user)
    return {"household_id": kwargs["pk"], "member_id": kwargs["member_id"]}, marker


def _transition(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    kwargs, marker = _household(org, user)
    return kwargs | {"action": "review"}, marker


def _objection(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    """A file in public notice with an objection (the marker is the objection's text)."""
    hardship_file = apply_family(user, org, head="探针公示")
    HardshipFile.objects.filter(pk=hardship_file.pk).update(status=FileStatus.PUBLICISED)
    today = timezone.localdate()
    Publicity.objects.create(file=hardship_file, starts_on=today, ends_on=today + dt.timedelta(days=7))
    objection = raise_objection(actor=user, hardship_file=hardship_file, content="探针异议内容")
    return {"pk": hardship_file.household_id, "objection_id": objection.pk}, "探针异议内容"


def _api_filing(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    kwargs, marker = _objection(org, user)
    return {"household_id": kwargs["pk"]}, marker


def _listed(status: str, recheck_due: dt.date | None = None):  # type: ignore[no-untyped-def]
    def make(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
        hardship_file = apply_family(user, org, head=LISTED)
        HardshipFile.objects.filter(pk=hardship_file.pk).update(status=status, recheck_due=recheck_due)
        return {}, LISTED
    return make


def _evidence(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    hardship_file = apply_family(user, org, head="探针材料")
    evidence = Evidence(hardship_file=hardship_file, kind="income", content_type="application/pdf", uploaded_by=user)
    seal_file(evidence.upload, "probe.pdf", b"%PDF-1.4 probe")  # stored encrypted, as the upload service does
    evidence.save()
    return {"pk": evidence.pk}, "%PDF-1.4 probe"


def _pair(org: OrgUnit, user: Any) -> DuplicateCandidate:
    for _ in range(2):
        apply_family(user, org, head="探针重复", region_code="440106011",
                     head_id=same_birth_id("440106", BIRTH), address="五山路100号3栋201",
                     birth=BIRTH)  # the same head at the same flat: one family filed twice
    return DuplicateCandidate.objects.get()


def _duplicate(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _pair(org, user).pk}, "探针重复"


def _duplicate_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _pair(org, user)
    return {}, "探针重复"


def _duplicate_api(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _pair(org, user)
    return {}, "户主姓名拼音相同且出生日期相同"


WORKER = "street_social_worker"
PROBES = [
    Probe("people:household_list", role=WORKER, make=_listed(FileStatus.APPLIED), kind="list", query="?q=tzlb"),
    Probe("people:relieved_list", role=WORKER, make=_listed(FileStatus.RELIEVED), kind="list", query="?q=tzlb"),
    Probe("people:cancelled_list", role=WORKER, make=_listed(FileStatus.CANCELLED), kind="list", query="?q=tzlb"),
    Probe("people:recheck_list", role=WORKER, make=_listed(FileStatus.FORMAL, dt.date(2020, 1, 1)), kind="list"),
    Probe("people:quality_list", role=WORKER, make=_listed(FileStatus.FORMAL), kind="list",
          query="?check=missing_evidence"),
    Probe("people:household_detail", role=WORKER, make=_household),
    Probe("people:household_edit", role=WORKER, make=_household),
    Probe("people:member_add", role=WORKER, make=_household),
    Probe("people:member_edit", role=WORKER, make=_member),
    Probe("people:member_remove", role=WORKER, make=_member),
    Probe("people:evidence_upload", role=WORKER, make=_household),
    Probe("people:file_transition", role=WORKER, make=_transition),
    Probe("people:evidence_download", role=WORKER, make=_evidence),
    Probe("people:objection_raise", role=WORKER, make=_household, expected_in_scope={405}),
    Probe("people:objection_answer", role=WORKER, make=_objection, expected_in_scope={405}),
    Probe("api:get_filing_record", role=WORKER, make=_api_filing),
    Probe("people:duplicate_list", role="city_officer", make=_duplicate_listed, kind="list"),
    Probe("people:duplicate_detail", role="city_officer", make=_duplicate),
    Probe("api:list_households", role=WORKER, make=_listed(FileStatus.APPLIED), kind="list", query="?q=tzlb"),
    Probe("api:get_household", role=WORKER, make=_api_household),
    Probe("api:get_household_member", role=WORKER, make=_api_member),
    Probe("api:list_duplicate_candidates", role="city_officer", make=_duplicate_api, kind="list"),
]
_WRITE = "a write on a path whose GET is probed; its scope (404 outside) is tested in people/tests/test_api.py"
EXEMPT = {
    "people:file_batch": "POST only; each ticked row is looked up within scope, outside is '未找到' "
                         "(people/tests/test_batch.py)",
    "people:household_create": "a form; the units offered are scoped (tested in test_pages)",
    "people:tier_rules": "the tier rules and local minimum standards: no personal data",
    "api:create_household": _WRITE,
    "api:update_household": _WRITE,
    "api:update_household_member": _WRITE,
    "api:remove_household_member": "POST only; 404 outside scope is tested in people/tests/test_members.py",
    "api:transition_hardship_file": "POST only; 404 outside scope is tested in people/tests/test_api.py",
    "api:raise_publicity_objection": "POST only; 404 outside scope is tested in people/tests/test_four_eyes.py",
    "api:answer_publicity_objection": "POST only; 404 outside scope is tested in people/tests/test_four_eyes.py",
    "api:search_households": "POST only (the ID number stays in the body); scoping tested in test_api",
    "api:batch_hardship_files": "POST only; a row outside scope is refused as absent (test_batch.py)",
    "api:resolve_duplicate_candidate": "POST only; 404 outside scope is tested in people/tests/test_api.py",
}
