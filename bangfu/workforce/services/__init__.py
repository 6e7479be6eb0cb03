"""Writes of the workforce app: `verb_noun(*, actor, ...)`, each in one transaction with its audit event."""

from bangfu.workforce.services.assessments import (
    RunInput,
    SchemeInput,
    create_scheme,
    review_assessment,
    run_assessment,
)
from bangfu.workforce.services.candidates import build_candidate_pool
from bangfu.workforce.services.decisions import DecisionInput, decide, propose_decision
from bangfu.workforce.services.posts import create_post
from bangfu.workforce.services.workers import (
    HireInput,
    hire_worker,
    record_follow_up,
    record_pay,
    update_certificate,
)

__all__ = [
    "DecisionInput",
    "HireInput",
    "RunInput",
    "SchemeInput",
    "build_candidate_pool",
    "create_post",
    "create_scheme",
    "decide",
    "hire_worker",
    "propose_decision",
    "record_follow_up",
    "record_pay",
    "review_assessment",
    "run_assessment",
    "update_certificate",
]
