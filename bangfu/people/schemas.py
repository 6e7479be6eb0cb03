"""API schemas of the register. ID numbers go out masked; a full number comes in only in a request body."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from bangfu.core.normalize import ID_INPUT_LENGTH, PHONE_INPUT_LENGTH

MAX_FEN = 10**12  # 一百亿元: far above any income, far below the database's integer range
MAX_INT = 2**31 - 1  # PositiveIntegerField
MAX_ID = 2**53


class PersonIn(Schema):
    name: str = Field(..., max_length=50, description="姓名")
    id_number: str = Field(..., max_length=ID_INPUT_LENGTH, description="身份证号（18 位；全角、空格、小写 x 均可）")
    phone: str = Field("", max_length=PHONE_INPUT_LENGTH, description="联系电话")
    hukou_type: str = Field("", description="户口性质：urban / rural")


class MemberIn(Schema):
    person: PersonIn
    relation: str = Field("self", description="与户主关系：self / spouse / child / parent / sibling / "
                                               "grandchild / other")
    employment_status: str = Field("employed", description="就业状况：employed / unemployed / student / "
                                                           "retired / unable / child")
    has_major_illness: bool = False
    disability_or_mental_illness: bool = False
    monthly_income_fen: int = Field(0, ge=0, le=MAX_FEN, description="月收入（分）")


class HouseholdIn(Schema):
    org: str = Field(..., description="所属工会的组织代码")
    address: str = Field("", max_length=200)
    members: list[MemberIn] = Field(..., min_length=1, description="家庭成员；其中一人关系为 self（户主）")
    primary_cause: str = Field(..., description="主要致困原因（十类之一）")
    secondary_causes: list[str] = Field(default_factory=list, description="次要致困原因，最多三项")
    level: str = "grassroots"
    incident_on: dt.date | None = Field(None, description="遭受意外事故或自然灾害的日期")
    note: str = Field("", max_length=500)


class HouseholdUpdateIn(Schema):
    version: int = Field(..., ge=0, le=MAX_INT, description="修改所基于的版本号；版本过期返回 409")
    address: str | None = None
    level: str | None = None
    primary_cause: str | None = None
    secondary_causes: list[str] | None = None
    incident_on: dt.date | None = None


class PersonUpdateIn(Schema):
    """Fields left out stay as they are; an empty phone or health note removes it."""

    version: int = Field(..., ge=0, le=MAX_INT, description="该人员信息的版本号；版本过期返回 409")
    name: str | None = Field(None, max_length=50, description="姓名")
    phone: str | None = Field(None, max_length=PHONE_INPUT_LENGTH, description="联系电话；空字符串表示删除")
    hukou_type: str | None = Field(None, max_length=10, description="户口性质：urban / rural / 空")
    employer_name: str | None = Field(None, max_length=100)
    occupation_code: str | None = Field(None, max_length=20)
    industry: str | None = Field(None, max_length=50)
    is_union_member: bool | None = None
    health_note: str | None = Field(None, max_length=500, description="健康状况；空字符串表示删除")


class MemberRemoveIn(Schema):
    version: int = Field(..., ge=0, le=MAX_INT, description="档案的版本号；版本过期返回 409")
    reason: str = Field(..., max_length=200, description="移出原因（必填）")


class InvestigationIn(Schema):
    visited_on: dt.date = Field(..., description="入户走访日期")
    visitors: str = Field(..., max_length=200, description="走访人员（至少一人）")
    notes: str = Field(..., max_length=2000, description="调查情况")
    no_evidence_reason: str = Field("", max_length=300, description="档案尚无证明材料时，说明原因")


class TransitionIn(Schema):
    action: str = Field(..., description="review / investigate / publicise / approve / open_temporary / confirm / "
                                         "reject / recheck / relieve / cancel / reopen")
    investigation: InvestigationIn | None = Field(None, description="入户调查（investigate）时必填")
    version: int = Field(..., ge=0, le=MAX_INT, description="办理所基于的版本号；版本过期返回 409")
    reason: str = Field("", max_length=200)
    effective_on: dt.date | None = None
    note: str = Field("", max_length=500)


class SearchIn(Schema):
    # Checked by the page's forms (api.search_households), which trim spaces first and answer in their words.
    id_number: str = Field("", description="完整身份证号，经盲索引精确匹配；只在请求体中提交")
    q: str = Field("", description="姓名、全拼或拼音首字母（最多 50 个字）")
    store: str = "register"


class MemberOut(Schema):
    id: int
    name: str
    relation: str
    id_number_masked: str
    employment_status: str
    has_major_illness: bool
    disability_or_mental_illness: bool
    monthly_income_fen: int


class MemberDetailOut(MemberOut):
    """One member with the person's details: the ID number and phone masked, the health note not sent."""

    person_version: int
    sex: str
    birth_date: dt.date
    phone_masked: str
    hukou_type: str
    employer_name: str
    occupation_code: str
    industry: str
    is_union_member: bool
    has_health_note: bool


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor: str
    occurred_at: dt.datetime
    reason: str
    note: str


