"""Posts (岗位) in a unit: created with the level the unit's place in the tree gives, a grade, active or not."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.workforce.models import MAX_GRADE, Post, PostLevel
from bangfu.workforce.services.common import require_unit, validated

# The post level a unit's level gives; a grassroots union under a street is a community union (社区工会).
LEVEL_OF_UNIT = {OrgLevel.PROVINCE: PostLevel.PROVINCE, OrgLevel.CITY: PostLevel.CITY,
                 OrgLevel.COUNTY: PostLevel.COUNTY, OrgLevel.STREET: PostLevel.STREET,
                 OrgLevel.GRASSROOTS: PostLevel.COMMUNITY}


def post_level_of(org: OrgUnit) -> str:
    level = LEVEL_OF_UNIT.get(org.level)  # type: ignore[call-overload]
    if level is None:
        raise ServiceError(f"单位：{org.name}（{org.get_level_display()}）不设社工岗位")
    return level


@transaction.atomic
def create_post(*, actor: Any, org: OrgUnit, title: str, grade: int = 1) -> Post:
    require_unit(actor, org, "add", Post, "设置岗位")
    title = (title or "").strip()
    if not title:
        raise ServiceError("岗位名称：请填写")
    if not 1 <= grade <= MAX_GRADE:
        raise ServiceError(f"岗位等级：应为 1 至 {MAX_GRADE}")
    post = Post(org=org, created_by=actor, title=title[:60], level=post_level_of(org), grade=grade)
    validated(post)
    post.save()
    audit.record("workforce.post_created", actor=actor, obj=post, changes={"level": post.level, "grade": grade})
    return post
