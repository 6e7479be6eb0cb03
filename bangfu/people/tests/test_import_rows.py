"""Import: every kind of refused row, with its row number, column and Chinese reason."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.idnumbers import parse_id_number
from bangfu.people.imports.columns import COLUMNS, normalise_header
from bangfu.people.models import HardshipFile, Household, HouseholdMember, Person
from bangfu.people.tests.test_import_support import HEADERS, KEYS, head, member, new_id, reasons, run, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_user: Any, org_tree: dict[str, OrgUnit]) -> User:
    return make_user("street_social_worker", org_tree["tianhe"])


def test_a_family_is_filed_with_its_members(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(secondary_cause_1="子女上学"), member()])
    assert result.errors == []
    assert result.counts()["households_created"] == 1
    assert result.counts()["members_created"] == 2
    hardship_file = HardshipFile.objects.get()
    assert hardship_file.status == "applied"
    assert hardship_file.causes == ["laid_off", "child_schooling"]
    assert hardship_file.household_size == 2
    assert hardship_file.income_per_capita_fen == 25_000  # (500 元 + 0) / 2
    assert hardship_file.zero_labour is False
    assert hardship_file.tier_reasons  # assessed, with reasons in Chinese
    assert Person.objects.count() == 2
    assert HouseholdMember.objects.filter(relation="self").count() == 1
    assert Household.objects.get().org == org_tree["tianhe"]
    event = hardship_file.events.get()
    assert (event.action, event.to_status, event.note) == ("apply", "applied", "Excel 批量导入")


def test_bad_id_length(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(id_number="44010619800304")])
    assert reasons(result) == [(2, "身份证号", "身份证号应为 18 位，实际为 14 位")]
    assert result.errors[0].value == "440106****0304"
    assert HardshipFile.objects.count() == 0


def test_bad_check_digit(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    good = new_id()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    result = run(worker, org_tree["tianhe"], [head(id_number=wrong)])
    assert reasons(result) == [(2, "身份证号", "身份证号校验位不正确")]


def test_bad_date(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(incident_on="2024-02-30"), head("2", incident_on="去年三月")])
    assert reasons(result) == [
        (2, "意外或灾害发生日期", "日期“2024-02-30”不存在"),
        (3, "意外或灾害发生日期", "日期“去年三月”格式不正确，应为 2024-03-05、2024/3/5 或 2024年3月5日"),
    ]


def test_unknown_cause(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(primary_cause="欠债"), head("2", secondary_cause_2="炒股")])
    row, column, reason = reasons(result)[0]
    assert (row, column) == (2, "主要致困原因") and reason.startswith("“欠债”不是可选项，应为：无劳动能力、")
    assert reasons(result)[1][:2] == (3, "次要致困原因2")


def test_secondary_cause_repeating_the_primary(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(secondary_cause_1="下岗失业", secondary_cause_2="子女上学",
                                                   secondary_cause_3="子女上学")])
    assert reasons(result) == [(2, "次要致困原因1", "与主要致困原因重复"),
                               (2, "次要致困原因3", "与前面的次要致困原因重复")]


def test_missing_required_cells(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(name="", employment_status=None, primary_cause=None)])
    assert sorted(reasons(result)) == [
        (2, "主要致困原因", "户主行必填：请选择主要致困原因"),
        (2, "姓名", "必填项，不能为空"),
        (2, "就业状况", "必填项，不能为空"),
    ]


def test_duplicate_within_the_file(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    child = member()
    result = run(worker, org_tree["tianhe"], [head(), child, member(id_number=child["id_number"])])
    assert reasons(result) == [(4, "身份证号", "与第 3 行重复，同一人只能登记一次")]
    assert result.counts()["households_created"] == 1
    assert HouseholdMember.objects.count() == 2


def test_a_head_repeated_in_another_household_refuses_that_household(worker: User,
                                                                     org_tree: dict[str, OrgUnit]) -> None:
    first = head()
    result = run(worker, org_tree["tianhe"], [first, head("2", id_number=first["id_number"]), member("2")])
    assert reasons(result) == [(3, "身份证号", "户主身份证号与第 2 行重复，本户未导入"),
                               (4, "户编号", "户主身份证号与第 2 行重复，本户未导入")]
    assert result.counts()["households_rejected"] == 1


def test_out_of_scope_org_is_refused_as_not_found(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    from bangfu.core.errors import ServiceError

    with pytest.raises(ServiceError) as caught:
        run(worker, org_tree["haizhu"], [head()])
    assert caught.value.status == 404
    assert str(caught.value) == "所选单位不存在，或不在您的数据范围内。"


def test_unit_column_outside_the_import_unit_or_scope(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(unit_code="440105011"), member(), head("2", unit_code="9999"),
                                              head("3", unit_code="440106011")])
    expected = "单位代码“{}”不存在，或不在您的数据范围内（须为“天河区总工会”或其下级单位）"
    assert reasons(result) == [(2, "所属单位代码", expected.format("440105011")),
                               (3, "", "本户户主行未能导入，本行随之未导入"),
                               (4, "所属单位代码", expected.format("9999"))]
    assert HardshipFile.objects.get().org == org_tree["wushan"]


def test_no_head_and_two_heads(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [member("1"), head("2"), head("2")])
    assert reasons(result) == [
        (2, "户编号", "本户没有户主行：每户须有一行“与户主关系”为“户主”"),
        (3, "户编号", "本户有 2 行“与户主关系”为“户主”（第 3、4 行），应只有一行"),
        (4, "户编号", "本户有 2 行“与户主关系”为“户主”（第 3、4 行），应只有一行"),
    ]


def test_a_refused_head_row_takes_its_members_with_it(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [head(id_number="123"), member()])
    assert [r[:2] for r in reasons(result)] == [(2, "身份证号"), (3, "户编号")]
    assert reasons(result)[1][2] == "本户户主行有误，未能导入：请先更正户主行"


def test_choices_yes_no_money_phone_and_grade(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [
        head(relation="外甥", hukou_type="城里", has_major_illness="可能", monthly_income_fen="三千",
             phone="138-00", disability_grade="五级", employment_status="打零工"),
    ])
    got = {column: reason for _row, column, reason in reasons(result)}
    assert got == {
        "与户主关系": "“外甥”不是可选项，应为：户主、配偶、子女、父母、兄弟姐妹、孙子女、其他",
        "户口性质": "“城里”不是可选项，应为：城镇、农村",
        "患重大疾病": "“可能”应填写“是”或“否”",
        "月收入（元）": "金额“三千”格式不正确，应为数字，例如 12,345.60",
        "联系电话": "应为 7 至 15 位数字",
        "残疾等级": "“五级”应为一级至四级",
        "就业状况": "“打零工”不是可选项，应为：在岗、下岗失业、在校学生、离退休、无劳动能力、学龄前儿童",
    }


def test_values_are_read_the_way_officers_type_them(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    result = run(worker, org_tree["tianhe"], [
        head(relation="本人", phone=13800138000, has_major_illness="是", disability_or_mental_illness="有",
             monthly_income_fen="1,234.5", disability_type="肢体残疾", disability_grade=2, hukou_type="农村",
             is_union_member="否", employer_name="  天河环卫所 ", address="天河区五山路1号", level="区县级",
             primary_cause="major_illness"),
    ])
    assert result.errors == []
    person = Person.objects.get()
    assert (person.phone, person.hukou_type, person.disability_type, person.disability_grade) == \
        ("13800138000", "rural", "肢体残疾", 2)
    assert (person.employer_name, person.is_union_member) == ("天河环卫所", False)
    link = HouseholdMember.objects.get()
    assert (link.has_major_illness, link.disability_or_mental_illness, link.monthly_income_fen) == (True, True, 123_450)
    hardship_file = HardshipFile.objects.get()
    assert (hardship_file.level, hardship_file.primary_cause) == ("county", "major_illness")
    assert hardship_file.disability_or_mental_illness is True


@pytest.mark.parametrize("typed", ["2024-03-05", "2024/3/5", "2024年3月5日", 45356, 45356.0, dt.date(2024, 3, 5)])
def test_dates_in_every_accepted_form(worker: User, org_tree: dict[str, OrgUnit], typed: Any) -> None:
    result = run(worker, org_tree["tianhe"], [head(incident_on=typed)])
    assert result.errors == []
    assert HardshipFile.objects.get().incident_on == dt.date(2024, 3, 5)


def test_an_id_number_stored_as_a_number_is_refused_even_with_all_its_digits(worker: User,
                                                                           org_tree: dict[str, OrgUnit]) -> None:
    """A number cell may hold all 18 digits (written by a tool), but Excel shows and keeps only 15: the column is a
    number column, so the next number typed into it is already altered. Refused, whatever its check digit."""
    from bangfu.people.imports.service import import_households
    from bangfu.people.imports.xlsxwrite import SheetSpec, write_xlsx

    numeric = next(n for n in (new_id() for _ in range(50)) if n[-1] != "X")
    row = head(id_number=int(numeric))
    buffer = io.BytesIO()
    write_xlsx(buffer, [SheetSpec("家庭成员", HEADERS, [[row.get(key) for key in KEYS]])])
    buffer.seek(0)
    result = import_households(actor=worker, org=org_tree["tianhe"], source=buffer)
    [error] = result.errors
    assert (error.row, error.column) == (2, "身份证号")
    assert "设置该列为文本后重新填写" in error.reason
    assert not Person.objects.exists()


def test_an_id_number_excel_rounded_to_another_valid_number_is_refused(worker: User,
                                                                      org_tree: dict[str, OrgUnit]) -> None:
    """The issue's case: 440121198008271864 (female) read back from Excel's 15 digits is 440121198008270976,
    a valid number of a man. Refused; the report shows the cell as Excel shows it, no digit it never held."""
    typed = 440121198008271864
    assert parse_id_number(str(int(float(typed)))).sex == "M"  # the number read back is valid: the danger
    result = run(worker, org_tree["tianhe"], [head(id_number=float(typed))])
    [error] = result.errors
    assert (error.row, error.column, error.value) == (2, "身份证号", "4.40121E+17")
    assert error.reason.startswith("身份证号被 Excel 存成了数字")
    assert not Person.objects.exists()


def test_household_keys_excel_rounded_into_one_are_refused_not_merged(worker: User,
                                                                     org_tree: dict[str, OrgUnit]) -> None:
    """An office numbers its families with 19-digit codes in a General column: Excel keeps 15 digits, so two
    families' codes read back as one number. Refused, both, rather than filed as one family of four."""
    first, second = 4401060010012345671, 4401060010012345672
    assert float(first) == float(second)
    rows = [head(), member(), head(name="李四"), member()]
    for row, code in zip(rows, (first, first, second, second), strict=True):
        row["household_key"] = float(code)  # a number cell, as Excel leaves it
    result = run(worker, org_tree["tianhe"], rows)
    shown = {(e.row, e.column, e.value) for e in result.errors}
    assert shown == {(row, "户编号", "4.40106E+18") for row in (2, 3, 4, 5)}
    assert all(e.reason.startswith("户编号被 Excel 存成了数字") for e in result.errors)
    assert not Person.objects.exists()