class FileOut(Schema):
    household_id: int
    file_id: int
    head_name: str
    head_id_number_masked: str
    org_code: str
    org_name: str
    level: str
    primary_cause: str
    secondary_causes: list[str]
    disability_or_mental_illness: bool
    zero_labour: bool
    household_size: int
    income_per_capita_fen: int
    local_minimum_fen: int
    tier: str
    tier_reasons: list[str]
    status: str
    filed_on: dt.date | None
    recheck_due: dt.date | None
    version: int


class FileDetailOut(FileOut):
    address: str
    members: list[MemberOut]
    events: list[EventOut]
    allowed_actions: list[str]
    waiting_actions: dict[str, str] = Field(default_factory=dict,
                                            description="本人角色可办但此刻不能办的步骤及原因（如须由他人初审、公示期未满）")


class FilePage(Schema):
    count: int
    items: list[FileOut]


class DuplicateOut(Schema):
    id: int
    file_a: int
    file_b: int
    reasons: list[str]
    status: str
    detected_at: dt.datetime


class DuplicatePage(Schema):
    count: int
    items: list[DuplicateOut]


class DuplicateResolveIn(Schema):
    decision: str = Field(..., description="merge（合并）或 distinct（非重复）")
    keep_file_id: int | None = Field(None, ge=1, le=MAX_ID, description="合并时保留的档案编号")
    note: str = Field("", max_length=300)


class ObjectionIn(Schema):
    content: str = Field(..., max_length=1000, description="异议内容")
    raised_by: str = Field("", max_length=100, description="异议人（可匿名）")
    raised_on: dt.date | None = Field(None, description="提出日期，须在公示期内；默认今天")


class AnswerIn(Schema):
    answer: str = Field(..., max_length=1000, description="核实情况和结论")


class ObjectionOut(Schema):
    id: int
    raised_on: dt.date
    raised_by: str
    content: str
    answer: str
    answered: bool


class InvestigationOut(Schema):
    visited_on: dt.date
    visitors: str
    notes: str
    no_evidence_reason: str
    evidence_count: int


class FilingOut(Schema):
    status: str
    investigations: list[InvestigationOut]
    notice_from: dt.date | None
    notice_until: dt.date | None
    objections: list[ObjectionOut]
    open_objections: int


class BatchRowIn(Schema):
    file_id: int = Field(..., ge=1, le=MAX_ID, description="档案编号（列表中的 file_id）")
    version: int = Field(..., ge=0, le=MAX_INT, description="列表读取时的版本号；版本过期的行被退回（409 原因）")


class BatchIn(Schema):
    action: str = Field(..., max_length=20, description="approve（审批建档）/ assign_contact（指定帮扶联系人）/ "
                                                        "schedule_recheck（安排复核）")
    rows: list[BatchRowIn] = Field(..., max_length=1000, description="勾选的行，一次最多 200 行")
    contact: str = Field("", max_length=150, description="assign_contact 时：帮扶联系人的用户名")
    due_on: dt.date | None = Field(None, description="schedule_recheck 时：复核日期")


class BatchRowOut(Schema):
    file_id: int
    household_id: int | None
    head_name: str
    done: bool
    message: str


class BatchOut(Schema):
    action: str
    done: int
    refused: int
    rows: list[BatchRowOut]
