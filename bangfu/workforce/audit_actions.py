"""Chinese names of the audit actions recorded by the social workers' app (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "workforce.worker_hired": "聘用社会化工会工作者",
    "workforce.post_created": "新增岗位",
    "workforce.pay_recorded": "登记月度薪酬",
    "workforce.follow_up_recorded": "登记服务回访",
    "workforce.certificate_changed": "变更职业资格",
    "workforce.scheme_created": "新增考核方案",
    "workforce.assessment_run": "发起绩效考核",
    "workforce.assessment_reviewed": "审核考核结果",
    "workforce.decision_proposed": "提出人事决定",
    # decided: f"workforce.decision_{status}" (the scan of literal codes does not see these two)
    "workforce.decision_approved": "批准人事决定",
    "workforce.decision_rejected": "驳回人事决定",
    "workforce.candidate_pool_built": "生成后备人选库",
}
