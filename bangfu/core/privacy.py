"""Data inventory of the core app (format: see bangfu/core/inventory.py).

Audit events name people (who acted, from where) but hold masked values only.
"""

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "AuditEvent": {
        "id": "public",
        "seq": "public",
        "occurred_at": "public",
        "actor_id": "personal",
        "actor_name": "personal",
        "org_id": "public",
        "org_path": "public",
        "action": "public",
        "object_type": "public",
        "object_id": "public",
        "object_repr": "public",
        "changes": "personal",
        "ip_address": "personal",
        "user_agent": "personal",
        "outcome": "public",
        "prev_hash": "public",
        "hash": "public",
        "key_id": "public",
    },
    "FieldKeyCheck": {
        "id": "public",
        "key_id": "public",
        "token": "public",
        "index_check": "public",
        "created_at": "public",
    },
}
