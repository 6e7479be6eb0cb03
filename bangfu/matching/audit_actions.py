"""Chinese names of the audit actions recorded by matching (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "matching.run_started": "启动人岗匹配",
    "matching.pair_confirmed": "确认匹配推荐",
    "matching.pair_rejected": "否决匹配推荐",
    "matching.run_interrupted": "人岗匹配中断（后台进程意外中止）",
}
