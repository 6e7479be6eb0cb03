"""Chinese names of the audit actions recorded by ventures (read by `core.auditlabels`); project steps are
named once, in `services.projects.STEPS`."""

from bangfu.ventures.services.projects import STEPS

AUDIT_ACTIONS: dict[str, str] = {f"ventures.project_{step}": f"创业项目：{spec[3]}" for step, spec in STEPS.items()} | {
    "ventures.project_register": "创业项目：申报",
    "ventures.loan_register": "登记创业贷款",
    "ventures.repayment_record": "登记还款",
    "ventures.repayments_import": "导入还款记录",
    "ventures.policy_create": "新增贴息政策",
    "ventures.policy_update": "修改贴息政策",
    "ventures.run_compute": "计算贴息",
    "ventures.run_submit": "贴息：提交审批",
    "ventures.run_approve": "贴息：批准",
    "ventures.run_reject": "贴息：驳回",
    "ventures.employed_add": "登记带动就业",
    "ventures.employed_import": "导入带动就业",
}
AUDIT_ACTION_PREFIXES: dict[str, str] = {"ventures.project_": "创业项目"}
