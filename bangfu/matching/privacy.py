"""Data inventory of the matching app (PIPL): every model field classified public / personal / sensitive / minor.

A run's figures are counts (public); a proposed pair is an automated decision about a person
(personal), and its score parts and reasons can reveal a priority status (就业困难人员), so they
are classified as the seeker's data.
"""

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "MatchingRun": {
        "id": "public",
        "org": "public",
        "created_at": "public",
        "updated_at": "public",
        "created_by": "personal",
        "version": "public",
        "status": "public",
        "parameters": "public",
        "superseded_by": "public",
        "seekers_count": "public",
        "openings_count": "public",
        "places_count": "public",
        "candidate_pairs": "public",
        "assigned_count": "public",
        "unassigned_count": "public",
        "total_score": "public",
        "timings": "public",
        "started_at": "public",
        "finished_at": "public",
        "error": "public",
    },
    "ProposedPair": {
        "id": "public",
        "run": "public",
        "seeker": "personal",
        "opening": "public",
        "score": "personal",
        "parts": "sensitive",
        "reasons": "sensitive",
        "decision": "personal",
        "decided_by": "personal",
        "decided_at": "personal",
        "referral": "personal",
    },
    "UnassignedSeeker": {"id": "public", "run": "public", "seeker": "personal", "reason": "personal"},
}
