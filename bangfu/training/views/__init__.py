"""Training pages (thin: queries read, services write — the same calls the API makes)."""

from bangfu.training.views.catalogue import (
    course_create,
    course_edit,
    course_list,
    trainer_create,
    trainer_edit,
    trainer_list,
)
from bangfu.training.views.cohorts import (
    cohort_create,
    cohort_detail,
    cohort_enrol,
    cohort_list,
    cohort_propose,
    enrolment_step,
)
from bangfu.training.views.plans import (
    board,
    plan_complete,
    plan_create,
    plan_detail,
    plan_list,
    plan_person_search,
    session_photo,
    session_record,
    trainer_week,
)
from bangfu.training.views.workers import report, worker_create, worker_detail, worker_list

__all__ = [
    "board", "cohort_create", "cohort_detail", "cohort_enrol", "cohort_list", "cohort_propose", "course_create",
    "course_edit", "course_list", "enrolment_step", "plan_complete", "plan_create", "plan_detail", "plan_list",
    "plan_person_search", "report", "session_photo", "session_record", "trainer_create", "trainer_edit",
    "trainer_list", "trainer_week", "worker_create", "worker_detail", "worker_list",
]
