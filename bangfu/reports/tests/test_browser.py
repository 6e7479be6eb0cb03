"""In a real browser: the charts draw (ECharts from a static file, data from json_script, under the CSP),
the bulletin reads like the seed page, and an officer imports a workbook and opens the error report link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bangfu.people.tests.test_import_support import head, member, workbook
from bangfu.reports.tests.factories import files_in
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statistics_charts_draw(page: Any, org_tree: Any, make_user: Any) -> None:
    files_in(org_tree["wushan"], 12, causes=("laid_off", "child_schooling"))
    files_in(org_tree["chigang"], 6, causes=("major_illness",), disability=True)
    make_user("city_officer", org_tree["guangzhou"], username="gz")
    errors: list[str] = []  # script exceptions and CSP refusals (a missing favicon is not ours to judge)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if "Refused to" in message.text else None)
    browser_login(page, "gz")
    page.goto(page.base_url + "/reports/hardship/")
    page.wait_for_selector("[data-chart=categories] svg")
    assert page.locator("[data-chart] svg").count() == 5
    assert "下岗失业" in page.inner_text("[data-chart=categories]")
    assert errors == []
    page.click("[data-testid=bulletin-link]")
    page.wait_for_selector("[data-testid=bulletin]")
    assert "广州市总工会在档困难职工家庭18户" in page.inner_text("[data-testid=bulletin]")


def test_an_officer_imports_a_workbook_through_the_page(page: Any, org_tree: Any, make_user: Any,
                                                       tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("street_social_worker", org_tree["tianhe"], username="th_worker")
    source = tmp_path / "天河建档.xlsx"
    source.write_bytes(workbook([head(), member(), head("2", id_number="123")]).getvalue())
    browser_login(page, "th_worker")
    page.goto(page.base_url + "/people/import/")
    page.set_input_files("input[name=file]", str(source))
    page.click("[data-testid=upload-form] button[type=submit]")
    page.wait_for_selector("[data-testid=job-counts]")
    assert page.inner_text("[data-testid=job-status]") == "已完成"
    assert page.inner_text("[data-testid=created]") == "1" and page.inner_text("[data-testid=rejected]") == "1"
    with page.expect_download() as download:
        page.click("[data-testid=error-report]")
    assert download.value.suggested_filename == "天河建档-错误报告.xlsx"
