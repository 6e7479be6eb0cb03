"""Scope probes for every assistance page and API route (see tests/scope_matrix.py).

POST-only actions and pure forms are exempt here; the POST actions are checked inside and outside scope in
test_action_scope.py (a target outside scope is 404 whatever the method).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from bangfu.accounts.models import OrgUnit, User
from bangfu.assistance.models import (
    Allocation,
    BeneficiaryList,
    CashTopUp,
    LedgerEntry,
    MedicalClaim,
    Program,
    ProgramKind,
    Quota,
    TargetGroup,
)
from bangfu.assistance.services import ledger, lists, medical, programs, reopenings, topups, visits
from bangfu.assistance.tests.factories import make_campaign, make_fact, make_file, make_household, make_person
from tests.scope_matrix import Probe

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MEDICAL_SETTINGS = {"threshold_fen": 100_000, "yearly_cap_fen": 5_000_000,
                    "tiers": [{"upto_fen": 2_000_000, "percent": 50}, {"upto_fen": None, "percent": 70}]}


def _approver(org: OrgUnit) -> User:
    user = User.objects.create_user(username=f"probe-approver-{org.code}", org=org)
    user.groups.set([Group.objects.get(role_profile__key="city_officer")])
    return User.objects.get(pk=user.pk)


def _program(org: OrgUnit, user: Any) -> Program:
    return make_campaign(org, name="探针送温暖活动", actor=user)


def _program_kwargs(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _program(org, user).pk}, "探针送温暖活动"


def _program_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"program_id": _program(org, user).pk}, "探针送温暖活动"


def _programs_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _program(org, user)
    return {}, "探针送温暖活动"


def _fund(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _program(org, user).funds.get().pk}, "探针"


def _fund_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"fund_id": _program(org, user).funds.get().pk}, "探针"


def _allocation(org: OrgUnit, user: Any) -> Allocation:
    return Allocation.objects.get(fund__program=_program(org, user), parent__isnull=True)


def _allocation_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _allocation(org, user).pk}, "探针"


def _allocation_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"allocation_id": _allocation(org, user).pk}, "探针"


def _pending_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    ledger.disburse(actor=user, allocation=_allocation(org, user), amount_fen=10_000_000, key="probe-large",
                    purpose="探针大额发放")
    return {}, "探针大额发放"


def _pending(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    disbursement, _new = ledger.disburse(actor=user, allocation=_allocation(org, user), amount_fen=10_000_000,
                                         key="probe-large", purpose="探针大额发放")
    return {"pk": disbursement.pk}, "探针"


def _entry(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": LedgerEntry.objects.filter(fund__program=_program(org, user)).first().pk}, "探针"  # type: ignore[union-attr]


def _group(org: OrgUnit, user: Any) -> TargetGroup:
    return programs.create_target_group(actor=user, org=org, name="探针类别",
                                        rule={"all": [{"field": "person.work_injury_disabled", "op": "is_true"}]})


def _group_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _group(org, user).pk}, "探针类别"


def _group_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"group_id": _group(org, user).pk}, "探针类别"


def _groups_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _group(org, user)
    return {}, "探针类别"


def _quota_program(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    program = _program(org, user)
    Quota.objects.create(program=program, campaign_group=program.groups.get(priority=1), org=org, max_people=5)
    return {"program_id": program.pk}, "探针"


def _draft(org: OrgUnit, user: Any) -> BeneficiaryList:
    program = _program(org, user)
    person = make_person(org, "探针人员")
    make_file(person)
    return lists.build_list(actor=user, program=program, unit=org)


def _approved(org: OrgUnit, user: Any) -> BeneficiaryList:
    blist = lists.submit_list(actor=user, blist=_draft(org, user))
    return lists.approve_list(actor=_approver(org), blist=blist)


def _draft_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _draft(org, user).pk}, "探针人员"


def _approved_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _approved(org, user).pk}, "探针人员"


def _list_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"list_id": _approved(org, user).pk}, "探针"


def _list_action(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _draft(org, user).pk, "action": "submit"}, "探针"


def _draft_entry(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _draft(org, user).entries.get().pk}, "探针人员"


def _approved_entry(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _approved(org, user).entries.get().pk}, "探针人员"


def _unvisited_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _approved(org, user)
    return {}, "探针人员"


def _visit(org: OrgUnit, user: Any) -> Any:
    entry = _approved(org, user).entries.get()
    visit, _new = visits.record_visit(actor=user, beneficiary=entry, visited_at=timezone.now(), place="探针地点",
                                      key="probe-visit", cash_fen=100_000, fubao_count=1,
                                      photo=ContentFile(PNG, name="probe.png"))
    return visit


def _visit_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _visit(org, user).pk}, "探针人员"


def _visit_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"visit_id": _visit(org, user).pk}, "探针"


def _visit_photo(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _visit(org, user).pk, "kind": "photo"}, "探针"


def _visits_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _visit(org, user)
    return {}, "探针人员"


def _top_up(org: OrgUnit, user: Any) -> CashTopUp:
    entry = _approved(org, user).entries.get()
    top_up, _new = topups.request_top_up(actor=user, beneficiary=entry, amount_fen=10_000, reason="探针追加原因",
                                         key="probe-top-up")
    return top_up


def _top_up_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _top_up(org, user).pk}, "探针"


def _top_up_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"top_up_id": _top_up(org, user).pk}, "探针"


def _top_ups_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _top_up(org, user)
    return {}, "探针人员"


def _claim(org: OrgUnit, user: Any) -> MedicalClaim:
    program = Program.objects.create(org=org, name="探针医疗救助", kind=ProgramKind.MEDICAL,
                                     starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2021, 12, 31),
                                     medical_settings=MEDICAL_SETTINGS)
    ledger.create_fund(actor=user, program=program, name="探针医疗救助资金", budget_fen=10_000_000, key="probe-med")
    head = make_person(org, "探针病人")
    household = make_household(head)
    return medical.submit_claim(actor=user, program=program, household=household, patient=head,
                                incurred_on=dt.date(2021, 3, 1), total_cost_fen=5_000_000, insurance_fen=2_000_000,
                                other_aid_fen=0, key="probe-claim")


def _claim_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _claim(org, user).pk}, "探针病人"


def _claim_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"claim_id": _claim(org, user).pk}, "探针"


def _claims_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _claim(org, user)
    return {}, "探针病人"


def _claims_listed_api(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {}, f"\"household_id\": {_claim(org, user).household_id}"


def _facts_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    make_fact(make_person(org, "探针挂职"), "seconded", "outside_city")
    return {}, "探针挂职"


def _closed_program(org: OrgUnit, user: Any) -> Program:
    program = _program(org, user)
    programs.close_program(actor=None, program=program, actor_name="probe")
    return program


def _closed_program_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _closed_program(org, user).pk}, "探针送温暖活动"


def _reopening(org: OrgUnit, user: Any) -> Any:
    return reopenings.request_reopening(actor=user, program=_closed_program(org, user),
                                        new_ends_on=timezone.localdate(), decision_ref="探针文号", reason="探针原因")


def _reopening_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _reopening(org, user).pk}, "探针"


def _reopening_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"reopening_id": _reopening(org, user).pk}, "探针文号"


def _reopenings_of_program(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"program_id": _reopening(org, user).program_id}, "探针文号"


CITY, DISTRICT = "city_officer", "district_officer"
PROBES = [
    Probe("assistance:program_list", role=CITY, make=_programs_listed, kind="list"),
    Probe("assistance:program_detail", role=CITY, make=_program_kwargs),
    Probe("assistance:campaign_groups", role=CITY, make=_program_kwargs),
    Probe("assistance:quota_list", role=CITY, make=_program_kwargs),
    Probe("assistance:list_index", role=DISTRICT, make=_program_kwargs),
    Probe("assistance:list_build", role=DISTRICT, make=_program_kwargs, expected_in_scope={405}),
    Probe("assistance:notice", role=DISTRICT, make=_program_kwargs),
    Probe("assistance:notice_export", role=DISTRICT, make=_program_kwargs),
    Probe("assistance:reconciliation", role=CITY, make=_program_kwargs),
    Probe("assistance:reconciliation_export", role=CITY, make=_program_kwargs),
    Probe("assistance:fund_detail", role=CITY, make=_fund),
    Probe("assistance:fund_allocate", role=CITY, make=_fund, expected_in_scope={405}),
    Probe("assistance:allocation_detail", role=CITY, make=_allocation_pk),
    Probe("assistance:allocation_disburse", role=CITY, make=_allocation_pk, expected_in_scope={405}),
    Probe("assistance:disbursement_list", role=CITY, make=_pending_listed, kind="list"),
    Probe("assistance:disbursement_decide", role=CITY, make=_pending, expected_in_scope={405}),
    Probe("assistance:ledger_reverse", role=CITY, make=_entry, expected_in_scope={405}),
    Probe("assistance:target_group_list", role=CITY, make=_groups_listed, kind="list"),
    Probe("assistance:target_group_detail", role=CITY, make=_group_pk),
    Probe("assistance:target_group_edit", role=CITY, make=_group_pk),
    Probe("assistance:list_detail", role=DISTRICT, make=_draft_pk),
    Probe("assistance:list_diff", role=DISTRICT, make=_approved_pk),
    Probe("assistance:entry_add", role=DISTRICT, make=_draft_pk),
    Probe("assistance:list_action", role=DISTRICT, make=_list_action, expected_in_scope={405}),
    Probe("assistance:entry_edit", role=DISTRICT, make=_draft_entry),
    Probe("assistance:visit_create", role=DISTRICT, make=_approved_entry),
    Probe("assistance:visit_todo", role=DISTRICT, make=_unvisited_listed, kind="list"),
    Probe("assistance:visit_list", role=DISTRICT, make=_visits_listed, kind="list"),
    Probe("assistance:visit_detail", role=DISTRICT, make=_visit_pk),
    Probe("assistance:visit_proof", role=DISTRICT, make=_visit_photo),
    Probe("assistance:reopening_request", role=CITY, make=_closed_program_pk),
    Probe("assistance:reopening_decide", role=CITY, make=_reopening_pk, expected_in_scope={405}),
    Probe("assistance:top_up_request", role=DISTRICT, make=_approved_entry),
    Probe("assistance:top_up_list", role=DISTRICT, make=_top_ups_listed, kind="list"),
    Probe("assistance:top_up_decide", role=DISTRICT, make=_top_up_pk, expected_in_scope={405}),
    Probe("assistance:claim_list", role=DISTRICT, make=_claims_listed, kind="list"),
    Probe("assistance:claim_detail", role=DISTRICT, make=_claim_pk),
    Probe("assistance:claim_decide", role=DISTRICT, make=_claim_pk, expected_in_scope={405}),
    Probe("assistance:fact_list", role=DISTRICT, make=_facts_listed, kind="list"),
    Probe("api:list_assistance_programs", role=CITY, make=_programs_listed, kind="list"),
    Probe("api:get_assistance_program", role=CITY, make=_program_id),
    Probe("api:list_fund_allocations", role=CITY, make=_fund_id),
    Probe("api:allocate_fund_to_unit", role=CITY, make=_fund_id),
    Probe("api:get_allocation_balance", role=CITY, make=_allocation_id),
    Probe("api:list_allocation_ledger", role=CITY, make=_allocation_id),
    Probe("api:reconcile_fund_ledger", role=CITY, make=_fund_id),
    Probe("api:list_target_groups", role=CITY, make=_groups_listed, kind="list"),
    Probe("api:create_target_group", role=CITY, make=_groups_listed, kind="list"),
    Probe("api:get_target_group", role=CITY, make=_group_id),
    Probe("api:update_target_group", role=CITY, make=_group_id),
    Probe("api:list_program_quotas", role=CITY, make=_quota_program),
    Probe("api:set_program_quota", role=CITY, make=_quota_program),
    Probe("api:list_beneficiary_lists", role=DISTRICT, make=_program_id),
    Probe("api:build_unit_list", role=DISTRICT, make=_program_id),
    Probe("api:get_beneficiary_list", role=DISTRICT, make=_list_id),
    Probe("api:get_list_diff", role=DISTRICT, make=_list_id),
    Probe("api:get_visit_record", role=DISTRICT, make=_visit_id),
    Probe("api:list_unvisited_beneficiaries", role=DISTRICT, make=_program_id),
    Probe("api:get_public_notice", role=DISTRICT, make=_program_id),
    Probe("api:get_campaign_reconciliation", role=CITY, make=_program_id),
    Probe("api:list_medical_claims", role=DISTRICT, make=_claims_listed_api, kind="list"),
    Probe("api:submit_medical_claim", role=DISTRICT, make=_claims_listed_api, kind="list"),
    Probe("api:get_medical_claim", role=DISTRICT, make=_claim_id),
    Probe("api:list_cash_top_ups", role=DISTRICT, make=_top_ups_listed, kind="list"),
    Probe("api:get_cash_top_up", role=DISTRICT, make=_top_up_id),
    Probe("api:list_campaign_reopenings", role=CITY, make=_reopenings_of_program),
    Probe("api:request_campaign_reopening", role=CITY, make=_reopenings_of_program),
    Probe("api:get_campaign_reopening", role=CITY, make=_reopening_id),
]

_POST_ONLY = "POST-only action; its target is read through scoped() and is 404 outside scope (test_action_scope.py)"
EXEMPT = {
    "assistance:program_create": "a blank form; the program is created in the user's own unit",
    "assistance:target_group_create": "a blank form; the group is created in the user's own unit",
    "assistance:condition_row": "one blank condition row of the rule form; no records",
    "assistance:rule_preview": "a count of matching people within the user's own scope only (test_rule_builder.py)",
    "assistance:claim_create": "a form; households offered are scoped (test_medical.py)",
    "assistance:fact_create": "a form; people offered are scoped",
    "api:list_target_fields": "the whitelist of rule fields; no records",
    "api:preview_target_rule": "a count within the user's own scope only (test_rule_builder.py)",
    "api:disburse_from_allocation": _POST_ONLY,
    "api:approve_large_disbursement": _POST_ONLY,
    "api:reverse_ledger_entry": _POST_ONLY,
    "api:submit_beneficiary_list": _POST_ONLY,
    "api:approve_beneficiary_list": _POST_ONLY,
    "api:reject_beneficiary_list": _POST_ONLY,
    "api:revise_beneficiary_list": _POST_ONLY,
    "api:add_list_entry": _POST_ONLY,
    "api:change_list_entry": "PATCH-only; " + _POST_ONLY,
    "api:record_beneficiary_visit": _POST_ONLY,
    "api:approve_medical_claim": _POST_ONLY,
    "api:request_cash_top_up": _POST_ONLY + " (test_cash_safeguards.py)",
    "api:approve_cash_top_up": _POST_ONLY + " (test_cash_safeguards.py)",
    "api:reject_cash_top_up": _POST_ONLY + " (test_cash_safeguards.py)",
    "api:approve_campaign_reopening": _POST_ONLY + " (test_campaign_reopening.py)",
    "api:reject_campaign_reopening": _POST_ONLY + " (test_campaign_reopening.py)",
}
