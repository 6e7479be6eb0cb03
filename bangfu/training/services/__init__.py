"""Writes of the training app: `verb_noun(*, actor, ...)`, each in one transaction with its audit event."""

from bangfu.training.services.catalogue import create_course, create_trainer, update_course, update_trainer
from bangfu.training.services.cohorts import (
    create_cohort,
    enrol_person,
    graduate,
    propose_graduates,
    record_attendance,
)
from bangfu.training.services.plans import complete_plan, create_plan, record_session, session_photo, update_plan
from bangfu.training.services.scheduling import schedule_unit_week
from bangfu.training.services.workers import add_worker, record_worker_training

__all__ = [
    "add_worker",
    "complete_plan",
    "create_cohort",
    "create_course",
    "create_plan",
    "create_trainer",
    "enrol_person",
    "graduate",
    "propose_graduates",
    "record_attendance",
    "record_session",
    "record_worker_training",
    "schedule_unit_week",
    "session_photo",
    "update_course",
    "update_plan",
    "update_trainer",
]
