"""Writes of the administration pages: parameters and announcements. Pages and API call these only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bangfu.accounts.models import ROOT_PATH, DataScope, OrgUnit
from bangfu.accounts.scoping import may, reaches_of
from bangfu.accounts.services.grants import reach_covers
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.sysadmin.models import Announcement, AnnouncementRead, SystemParameter
from bangfu.sysadmin.parameters import parameter_spec, parameter_value, parse_parameter

CHANGE_PARAMETER = "sysadmin.change_systemparameter"
ADD_ANNOUNCEMENT = "sysadmin.add_announcement"


def may_change_platform_settings(actor: Any, permission: str) -> bool:
    """Parameters and code lists hold for the whole platform: only a role that grants the change AND reaches
    every unit (全部, or 本级及以下 at the national federation) may make it — a province's administrator may not."""
    if getattr(actor, "is_superuser", False):
        return True
    root = OrgUnit(path=ROOT_PATH)
    return any(r.grants(permission) and reach_covers(r, DataScope.ALL, root) for r in reaches_of(actor))


def may_change_parameters(actor: Any) -> bool:
    return may_change_platform_settings(actor, CHANGE_PARAMETER)


@transaction.atomic
def set_parameter(*, actor: Any, key: str, value: str, version: int | None) -> int:
    """Set parameter `key` to the number typed in `value`. `version` is the row's version the form was
    read at (None: no row then); a change made meanwhile by someone else is refused (409)."""
    try:
        spec = parameter_spec(key)
    except KeyError:
        raise ServiceError("未找到该参数。", status=404) from None
    if not may_change_parameters(actor):
        raise ServiceError("参数对全平台生效，只有数据范围覆盖全国的系统管理员可以修改。", status=403)
    try:
        number = parse_parameter(spec, value)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None
    before = parameter_value(key)
    row = SystemParameter.objects.select_for_update().filter(key=key).first()
    current = row.version if row is not None else None
    if current != version:
        raise ConflictError(f"{spec.label}：已被他人修改，请刷新页面后重试。")
    if row is None:
        try:
            with transaction.atomic():
                row = SystemParameter.objects.create(key=key, value=str(number), updated_by=actor)
        except IntegrityError:
            raise ConflictError(f"{spec.label}：已被他人修改，请刷新页面后重试。") from None
    else:
        SystemParameter.objects.filter(pk=row.pk).update(value=str(number), updated_by=actor,
                                                         updated_at=timezone.now(), version=F("version") + 1)
    audit.record("parameter.change", actor=actor, obj=row,
                 changes={"parameter": spec.label, "key": key, "from": before, "to": number})
    return number


@dataclass(frozen=True)
class AnnouncementInput:
    title: str
    body: str


def _validated(data: AnnouncementInput) -> AnnouncementInput:
    title, body = data.title.strip(), data.body.strip()
    if not title:
        raise ServiceError("标题：请填写标题。")
    if len(title) > 100:
        raise ServiceError(f"标题：最多 100 个字，现有 {len(title)} 个字。")
    if not body:
        raise ServiceError("正文：请填写正文。")
    if len(body) > 5000:
        raise ServiceError(f"正文：最多 5000 个字，现有 {len(body)} 个字。")
    return AnnouncementInput(title, body)


@transaction.atomic
def publish_announcement(*, actor: Any, org: OrgUnit, data: AnnouncementInput) -> Announcement:
    """Publish a notice from `org` to its accounts and every unit below; the publisher's role that grants
    publishing must reach `org`. `actor=None`: the platform itself (a command, the demo)."""
    if actor is not None and not (may(actor, ADD_ANNOUNCEMENT, org) or actor.is_superuser):
        raise ServiceError("发布单位：您不能以该单位名义发布通知（超出您的数据范围）。", status=403)
    clean = _validated(data)
    notice = Announcement.objects.create(org=org, created_by=actor, title=clean.title, body=clean.body,
                                         published_at=timezone.now())
    audit.record("announcement.publish", actor=actor, obj=notice, org=org,
                 changes={"title": clean.title, "unit": org.code})
    return notice


def mark_read(*, user: Any, notice: Announcement) -> bool:
    """Record that `user` read `notice` (the caller reached it through `notice_for`). True the first time.
    Not audited: a receipt is the record of the reading itself, and a notice holds no personal data."""
    _receipt, created = AnnouncementRead.objects.get_or_create(announcement=notice, user=user)
    return created
