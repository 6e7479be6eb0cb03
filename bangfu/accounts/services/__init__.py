"""Writes to the organisation tree, users, roles and tokens. Views, API and commands call these, nothing else."""

from bangfu.accounts.services.grants import (
    approve_role_grant,
    grant_role,
    grantable_roles,
    reject_role_grant,
    revoke_role,
)
from bangfu.accounts.services.tokens import issue_api_token, revoke_api_token, revoke_user_tokens
from bangfu.accounts.services.users import ROOT_PATH, child_path, create_user, update_user, upsert_org_unit

__all__ = [
    "ROOT_PATH",
    "approve_role_grant",
    "child_path",
    "create_user",
    "grant_role",
    "grantable_roles",
    "issue_api_token",
    "reject_role_grant",
    "revoke_api_token",
    "revoke_role",
    "revoke_user_tokens",
    "update_user",
    "upsert_org_unit",
]
