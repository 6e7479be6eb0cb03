"""Stations, law firms and lawyers: create and edit (page and API call these)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ServiceError
from bangfu.jobs.services.common import apply_validated, require_org, validated
from bangfu.legal.models import DisputeType, LawFirm, Lawyer, LegalAidStation

STATION_FIELDS = ("name", "kind", "address", "phone", "partner_department")
FIRM_FIELDS = ("name", "uscc", "contract_start", "contract_end", "phone")
LAWYER_FIELDS = ("firm", "name", "kind", "licence_no", "specialities", "phone", "active", "user")


def _only(fields: dict[str, Any], allowed: tuple[str, ...], what: str) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown {what} fields: {sorted(unknown)}")
    return fields


def _save_new(record: Model, duplicate: str) -> None:
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ServiceError(duplicate, status=409) from None


def _update(record: Model, expected_version: int, fields: dict[str, Any], duplicate: str) -> None:
    apply_validated(record, fields, exclude=["org", "created_by"])
    try:
        with transaction.atomic():
            update_versioned(record, expected_version, **fields)
    except IntegrityError:
        raise ServiceError(duplicate, status=409) from None


# --- stations -------------------------------------------------------------------------------------------


def _served(actor: Any, units: list[OrgUnit] | None) -> list[OrgUnit]:
    for unit in units or []:
        require_org(actor, unit, "add", LegalAidStation)
    return list(units or [])


@transaction.atomic
def create_station(*, actor: Any, org: OrgUnit, served_units: list[OrgUnit] | None = None,
                   **fields: Any) -> LegalAidStation:
    require_org(actor, org, "add", LegalAidStation)
    station = LegalAidStation(org=org, created_by=actor, **_only(fields, STATION_FIELDS, "station"))
    validated(station, exclude=["org", "created_by"])
    _save_new(station, f"本单位已有名为“{station.name}”的工作站")
    station.served_units.set(_served(actor, served_units))
    audit.record("legal.station_created", actor=actor, obj=station, changes={"fields": sorted(fields)})
    return station


@transaction.atomic
def update_station(*, actor: Any, station: LegalAidStation, expected_version: int,
                   served_units: list[OrgUnit] | None = None, **fields: Any) -> LegalAidStation:
    _update(station, expected_version, _only(fields, STATION_FIELDS, "station"),
            f"本单位已有名为“{fields.get('name', station.name)}”的工作站")
    if served_units is not None:
        station.served_units.set(_served(actor, served_units))
    audit.record("legal.station_updated", actor=actor, obj=station, changes={"fields": sorted(fields)})
    return station


# --- law firms ------------------------------------------------------------------------------------------


def _check_contract(firm: LawFirm) -> None:
    if firm.contract_end < firm.contract_start:
        raise ServiceError("合同期限：结束日期不能早于开始日期", status=422)


@transaction.atomic
def create_firm(*, actor: Any, org: OrgUnit, **fields: Any) -> LawFirm:
    require_org(actor, org, "add", LawFirm)
    firm = LawFirm(org=org, created_by=actor, **_only(fields, FIRM_FIELDS, "firm"))
    validated(firm, exclude=["org", "created_by"])
    _check_contract(firm)
    _save_new(firm, f"本单位已签约名为“{firm.name}”的律师事务所")
    audit.record("legal.firm_created", actor=actor, obj=firm, changes={"fields": sorted(fields)})
    return firm


@transaction.atomic
def update_firm(*, actor: Any, firm: LawFirm, expected_version: int, **fields: Any) -> LawFirm:
    _only(fields, FIRM_FIELDS, "firm")
    merged = {**{name: getattr(firm, name) for name in FIRM_FIELDS}, **fields}
    if merged["contract_end"] < merged["contract_start"]:
        raise ServiceError("合同期限：结束日期不能早于开始日期", status=422)
    _update(firm, expected_version, fields, f"本单位已签约名为“{merged['name']}”的律师事务所")
    audit.record("legal.firm_updated", actor=actor, obj=firm, changes={"fields": sorted(fields)})
    return firm


# --- lawyers --------------------------------------------------------------------------------------------


def _lawyer_fields(actor: Any, org: OrgUnit, fields: dict[str, Any]) -> dict[str, Any]:
    _only(fields, LAWYER_FIELDS, "lawyer")
    if "specialities" in fields:
        specialities = list(dict.fromkeys(fields["specialities"] or []))
        unknown = [code for code in specialities if code not in DisputeType.values]
        if unknown:
            raise ServiceError(f"擅长领域：“{'、'.join(unknown)}”不是争议类型之一", status=422)
        fields["specialities"] = specialities
    firm = fields.get("firm")
    if firm is not None and not org.path.startswith(firm.org.path) and not firm.org.path.startswith(org.path):
        raise ServiceError("律师事务所：须是本单位或上级单位签约的律师事务所", status=422)
    return fields


@transaction.atomic
def create_lawyer(*, actor: Any, org: OrgUnit, **fields: Any) -> Lawyer:
    require_org(actor, org, "add", Lawyer)
    lawyer = Lawyer(org=org, created_by=actor, **_lawyer_fields(actor, org, fields))
    validated(lawyer, exclude=["org", "created_by", "user", "firm"])
    _save_new(lawyer, "该账号已关联另一位律师")
    audit.record("legal.lawyer_created", actor=actor, obj=lawyer, changes={"fields": sorted(fields)})
    return lawyer


@transaction.atomic
def update_lawyer(*, actor: Any, lawyer: Lawyer, expected_version: int, **fields: Any) -> Lawyer:
    _update(lawyer, expected_version, _lawyer_fields(actor, lawyer.org, fields), "该账号已关联另一位律师")
    audit.record("legal.lawyer_updated", actor=actor, obj=lawyer, changes={"fields": sorted(fields)})
    return lawyer
