"""Data inventory of the security app (format: see bangfu/core/inventory.py)."""

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "UserSession": {
        "id": "public",
        "user": "personal",
        "session_key": "sensitive",
        "ip_address": "personal",
        "user_agent": "personal",
        "started_at": "personal",
        "last_seen_at": "personal",
        "ended_at": "personal",
        "end_reason": "public",
    },
}
