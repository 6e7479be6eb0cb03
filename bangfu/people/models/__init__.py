"""People, households and hardship files (困难职工档案): the register's records. Rules live in services.

Split by theme; every name is importable from `bangfu.people.models` as before.
"""

from bangfu.people.models.counts import FileCount
from bangfu.people.models.filing import HomeInvestigation, Publicity, PublicityObjection
from bangfu.people.models.history import (
    DuplicateCandidate,
    DuplicateKey,
    DuplicateStatus,
    Evidence,
    EvidenceKind,
    FileEvent,
)
from bangfu.people.models.records import (
    IN_FILE_STATUSES,
    OPEN_STATUSES,
    Cause,
    EmploymentStatus,
    FileLevel,
    FileStatus,
    HardshipFile,
    Household,
    HouseholdMember,
    HukouType,
    Person,
    Relation,
    Sex,
    Tier,
)
from bangfu.people.models.rules import LocalMinimum, TierRule

__all__ = [
    "IN_FILE_STATUSES",
    "OPEN_STATUSES",
    "Cause",
    "DuplicateCandidate",
    "DuplicateKey",
    "DuplicateStatus",
    "EmploymentStatus",
    "Evidence",
    "EvidenceKind",
    "FileCount",
    "FileEvent",
    "FileLevel",
    "FileStatus",
    "HardshipFile",
    "HomeInvestigation",
    "Household",
    "HouseholdMember",
    "HukouType",
    "LocalMinimum",
    "Person",
    "Publicity",
    "PublicityObjection",
    "Relation",
    "Sex",
    "Tier",
    "TierRule",
]
