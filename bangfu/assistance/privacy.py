"""Data inventory of the assistance app (PIPL): every model field classified public / personal / sensitive /
minor. Format shared by every app's `privacy.py`: {"ModelName": {"field_name": "class"}}.

Amounts paid to a named person are personal (income); medical bills and facts about illness, injury or
hardship are sensitive (health, financial hardship); the public notice shows only masked names.
"""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
          "created_by": "personal", "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "Program": {**_OWNED, "name": "public", "kind": "public", "status": "public", "starts_on": "public",
                "ends_on": "public", "visit_deadline": "public", "festival": "public", "description": "public",
                "large_amount_fen": "public", "medical_settings": "public"},
    "Fund": {**_OWNED, "program": "public", "name": "public", "budget_fen": "public"},
    "Allocation": {**_OWNED, "fund": "public", "parent": "public", "balance_fen": "public"},
    "LedgerEntry": {**_OWNED, "fund": "public", "kind": "public", "amount_fen": "personal", "source": "public",
                    "destination": "public", "reverses": "public", "idempotency_key": "public", "memo": "personal"},
    "Disbursement": {**_OWNED, "fund": "public", "allocation": "public", "amount_fen": "personal",
                     "purpose": "personal", "payee": "personal", "status": "public", "idempotency_key": "public",
                     "approved_by": "personal", "decided_at": "public", "ledger_entry": "public"},
    "PersonFact": {**_OWNED, "person": "personal", "kind": "sensitive", "detail": "sensitive",
                   "number": "sensitive", "valid_from": "sensitive", "valid_to": "sensitive",
                   "evidence": "sensitive"},
    "TargetGroup": {**_OWNED, "name": "public", "rule": "public", "description": "public", "is_active": "public"},
    "CampaignGroup": {"id": "public", "program": "public", "target_group": "public", "priority": "public",
                      "standard_fen": "public", "goods_note": "public"},
    "Quota": {**_OWNED, "program": "public", "campaign_group": "public", "max_people": "public"},
    "BeneficiaryList": {**_OWNED, "program": "public", "revision": "public", "previous": "public",
                        "status": "public", "built_at": "public", "submitted_by": "personal",
                        "submitted_at": "public", "approved_by": "personal", "approved_at": "public",
                        "rejection_note": "personal", "rules_snapshot": "public"},
    "Beneficiary": {**_OWNED, "blist": "public", "person": "personal", "campaign_group": "sensitive",
                    "other_groups": "sensitive", "reasons": "sensitive", "amount_fen": "personal",
                    "included": "personal", "exclusion_reason": "personal", "manual": "public"},
    "Visit": {**_OWNED, "program": "public", "person": "personal", "beneficiary": "personal",
              "visited_by": "personal", "visited_at": "personal", "place": "personal", "cash_fen": "personal",
              "fubao_count": "personal", "goods_description": "personal", "goods_value_fen": "personal",
              "photo": "sensitive", "signature": "sensitive", "note": "personal", "idempotency_key": "public",
              "disbursement": "public"},
    "MedicalClaim": {**_OWNED, "program": "public", "household": "personal", "patient": "personal",
                     "year": "public", "incurred_on": "sensitive", "hospital": "sensitive",
                     "total_cost_fen": "sensitive", "insurance_fen": "sensitive", "other_aid_fen": "sensitive",
                     "out_of_pocket_fen": "sensitive", "aid_fen": "sensitive", "lines": "sensitive",
                     "status": "public", "decided_by": "personal", "decided_at": "public",
                     "idempotency_key": "public", "disbursement": "public"},
    "MedicalYearTotal": {**_OWNED, "program": "public", "household": "personal", "year": "public",
                         "out_of_pocket_fen": "sensitive", "aid_fen": "sensitive"},
    "CashTopUp": {**_OWNED, "beneficiary": "personal", "program": "public", "person": "personal",
                  "amount_fen": "personal", "reason": "sensitive", "status": "public", "idempotency_key": "public",
                  "decided_by": "personal", "decided_at": "public", "decision_note": "sensitive",
                  "disbursement": "public"},
    "CampaignReopening": {**_OWNED, "program": "public", "new_ends_on": "public", "decision_ref": "public",
                          "reason": "public", "status": "public", "decided_by": "personal", "decided_at": "public",
                          "decision_note": "public"},
}
