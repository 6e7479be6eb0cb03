"""Chinese names of the audit actions recorded by system administration (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "parameter.change": "修改系统参数",
    "announcement.publish": "发布通知公告",
    "dictionary.change": "修改字典条目",
    "dictionary.delete": "删除字典条目",
}