@pytest.mark.parametrize("typed", ["4.40121198008271E+17", "4.40121E+17", "4.40121e17"])
def test_an_id_number_in_scientific_form_is_refused(worker: User, org_tree: dict[str, OrgUnit], typed: str) -> None:
    result = run(worker, org_tree["tianhe"], [head(id_number=typed)])
    [error] = result.errors
    assert (error.column, error.value) == ("身份证号", typed)
    assert "设置该列为文本后重新填写" in error.reason


def test_the_header_may_be_reordered_and_optional_columns_left_out(worker: User,
                                                                   org_tree: dict[str, OrgUnit]) -> None:
    headers = ["姓名*", "身份证号码", "户编号", "与户主关系", "就业状况", "主要致困原因"]
    row = head()
    source = workbook([[row["name"], row["id_number"], "1", "户主", "在岗", "患重特大疾病"]], headers=headers,
                      raw=True)
    from bangfu.people.imports.service import import_households

    result = import_households(actor=worker, org=org_tree["tianhe"], source=source)
    assert result.errors == []
    assert HardshipFile.objects.get().primary_cause == "major_illness"


def test_a_sheet_without_the_template_header_is_refused(worker: User, org_tree: dict[str, OrgUnit]) -> None:
    from bangfu.core.errors import ServiceError
    from bangfu.people.imports.service import import_households

    with pytest.raises(ServiceError, match="未找到表头"):
        import_households(actor=worker, org=org_tree["tianhe"],
                          source=workbook([["a", "b"]], headers=["名字", "号码"], raw=True))


def test_every_template_header_is_recognised() -> None:
    from bangfu.people.imports.columns import header_lookup

    lookup = header_lookup()
    assert all(lookup[normalise_header(c.template_header)] is c for c in COLUMNS)
    assert lookup[normalise_header("月收入(元)")].key == "monthly_income_fen"
