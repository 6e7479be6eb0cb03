"""Data inventory of the legal aid app (PIPL): every model field classified public / personal / sensitive / minor.

Stations and firms describe organisations (public). A lawyer is a professional acting in that role: name,
licence and phone are personal. A case names an employer (public) but its facts, claims and outcome are
about workers (personal); a claimant's ID number and phone are encrypted, and the means test (income,
household, hardship) is sensitive. Case documents are sealed files (sensitive).
"""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
          "created_by": "personal", "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "LegalAidStation": {
        **_OWNED, "name": "public", "kind": "public", "address": "public", "phone": "public",
        "partner_department": "public", "served_units": "public",
    },
    "LawFirm": {
        **_OWNED, "name": "public", "uscc": "public", "contract_start": "public", "contract_end": "public",
        "phone": "public",
    },
    "Lawyer": {
        **_OWNED, "user": "personal", "firm": "public", "name": "personal", "kind": "personal",
        "licence_no": "personal", "specialities": "personal", "phone": "personal", "active": "personal",
    },
    "LegalCase": {
        **_OWNED, "station": "public", "intake_date": "personal", "channel": "personal", "collective": "personal",
        "employer_name": "personal", "employer_uscc": "personal", "dispute_type": "personal",
        "service_type": "personal", "summary": "sensitive", "knew_on": "personal", "review_due_on": "personal",
        "limit_on": "personal", "status": "personal", "lawyer": "personal", "reviewed_on": "personal",
        "assigned_on": "personal", "started_on": "personal", "closed_on": "personal", "days_to_close": "personal",
        "outcome": "personal", "closing_report": "sensitive", "claimant_count": "personal",
        "claimed_fen": "personal", "recovered_fen": "personal",
    },
    "Claimant": {
        **_OWNED, "case": "personal", "row": "public", "name": "personal", "id_number": "sensitive",
        "id_index": "sensitive", "phone": "personal", "person": "personal", "migrant_worker": "personal",
        "household_size": "sensitive", "declared_income_fen": "sensitive", "means_result": "sensitive",
        "means_reasons": "sensitive", "claimed_fen": "personal", "recovered_fen": "personal", "plan": "personal",
        "result": "personal", "settled_on": "personal",
    },
    "CaseDocument": {
        **_OWNED, "case": "personal", "title": "personal", "upload": "sensitive", "content_type": "public",
        "size": "public",
    },
}
