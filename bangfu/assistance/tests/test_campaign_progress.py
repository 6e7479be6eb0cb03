"""The campaign page shows its work rather than telling it: visits done against planned and money paid against
planned, unit by unit, with a bar each; sums on the summary read in 万元 from 10,000 元 on."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from bangfu.assistance.tests.factories import entry
from bangfu.assistance.tests.test_cash_safeguards import _visit
from bangfu.core.money import format_summary_yuan

pytestmark = pytest.mark.django_db


def test_the_campaign_page_shows_progress_by_unit(approved_list: Any, worker: Any, officer: Any, campaign: Any,
                                                  login: Any) -> None:
    _visit(worker, entry(approved_list, "张三丰"), "v", 60_000)
    page = login(officer).get(reverse("assistance:program_detail", kwargs={"pk": campaign.pk})).content.decode()
    card = page.split('data-testid="unit-progress"', 1)[1].split("</table>", 1)[0]
    row = card.split("东城区总工会", 1)[1].split("</tr>", 1)[0]
    assert "1 / 3（33%）" in row and "600.00 元 / 2,000.00 元（30%）" in row
    widths = re.findall(r"width: (\d+)%;", row)
    assert widths == ["33", "30"]


def test_summary_money_reads_in_wan_yuan_from_ten_thousand() -> None:
    assert format_summary_yuan(10_000_000_00) == "1,000.00 万元"
    assert format_summary_yuan(1_000_000) == "1.00 万元"
    assert format_summary_yuan(999_950) == "9,999.50 元"
    assert format_summary_yuan(-2_500_000) == "-2.50 万元"
