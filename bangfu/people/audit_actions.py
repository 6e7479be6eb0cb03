"""Chinese names of the audit actions recorded by the register (read by `core.auditlabels`); the file's
lifecycle steps are named once, in `lifecycle.ACTION_NAMES_ZH`."""

from bangfu.people.lifecycle import ACTION_NAMES_ZH

FILE_STEPS = {f"people.file.{action}": f"档案：{name}" for action, name in ACTION_NAMES_ZH.items()}

AUDIT_ACTIONS: dict[str, str] = FILE_STEPS | {
    "people.file.add_member": "档案：添加家庭成员",
    "people.file.remove_member": "档案：移除家庭成员",
    "people.person.create": "新增人员",
    "people.person.update": "修改人员",
    "people.person.edit": "修改人员",
    "people.search.id_number": "按身份证号查找人员",
    "people.duplicate.merge": "合并重复人员",
    "people.duplicate.distinct": "确认不是同一人",
    "people.evidence.upload": "上传证明材料",
    "people.evidence.download": "查看证明材料",
    "people.export": "导出困难职工名单",
    "people.households.export": "导出困难职工家庭",
    "people.households.import": "导入困难职工家庭",
    "people.households.import_upload": "上传困难职工导入文件",
    "people.households.import_interrupted": "导入中断（后台进程意外中止）",
}
