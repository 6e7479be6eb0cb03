"""Chinese names of the audit actions recorded by jobs (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "jobs.employer_created": "新增用人单位",
    "jobs.employer_updated": "修改用人单位",
    "jobs.employers_imported": "导入用人单位",
    "jobs.opening_created": "发布岗位",
    "jobs.opening_updated": "修改岗位",
    "jobs.openings_imported": "导入岗位",
    "jobs.referral_created": "推荐就业",
    "jobs.referral_interview": "推荐：安排面试",
    "jobs.referral_hired": "推荐：录用",
    "jobs.referral_not_hired": "推荐：未录用",
    "jobs.referral_refused": "推荐：本人拒绝",
    "jobs.retention_recorded": "登记稳岗回访",
    "jobs.seeker_profile_created": "新增求职登记",
    "jobs.seeker_profile_updated": "修改求职登记",
    "jobs.employment_may_end_hardship": "就业可能脱困（提示复核档案）",
    "jobs.employment_retained_six_months": "就业稳定 6 个月（提示复核脱困）",
}
