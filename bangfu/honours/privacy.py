"""Data inventory of the honours app (PIPL): every model field classified public / personal / sensitive /
minor (format: bangfu/core/inventory.py). An honour is public record; who took a health check or received a
hardship subsidy, and the note about it, is sensitive (health, hardship); the amounts paid are personal."""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
          "created_by": "personal", "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "HonourTitle": {"id": "public", "code": "public", "name": "public", "level": "public", "awarding_body": "public",
                    "model_worker_treatment": "public", "is_active": "public", "version": "public",
                    "created_at": "public", "updated_at": "public"},
    "Honour": {**_OWNED, "person": "public", "holder_name": "public", "title": "public", "year": "public",
               "certificate_number": "public", "awarding_document": "public", "source": "public",
               "revoked_on": "public", "revoked_reason": "public"},
    "ModelWorkerCare": {**_OWNED, "person": "sensitive", "honour": "public", "kind": "sensitive",
                        "year": "personal", "amount_fen": "personal", "fund": "public", "reasons": "sensitive",
                        "note": "sensitive", "status": "personal", "decided_by": "personal",
                        "decided_at": "public", "decision_note": "personal", "disbursement": "public"},
    "TalkTeam": {**_OWNED, "name": "public", "theme": "public", "founded_on": "public"},
    "TeamMember": {**_OWNED, "team": "public", "person": "public", "honour": "public", "max_talks": "personal",
                   "districts": "personal"},
    "TalkRequest": {**_OWNED, "team": "public", "host_unit": "public", "venue_kind": "public", "district": "public",
                    "earliest": "public", "latest": "public", "speakers_needed": "public",
                    "expected_audience": "public", "status": "public", "reason": "public"},
    "Talk": {**_OWNED, "team": "public", "request": "public", "held_on": "public", "venue_kind": "public",
             "host_unit": "public", "district": "public", "audience": "public", "report": "public",
             "status": "public"},
    "TalkSpeaker": {"id": "public", "talk": "public", "member": "public", "held_on": "public"},
    "TalkPhoto": {"id": "public", "talk": "public", "image": "sensitive", "uploaded_at": "public",
                  "uploaded_by": "personal"},
    "Competition": {**_OWNED, "name": "public", "edition": "public", "organiser": "public", "held_on": "public"},
    "CompetitionTrade": {"id": "public", "competition": "public", "name": "public", "skill_tag": "public"},
    "CompetitionEntry": {**_OWNED, "competition": "public", "trade": "public", "person": "personal",
                         "rank": "public", "score": "personal", "title_won": "public", "certificate": "personal",
                         "honour": "public"},
    "Workstation": {**_OWNED, "name": "public", "kind": "public", "level": "public", "host_employer": "public",
                    "master": "public", "founded_on": "public"},
    "WorkstationMember": {"id": "public", "workstation": "public", "person": "personal", "joined_on": "public"},
    "WorkstationYear": {"id": "public", "workstation": "public", "year": "public", "patents": "public",
                        "apprentices": "public", "note": "public"},
}
