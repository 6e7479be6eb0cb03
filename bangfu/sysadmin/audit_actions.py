"""Chinese names of the audit actions recorded by system administration (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "parameter.change": "修改系统参数",
    "announcement.publish": "发布通知公告",
}
