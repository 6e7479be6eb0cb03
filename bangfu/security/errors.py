"""The API's error answers: one Chinese message per 4xx status, documented in the OpenAPI document.

Services raise `ServiceError("…中文…")` with their own message; what reaches a client without one
(a framework's English text, an empty 405) gets the message of its status from `ERROR_MESSAGES`.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

API_PREFIX = "/api/"

ERROR_MESSAGES: dict[int, str] = {
    400: "请求格式不正确，请检查提交的内容。",
    401: "请先登录，或提供有效的访问令牌。",
    403: "您没有执行此操作的权限。",
    404: "未找到该记录，或不在您的数据范围内。",
    405: "不支持该请求方法。",
    406: "无法按请求的格式返回数据。",
    409: "数据已被他人修改或与现有数据冲突，请刷新后重试。",
    413: "提交的数据过大。",
    415: "不支持的请求内容类型。",
    422: "提交的数据不符合要求。",
    429: "请求过于频繁，请稍后再试。",
}
GENERIC_CLIENT_ERROR = "请求无法处理。"

# Known English messages of the frameworks, with their Chinese.
KNOWN_MESSAGES: dict[str, str] = {
    "CSRF check Failed": "CSRF 校验失败，请刷新页面后重试。",
    "Cannot parse request body": "无法解析请求内容：请提交有效的 JSON。",
    "Unauthorized": ERROR_MESSAGES[401],
    "Forbidden": ERROR_MESSAGES[403],
    "Not Found": ERROR_MESSAGES[404],
}

# Documented on every operation; 409 only where the operation writes.
DOCUMENTED_FOR_ALL = (400, 401, 403, 404, 405, 422, 429)
DOCUMENTED_FOR_WRITES = (409, 413, 415)


# Pydantic's error types (the API's schema checks) in Chinese: its messages are English. `{…}` are the error's
# context values. A type not listed keeps pydantic's message.
VALIDATION_MESSAGES: dict[str, str] = {
    "missing": "必填",
    "string_too_long": "最多 {max_length} 个字符",
    "string_too_short": "至少 {min_length} 个字符",
    "string_type": "须为文本",
    "string_pattern_mismatch": "格式不正确",
    "greater_than_equal": "须不小于 {ge}",
    "greater_than": "须大于 {gt}",
    "less_than_equal": "须不大于 {le}",
    "less_than": "须小于 {lt}",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "float_parsing": "须为数字",
    "float_type": "须为数字",
    "decimal_parsing": "须为数字",
    "bool_parsing": "须为 true 或 false",
    "bool_type": "须为 true 或 false",
    "date_parsing": "须为日期（如 2020-12-18）",
    "date_from_datetime_parsing": "须为日期（如 2020-12-18）",
    "date_type": "须为日期（如 2020-12-18）",
    "datetime_parsing": "须为日期时间（如 2020-12-18T09:00:00+08:00）",
    "datetime_from_date_parsing": "须为日期时间（如 2020-12-18T09:00:00+08:00）",
    "datetime_type": "须为日期时间（如 2020-12-18T09:00:00+08:00）",
    "literal_error": "须为以下之一：{expected}",
    "enum": "须为以下之一：{expected}",
    "list_type": "须为列表",
    "dict_type": "须为对象",
    "model_type": "须为对象",
    "model_attributes_type": "须为对象",
    "too_long": "最多 {max_length} 项",
    "too_short": "至少 {min_length} 项",
    "json_invalid": "不是有效的 JSON",
    "extra_forbidden": "不接受此字段",
}


def validation_message(error: dict[str, Any]) -> str:
    """One schema check's failure in Chinese (the API's 422): the message of its type, or, for a validator of ours
    (already Chinese), its own text."""
    message = str(error.get("msg", ""))
    if error.get("type") == "value_error":
        return message.removeprefix("Value error, ")
    template = VALIDATION_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return message
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return message


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def chinese_detail(status: int, original: str = "") -> str:
    if original in KNOWN_MESSAGES:
        return KNOWN_MESSAGES[original]
    return ERROR_MESSAGES.get(status, GENERIC_CLIENT_ERROR)


ERROR_SCHEMA: dict[str, Any] = {
    "title": "ErrorOut",
    "type": "object",
    "description": "错误应答：detail 为中文说明；数据校验错误另附 errors（字段与原因）。",
    "properties": {
        "detail": {"type": "string", "title": "Detail", "description": "中文错误说明"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "required": ["detail"],
}


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": ERROR_MESSAGES[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the 4xx answers, each with its Chinese message, to every operation of an OpenAPI document."""
    schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ERROR_SCHEMA
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = DOCUMENTED_FOR_ALL + (DOCUMENTED_FOR_WRITES if method.lower() != "get" else ())
            responses = operation["responses"]  # ninja keys them by int status
            for status in statuses:
                if status not in responses and str(status) not in responses:
                    responses[status] = _error_response(status)
    return schema


class DocumentedErrorsNinjaAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists every 4xx answer with its Chinese message."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(*args, **kwargs))
