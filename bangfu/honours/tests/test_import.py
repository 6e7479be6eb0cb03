"""The honours import's rough edges: the combined year-or-date column, a rejected row registering no one, an award
before the holder's birth, a number on file in another city, and the report counting people, not honours."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from bangfu.assistance.tests.factories import make_file, make_person
from bangfu.core.errors import ServiceError
from bangfu.core.sensitive import blind_index
from bangfu.honours.models import Honour
from bangfu.honours.report import honours_report
from bangfu.honours.services.imports import OUT_OF_REACH, import_honours
from bangfu.honours.tests.helpers import honoured, workbook
from bangfu.jobs.tests.helpers import make_seeker
from bangfu.people.idgen import make_id_number
from bangfu.people.models import Person
from bangfu.people.services.persons import ALREADY_FILED

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "身份证号", "荣誉称号", "授予年度或授予日期"]


def _book(*rows: list[Any]) -> io.BytesIO:
    return workbook(list(rows))


def _number(serial: int, birth: dt.date = dt.date(1980, 1, 1), region: str = "440106") -> str:
    return make_id_number(region, birth, serial, "M")


def test_the_combined_year_or_date_column_is_read(officer: Any, org_tree: dict) -> None:
    result = import_honours(actor=officer, org=org_tree["wushan"], source=_book(
        HEADER, ["甲", _number(1), "全国劳动模范", 2015], ["乙", _number(2), "市级劳动模范", "2019年"],
        ["丙", _number(3), "市级劳动模范", dt.datetime(2018, 4, 28)], ["丁", _number(4), "市级劳动模范", "2017/5/1"],
        ["戊", _number(5), "市级劳动模范", "去年"]))
    assert (result.rows, result.created) == (5, 4), result.errors
    years = dict(Honour.objects.values_list("holder_name", "year"))
    assert years == {"甲": 2015, "乙": 2019, "丙": 2018, "丁": 2017}
    [error] = result.errors
    assert (error.row, error.column) == (6, "授予年度或授予日期") and "去年" in error.message


def test_a_rejected_row_registers_no_one(officer: Any, org_tree: dict) -> None:
    before = Person.objects.count()
    result = import_honours(actor=officer, org=org_tree["wushan"], source=_book(
        HEADER, ["未来", _number(11), "市级劳动模范", "2099"]))
    assert result.created == 0 and result.people_registered == 0
    assert "2099" in result.errors[0].message
    assert Person.objects.count() == before


def test_an_award_before_the_holders_birth_is_refused(officer: Any, org_tree: dict) -> None:
    result = import_honours(actor=officer, org=org_tree["wushan"], source=_book(
        HEADER, ["少年", _number(21, dt.date(1990, 6, 1)), "市级劳动模范", "1985"],
        ["同年", _number(22, dt.date(1990, 6, 1)), "市级劳动模范", "1990-03-01"]))
    assert result.created == 0 and not Person.objects.filter(name__in=["少年", "同年"]).exists()
    assert [(e.row, e.column) for e in result.errors] == [(2, "授予年度"), (3, "授予年度")]
    assert "早于获得者出生日期" in result.errors[1].message and "1990-03-01" in result.errors[1].message


def test_granting_by_hand_before_birth_is_refused(org_tree: dict) -> None:
    with pytest.raises(ServiceError, match="早于获得者出生"):
        honoured(org_tree["wushan"], birth=dt.date(1990, 1, 1), year=1989)


def test_a_number_on_file_in_another_city_is_refused_without_saying_so(outsider: Any, org_tree: dict) -> None:
    number = _number(31)
    Person.objects.create(org=org_tree["wushan"], name="外地人", id_number=number, id_index=blind_index(number),
                          sex="M", birth_date=dt.date(1980, 1, 1))  # filed in Tianhe: outside Haizhu's scope
    result = import_honours(actor=outsider, org=org_tree["chigang"], source=_book(
        HEADER, ["外地人", number, "市级劳动模范", 2020]))
    [error] = result.errors
    assert error.message == OUT_OF_REACH and ALREADY_FILED not in error.message and "天河" not in error.message
    assert not Honour.objects.exists()


def test_the_report_counts_holders_not_honours(officer: Any, org_tree: dict) -> None:
    number = _number(41)
    first = import_honours(actor=officer, org=org_tree["wushan"], source=_book(
        HEADER, ["两度劳模", number, "全国劳动模范", 2015], ["两度劳模", number, "全国先进工作者", 2020]))
    assert (first.created, first.people_registered) == (2, 1), first.errors
    honoured(org_tree["wushan"], "另一人", code="city_model")
    report = honours_report(officer, org_tree["guangzhou"])
    levels = {row["level"]: (row["holders"], row["honours"]) for row in report.by_level}
    assert levels == {"national": (1, 2), "city": (1, 1)}


def test_the_household_page_and_the_seeker_profile_show_the_honours_held(
        client: Any, worker: Any, org_tree: dict, make_user: Any) -> None:
    person, honour = honoured(org_tree["wushan"], "王劳模", code="national_model", year=2015)
    hardship_file = make_file(person)
    client.force_login(worker)
    page = client.get(reverse("people:household_detail", args=[hardship_file.household_id])).content.decode()
    assert 'data-testid="held-honours"' in page and "全国劳动模范（全国，2015）" in page
    seeker = make_seeker(org_tree["wushan"], person=person)
    client.force_login(make_user("city_officer", org_tree["guangzhou"], username="gz_jobs"))
    page = client.get(reverse("jobs:seeker_detail", args=[seeker.pk])).content.decode()
    assert "全国劳动模范" in page and reverse("honours:person", args=[person.pk]) in page
    honour.revoked_on = dt.date(2019, 1, 1)
    honour.save(update_fields=["revoked_on"])
    page = client.get(reverse("jobs:seeker_detail", args=[seeker.pk])).content.decode()
    assert "2019-01-01" in page and "享受劳模待遇" not in page  # marked revoked, no treatment shown


def test_pages_about_people_without_honours_show_no_panel(client: Any, worker: Any, org_tree: dict) -> None:
    hardship_file = make_file(make_person(org_tree["wushan"]))
    client.force_login(worker)
    page = client.get(reverse("people:household_detail", args=[hardship_file.household_id])).content.decode()
    assert 'data-testid="held-honours"' not in page
