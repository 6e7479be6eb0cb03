"""Scope probes of the reports app and of the register's importer (bangfu/people/imports), which lives
in the people app's package but keeps its job records here (see tests/scope_matrix.py).

Statistics, bulletin and exports take the unit as `?org=CODE`: the matrix makes the record in unit
10112, so the probes ask for that unit; viewers outside it get 404.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.core.files.base import ContentFile

from bangfu.accounts.models import OrgUnit
from bangfu.core.sensitive import blind_index
from bangfu.people.idgen import make_id_number
from bangfu.people.models import FileStatus, HardshipFile, Household, HouseholdMember, Person
from bangfu.reports.models import ImportJob, ImportStatus
from tests.scope_matrix import Probe

OWNER_UNIT = "10112"  # the unit tests/test_scope_matrix.py makes records in
_serial = itertools.count(1)


def _family(org: OrgUnit, user: Any) -> HardshipFile:
    n = next(_serial)
    number = make_id_number("440106", dt.date(1975, 1, 1) + dt.timedelta(days=n), n, "M")
    person = Person.objects.create(org=org, created_by=user, name="探针户主", id_number=number,
                                   id_index=blind_index(number), sex="M", birth_date=dt.date(1975, 1, 1))
    household = Household.objects.create(org=org, created_by=user, head=person)
    HouseholdMember.objects.create(household=household, person=person, relation="self")
    return HardshipFile.objects.create(org=org, created_by=user, household=household, primary_cause="laid_off",
                                       status=FileStatus.FORMAL)


def _unit_statistics(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    assert org.code == OWNER_UNIT
    _family(org, user)
    return {}, ""


def _job(org: OrgUnit, user: Any, *, with_report: bool = False, name: str = "探针导入.xlsx") -> ImportJob:
    job = ImportJob(org=org, created_by=user, original_name=name, status=ImportStatus.DONE,
                    counts={"households_created": 1})
    job.upload.save("probe.xlsx", ContentFile(b"PK"), save=False)
    if with_report:
        job.error_report.save("errors.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    return job


def _job_detail(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _job(org, user).pk}, ""


def _job_report(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _job(org, user, with_report=True).pk}, ""


def _api_job(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"job_id": _job(org, user).pk}, ""


def _api_job_report(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"job_id": _job(org, user, with_report=True).pk}, ""


def _job_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _job(org, user, name="列表探针导入.xlsx")
    return {}, "列表探针导入.xlsx"


def _plain_export(org: OrgUnit, user: Any) -> Any:
    from bangfu.reports.plain_export import request_plain_export

    return request_plain_export(actor=user, org=org, reason="探针明文导出用途")


def _plain_listed(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    _plain_export(org, user)
    return {}, "探针明文导出用途"


def _plain_pk(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"pk": _plain_export(org, user).pk}, "探针明文导出用途"


def _plain_id(org: OrgUnit, user: Any) -> tuple[dict[str, Any], str]:
    return {"export_id": _plain_export(org, user).pk}, "探针明文导出用途"


UNIT_QUERY = f"?org={OWNER_UNIT}"
PROBES = [
    Probe("reports:hardship", role="district_officer", make=_unit_statistics, query=UNIT_QUERY),
    Probe("reports:bulletin", role="district_officer", make=_unit_statistics, query=UNIT_QUERY),
    Probe("reports:bulletin_txt", role="district_officer", make=_unit_statistics, query=UNIT_QUERY),
    Probe("reports:bulletin_xlsx", role="district_officer", make=_unit_statistics, query=UNIT_QUERY),
    Probe("api:reports_hardship", role="district_officer", make=_unit_statistics, query=UNIT_QUERY),
    Probe("people_imports:export", role="district_officer", make=_unit_statistics, query=UNIT_QUERY),
    Probe("people_imports:upload", role="street_social_worker", make=_job_listed, kind="list"),
    Probe("people_imports:job_detail", role="street_social_worker", make=_job_detail),
    Probe("people_imports:error_report", role="street_social_worker", make=_job_report),
    Probe("api:households_import_job", role="street_social_worker", make=_api_job),
    Probe("api:households_import_error_report", role="street_social_worker", make=_api_job_report),
    Probe("reports:plain_export_new", role="district_officer", make=_unit_statistics, query=UNIT_QUERY),
    Probe("reports:plain_export_list", role="district_officer", make=_plain_listed, kind="list"),
    Probe("reports:plain_export_decide", role="district_officer", make=_plain_pk, expected_in_scope={405}),
    # inside scope but not the requester: 403 (only the requester downloads); outside: 404
    Probe("reports:plain_export_download", role="district_officer", make=_plain_pk, expected_in_scope={403}),
    Probe("api:list_plain_exports", role="district_officer", make=_plain_listed, kind="list"),
    Probe("api:get_plain_export", role="district_officer", make=_plain_id),
    Probe("api:download_plain_export", role="district_officer", make=_plain_id, expected_in_scope={403}),
]
EXEMPT = {
    "people_imports:template": "the blank import template: no records",
    "api:households_import_template": "the blank import template: no records",
    "api:households_import": "POST only (an upload); the unit is checked by the service (test_import_api)",
    "api:request_plain_export": "POST only; the unit is read through scoped() (test_plain_export.py)",
    "api:approve_plain_export": "POST only; 404 outside scope (test_plain_export.py)",
    "api:reject_plain_export": "POST only; 404 outside scope (test_plain_export.py)",
}
