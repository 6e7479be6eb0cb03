"""Chinese names of the audit actions recorded by training (read by `core.auditlabels`)."""

AUDIT_ACTIONS: dict[str, str] = {
    "training.course_created": "新增课程",
    "training.course_updated": "修改课程",
    "training.trainer_created": "新增培训师",
    "training.trainer_updated": "修改培训师",
    "training.plan_created": "新建送教上门计划",
    "training.plan_updated": "修改送教上门计划",
    "training.plan_completed": "送教上门计划完成",
    "training.week_scheduled": "排定一周课程",
    "training.session_recorded": "登记上课",
    "training.session_photo_viewed": "查看上课照片",
    "training.attendance_recorded": "登记出勤",
    "training.cohort_created": "新开培训班",
    "training.person_enrolled": "报名培训",
    "training.graduated": "培训结业",
    "training.employed_after_training": "培训后就业",
    "training.worker_added": "新增社工",
    "training.worker_training_recorded": "登记社工培训（1+N）",
}
