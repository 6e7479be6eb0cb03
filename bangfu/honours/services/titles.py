"""Honour titles: data the administrator keeps (name, level, awarding body, model-worker treatment)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from bangfu.core import audit
from bangfu.core.concurrency import update_versioned
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.honours.models import HonourTitle, TitleLevel
from bangfu.honours.services.common import clean_text, require_perm
from bangfu.honours.titles_seed import STANDARD_TITLES


@dataclass(frozen=True)
class TitleInput:
    name: str
    level: str
    awarding_body: str
    model_worker_treatment: bool = False
    code: str = ""
    is_active: bool = True


def _cleaned(data: TitleInput) -> dict[str, Any]:
    name = clean_text(data.name, "称号名称", 100, required=True)
    if data.level not in TitleLevel.values:
        offered = "、".join(str(label) for label in TitleLevel.labels)
        raise ServiceError(f"级别：“{data.level}”不是可选项，应为 {offered}")
    if data.model_worker_treatment and data.level in (TitleLevel.COUNTY, TitleLevel.ENTERPRISE):
        # 劳模待遇 follows 市级以上 titles only: a county or enterprise title cannot carry it.
        raise ServiceError(f"称号“{name}”：县级、企业级称号不享受劳模待遇")
    return {"name": name, "level": data.level, "model_worker_treatment": data.model_worker_treatment,
            "awarding_body": clean_text(data.awarding_body, "授予机关", 100, required=True),
            "is_active": data.is_active}


def create_title(*, actor: Any, data: TitleInput) -> HonourTitle:
    require_perm(actor, "honours.add_honourtitle", "新增荣誉称号")
    fields = _cleaned(data)
    # A Chinese name slugifies to nothing: such a title gets a random code (the code is only a stable key).
    code = (slugify(data.code) or slugify(fields["name"]) or f"t-{uuid.uuid4().hex[:12]}")[:40]
    try:
        with transaction.atomic():
            title = HonourTitle.objects.create(code=code, **fields)
            audit.record("honours.title_create", actor=actor, obj=title, changes={"level": title.level})
    except IntegrityError:
        raise ConflictError(f"称号名称“{fields['name']}”或代码“{code}”已存在") from None
    return title


def update_title(*, actor: Any, title: HonourTitle, data: TitleInput, version: int) -> HonourTitle:
    require_perm(actor, "honours.change_honourtitle", "修改荣誉称号")
    fields = _cleaned(data)
    try:
        with transaction.atomic():
            update_versioned(title, version, **fields)
            audit.record("honours.title_update", actor=actor, obj=title, changes={"fields": sorted(fields)})
    except IntegrityError:
        raise ConflictError(f"称号名称“{fields['name']}”已存在") from None
    return title


def ensure_standard_titles() -> None:
    """The standard titles, as the migration seeds them: again after a database was flushed (the demo on a
    flushed database, transactional tests), never changing a title an administrator has edited."""
    for code, name, level, body, treatment in STANDARD_TITLES:
        HonourTitle.objects.get_or_create(code=code, defaults={"name": name, "level": level, "awarding_body": body,
                                                               "model_worker_treatment": treatment})
