"""Chinese names of the audit actions recorded by accounts: users, roles, API tokens
(read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "user.create": "新增用户",
    "user.update": "修改用户",
    "role.grant_requested": "申请授予角色",
    "role.granted": "授予角色",
    "role.grant_rejected": "驳回角色申请",
    "role.revoked": "收回角色",
    "api_token.issue": "签发接口令牌",
    "api_token.revoke": "吊销接口令牌",
    "api_token.revoke_all": "吊销全部接口令牌",
}
