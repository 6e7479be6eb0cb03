"""Chinese names of the audit actions recorded by legal aid (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "legal.station_created": "新增法律援助工作站",
    "legal.station_updated": "修改法律援助工作站",
    "legal.firm_created": "新增律师事务所",
    "legal.firm_updated": "修改律师事务所",
    "legal.lawyer_created": "新增志愿律师",
    "legal.lawyer_updated": "修改志愿律师",
    "legal.case_received": "受理法律援助案件",
    "legal.case_reviewed": "审查案件",
    "legal.case_assigned": "指派律师",
    "legal.case_started": "案件开始办理",
    "legal.case_closed": "案件结案",
    "legal.cases_recorded": "批量登记案件",
    "legal.claimant_recorded": "登记申请人",
    "legal.claimant_added": "集体案件追加申请人",
    "legal.document_added": "上传案件文书",
    "legal.document_read": "查看案件文书",
}
