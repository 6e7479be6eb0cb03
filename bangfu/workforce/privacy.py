"""Data inventory of the workforce app (PIPL): every model field classified public / personal / sensitive / minor.

A social worker's roster entry, posts held, secondments, assessments, decisions and candidacy are personal
(employment records of a named person). Monthly pay is income: sensitive. A follow-up call names a family in
hardship (the file's existence is sensitive). Posts and scoring schemes describe the organisation: public.
"""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
          "created_by": "personal", "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "Post": {**_OWNED, "title": "public", "level": "public", "grade": "public", "active": "public"},
    "SocialWorker": {**_OWNED, "person": "personal", "user": "personal", "trainee": "personal",
                     "employment_type": "personal", "certificate_level": "personal", "hired_on": "personal",
                     "contract_ends_on": "personal", "post": "personal", "grade": "personal", "status": "personal",
                     "exited_on": "personal"},
    "PostHolding": {**_OWNED, "worker": "personal", "post": "personal", "grade": "personal", "starts_on": "personal",
                    "ends_on": "personal"},
    "PayRecord": {**_OWNED, "worker": "personal", "month": "personal", "take_home_fen": "sensitive"},
    "Secondment": {**_OWNED, "worker": "personal", "kind": "personal", "host": "personal", "starts_on": "personal",
                   "ends_on": "personal"},
    "FollowUpCall": {**_OWNED, "worker": "personal", "hardship_file": "sensitive", "called_on": "personal",
                     "satisfaction": "personal", "note": "sensitive"},
    "ScoringScheme": {**_OWNED, "name": "public", "weights": "public", "targets": "public", "thresholds": "public",
                      "active": "public"},
    "AssessmentRun": {**_OWNED, "scheme": "public", "period_start": "public", "period_end": "public"},
    "Assessment": {**_OWNED, "run": "personal", "worker": "personal", "status": "personal",
                   "supervisor_score": "personal", "supervisor_comment": "personal", "reviewed_by": "personal",
                   "total": "personal", "result": "personal"},
    "AssessmentLine": {"id": "public", "assessment": "personal", "indicator": "public", "counted": "personal",
                       "achieved": "personal", "score": "personal", "weight": "public", "explanation": "personal",
                       "evidence": "sensitive"},
    "CareerDecision": {**_OWNED, "worker": "personal", "assessment": "personal", "kind": "personal",
                       "new_grade": "personal", "new_pay_fen": "sensitive", "new_contract_ends_on": "personal",
                       "post": "personal", "host": "personal", "effective_on": "personal", "ends_on": "personal",
                       "reason": "personal", "status": "personal", "decided_by": "personal",
                       "decided_at": "personal", "decision_note": "personal"},
    "Candidate": {**_OWNED, "worker": "personal", "position": "personal", "target": "public", "rule": "public",
                  "reasons": "personal", "as_of": "personal"},
}
