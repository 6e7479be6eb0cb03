"""Data inventory of system administration (format: see bangfu/core/inventory.py)."""

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "SystemParameter": {"id": "public", "key": "public", "value": "public", "version": "public",
                        "updated_at": "public", "updated_by": "personal"},
    "DictEntry": {"id": "public", "dictionary": "public", "code": "public", "label": "public",
                  "sort_order": "public", "enabled": "public", "version": "public", "updated_at": "public",
                  "updated_by": "personal"},
    "Announcement": {"id": "public", "org": "public", "created_at": "public", "updated_at": "public",
                     "created_by": "personal", "version": "public", "title": "public", "body": "public",
                     "published_at": "public"},
    "AnnouncementRead": {"id": "public", "announcement": "public", "user": "personal", "read_at": "personal"},
}
