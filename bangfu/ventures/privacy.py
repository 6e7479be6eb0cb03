"""Data inventory of the ventures app (PIPL): every model field classified public / personal / sensitive /
minor (format: bangfu/core/inventory.py). A loan to a named worker and what they repay is financial
information about a person (personal); being in a hardship file is sensitive; ID numbers are encrypted."""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
          "created_by": "personal", "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "VentureProject": {**_OWNED, "name": "public", "applicant": "personal", "group_name": "public",
                       "sector": "public", "location": "public", "description": "public", "level": "public",
                       "status": "public", "submitted_on": "public", "approved_on": "public",
                       "approved_by": "personal", "decision_note": "personal"},
    "Loan": {**_OWNED, "project": "public", "bank": "public", "contract_number": "personal",
             "principal_fen": "personal", "annual_rate": "public", "start_on": "personal",
             "term_months": "public", "plan": "public"},
    "LoanInstalment": {"id": "public", "loan": "public", "number": "public", "due_on": "personal",
                       "days": "public", "opening_fen": "personal", "principal_fen": "personal",
                       "interest_fen": "personal", "principal_paid_fen": "personal",
                       "interest_paid_fen": "personal", "paid_in_full_on": "personal"},
    "Repayment": {**_OWNED, "loan": "public", "instalment": "public", "paid_on": "personal",
                  "principal_fen": "personal", "interest_fen": "personal", "reference": "personal"},
    "SubsidyPolicy": {**_OWNED, "name": "public", "fund": "public", "share_percent": "public",
                      "cap_per_year_fen": "public", "cap_per_project_fen": "public", "grace_days": "public",
                      "revision": "public"},
    "SubsidyPolicyRevision": {"id": "public", "policy": "public", "revision": "public", "terms": "public",
                              "note": "public", "changed_by": "personal", "changed_at": "public"},
    "SubsidyRun": {**_OWNED, "policy": "public", "policy_revision": "public", "terms": "public",
                   "period_start": "public", "period_end": "public", "status": "public",
                   "submitted_by": "personal", "submitted_at": "public", "approved_by": "personal",
                   "approved_at": "public", "rejection_note": "personal"},
    "SubsidyPayment": {**_OWNED, "run": "public", "loan": "public", "eligible_interest_fen": "personal",
                       "computed_fen": "personal", "amount_fen": "personal", "status": "personal",
                       "reasons": "personal", "disbursement": "public"},
    "EmployedHousehold": {**_OWNED, "project": "public", "worker_name": "personal", "id_number": "sensitive",
                          "id_index": "sensitive", "employed_on": "personal", "post": "personal",
                          "person": "personal", "hardship_file": "sensitive"},
}
