""""Show in clear" through the API: the same service as the page (`reveal.reveal`), so the same
permission, the same scope (404 outside) and the same `sensitive.reveal` audit event."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from bangfu.security import reveal as reveal_service

router = Router()


class RevealOut(Schema):
    field_name: str
    value: str


@router.get("/security/reveal/{app_label}/{model_name}/{pk}/{field_name}", response=RevealOut,
            summary="显示敏感字段明文",
            description="需要“显示敏感信息明文”权限；记录不在数据范围内或字段不可显示时返回 404。"
                        "每次显示都记入审计日志，与页面上的“显示”相同。")
def reveal_value(request: HttpRequest, app_label: str, model_name: str, pk: str, field_name: str) -> RevealOut:
    _obj, value = reveal_service.reveal(user=request.user, app_label=app_label, model_name=model_name, pk=pk,
                                        field_name=field_name)
    return RevealOut(field_name=field_name, value=value)
