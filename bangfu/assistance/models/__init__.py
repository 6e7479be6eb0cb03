"""The assistance app's models, split by subject (programs and ledger, facts, campaign, medical aid)."""

from bangfu.assistance.models.campaign import (
    LIVE_LIST_STATUSES,
    Beneficiary,
    BeneficiaryList,
    CampaignGroup,
    ListStatus,
    Quota,
    TargetGroup,
    Visit,
)
from bangfu.assistance.models.facts import FACT_DETAILS, FactKind, PersonFact
from bangfu.assistance.models.medical import ClaimStatus, MedicalClaim, MedicalYearTotal
from bangfu.assistance.models.programs import (
    DEFAULT_LARGE_AMOUNT_FEN,
    Allocation,
    Disbursement,
    DisbursementStatus,
    Fund,
    LedgerEntry,
    LedgerKind,
    Program,
    ProgramKind,
    ProgramStatus,
    caller_key,
)
from bangfu.assistance.models.reopenings import CampaignReopening, ReopeningStatus
from bangfu.assistance.models.topups import CashTopUp, TopUpStatus

__all__ = [
    "DEFAULT_LARGE_AMOUNT_FEN", "FACT_DETAILS", "LIVE_LIST_STATUSES", "Allocation", "Beneficiary",
    "BeneficiaryList", "CampaignGroup", "CampaignReopening", "CashTopUp", "ClaimStatus", "Disbursement",
    "DisbursementStatus", "FactKind", "Fund", "LedgerEntry", "LedgerKind", "ListStatus", "MedicalClaim",
    "MedicalYearTotal", "PersonFact", "Program", "ProgramKind", "ProgramStatus", "Quota", "ReopeningStatus",
    "TargetGroup", "TopUpStatus", "Visit", "caller_key",
]
