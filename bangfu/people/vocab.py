"""Chinese names of the register's codes, for messages and reasons that are written in Chinese directly.

The UI shows the same codes through the translation catalogue (model choices); service errors, tier
reasons and bulletins are Chinese whatever the page language, so they read these fixed names.
"""

from __future__ import annotations

from bangfu.people.models import Cause, FileStatus, Tier

CAUSE_NAMES_ZH: dict[str, str] = {
    Cause.NO_WORK_CAPACITY: "无劳动能力",
    Cause.ABLE_NOT_EMPLOYED: "有劳动能力而未就业",
    Cause.LAID_OFF: "下岗失业",
    Cause.NO_SOCIAL_INSURANCE: "未参加社会保险",
    Cause.INSURANCE_NOT_PAID: "社会保险待遇落实不到位",
    Cause.MAJOR_ILLNESS: "患重特大疾病",
    Cause.NATURAL_DISASTER: "遭受自然灾害",
    Cause.ACCIDENT: "遭受意外事故",
    Cause.CHILD_SCHOOLING: "子女上学",
    Cause.OTHER: "其他",
}

STATUS_NAMES_ZH: dict[str, str] = {
    FileStatus.APPLIED: "申请",
    FileStatus.STREET_REVIEWED: "初审通过",
    FileStatus.INVESTIGATED: "入户调查完成",
    FileStatus.PUBLICISED: "公示中",
    FileStatus.TEMPORARY: "临时档案",
    FileStatus.FORMAL: "正式建档",
    FileStatus.RELIEVED: "脱困",
    FileStatus.CANCELLED: "注销",
    FileStatus.RETURNED: "返困",
    FileStatus.REJECTED: "不予建档",
    FileStatus.MERGED: "已合并",
}

TIER_NAMES_ZH: dict[str, str] = {
    Tier.DEEP: "深度困难",
    Tier.RELATIVE: "相对困难",
    Tier.ACCIDENTAL: "意外致困",
}


def cause_name(code: str) -> str:
    return CAUSE_NAMES_ZH.get(code, code)


def status_name(code: str) -> str:
    return STATUS_NAMES_ZH.get(code, code)
