"""What a caller hands the register's services: plain values, validated by the services themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bangfu.people.models import EmploymentStatus, FileLevel, Relation


@dataclass(frozen=True)
class PersonInput:
    name: str
    id_number: str
    phone: str = ""
    hukou_type: str = ""
    employer_name: str = ""
    occupation_code: str = ""
    is_union_member: bool = True
    disability_type: str = ""
    disability_grade: int | None = None
    health_note: str = ""
    industry: str = ""


@dataclass(frozen=True)
class MemberInput:
    person: PersonInput
    relation: str = Relation.SELF
    employment_status: str = EmploymentStatus.EMPLOYED
    has_major_illness: bool = False
    disability_or_mental_illness: bool = False
    monthly_income_fen: int = 0


@dataclass(frozen=True)
class MemberUpdate:
    """New facts for an existing member (employment, illness, disability, income)."""

    employment_status: str
    has_major_illness: bool
    disability_or_mental_illness: bool
    monthly_income_fen: int


@dataclass(frozen=True)
class FileInput:
    primary_cause: str
    secondary_causes: tuple[str, ...] = ()
    level: str = FileLevel.GRASSROOTS
    incident_on: dt.date | None = None
    contact: Any = None  # a User, the 帮扶联系人
    note: str = ""


@dataclass(frozen=True)
class HouseholdInput:
    members: tuple[MemberInput, ...]  # the head (relation "self") among them
    address: str = ""
    region_code: str = ""
    file: FileInput = field(default_factory=lambda: FileInput(primary_cause=""))
