"""Writes to the code lists (字典管理): add, rename, reorder, disable, delete an entry — audited, only by an
administrator reaching the whole platform, never deleting an entry in use or one the code defines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.normalize import normalize_label
from bangfu.sysadmin.dictionaries import DictionarySpec, dictionary_spec, entries, forget
from bangfu.sysadmin.models import DictEntry
from bangfu.sysadmin.services import may_change_platform_settings

CHANGE_DICTIONARY = "sysadmin.change_dictentry"
_CODE = re.compile(r"^[\w\u4e00-\u9fff-]{1,40}$")


@dataclass(frozen=True)
class EntryInput:
    code: str
    label: str
    sort_order: int
    enabled: bool
    version: int | None  # the row's version the form was read at (None: the entry had no row)


def _spec_for(actor: Any, key: str) -> DictionarySpec:
    try:
        spec = dictionary_spec(key)
    except KeyError:
        raise ServiceError("未找到该字典。", status=404) from None
    if not may_change_platform_settings(actor, CHANGE_DICTIONARY):
        raise ServiceError("字典对全平台生效，只有数据范围覆盖全国的系统管理员可以修改。", status=403)
    return spec


def _check(spec: DictionarySpec, data: EntryInput, known: dict[str, Any]) -> tuple[str, str]:
    code, label = data.code.strip(), normalize_label(data.label)
    if not label:
        raise ServiceError(f"名称：请填写“{code or '新条目'}”的名称。")
    if len(label) > 50:
        raise ServiceError(f"名称：最多 50 个字，现有 {len(label)} 个字。")
    if code not in known:
        if not spec.open:
            raise ServiceError(f"代码：“{spec.name}”的代码由系统规定，只能修改名称、顺序或停用，不能新增。")
        if not _CODE.match(code):
            raise ServiceError("代码：请填写 1～40 个汉字、字母、数字、下划线或连字符。")
    clash = [entry.code for entry in known.values() if entry.label == label and entry.code != code]
    if clash:
        raise ServiceError(f"名称：“{label}”已是代码“{clash[0]}”的名称，同一字典中名称不能重复。")
    return code, label


@transaction.atomic
def save_entry(*, actor: Any, key: str, data: EntryInput) -> DictEntry:
    """Add an entry (open lists) or change one's name, order or state; a stale form is refused (409)."""
    spec = _spec_for(actor, key)
    forget(key)
    known = {entry.code: entry for entry in entries(key)}
    code, label = _check(spec, data, known)
    before = known.get(code)
    row = DictEntry.objects.select_for_update().filter(dictionary=key, code=code).first()
    if (row.version if row else None) != data.version:
        raise ConflictError(f"“{spec.name}”的条目“{code}”已被他人修改，请刷新页面后重试。")
    fields = {"label": label, "sort_order": data.sort_order, "enabled": data.enabled, "updated_by": actor}
    if row is None:
        try:
            with transaction.atomic():
                row = DictEntry.objects.create(dictionary=key, code=code, **fields)
        except IntegrityError:
            raise ConflictError(f"“{spec.name}”的条目“{code}”已被他人修改，请刷新页面后重试。") from None
    else:
        DictEntry.objects.filter(pk=row.pk).update(**fields, updated_at=timezone.now(), version=F("version") + 1)
        row.refresh_from_db()
    was = {"label": before.label, "enabled": before.enabled, "sort_order": before.sort_order} if before else None
    audit.record("dictionary.change", actor=actor, obj=row, changes={
        "dictionary": key, "dictionary_name": spec.name, "code": code, "from": was,
        "to": {"label": label, "enabled": data.enabled, "sort_order": data.sort_order}})
    forget(key)
    return row


@transaction.atomic
def delete_entry(*, actor: Any, key: str, code: str) -> None:
    """Delete an entry an administrator added, when no record holds it; otherwise it can only be disabled."""
    spec = _spec_for(actor, key)
    forget(key)
    known = {entry.code: entry for entry in entries(key)}
    entry = known.get(code)
    if entry is None:
        raise ServiceError("未找到该条目。", status=404)
    if entry.is_default:
        raise ServiceError(f"“{entry.label}”是系统规定的条目，不能删除，只能停用。", status=409)
    used = spec.in_use(code) if spec.in_use else 0
    if used:
        raise ServiceError(f"“{entry.label}”已被 {used} 条记录使用，不能删除，只能停用。", status=409)
    deleted, _rows = DictEntry.objects.filter(dictionary=key, code=code).delete()
    if not deleted:
        raise ConflictError("该条目已被删除，请刷新页面后查看。")
    audit.record("dictionary.delete", actor=actor, obj=None, changes={
        "dictionary": key, "dictionary_name": spec.name, "code": code, "label": entry.label})
    forget(key)
