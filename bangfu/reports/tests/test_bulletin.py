"""The published bulletin: the seed's sentence, small cells suppressed, complementary suppression, downloads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bangfu.accounts.models import OrgUnit
from bangfu.core.models import AuditEvent
from bangfu.people.models import FileStatus
from bangfu.reports.bulletin import build_bulletin
from bangfu.reports.stats import hardship_statistics
from bangfu.reports.suppression import HIDDEN, publish_count, publish_partition
from bangfu.reports.tests.factories import files_in

SMALL = "<5"  # under the default threshold

pytestmark = pytest.mark.django_db


def test_small_counts_are_suppressed() -> None:
    assert [publish_count(n).text for n in (0, 1, 4, 5, 12)] == ["0", SMALL, SMALL, "5", "12"]
    assert [publish_count(n).households for n in (0, 3, 5)] == [0, None, 5]


def test_a_lone_hidden_cell_of_a_partition_takes_the_next_smallest_with_it() -> None:
    assert [c.text for c in publish_partition([40, 3, 12, 7, 0])] == ["40", SMALL, "12", HIDDEN, "0"]
    assert [c.text for c in publish_partition([40, 3, 2, 7])] == ["40", SMALL, SMALL, "7"]
    assert [c.text for c in publish_partition([40, 12])] == ["40", "12"]


@pytest.fixture
def guangzhou_like(org_tree: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    """100 households in file in 五山 worded like the seed page; 3 in 赤岗 (a small district cell)."""
    wushan = org_tree["wushan"]
    # 24 with two or more of the five; shares: laid off 38, disability 33, schooling 41, illness 38, zero 15.
    files_in(wushan, 10, causes=("laid_off", "child_schooling", "major_illness"), disability=True, zero_labour=True)
    files_in(wushan, 14, causes=("laid_off", "major_illness"), disability=True)
    files_in(wushan, 5, causes=("laid_off",), zero_labour=False, disability=False)
    files_in(wushan, 9, causes=("laid_off",))
    files_in(wushan, 14, causes=("major_illness",))
    files_in(wushan, 31, causes=("child_schooling",))
    files_in(wushan, 9, causes=("other",), disability=True)
    files_in(wushan, 5, causes=("other",), zero_labour=True)
    files_in(org_tree["chigang"], 3, causes=("other",), status=FileStatus.TEMPORARY)
    return org_tree


def test_the_bulletin_words_the_shares_like_the_seed(make_user: Any, guangzhou_like: dict[str, OrgUnit]) -> None:
    officer = make_user("city_officer", guangzhou_like["guangzhou"])
    stats = hardship_statistics(officer, guangzhou_like["tianhe"])
    assert stats.in_file == 97
    bulletin = build_bulletin(stats)
    # 38/97 = 39.2 %, 33/97 = 34.0 %, 41/97 = 42.3 %, 38/97 = 39.2 %, 15/97 = 15.46 %, 24/97 = 24.7 %
    assert bulletin.cause_phrases == {"laid_off": "近4成", "disability_or_mental_illness": "3成多",
                                      "child_schooling": "逾4成", "major_illness": "近4成", "zero_labour": "15%",
                                      "multi": "近四分之一"}


def test_the_cause_paragraph_reads_as_the_seed_page(make_user: Any, guangzhou_like: dict[str, OrgUnit]) -> None:
    officer = make_user("city_officer", guangzhou_like["guangzhou"])
    paragraphs = build_bulletin(hardship_statistics(officer, guangzhou_like["guangzhou"])).paragraphs
    assert paragraphs[1] == (
        "二、致困原因。广州市总工会在档困难职工家庭存在多重致困原因。统计数据显示，近4成家庭的家庭成员下岗失业，"
        "3成多家庭的家庭成员残疾或患有精神疾病，逾4成家庭子女上学费用支出大，近4成职工自身罹患重大疾病医疗费用支出大，"
        "15%的家庭成员无劳动能力属“零劳动力家庭”。此外，近四分之一的困难职工家庭兼有两项或多项上述致困原因。")


def test_small_cells_are_suppressed_in_the_bulletin(make_user: Any, guangzhou_like: dict[str, OrgUnit]) -> None:
    officer = make_user("city_officer", guangzhou_like["guangzhou"])
    bulletin = build_bulletin(hardship_statistics(officer, guangzhou_like["guangzhou"]))
    # 97 formal files would give the 3 temporary ones away (100 − 97 − 0): hidden as well.
    assert bulletin.paragraphs[0] == ("一、总体情况。截至" + bulletin.date_line[3:-1] + "，广州市总工会在档困难职工家庭"
                                      "100户，其中正式建档—户、临时档案<5户、返困0户。")
    districts = {row.name: row.cell.text for row in bulletin.tables["下级单位分布"]}
    assert districts == {"海珠区总工会": SMALL, "天河区总工会": HIDDEN}  # 3 and 97: 97 = 100 − 3 is hidden too
    assert "海珠区总工会<5户、天河区总工会—户" in bulletin.paragraphs[4]
    causes = {row.name: row.cell.text for row in bulletin.tables["致困原因（全总十类）"]}
    assert causes["其他"] == "17" and causes["遭受意外事故"] == "0"
    assert " 3" not in bulletin.text and "3户" not in bulletin.text


def test_a_unit_with_fewer_than_five_households_publishes_only_that(make_user: Any,
                                                                    org_tree: dict[str, OrgUnit]) -> None:
    files_in(org_tree["chigang"], 3)
    officer = make_user("district_officer", org_tree["haizhu"])
    bulletin = build_bulletin(hardship_statistics(officer, org_tree["haizhu"]))
    assert bulletin.paragraphs[0].endswith("在档困难职工家庭<5户。在档家庭少于5户，为保护个人信息，不公布分项统计。")
    assert bulletin.tables == {}


def test_a_seed_category_under_five_is_worded_without_its_share(make_user: Any, org_tree: dict[str, OrgUnit]) -> None:
    files_in(org_tree["chigang"], 20)
    files_in(org_tree["chigang"], 2, causes=("child_schooling",))
    officer = make_user("district_officer", org_tree["haizhu"])
    bulletin = build_bulletin(hardship_statistics(officer, org_tree["haizhu"]))
    assert bulletin.cause_phrases["child_schooling"] == SMALL
    assert "少于5户的家庭子女上学费用支出大" in bulletin.paragraphs[1]
    assert "没有“零劳动力家庭”" in bulletin.paragraphs[1]


def test_bulletin_page_and_downloads(client: Any, make_user: Any, guangzhou_like: dict[str, OrgUnit]) -> None:
    officer = make_user("city_officer", guangzhou_like["guangzhou"])
    client.force_login(officer)
    page = client.get(reverse("reports:bulletin") + "?org=4401").content.decode()
    assert "近4成家庭的家庭成员下岗失业" in page and "广州市总工会困难职工家庭统计简报" in page
    text = client.get(reverse("reports:bulletin_txt") + "?org=4401")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    body = text.content.decode("utf-8-sig")
    assert body.startswith("广州市总工会困难职工家庭统计简报\n") and "海珠区总工会：<5" in body
    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:bulletin_xlsx") + "?org=4401").content))
    table = {(row[0], row[1]): row[2] for row in workbook["统计表"].iter_rows(min_row=2, values_only=True)}
    assert table[("下级单位分布", "海珠区总工会")] == "<5" and table[("下级单位分布", "天河区总工会")] == "—"
    assert table[("致困原因（全总十类）", "下岗失业")] == 38
    formats = sorted(AuditEvent.objects.filter(action="reports.bulletin.export").values_list("changes__format",
                                                                                             flat=True))
    assert formats == ["txt", "xlsx"]


def test_bulletin_of_a_unit_outside_the_scope_is_not_found(client: Any, make_user: Any,
                                                           org_tree: dict[str, OrgUnit]) -> None:
    client.force_login(make_user("district_officer", org_tree["tianhe"]))
    for name in ("reports:bulletin", "reports:bulletin_txt", "reports:bulletin_xlsx", "reports:hardship"):
        assert client.get(reverse(name) + "?org=440105").status_code == 404
