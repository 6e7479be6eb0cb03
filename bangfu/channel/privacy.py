"""Data inventory of the worker channel (PIPL): every model field classified public / personal / sensitive.

A worker's mobile number and ID number are encrypted with blind indexes; codes and sessions keep only keyed
hashes. An application's details (members, ID numbers, incomes, the dispute) are encrypted as a whole and
sensitive; its photos are sealed files. A ticket's caller is personal; phone and address are encrypted; what
the caller told the hotline may be sensitive.
"""

_OWNED = {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
          "created_by": "personal", "version": "public"}

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "WorkerAccount": {
        "id": "public", "phone": "personal", "phone_index": "personal", "name": "personal",
        "id_number": "sensitive", "id_index": "sensitive", "bound_at": "personal", "created_at": "public",
        "last_signed_in_at": "personal", "bind_failures": "personal", "bind_failed_at": "personal",
    },
    "SignInCode": {
        "id": "public", "phone_index": "personal", "address_index": "personal", "code_hash": "sensitive",
        "created_at": "public", "expires_at": "public", "tries": "public", "used_at": "public",
    },
    "WorkerSession": {
        "id": "public", "account": "personal", "token_hash": "sensitive", "created_at": "public",
        "expires_at": "public", "ended_at": "public",
    },
    "WorkerApplication": {
        **_OWNED, "account": "personal", "kind": "personal", "status": "personal", "details": "sensitive",
        "consent_signed_at": "personal", "consent_text": "public", "hardship_file": "personal",
        "legal_case": "personal", "decided_by": "personal", "decided_at": "personal",
        "decline_reason": "personal", "needed_from_worker": "personal", "staff_phone": "public",
        "rating": "personal", "rating_note": "personal", "training_plan": "personal",
        "seeker_profile": "personal", "referral": "personal", "asked_at": "personal",
        "worker_reply": "sensitive", "worker_replied_at": "personal",
    },
    "ApplicationPhoto": {
        **_OWNED, "application": "personal", "upload": "sensitive", "original_name": "personal",
        "content_type": "public", "size": "public",
    },
    "Ticket": {
        **_OWNED, "number": "public", "source": "public", "category": "personal", "urgency": "personal",
        "complexity": "personal", "caller_name": "personal", "caller_phone": "personal", "region_code": "personal",
        "address": "personal", "summary": "sensitive", "status": "public", "received_at": "public",
        "contact_due_on": "public", "answer_due_on": "public", "contacted_at": "public", "answered_at": "public",
        "answer": "sensitive", "closed_at": "public", "callback_note": "personal", "satisfaction": "personal",
        "escalated_to": "public", "account": "personal", "application": "personal", "legal_case": "personal",
        "hardship_file": "personal", "referral": "personal",
    },
    "TicketEvent": {
        **_OWNED, "ticket": "personal", "action": "public", "from_org": "public", "note": "personal",
    },
}
