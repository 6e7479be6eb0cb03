"""Chinese names of the audit actions recorded by core's commands (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "keys.reencrypt": "敏感字段重新加密（换密钥）",
}
