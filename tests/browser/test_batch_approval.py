"""Batch approval in the browser: an officer ticks three files in the register list and approves them at once;
the one not yet through 公示 is refused with its reason shown, the other two are filed, and Back to the list
returns to the same search."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.people.models import FileStatus, HardshipFile
from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _files(org_tree: Any, make_user: Any) -> None:
    from bangfu.people.tests.helpers import apply_family, investigation, notice_has_run, other_worker, step

    worker = make_user("street_social_worker", org_tree["wushan"], username="batch_worker")
    for name in ("陈一鸣", "陈二娟"):
        hardship_file = apply_family(worker, worker.org, head=name)
        step(other_worker(worker), hardship_file, "review")
        step(worker, hardship_file, "investigate", investigation=investigation())
        notice_has_run(step(worker, hardship_file, "publicise"))
    apply_family(worker, worker.org, head="陈三强")  # just applied: 审批建档 is not its next step


def test_batch_approval_with_one_row_refused(page: Any, org_tree: Any, make_user: Any) -> None:
    _files(org_tree, make_user)
    make_user("district_officer", org_tree["tianhe"], username="batch_officer")
    browser_login(page, "batch_officer")
    page.goto(page.base_url + "/people/?q=chen")
    page.wait_for_selector("[data-testid=batch-select]")
    page.check("input[data-select-all=rows]")  # ticks every row of the page (the three families)
    assert page.locator("[data-testid=batch-select]:checked").count() == 3
    page.select_option("#batch-action", "approve")
    page.click("[data-testid=batch-submit]")
    page.wait_for_selector("[data-testid=batch-results]")
    rows = {row.locator("td").first.inner_text(): (row.get_attribute("data-done"),
                                                   row.locator("[data-testid=batch-message]").inner_text())
            for row in page.locator("[data-testid=batch-row]").all()}
    assert rows["陈三强"] == ("0", "档案当前状态为“申请”，不能执行“审批建档”。")
    assert rows["陈一鸣"][0] == rows["陈二娟"][0] == "1"
    assert "完成 2 行，被拒绝 1 行" in page.inner_text("[data-testid=batch-summary]")
    statuses = dict(HardshipFile.objects.values_list("household__head__name", "status"))
    assert statuses == {"陈一鸣": FileStatus.FORMAL, "陈二娟": FileStatus.FORMAL, "陈三强": FileStatus.APPLIED}
    page.click("[data-testid=batch-back]")
    page.wait_for_url(page.base_url + "/people/?q=chen")
