"""How a one-time code reaches the worker's phone: a pluggable sender chosen by settings.

`BANGFU_SMS_SENDER = "console"` (the default in development and tests) prints the code to the server's
console and lets the sign-in page of a development installation show it (so a demo needs no phone);
`"http"` posts it to an SMS gateway configured by environment variables (`BANGFU_SMS_URL`, `BANGFU_SMS_TOKEN`,
optional `BANGFU_SMS_TEMPLATE`), and never shows the code anywhere.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("bangfu.channel.sms")
DEFAULT_TEMPLATE = "【工会帮扶】您的验证码是 {code}，5 分钟内有效。请勿告诉他人。"


class CodeSender(Protocol):
    @property
    def shows_code(self) -> bool: ...

    def send(self, phone: str, code: str) -> None: ...


@dataclass(frozen=True)
class ConsoleSender:
    """Development: the code goes to the console (and, through `shows_code`, to the demo's page)."""

    shows_code: bool = True

    def send(self, phone: str, code: str) -> None:
        print(f"[bangfu sms] {phone[:3]}****{phone[-4:]} 验证码 {code}", flush=True)


@dataclass(frozen=True)
class HttpSender:
    """Production: one JSON POST per code to the gateway; a failure is logged, never shown to the worker."""

    url: str
    token: str
    template: str = DEFAULT_TEMPLATE
    shows_code: bool = False
    timeout_seconds: float = 5.0

    def send(self, phone: str, code: str) -> None:
        body = json.dumps({"phone": phone, "text": self.template.format(code=code)}).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        # The URL is checked to be https:// in code_sender().
        request = urllib.request.Request(self.url, data=body, method="POST", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310 - configured URL
                response.read()
        except OSError:
            logger.exception("SMS gateway refused a sign-in code")


def code_sender() -> CodeSender:
    kind = getattr(settings, "BANGFU_SMS_SENDER", None) or os.environ.get("BANGFU_SMS_SENDER", "console")
    if kind == "console":
        return ConsoleSender()
    if kind == "http":
        url, token = os.environ.get("BANGFU_SMS_URL", ""), os.environ.get("BANGFU_SMS_TOKEN", "")
        if not url.startswith("https://") or not token:
            raise ImproperlyConfigured("BANGFU_SMS_SENDER=http 需要 BANGFU_SMS_URL（https://…）和 BANGFU_SMS_TOKEN。")
        return HttpSender(url=url, token=token, template=os.environ.get("BANGFU_SMS_TEMPLATE", DEFAULT_TEMPLATE))
    raise ImproperlyConfigured(f"BANGFU_SMS_SENDER：未知的短信发送方式“{kind}”（可选 console、http）。")
