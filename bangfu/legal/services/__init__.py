"""Writes of the legal aid app: `verb_noun(*, actor, ...)`, each in one transaction with its audit event."""

from bangfu.legal.services.cases import (
    ClaimantIn,
    add_claimant,
    add_document,
    assign_case,
    close_case,
    intake_case,
    record_claimant,
    review_case,
    start_case,
)
from bangfu.legal.services.directory import (
    create_firm,
    create_lawyer,
    create_station,
    update_firm,
    update_lawyer,
    update_station,
)
from bangfu.legal.services.history import PastCase, record_closed_cases

__all__ = [
    "ClaimantIn",
    "PastCase",
    "add_claimant",
    "add_document",
    "assign_case",
    "close_case",
    "create_firm",
    "create_lawyer",
    "create_station",
    "intake_case",
    "record_claimant",
    "record_closed_cases",
    "review_case",
    "start_case",
    "update_firm",
    "update_lawyer",
    "update_station",
]
