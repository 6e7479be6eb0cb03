"""The demo's Guangzhou families make the bulletin print the seed page's very phrases."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.accounts import demo as accounts_demo
from bangfu.accounts.models import OrgUnit, User
from bangfu.core.seeding import DemoContext
from bangfu.people import demo as people_demo
from bangfu.reports.bulletin import build_bulletin
from bangfu.reports.stats import hardship_statistics

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEED_PHRASES = (
    "近4成家庭的家庭成员下岗失业",
    "3成多家庭的家庭成员残疾或患有精神疾病",
    "逾4成家庭子女上学费用支出大",
    "近4成职工自身罹患重大疾病医疗费用支出大",
    "15%的家庭成员无劳动能力属“零劳动力家庭”",
    "近四分之一的困难职工家庭兼有两项或多项上述致困原因",
)


@pytest.fixture
def demo(roles: Any) -> DemoContext:
    context = DemoContext(password="Demo-Password-2020")
    accounts_demo.seed(context)
    people_demo.seed(context)
    return context


def test_guangzhou_bulletin_prints_the_seed_phrases(demo: DemoContext, client: Any) -> None:
    officer = User.objects.get(username="gz_officer")
    stats = hardship_statistics(officer, OrgUnit.objects.get(code="4401"))
    bulletin = build_bulletin(stats)
    assert bulletin.title == "广州市总工会困难职工家庭统计简报"
    assert bulletin.cause_phrases == {"laid_off": "近4成", "disability_or_mental_illness": "3成多",
                                      "child_schooling": "逾4成", "major_illness": "近4成", "zero_labour": "15%",
                                      "multi": "近四分之一"}
    cause_paragraph = bulletin.paragraphs[1]
    for phrase in SEED_PHRASES:
        assert phrase in cause_paragraph
    client.force_login(officer)
    page = client.get("/reports/bulletin/?org=4401").content.decode()
    assert all(phrase in page for phrase in SEED_PHRASES)
    statistics = client.get("/reports/hardship/?org=4401").content.decode()
    assert f'data-testid="in-file">{stats.in_file}<' in statistics and stats.in_file == 400
