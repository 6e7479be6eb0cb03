"""Sign-in tested as an attacker would: expiry, tries, replay, rate limits, enumeration, real-name binding."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bangfu.channel import services
from bangfu.channel.models import SignInCode, WorkerAccount, WorkerSession
from bangfu.channel.services.signin import MAX_TRIES, NOT_VERIFIED, TOO_MANY_TRIES, WRONG_CODE, token_hash
from bangfu.channel.tests.helpers import make_person_on_register, new_id, new_phone, sign_in
from bangfu.core.errors import ServiceError

pytestmark = pytest.mark.django_db
ADDRESS = "10.1.2.3"


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_proved_code_makes_the_account_and_a_session() -> None:
    phone = new_phone()
    sent = services.request_code(phone=phone, address=ADDRESS)
    assert len(sent.shown_code) == 6 and sent.shown_code.isdigit()
    assert not WorkerAccount.objects.exists()  # asking for a code creates nothing to enumerate
    signed = services.verify_code(phone=f"{phone[:3]}-{phone[3:7]} {phone[7:]}", code=sent.shown_code)
    assert signed.account.phone == phone
    session = WorkerSession.objects.get(account=signed.account)
    assert session.token_hash == token_hash(signed.token) and signed.token not in session.token_hash
    row = SignInCode.objects.get()
    assert sent.shown_code not in row.code_hash and phone not in row.phone_index


def test_the_answer_is_the_same_for_a_known_and_an_unknown_number() -> None:
    known = sign_in().account.phone
    unknown = new_phone()
    first = services.request_code(phone=known, address="10.0.0.1", now=timezone.now() + dt.timedelta(minutes=2))
    second = services.request_code(phone=unknown, address="10.0.0.2")
    assert type(first) is type(second) and len(first.shown_code) == len(second.shown_code) == 6
    with pytest.raises(ServiceError) as never_sent:
        services.verify_code(phone=new_phone(), code="123456")
    with pytest.raises(ServiceError) as wrong:
        services.verify_code(phone=unknown, code=_wrong(second.shown_code))
    assert str(never_sent.value) == str(wrong.value) == WRONG_CODE


def test_a_code_expires_after_five_minutes() -> None:
    phone, now = new_phone(), timezone.now()
    sent = services.request_code(phone=phone, address=ADDRESS, now=now)
    with pytest.raises(ServiceError, match=WRONG_CODE):
        services.verify_code(phone=phone, code=sent.shown_code, now=now + dt.timedelta(seconds=301))
    assert services.verify_code(phone=phone, code=sent.shown_code, now=now + dt.timedelta(seconds=299))


def test_five_tries_then_even_the_right_code_is_refused() -> None:
    phone = new_phone()
    sent = services.request_code(phone=phone, address=ADDRESS)
    for attempt in range(1, MAX_TRIES + 1):
        with pytest.raises(ServiceError) as refused:
            services.verify_code(phone=phone, code=_wrong(sent.shown_code))
        assert str(refused.value) == (TOO_MANY_TRIES if attempt == MAX_TRIES else WRONG_CODE)
    assert SignInCode.objects.get().tries == MAX_TRIES  # the refusals did not roll the count back
    with pytest.raises(ServiceError, match=TOO_MANY_TRIES):
        services.verify_code(phone=phone, code=sent.shown_code)
    assert not WorkerSession.objects.exists()


def test_a_used_code_cannot_be_replayed_and_a_newer_code_retires_the_older() -> None:
    phone, now = new_phone(), timezone.now()
    first = services.request_code(phone=phone, address=ADDRESS, now=now)
    second = services.request_code(phone=phone, address=ADDRESS, now=now + dt.timedelta(seconds=61))
    if first.shown_code != second.shown_code:
        with pytest.raises(ServiceError, match=WRONG_CODE):
            services.verify_code(phone=phone, code=first.shown_code, now=now + dt.timedelta(seconds=62))
    services.verify_code(phone=phone, code=second.shown_code, now=now + dt.timedelta(seconds=63))
    with pytest.raises(ServiceError, match=WRONG_CODE):
        services.verify_code(phone=phone, code=second.shown_code, now=now + dt.timedelta(seconds=64))
    assert WorkerSession.objects.count() == 1


def test_codes_are_rate_limited_per_number() -> None:
    phone, now = new_phone(), timezone.now()
    services.request_code(phone=phone, address=ADDRESS, now=now)
    with pytest.raises(ServiceError) as refused:
        services.request_code(phone=phone, address="10.9.9.9", now=now + dt.timedelta(seconds=30))
    assert refused.value.status == 429 and "该手机号" in str(refused.value)
    for minute in range(1, 5):
        services.request_code(phone=phone, address=ADDRESS, now=now + dt.timedelta(minutes=minute * 2))
    with pytest.raises(ServiceError) as hourly:
        services.request_code(phone=phone, address=ADDRESS, now=now + dt.timedelta(minutes=20))
    assert hourly.value.status == 429
    assert services.request_code(phone=phone, address=ADDRESS, now=now + dt.timedelta(minutes=61))


def test_codes_are_rate_limited_per_address(settings: Any) -> None:
    settings.BANGFU_CODE_ADDRESS_LIMITS = ((3600, 3),)
    for _ in range(3):
        services.request_code(phone=new_phone(), address=ADDRESS)
    with pytest.raises(ServiceError) as refused:
        services.request_code(phone=new_phone(), address=ADDRESS)
    assert refused.value.status == 429 and "网络地址" in str(refused.value)
    assert services.request_code(phone=new_phone(), address="10.1.2.4")


@pytest.mark.parametrize("phone", ["12345", "23800138000", "1380013800a", ""])
def test_a_number_that_is_not_a_mobile_is_refused_by_field(phone: str) -> None:
    with pytest.raises(ServiceError, match="手机号"):
        services.request_code(phone=phone, address=ADDRESS)


def test_real_name_is_bound_once_and_one_id_number_to_one_account() -> None:
    number = new_id()
    account = services.bind_real_name(account=sign_in().account, name="严 明", id_number=number.lower())
    assert account.name == "严明" and account.id_number == number and account.is_bound
    with pytest.raises(ServiceError) as again:
        services.bind_real_name(account=account, name="严明", id_number=new_id())
    assert again.value.status == 409
    with pytest.raises(ServiceError) as taken:
        services.bind_real_name(account=sign_in().account, name="别人", id_number=number)
    # The answer does not tell that the number is bound elsewhere (see the probing test below).
    assert taken.value.status == 400 and str(taken.value) == NOT_VERIFIED


@pytest.mark.parametrize("name", ["A", "😀😀", "严😀", "12", "张三3", "·张", "  "])
def test_a_real_name_must_be_a_name(name: str) -> None:
    with pytest.raises(ServiceError, match="姓名"):
        services.bind_real_name(account=sign_in().account, name=name, id_number=new_id())


@pytest.mark.parametrize("name", ["买买提·艾力", "欧阳明", "Anna Smith"])
def test_names_of_every_script_on_an_id_card_are_taken(name: str) -> None:
    assert services.bind_real_name(account=sign_in().account, name=name, id_number=new_id()).name == name


def test_probing_id_numbers_is_answered_alike_and_limited(org_tree: dict) -> None:
    """A bound number, a number the register holds under another name and a free number with a wrong
    check digit: the first two get one answer; after five failures a day the account may not try again."""
    bound = new_id()
    services.bind_real_name(account=sign_in().account, name="严明", id_number=bound)
    on_register = make_person_on_register()
    prober = sign_in().account
    answers = []
    for number in (bound, on_register):
        with pytest.raises(ServiceError) as refused:
            services.bind_real_name(account=prober, name="李四", id_number=number)
        answers.append((refused.value.status, str(refused.value)))
    assert answers == [(400, NOT_VERIFIED), (400, NOT_VERIFIED)]
    for _ in range(3):
        with pytest.raises(ServiceError):
            services.bind_real_name(account=prober, name="李四", id_number="440106198506010000")
    with pytest.raises(ServiceError) as locked:
        services.bind_real_name(account=prober, name="李四", id_number=new_id())
    assert locked.value.status == 429 and not WorkerAccount.objects.get(pk=prober.pk).is_bound
    tomorrow = timezone.now() + dt.timedelta(hours=25)
    assert services.bind_real_name(account=prober, name="李四", id_number=new_id(), now=tomorrow).is_bound


def test_the_name_the_register_holds_binds(org_tree: dict) -> None:
    number = make_person_on_register(name="周芳")
    assert services.bind_real_name(account=sign_in().account, name="周 芳", id_number=number).is_bound


def test_a_wrong_id_number_is_refused_by_field() -> None:
    with pytest.raises(ServiceError, match="身份证号"):
        services.bind_real_name(account=sign_in().account, name="严明", id_number="440106198506010000")
