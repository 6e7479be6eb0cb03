"""Data inventory of this app (PIPL): every model field classified public / personal / sensitive / minor.

Format shared by every app's `privacy.py`: {"ModelName": {"field_name": "class"}}.
"""

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "OrgUnit": {
        "id": "public",
        "code": "public",
        "name": "public",
        "level": "public",
        "parent": "public",
        "path": "public",
        "depth": "public",
        "region_code": "public",
        "is_development_zone": "public",
        "sort_order": "public",
    },
    "User": {
        "id": "public",
        "password": "sensitive",
        "last_login": "personal",
        "is_superuser": "public",
        "username": "personal",
        "first_name": "personal",
        "last_name": "personal",
        "email": "personal",
        "is_staff": "public",
        "is_active": "public",
        "date_joined": "personal",
        "org": "public",
        "display_name": "personal",
        "must_change_password": "public",
        "groups": "public",
        "user_permissions": "public",
    },
    "RoleProfile": {
        "id": "public",
        "group": "public",
        "key": "public",
        "data_scope": "public",
        "description": "public",
    },
    "ApiToken": {
        "id": "public",
        "user": "personal",
        "name": "public",
        "prefix": "public",
        "digest": "sensitive",
        "created_at": "public",
        "last_used_at": "personal",
        "revoked": "public",
    },
}
