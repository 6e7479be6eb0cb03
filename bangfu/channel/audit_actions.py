"""Chinese names of the audit actions recorded by the worker's channel (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "channel.code_sent": "发送职工登录验证码",
    "channel.sign_in": "职工登录",
    "channel.sign_out": "职工退出登录",
    "channel.real_name_bound": "职工实名认证",
    "channel.application_submitted": "职工在线提交申请",
    "channel.application_accepted": "受理职工在线申请",
    "channel.application_asked": "要求职工补充材料",
    "channel.application_replied": "职工回复补充材料",
    "channel.application_declined": "不予受理职工在线申请",
    "channel.application_rated": "职工评价办理结果",
    "channel.photo_viewed": "查看职工上传的照片",
    "channel.ticket_recorded": "登记 12351 热线工单",
    "channel.ticket_contacted": "工单首次联系职工",
    "channel.ticket_passed": "转办工单",
    "channel.ticket_answered": "答复工单",
    "channel.ticket_closed": "工单回访办结",
    "channel.ticket_converted": "工单转为法律援助案件",
    "channel.ticket_to_hardship": "工单转为困难帮扶申请",
    "channel.ticket_to_referral": "工单转为推荐就业",
    "channel.tickets_escalated": "逾期工单上报上级",
}
