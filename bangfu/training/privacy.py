"""Data inventory of the training app (PIPL): every model field classified public / personal / sensitive / minor.

Courses and cohorts describe offers (public). A plan, its sessions and outcomes describe a person's
training; the family's free time and area are personal; the plan's priority derives from the hardship
tier (income, health: sensitive), and a session's photo shows the family's home (sensitive; sealed on
disk, see core/files.py). A social worker's 1+N record is personal.
"""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
          "created_by": "personal", "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "Course": {**_OWNED, "title": "public", "occupation_codes": "public", "skill_tags": "public",
               "certificate": "public", "hours": "public", "mode": "public", "description": "public"},
    "Trainer": {**_OWNED, "user": "personal", "skills": "personal", "home_district": "personal",
                "available_slots": "personal", "max_sessions_per_day": "personal", "active": "personal"},
    "HomeTrainingPlan": {**_OWNED, "person": "personal", "household": "personal", "course": "personal",
                         "goals": "personal", "sessions_wanted": "personal", "sessions_per_week": "personal",
                         "session_hours": "personal", "district_code": "personal", "address": "personal",
                         "free_slots": "personal", "priority": "sensitive", "status": "personal",
                         "completed_on": "personal"},
    "TrainingSession": {**_OWNED, "plan": "personal", "trainer": "personal", "starts_at": "personal",
                        "ends_at": "personal", "place": "personal", "status": "personal", "attended": "personal",
                        "notes": "personal", "photo": "sensitive", "run": "public"},
    "ScheduleRun": {**_OWNED, "week_start": "public", "requested": "public", "scheduled": "public",
                    "greedy_scheduled": "public", "solver_status": "public", "seconds": "public"},
    "UnscheduledRequest": {**_OWNED, "run": "public", "plan": "personal", "reason": "personal"},
    "Cohort": {**_OWNED, "course": "public", "name": "public", "provider": "public", "kind": "public",
               "employer": "public", "openings": "public", "starts_on": "public", "ends_on": "public"},
    "Enrolment": {**_OWNED, "cohort": "personal", "person": "personal", "status": "personal",
                  "hours_attended": "personal", "graduated_on": "personal"},
    "Attendance": {"id": "public", "enrolment": "personal", "on": "personal", "hours": "personal"},
    "TrainingOutcome": {**_OWNED, "person": "personal", "kind": "personal", "plan": "personal",
                        "enrolment": "personal", "referral": "personal", "detail": "personal", "on": "personal"},
    "WorkerTrainee": {**_OWNED, "name": "personal", "user": "personal", "post": "personal", "hired_on": "personal",
                      "initial_due_on": "personal"},
    "WorkerTraining": {**_OWNED, "trainee": "personal", "kind": "personal", "title": "personal",
                       "completed_on": "personal", "hours": "personal"},
}
