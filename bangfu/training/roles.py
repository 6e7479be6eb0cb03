"""Permissions the training app grants each role (fnmatch patterns; see bangfu/accounts/roles.py).

Officers keep courses, trainers, plans, cohorts and the 1+N records and schedule weeks; street social
workers make plans for their families and enrol people; a trainer (仅本人) sees and records their own
sessions; auditors read everything, change nothing.
"""

_ALL_TRAINING = [
    "training.*_course", "training.*_trainer", "training.*_hometrainingplan", "training.*_trainingsession",
    "training.*_schedulerun", "training.*_unscheduledrequest", "training.*_cohort", "training.*_enrolment",
    "training.*_trainingoutcome", "training.*_workertrainee", "training.*_workertraining",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "city_officer": [*_ALL_TRAINING, "jobs.add_referral"],
    "district_officer": [*_ALL_TRAINING, "jobs.add_referral"],
    "street_social_worker": [
        "training.view_course", "training.view_trainer", "training.view_hometrainingplan",
        "training.add_hometrainingplan", "training.change_hometrainingplan", "training.view_trainingsession",
        "training.view_cohort", "training.view_enrolment", "training.add_enrolment", "training.view_trainingoutcome",
    ],
    "trainer": [
        "training.view_trainer", "training.view_trainingsession", "training.change_trainingsession",
    ],
    "auditor": ["training.view_*"],
}
