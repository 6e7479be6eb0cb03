"""Data inventory of the register (PIPL): every model field classified public / personal / sensitive / minor.

ID numbers, health, disability and income are sensitive (PIPL Art. 28); a household's members include
children, whose records are `minor` where they concern the member row itself. Format: see accounts.privacy.
"""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public", "created_by": "personal",
          "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "Person": _OWNED | {
        "name": "personal", "name_pinyin": "personal", "name_initials": "personal", "id_number": "sensitive",
        "id_index": "sensitive", "sex": "personal", "birth_date": "personal", "phone": "personal",
        "hukou_type": "personal", "employer_name": "personal", "occupation_code": "personal",
        "occupation_edition": "public", "is_union_member": "personal",
        "work_injury_disabled": "sensitive", "occupational_disease": "sensitive", "died_on_duty": "personal",
        "disability_type": "sensitive", "disability_grade": "sensitive", "health_note": "sensitive",
        "industry": "personal", "job_tags": "personal",
    },
    "Household": _OWNED | {
        "head": "personal", "address": "personal", "region_code": "public", "city_code": "public",
        "address_key": "personal", "address_block": "personal", "duplicate_scan_key": "public",
    },
    "HouseholdMember": {
        "id": "public", "household": "personal", "person": "minor", "relation": "minor",
        "employment_status": "personal", "has_major_illness": "sensitive", "disability_or_mental_illness": "sensitive",
        "monthly_income_fen": "sensitive",
    },
    "HardshipFile": _OWNED | {
        "household": "personal", "level": "public", "primary_cause": "sensitive", "secondary_causes": "sensitive",
        "disability_or_mental_illness": "sensitive", "zero_labour": "sensitive", "household_size": "personal",
        "income_per_capita_fen": "sensitive", "tier": "sensitive", "tier_reasons": "sensitive", "status": "personal",
        "filed_on": "personal", "recheck_due": "personal", "contact": "personal", "local_minimum_fen": "public",
        "assessed_on": "personal", "incident_on": "sensitive", "approved_on": "personal", "approved_by": "personal",
        "last_rechecked_on": "personal", "relieved_on": "personal", "relief_reason": "sensitive",
        "cancelled_on": "personal", "cancel_reason": "sensitive", "merged_into": "personal",
    },
    "FileEvent": {
        "id": "public", "file": "personal", "action": "public", "from_status": "personal", "to_status": "personal",
        "actor": "personal", "actor_name": "personal", "occurred_at": "public", "effective_on": "personal",
        "reason": "sensitive", "note": "sensitive", "changes": "personal", "version": "public",
    },
    "Evidence": {
        "id": "public", "hardship_file": "personal", "kind": "sensitive", "upload": "sensitive",
        "original_name": "sensitive", "content_type": "public", "size_bytes": "public", "uploaded_by": "personal",
        "uploaded_at": "public",
    },
    "DuplicateKey": {"id": "public", "household": "personal", "key": "personal"},
    # Counts per unit, status and tier (statistics): a street's count of one is one family, so the counts of
    # sensitive attributes are as sensitive as the attributes (the published bulletin suppresses small cells).
    "FileCount": {
        "id": "public", "org": "public", "status": "public", "tier": "public", "folded": "public", "files": "personal",
        **{column: "sensitive" for column in (
            "no_work_capacity", "able_not_employed", "laid_off", "no_social_insurance", "insurance_not_paid",
            "major_illness", "natural_disaster", "accident", "child_schooling", "other", "multi_cause",
            "disability_or_mental_illness", "zero_labour", "multi_seed_category")},
    },
    "DuplicateCandidate": {
        "id": "public", "file_a": "personal", "file_b": "personal", "name_birth_match": "personal",
        "address_similarity": "personal", "score": "personal", "reasons": "personal", "status": "public",
        "detected_at": "public",
        "resolved_by": "personal", "resolved_at": "public", "kept": "personal", "note": "personal",
    },
    "LocalMinimum": {
        "id": "public", "region_code": "public", "region_name": "public", "monthly_fen": "public",
        "effective_from": "public",
    },
    "TierRule": {
        "id": "public", "code": "public", "tier": "public", "priority": "public", "conditions": "public",
        "description": "public", "is_active": "public",
    },
    "HomeInvestigation": {"id": "public", "file": "public", "visited_on": "personal", "visitors": "personal",
                          "notes": "sensitive", "no_evidence_reason": "sensitive", "evidence_count": "public",
                          "recorded_by": "personal", "recorded_at": "public"},
    "Publicity": {"id": "public", "file": "public", "starts_on": "public", "ends_on": "public",
                  "started_by": "personal"},
    "PublicityObjection": {"id": "public", "file": "public", "publicity": "public", "raised_on": "public",
                           "raised_by": "personal", "content": "sensitive", "recorded_by": "personal",
                           "answer": "sensitive", "answered_by": "personal", "answered_at": "public"},
}
