"""Data inventory of the jobs app (PIPL): every model field classified public / personal / sensitive / minor.

Employers and openings describe organisations (public), except an employer's contact person. A
seeker profile describes a person; caring duties, disability and the constraint notes are health
and family circumstances (sensitive); a wage floor is income-related (sensitive).
"""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
          "created_by": "personal", "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "Employer": {
        **_OWNED, "name": "public", "uscc": "public", "contact_name": "personal", "contact_phone": "personal",
        "district_code": "public", "address": "public",
    },
    "Opening": {
        **_OWNED, "employer": "public", "title": "public", "occupation_code": "public",
        "occupation_edition": "public", "tags": "public", "description": "public", "district_code": "public",
        "street_code": "public", "wage_min_fen": "public", "wage_max_fen": "public", "shift_slots": "public",
        "positions": "public", "positions_filled": "public", "requirements": "public", "accommodations": "public",
        "valid_until": "public",
    },
    "SeekerProfile": {
        **_OWNED, "person": "personal", "status": "personal", "tags": "personal", "certificates": "personal",
        "intended_occupations": "personal", "occupation_edition": "public", "intention": "personal",
        "experience": "personal", "home_district": "personal", "acceptable_districts": "personal",
        "commute_limit_km": "personal", "free_slots": "personal", "wage_floor_fen": "sensitive",
        "needs": "sensitive", "caring_duties": "sensitive", "has_disability": "sensitive",
        "constraints_note": "sensitive", "employment_difficulty": "sensitive", "refusal_count": "personal",
        "needs_follow_up": "personal",
    },
    "Referral": {
        **_OWNED, "seeker": "personal", "opening": "public", "status": "personal", "source": "public",
        "recommended_on": "personal", "interview_on": "personal", "decided_on": "personal", "reason": "personal",
        "match_score": "personal", "match_reasons": "sensitive", "hardship_review": "personal",
    },
    "RetentionCheck": {
        **_OWNED, "referral": "personal", "months": "public", "due_on": "personal", "checked_on": "personal",
        "outcome": "personal", "notes": "personal",
    },
    "DataVersion": {"id": "public", "name": "public", "value": "public"},
}
