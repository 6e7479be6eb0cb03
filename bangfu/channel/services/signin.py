"""A worker's sign-in: a one-time code to the mobile number, then a session of the worker's own.

Against an attacker: the answer to "send me a code" is the same for every valid number (no enumeration:
accounts are made only when a code is proved); a code lives 5 minutes, allows 5 tries and is spent on use
(no replay); a newer code retires the older ones; codes are rate-limited per number and per address; only
keyed hashes of codes, numbers and addresses are stored; the session cookie is a random token whose SHA-256
is all the table keeps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from bangfu.channel.models import SignInCode, WorkerAccount, WorkerSession
from bangfu.channel.sender import code_sender
from bangfu.core import audit
from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.normalize import normalize_name, normalize_phone
from bangfu.core.sensitive import blind_index, blind_indexes
from bangfu.people.models import Person

CODE_SECONDS = 5 * 60
MAX_TRIES = 5
MOBILE = re.compile(r"^1[3-9]\d{9}$")
WRONG_CODE = "验证码错误或已失效，请重新获取。"
TOO_MANY_TRIES = "验证码尝试次数过多，请重新获取。"


@dataclass(frozen=True)
class Limit:
    seconds: int
    count: int


def phone_limits() -> tuple[Limit, ...]:
    """Codes per number: one a minute, five an hour (settings may tighten or loosen)."""
    return tuple(Limit(*pair) for pair in getattr(settings, "BANGFU_CODE_PHONE_LIMITS", ((60, 1), (3600, 5))))


def address_limits() -> tuple[Limit, ...]:
    """Codes per client address: twenty an hour (a shared NAT of a factory dormitory still gets through)."""
    return tuple(Limit(*pair) for pair in getattr(settings, "BANGFU_CODE_ADDRESS_LIMITS", ((3600, 20),)))


def session_seconds() -> int:
    return int(getattr(settings, "BANGFU_WORKER_SESSION_SECONDS", 2 * 3600))


def clean_mobile(value: str) -> str:
    phone = normalize_phone(value).removeprefix("+86")
    if not MOBILE.match(phone):
        raise ServiceError("手机号：请填写 11 位中国大陆手机号码。")
    return phone


def _code_hash(phone_index: str, code: str) -> str:
    return blind_index(f"code:{phone_index}:{code}")


def _address_index(address: str) -> str:
    return blind_index(f"address:{address or '-'}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class CodeRequest:
    expires_at: dt.datetime
    shown_code: str  # only from a development sender (`shows_code`); empty in production


def _check_limits(field: str, value: str, limits: tuple[Limit, ...], now: dt.datetime, what: str) -> None:
    for limit in limits:
        since = now - dt.timedelta(seconds=limit.seconds)
        if SignInCode.objects.filter(**{field: value}, created_at__gt=since).count() >= limit.count:
            minutes = max(1, limit.seconds // 60)
            raise ServiceError(f"{what}获取验证码过于频繁，请 {minutes} 分钟后再试。", status=429)


@transaction.atomic
def request_code(*, phone: str, address: str, now: dt.datetime | None = None) -> CodeRequest:
    """Send a code to `phone` (same answer whether or not the number has an account)."""
    now = now or timezone.now()
    phone = clean_mobile(phone)
    phone_index, address_index = blind_index(phone), _address_index(address)
    _check_limits("phone_index", phone_index, phone_limits(), now, "该手机号")
    _check_limits("address_index", address_index, address_limits(), now, "您的网络地址")
    SignInCode.objects.filter(phone_index=phone_index, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    expires = now + dt.timedelta(seconds=CODE_SECONDS)
    SignInCode.objects.create(phone_index=phone_index, address_index=address_index,
                              code_hash=_code_hash(phone_index, code), created_at=now, expires_at=expires)
    sender = code_sender()
    transaction.on_commit(lambda: sender.send(phone, code))
    audit.record("channel.code_sent", actor_name="职工端")
    return CodeRequest(expires_at=expires, shown_code=code if sender.shows_code else "")


@dataclass(frozen=True)
class SignedIn:
    account: WorkerAccount
    token: str
    expires_at: dt.datetime


def verify_code(*, phone: str, code: str, now: dt.datetime | None = None) -> SignedIn:
    """Prove the number with its latest code: a session (and, the first time, the account), or a refusal.

    A wrong try is counted in its own transaction, so the refusal that follows cannot roll it back.
    """
    now = now or timezone.now()
    phone = clean_mobile(phone)
    code = normalize_phone(code)
    phone_index = blind_index(phone)
    with transaction.atomic():
        row = (SignInCode.objects.select_for_update().filter(phone_index=phone_index, used_at__isnull=True,
                                                             expires_at__gt=now).order_by("-created_at").first())
        if row is None:
            refusal = WRONG_CODE
        elif row.tries >= MAX_TRIES:
            refusal = TOO_MANY_TRIES
        else:
            row.tries += 1
            matches = constant_time_compare(row.code_hash, _code_hash(phone_index, code))
            row.used_at = now if matches else None
            row.save(update_fields=["tries", "used_at"])
            refusal = "" if matches else (TOO_MANY_TRIES if row.tries >= MAX_TRIES else WRONG_CODE)
        if refusal:
            audit.record("channel.sign_in", actor_name="职工端", outcome="failure")
    if refusal:
        raise ServiceError(refusal)
    return _start_session(phone, phone_index, now)


@transaction.atomic
def _start_session(phone: str, phone_index: str, now: dt.datetime) -> SignedIn:
    account, _created = WorkerAccount.objects.get_or_create(phone_index=phone_index, defaults={"phone": phone})
    WorkerAccount.objects.filter(pk=account.pk).update(last_signed_in_at=now)
    token = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(seconds=session_seconds())
    WorkerSession.objects.create(account=account, token_hash=token_hash(token), expires_at=expires)
    audit.record("channel.sign_in", actor_name=f"职工#{account.pk}", obj=account)
    return SignedIn(account=account, token=token, expires_at=expires)


@transaction.atomic
def end_session(*, session: WorkerSession) -> None:
    WorkerSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    audit.record("channel.sign_out", actor_name=f"职工#{session.account_id}", obj=session.account)


# A real name as written on an ID card: Chinese characters (with the middle dot of minority names), or a name
# in Latin letters; at least two characters. Emoji, digits and a lone "A" are not names.
REAL_NAME = re.compile(r"^(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:·[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)*"
                       r"|[A-Za-z]+(?:[ '\-.][A-Za-z]+)*)$")
BIND_TRIES = 5
BIND_WINDOW = dt.timedelta(hours=24)
# One answer for "this number is bound to another account" and "the register knows this number under another
# name": a worker cannot learn from it whether someone else's ID number is in the system.
NOT_VERIFIED = "姓名或身份证号未能通过核验，请核对后重试；如有疑问请带身份证到工会窗口办理。"
TOO_MANY_BINDS = "实名认证尝试次数过多，请 24 小时后再试，或带身份证到工会窗口办理。"


def clean_real_name(value: str) -> str:
    name = normalize_name(value)
    if len(name) < 2 or len(name) > 50 or not REAL_NAME.match(name):
        raise ServiceError("姓名：请填写身份证上的姓名（汉字或字母，至少 2 个字）。")
    return name


def _bind_tries_left(account: WorkerAccount, now: dt.datetime) -> bool:
    recent = account.bind_failed_at is not None and now - account.bind_failed_at < BIND_WINDOW
    return not recent or account.bind_failures < BIND_TRIES


def _count_failed_bind(account: WorkerAccount, now: dt.datetime) -> None:
    """In its own transaction, so the refusal that follows cannot roll it back."""
    with transaction.atomic():
        locked = WorkerAccount.objects.select_for_update().get(pk=account.pk)
        fresh = locked.bind_failed_at is None or now - locked.bind_failed_at >= BIND_WINDOW
        locked.bind_failures = 1 if fresh else locked.bind_failures + 1
        locked.bind_failed_at = now
        locked.save(update_fields=["bind_failures", "bind_failed_at"])
        audit.record("channel.real_name_bound", actor_name=f"职工#{account.pk}", obj=account, outcome="failure")
    account.bind_failures, account.bind_failed_at = locked.bind_failures, locked.bind_failed_at


def _name_on_register(number: str) -> str | None:
    """The name the register holds for this ID number, if it holds one (compared, never shown)."""
    return Person.objects.filter(id_index__in=blind_indexes(number)).values_list("name", flat=True).first()


def _check_binding(account: WorkerAccount, name: str, id_number: str) -> tuple[str, str, str]:
    """(name, number, index) when they may be bound to `account`; else the refusal to show."""
    name = clean_real_name(name)
    try:
        number = parse_id_number(id_number).number
    except IdNumberError as exc:
        raise ServiceError(f"身份证号：{exc}") from None
    index = blind_index(number)
    taken = WorkerAccount.objects.filter(id_index__in=blind_indexes(number)).exclude(pk=account.pk).exists()
    registered = _name_on_register(number)
    if taken or (registered is not None and registered != name):
        raise ServiceError(NOT_VERIFIED)
    return name, number, index


def bind_real_name(*, account: WorkerAccount, name: str, id_number: str,
                   now: dt.datetime | None = None) -> WorkerAccount:
    """实名认证: the worker's name and ID number, once. One ID number belongs to one account.

    Against probing: at most `BIND_TRIES` failed tries a day, each counted even though the try is refused, and
    one answer whether the number is bound elsewhere or the register knows it under another name.
    """
    now = now or timezone.now()
    if account.is_bound:
        raise ConflictError("您已完成实名认证，不能更改；如需更正请到工会窗口办理。")
    if not _bind_tries_left(account, now):
        raise ServiceError(TOO_MANY_BINDS, status=429)
    try:
        name, number, index = _check_binding(account, name, id_number)
    except ServiceError:
        _count_failed_bind(account, now)
        raise
    with transaction.atomic():
        try:
            with transaction.atomic():
                updated = WorkerAccount.objects.filter(pk=account.pk, id_index="").update(
                    name=name, id_number=number, id_index=index, bound_at=now, bind_failures=0)
        except IntegrityError:  # another account bound the same number a moment ago
            updated = -1
        if updated == 1:
            account.refresh_from_db()
            audit.record("channel.real_name_bound", actor_name=f"职工#{account.pk}", obj=account)
            return account
    if updated == 0:
        raise ConflictError("您已完成实名认证，不能更改；如需更正请到工会窗口办理。")
    _count_failed_bind(account, now)
    raise ServiceError(NOT_VERIFIED)
