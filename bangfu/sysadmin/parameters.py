"""The system parameters (参数设置): what each one means, its bounds, its default, and the one reader.

The code that uses a parameter calls `parameter_value(key)` each time it needs it (one indexed read),
so a change on the page takes effect at once on every app server, without a restart or a cache to clear.
A parameter an administrator never set has its default, taken from settings (the environment).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from bangfu.sysadmin.models import SystemParameter


@dataclass(frozen=True)
class ParameterSpec:
    key: str
    label: str  # the Chinese name staff read, also the field named in error messages
    unit: str  # 天, 次, 分钟 …
    minimum: int
    maximum: int
    default: Callable[[], int]
    help: str
    used_by: str  # where it takes effect, for the page


PUBLICITY_DAYS = "people.publicity_days"
RECHECK_MONTHS = "people.recheck_months"
LOCKOUT_FAILURES = "security.lockout_failures"
LOCKOUT_MINUTES = "security.lockout_minutes"
SMALL_CELL = "reports.small_cell_threshold"

PARAMETERS: tuple[ParameterSpec, ...] = (
    ParameterSpec(PUBLICITY_DAYS, "公示天数", "天", 1, 60, lambda: int(settings.BANGFU_PUBLICITY_DAYS),
                  "困难职工档案公示期满后方可审批。", "困难职工建档：公示与审批"),
    ParameterSpec(RECHECK_MONTHS, "复核周期", "个月", 1, 36, lambda: int(settings.BANGFU_RECHECK_MONTHS),
                  "档案审批或复核后，下次复核的到期时间。", "困难职工建档：年度复核"),
    ParameterSpec(LOCKOUT_FAILURES, "登录失败锁定次数", "次", 3, 20, lambda: int(settings.BANGFU_LOCKOUT_FAILURES),
                  "同一账号在同一地址连续输错密码达到此次数即被锁定。", "登录与账号锁定"),
    ParameterSpec(LOCKOUT_MINUTES, "锁定时长", "分钟", 5, 1440, lambda: int(settings.BANGFU_LOCKOUT_MINUTES),
                  "账号被锁定后，经过此时长自动解锁（管理员也可提前解锁）。", "登录与账号锁定"),
    ParameterSpec(SMALL_CELL, "小数抑制阈值", "户", 2, 20, lambda: int(settings.BANGFU_SMALL_CELL_THRESHOLD),
                  "统计简报与报表中少于此户数的数据不公布，以防识别到个人。", "统计简报与报表"),
)

_BY_KEY = {spec.key: spec for spec in PARAMETERS}


def parameter_spec(key: str) -> ParameterSpec:
    return _BY_KEY[key]


def parameter_value(key: str) -> int:
    """The value in force: the administrator's, else the default. A stored value outside the bounds
    (written around the service) is not trusted: the default applies."""
    spec = _BY_KEY[key]
    stored = SystemParameter.objects.filter(key=key).values_list("value", flat=True).first()
    if stored is not None:
        try:
            number = int(stored)
        except ValueError:
            return spec.default()
        if spec.minimum <= number <= spec.maximum:
            return number
    return spec.default()


def parse_parameter(spec: ParameterSpec, text: str) -> int:
    """The number typed for `spec`, or ValueError with the Chinese message naming the parameter."""
    # Half- or full-width digits only: int() would also take `1_0` and Arabic-Indic digits (outside tester).
    cleaned = unicodedata.normalize("NFKC", (text or "").strip()).replace(",", "").replace("，", "")
    try:
        if not (cleaned.isascii() and cleaned.lstrip("-").isdecimal()):
            raise ValueError(cleaned)
        number = int(cleaned)
    except ValueError:
        raise ValueError(f"{spec.label}：请填写整数（{spec.minimum}～{spec.maximum} {spec.unit}）。") from None
    if not spec.minimum <= number <= spec.maximum:
        raise ValueError(f"{spec.label}：须在 {spec.minimum}～{spec.maximum} {spec.unit}之间，您填写的是 {number}。")
    return number
