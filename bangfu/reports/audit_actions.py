"""Chinese names of the audit actions recorded by reports (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "reports.bulletin.export": "导出统计简报",
    "reports.plain_export_request": "申请明文导出",
    "reports.plain_export_approved": "批准明文导出",
    "reports.plain_export_rejected": "驳回明文导出",
    "reports.plain_export_download": "下载明文导出",
}
AUDIT_ACTION_PREFIXES: dict[str, str] = {"reports.plain_export_": "明文导出"}
