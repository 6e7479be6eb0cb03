"""Chinese names of the audit actions recorded by security: sign-ins, sessions, denials, reveals, backups
(read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "auth.login": "登录成功",
    "auth.login_failed": "登录失败",
    "auth.locked_out": "账号被锁定",
    "auth.logout": "退出登录",
    "auth.session_expired": "会话超时退出",
    "auth.session_terminated": "强制退出（强退）",
    "auth.unlocked": "解锁账号",
    "auth.password_changed": "修改密码",
    "access.denied": "越权访问被拒绝",
    "access.not_found": "访问不存在或范围外的记录",
    "access.unauthenticated": "未登录访问",
    "sensitive.reveal": "查看明文（敏感信息）",
    "sensitive.decrypt_failed": "敏感信息解密失败",
    "backup.create": "创建备份",
    "security.audit_export": "导出审计日志",
    "system.task_retry": "重试后台任务",
}
